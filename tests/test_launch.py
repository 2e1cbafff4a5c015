"""`egovkpi --help` is answered from the saved help without loading typer, and says exactly what the commands say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from egovkpi.cli.docs import saved_help
from egovkpi.launch import saved_help as answered

SAVED = Path(__file__).resolve().parent.parent / "egovkpi" / "help.json"
EGOVKPI = str(Path(sys.executable).with_name("egovkpi"))


def test_the_saved_help_is_what_the_commands_print() -> None:
    saved = json.loads(SAVED.read_text(encoding="utf-8"))
    assert saved == saved_help(), "egovkpi/help.json is stale: run `python -m egovkpi.cli.docs`"


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["add", "--help"], ["missing", "-h"]])
def test_help_is_answered_without_loading_the_commands(args: list[str]) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    probe = "import sys; from egovkpi.launch import main; sys.argv = ['egovkpi', *sys.argv[1:]]; main(); "
    probe += "print('typer' in sys.modules, file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, check=True)
    assert done.stderr.strip() == "False"
    key = args[0] if len(args) == 2 else ""
    assert done.stdout == json.loads(SAVED.read_text(encoding="utf-8"))[key]


def test_the_installed_command_prints_the_same_help_as_the_commands() -> None:
    env = {**os.environ, "COLUMNS": "80"}
    fast = subprocess.run([EGOVKPI, "report", "--help"], capture_output=True, text=True, env=env, check=True)
    probe = "import sys; sys.argv[0] = 'egovkpi'; from egovkpi.cli import main; main()"
    slow = subprocess.run([sys.executable, "-c", probe, "report", "--help"], capture_output=True, text=True, env=env)
    assert fast.stdout == slow.stdout


@pytest.mark.parametrize(
    "args", [[], ["add"], ["--version"], ["add", "--period", "--help"], ["--lang", "vi", "--help"], ["nope", "--help"]]
)
def test_anything_else_goes_to_the_commands(args: list[str]) -> None:
    assert answered(args) is None


def test_a_narrow_terminal_goes_to_the_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert answered(["--help"]) is None
    monkeypatch.setenv("COLUMNS", "120")
    assert answered(["--help"]) is not None


def test_each_command_is_in_the_module_the_launcher_loads_for_it() -> None:
    from typer.main import get_group

    from egovkpi.cli import ROOMS, app, make_app

    every = get_group(app).commands
    assert set(ROOMS) == set(every)
    for name, room in ROOMS.items():
        assert name in get_group(make_app([room])).commands, (name, room)


@pytest.mark.parametrize("args", [["report", "--period", "nope"], ["add", "--value"]])
def test_a_command_loads_its_own_module_only(args: list[str]) -> None:
    probe = "import sys; sys.argv = ['egovkpi', *sys.argv[1:]]\nfrom egovkpi.cli import main\ntry:\n    main()\n"
    probe += "finally:\n    print(sorted(m for m in sys.modules if m.startswith('egovkpi.cli.')), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    assert done.returncode == 2
    loaded = done.stderr.strip().splitlines()[-1]
    room = {"report": "reports", "add": "figures"}[args[0]]
    assert f"'egovkpi.cli.{room}'" in loaded and "'egovkpi.cli.merging'" not in loaded, loaded
    assert done.stderr.startswith("Error: "), done.stderr


@pytest.mark.parametrize("args", [["reprot"], ["--version"], []])
def test_no_command_a_typo_or_an_option_goes_to_every_command(args: list[str]) -> None:
    probe = "import sys; sys.argv[0] = 'egovkpi'; from egovkpi.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    if args == ["reprot"]:
        assert done.returncode == 2 and "No such command 'reprot'" in done.stderr and "report" in done.stderr
    elif args == ["--version"]:
        assert done.returncode == 0 and done.stdout.startswith("egovkpi ")
    else:
        assert done.returncode == 2 and "merge" in done.stderr and "report" in done.stderr
