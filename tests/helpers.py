"""Helpers shared by the tests: the CLI runner, the repository root and a figure counter."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner, Result

from egovkpi.cli import app
from egovkpi.provinces import registry
from egovkpi.targets import TargetsFile, load_targets

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


def shipped() -> TargetsFile:
    """The shipped targets.yaml, loaded and checked."""
    return load_targets(ROOT / "targets.yaml", registry())


def raw_kpis() -> dict[str, Any]:
    """The shipped targets.yaml's KPIs as plain YAML, to count independently of the loader."""
    with open(ROOT / "targets.yaml", encoding="utf-8") as handle:
        kpis = yaml.safe_load(handle)["kpis"]
    assert isinstance(kpis, dict)
    return kpis


HEADLESS = [  # headless Chromium that reaches for nothing on the network
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
