"""Helpers shared by the tests: the CLI runner, the repository root and a figure counter."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner, Result

from egovkpi.cli import app

ROOT = Path(__file__).resolve().parent.parent


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(app, list(args), input=input)

    def add(self, *extra: str, province: str = "Phú Yên", kpi: str = "online_dossiers", period: str = "2019") -> Result:
        """`egovkpi add` for one province, KPI and period, with the value options in `extra`."""
        return self("add", "--province", province, "--kpi", kpi, "--period", period, *extra)


def count_figures(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "figures" not in tables:
            return 0
        return int(conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0])
