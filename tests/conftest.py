from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test touches the user's real store, targets or locale."""
    monkeypatch.setenv("EGOVKPI_DB", str(tmp_path / "figures.db"))
    monkeypatch.delenv("EGOVKPI_TARGETS", raising=False)
    monkeypatch.setenv("EGOVKPI_LANG", "en")
    monkeypatch.setenv("EGOVKPI_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # never the developer's smtp.ini
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture
def sample(run: Run) -> Run:
    result = run("import", str(ROOT / "data" / "figures.csv"))
    assert result.exit_code == 0, result.output
    return run
