from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from egovkpi.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test touches the user's real store, targets or locale."""
    monkeypatch.setenv("EGOVKPI_DB", str(tmp_path / "figures.db"))
    monkeypatch.delenv("EGOVKPI_TARGETS", raising=False)
    monkeypatch.setenv("EGOVKPI_LANG", "en")
    monkeypatch.setenv("EGOVKPI_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, list(args), input=input)

    def add(self, *extra: str, province: str = "Phú Yên", kpi: str = "online_dossiers", period: str = "2019"):  # type: ignore[no-untyped-def]
        """`egovkpi add` for one province, KPI and period, with the value options in `extra`."""
        return self("add", "--province", province, "--kpi", kpi, "--period", period, *extra)


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture
def sample(run: Run) -> Run:
    result = run("import", str(ROOT / "data" / "figures.csv"))
    assert result.exit_code == 0, result.output
    return run


def count_figures(db: Path) -> int:
    import sqlite3

    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "figures" not in tables:
            return 0
        return int(conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0])
