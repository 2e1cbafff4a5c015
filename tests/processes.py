"""Helpers for the tests that run the installed `egovkpi` command as real processes: under load, killed, in a
hostile environment (tests/test_stress.py, tests/test_crash.py, tests/test_environment.py)."""

from __future__ import annotations

import csv
import ctypes
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

# Linux capabilities that let root ignore file modes; dropped so that a root child obeys 0o444 and 0o555.
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_LINUX_IMMUTABLE = 1, 2, 3, 9
PR_CAPBSET_DROP = 24

Row = Sequence[object]
HEADER = ("province", "kpi", "period", "value", "source", "note")


def seed() -> int:
    """EGOVKPI_TEST_SEED replays a run; otherwise a new seed, printed with every failure."""
    given = os.environ.get("EGOVKPI_TEST_SEED", "")
    return int(given) if given else random.SystemRandom().randrange(2**32)


def egovkpi() -> str:
    """The installed command, next to this Python."""
    found = shutil.which("egovkpi", path=str(Path(sys.executable).parent)) or shutil.which("egovkpi")
    if not found:
        pytest.fail("the egovkpi command is not installed next to this Python (pip install -e .)")
    return found


def environment(db: Path, **extra: str) -> dict[str, str]:
    """The environment of a command run on the store `db`, in English, without colour."""
    env = {**os.environ, "EGOVKPI_DB": str(db), "EGOVKPI_LANG": "en", "EGOVKPI_USER": "tester", "NO_COLOR": "1"}
    env.pop("EGOVKPI_BUSY_TIMEOUT", None)
    env.pop("EGOVKPI_DEBUG", None)
    return {**env, **extra}


def start(
    args: Sequence[str], env: dict[str, str], cwd: Path, preexec: Callable[[], None] | None = None
) -> subprocess.Popen[str]:
    """`egovkpi ARGS` started, its output captured."""
    return subprocess.Popen(
        [egovkpi(), *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
    )


def run(
    args: Sequence[str],
    env: dict[str, str],
    cwd: Path,
    preexec: Callable[[], None] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`egovkpi ARGS`, run to its end."""
    return subprocess.run(
        [egovkpi(), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], code: int, *said: str) -> str:
    """The command failed with exit `code` and exactly one line on stderr, 'Error: …', holding each of `said`
    (case-insensitive); no traceback. The line is returned."""
    shown = f"exit {done.returncode}, stdout {done.stdout!r}, stderr {done.stderr!r}"
    assert done.returncode == code, shown
    assert "Traceback" not in done.stderr, shown
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), shown
    for words in said:
        assert words.lower() in lines[0].lower(), f"{words!r} not said: {shown}"
    return lines[0]


def write_rows(path: Path, rows: Sequence[Row]) -> Path:
    """A CSV file that `egovkpi import` reads: province, kpi, period, value, source, note."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def monthly_rows(count: int, marker: str, value: float, first_year: int = 2010) -> list[Row]:
    """`count` figures of distinct (province, KPI, month), all of them with `value` and `marker` as their note."""
    provinces = ("Hà Nội", "Hải Phòng", "Cần Thơ", "Đà Nẵng", "Phú Yên", "Đắk Lắk", "Lào Cai", "Nghệ An")
    kpis = ("e_documents", "online_dossiers", "satisfaction", "online_services_used")
    months = [f"{year}-{month:02d}" for year in range(first_year, 2025) for month in range(1, 13)]
    cells = [(p, k, m) for p in provinces for k in kpis for m in months]
    assert count <= len(cells), f"at most {len(cells)} distinct figures"
    return [(p, k, m, value, "stress", marker) for p, k, m in cells[:count]]


def connect(db: Path) -> sqlite3.Connection:
    """A plain connection for the test's own looking (never the product's code)."""
    return sqlite3.connect(db, timeout=30, isolation_level=None)


def integrity(db: Path) -> str:
    """`PRAGMA integrity_check` of a store: 'ok' when whole."""
    conn = connect(db)
    try:
        return "; ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def count(db: Path, where: str = "1", *values: object) -> int:
    """Revisions of the store `db` that meet `where`."""
    conn = connect(db)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM figures WHERE {where}", values).fetchone()[0])
    finally:
        conn.close()


def by_marker(db: Path) -> dict[str, int]:
    """How many revisions each note holds: an import's rows share one note, its marker."""
    conn = connect(db)
    try:
        rows = conn.execute("SELECT note, COUNT(*) FROM figures GROUP BY note").fetchall()
    finally:
        conn.close()
    return {str(note): int(found) for note, found in rows}


def files_of(folder: Path) -> list[str]:
    """The names in a folder, sorted: what a failed command left behind."""
    return sorted(path.name for path in folder.iterdir())


def _drop(*capabilities: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in capabilities:
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def obey_file_modes() -> None:
    """In the child, before exec: a root child loses the capabilities that override file modes, so that it is
    refused a read-only folder or file as any user would be (an ordinary user has none to lose)."""
    if os.geteuid() == 0:
        _drop(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_LINUX_IMMUTABLE)


def can_obey_file_modes(folder: Path) -> bool:
    """Whether a child with `obey_file_modes` is really refused a 0o555 folder here (a root without the
    capability to drop them, or a file system that ignores modes, would make the test meaningless)."""
    probe = folder / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        done = subprocess.run(
            [sys.executable, "-c", f"open({str(probe / 'x')!r}, 'w')"],
            capture_output=True,
            preexec_fn=obey_file_modes,
            check=False,
        )
        return done.returncode != 0 and b"PermissionError" in done.stderr
    except OSError:
        return False
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe)


def file_size_limit(limit: int) -> Callable[[], None]:
    """In the child, before exec: no file may grow past `limit` bytes (Python ignores SIGXFSZ, so a write past
    it fails with EFBIG, as on a full disk)."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited
