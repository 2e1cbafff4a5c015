"""The store under real processes, through the installed command: concurrent creation, and a read-only store."""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, count_figures

WRITERS = 8
# Linux capabilities that let root ignore file modes; dropped so that a root reader obeys 0o444 and 0o555.
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def _egovkpi() -> str:
    found = shutil.which("egovkpi", path=str(Path(sys.executable).parent)) or shutil.which("egovkpi")
    if not found:
        pytest.fail("the egovkpi command is not installed next to this Python (pip install -e .)")
    return found


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "EGOVKPI_DB": str(db), "EGOVKPI_LANG": "en", "EGOVKPI_USER": "tester", "NO_COLOR": "1"}


@pytest.mark.parametrize("trial", [1, 2])
def test_writers_creating_a_store_at_once_all_succeed(tmp_path: Path, trial: int) -> None:
    db = tmp_path / f"trial{trial}.db"
    command = [_egovkpi(), "add", "-p", "Hà Nội", "-k", "e_documents", "--value", "50"]
    writers = [
        subprocess.Popen(
            [*command, "--period", f"2019-{month:02d}"],
            env=_env(db),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for month in range(1, WRITERS + 1)
    ]
    for writer in writers:
        stdout, stderr = writer.communicate(timeout=60)
        assert writer.returncode == 0 and "locked" not in stderr and stderr == "", stderr
        assert stdout.startswith("Stored Hà Nội · e_documents · 2019-"), stdout
    assert count_figures(db) == WRITERS


def _read_only_reader() -> None:
    """In the child, before exec: a root reader loses the capabilities that override file modes."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability for the read-only reader")


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder under /tmp (not pytest's 0700 tmp_path), removed afterwards whatever its mode."""
    folder = Path(tempfile.mkdtemp(prefix="egovkpi-ro-", dir="/tmp"))
    try:
        yield folder
    finally:
        folder.chmod(0o700)
        for path in folder.iterdir():
            path.chmod(0o600)
        shutil.rmtree(folder)


def test_a_store_the_reader_may_only_read_is_reported(shared_folder: Path) -> None:
    db = shared_folder / "figures.db"
    imported = subprocess.run(
        [_egovkpi(), "import", str(ROOT / "data" / "figures.csv")],
        env=_env(db),
        cwd=shared_folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert imported.returncode == 0, imported.stderr
    assert sorted(path.name for path in shared_folder.iterdir()) == ["figures.db"]  # no WAL left to read
    db.chmod(0o444)
    shared_folder.chmod(0o555)  # the reader can write neither the store nor beside it (no -wal, no -shm)
    before = db.read_bytes()
    report = subprocess.run(
        [_egovkpi(), "report", "-p", "Phú Yên"],
        env=_env(db),
        cwd=shared_folder,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_read_only_reader,
    )
    assert report.returncode == 0, report.stderr
    assert "Phú Yên" in report.stdout and "192,577" in report.stdout and report.stderr == ""
    assert db.read_bytes() == before
    assert stat.S_IMODE(db.stat().st_mode) == 0o444
    assert sorted(path.name for path in shared_folder.iterdir()) == ["figures.db"]
