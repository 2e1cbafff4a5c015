"""The README documents every command and option, and its command reference is what --help prints."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from egovkpi.cli.docs import group, help_text, reference

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = list(group().commands)


def test_every_command_is_listed() -> None:
    assert COMMANDS == [
        "add",
        "withdraw",
        "history",
        "import",
        "export",
        "merge",
        "report",
        "summary",
        "rank",
        "missing",
        "completeness",
        "remind",
        "backup",
        "check",
        "targets",
        "provinces",
    ]


def test_the_readme_reference_is_generated_from_the_help() -> None:
    assert reference() in README, "the command reference is stale: run `cog -r README.md`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_a_readme_section(name: str) -> None:
    command = group().commands[name]
    assert command.help and command.help.strip(), f"egovkpi {name} has no help text (its docstring)"
    assert f"### `egovkpi {name}`" in README, f"the README has no section on egovkpi {name}"
    assert help_text(name).startswith(f"Usage: egovkpi {name} ")


@pytest.mark.parametrize(
    ("name", "param"),
    [(name, param.name) for name in COMMANDS for param in group().commands[name].params if param.name != "help"],
)
def test_every_option_has_help(name: str, param: str) -> None:
    [found] = [p for p in group().commands[name].params if p.name == param]
    text = found.help if isinstance(found, typer.core.TyperOption | typer.core.TyperArgument) else None
    assert text and text.strip(), f"egovkpi {name}: {param} has no help text"
