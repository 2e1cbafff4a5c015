from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run


def test_unknown_command_is_one_line(run: Run) -> None:
    result = run("repot")
    assert result.exit_code == 2 and result.output.startswith("Error: No such command 'repot'")


def _installed() -> str:
    found = shutil.which("egovkpi", path=str(Path(sys.executable).parent)) or shutil.which("egovkpi")
    if not found:
        pytest.fail("the egovkpi command is not installed next to this Python (pip install -e .)")
    return found


def _run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_installed(), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_installed_command_end_to_end(tmp_path: Path) -> None:
    env = {**os.environ, "EGOVKPI_DB": str(tmp_path / "e2e.db"), "EGOVKPI_LANG": "vi"}
    imported = _run("import", str(ROOT / "data" / "figures.csv"), env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    report = _run("report", "--province", "Phú Yên", env=env, cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert "Phú Yên" in report.stdout and "192.577" in report.stdout
    bad = _run(
        "add",
        "--province",
        "national",
        "--kpi",
        "e_documents",
        "--period",
        "2019-13",
        "--value",
        "1",
        env=env,
        cwd=tmp_path,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.startswith("Lỗi:")  # EGOVKPI_LANG=vi
    assert bad.stdout == ""


def test_installed_command_uses_the_packaged_targets_outside_the_repo(tmp_path: Path) -> None:
    env = {**os.environ, "EGOVKPI_DB": str(tmp_path / "e2e.db")}
    env.pop("EGOVKPI_TARGETS", None)
    result = _run("targets", "--check", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "targets.yaml: valid" in result.stdout


def test_help_does_not_load_sqlite_utils_or_rich_tables() -> None:
    code = (
        "import sys; from egovkpi.cli import app; "
        "print(sorted(m for m in ('sqlite_utils', 'rich.table', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
