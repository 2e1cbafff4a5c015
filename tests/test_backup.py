"""`egovkpi backup`: a whole, checked copy of the live store while writers run, or nothing; and the documented
restore. Writers, the backup under a full disk and the restore run as real processes of the installed command."""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run
from tests.test_check import a_page_of_figures, damage, junk_pages

WRITERS = ["Hà Nội", "Phú Yên", "Đà Nẵng", "Cần Thơ"]
Row = tuple[object, ...]


def _egovkpi() -> str:
    found = shutil.which("egovkpi", path=str(Path(sys.executable).parent)) or shutil.which("egovkpi")
    if not found:
        pytest.fail("the egovkpi command is not installed next to this Python (pip install -e .)")
    return found


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "EGOVKPI_DB": str(db), "EGOVKPI_LANG": "en", "EGOVKPI_USER": "tester", "NO_COLOR": "1"}


def _rows(db: Path) -> set[Row]:
    """Every revision, read through the file's own connection (a WAL store's log included)."""
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        query = "SELECT scope, kpi, period, revision, value, recorded_at, recorded_by FROM figures"
        return set(conn.execute(query))


def _refused(result: object, *words: str, code: int = 2) -> None:
    exit_code, stdout, stderr = (getattr(result, name) for name in ("exit_code", "stdout", "stderr"))
    assert exit_code == code, (stdout, stderr)
    assert stdout == "" and len(stderr.splitlines()) == 1 and stderr.startswith("Error: "), stderr
    assert all(word in stderr for word in words), stderr
    assert "Traceback" not in stderr


@pytest.fixture
def db(sample: Run, isolated: Path) -> Path:
    return isolated / "figures.db"


@pytest.fixture
def backups(isolated: Path) -> Path:
    """A folder of its own: what a backup leaves there can be listed whole."""
    folder = isolated / "backups"
    folder.mkdir()
    return folder


def test_a_backup_is_the_store_checked(sample: Run, db: Path, backups: Path) -> None:
    target = backups / "figures-2025-01-01.db"
    result = sample("backup", str(target))
    assert result.exit_code == 0, result.output
    rows = _rows(db)
    figures = len({row[:3] for row in rows})
    assert result.stdout == (
        f"Backed up {db} to {target}: {figures} figures, {len(rows)} revisions; integrity check ok\n"
    )
    assert _rows(target) == rows
    assert os.listdir(backups) == [target.name]  # a single file: no temporary file, no -wal
    assert sample("check", "--db", str(target)).exit_code == 0


def test_an_existing_file_is_not_overwritten(sample: Run, db: Path, backups: Path) -> None:
    target = backups / "kept.db"
    target.write_bytes(b"last week's backup")
    _refused(sample("backup", str(target)), "already exists", "--force")
    assert target.read_bytes() == b"last week's backup"
    assert os.listdir(backups) == ["kept.db"]


def test_force_overwrites(sample: Run, db: Path, backups: Path) -> None:
    target = backups / "kept.db"
    target.write_bytes(b"last week's backup")
    assert sample("backup", str(target), "--force").exit_code == 0
    assert _rows(target) == _rows(db)
    assert os.listdir(backups) == ["kept.db"]


@pytest.mark.parametrize("name", ["the same path", "a hard link", "a symbolic link", "its -wal file"])
def test_the_store_itself_is_refused_even_with_force(
    sample: Run, db: Path, backups: Path, isolated: Path, name: str
) -> None:
    target = {
        "the same path": isolated / "." / "figures.db",
        "a hard link": backups / "link.db",
        "a symbolic link": backups / "symlink.db",
        "its -wal file": isolated / "figures.db-wal",
    }[name]
    if name == "a hard link":
        os.link(db, target)
    if name == "a symbolic link":
        target.symlink_to(db)
    before = db.read_bytes()
    _refused(sample("backup", str(target), "--force"), "is the store itself")
    assert db.read_bytes() == before
    assert sample("check").exit_code == 0


def test_a_missing_folder_is_refused(sample: Run, db: Path, isolated: Path) -> None:
    _refused(sample("backup", str(isolated / "nowhere" / "b.db")), "the folder", "does not exist")
    assert not (isolated / "nowhere").exists()


def test_a_missing_store_is_refused(run: Run, isolated: Path, backups: Path) -> None:
    _refused(run("backup", str(backups / "b.db")), "there is no egovkpi store")
    assert os.listdir(backups) == []


def _limit_file_size() -> None:
    """In the child: no file may grow past 40 KiB, as on a disk that is full (Python ignores SIGXFSZ: EFBIG)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (40 * 1024, 40 * 1024))


@pytest.mark.parametrize("existing", [False, True])
def test_a_full_disk_leaves_nothing_behind(db: Path, backups: Path, existing: bool) -> None:
    damage(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    assert db.stat().st_size >= 80 * 1024  # twice the limit: the copy cannot fit
    target = backups / "b.db"
    if existing:
        target.write_bytes(b"last week's backup")
    command = [_egovkpi(), "backup", str(target), "--force"]
    done = subprocess.run(
        command, env=_env(db), capture_output=True, text=True, timeout=60, preexec_fn=_limit_file_size, check=False
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout == "" and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"Error: cannot back up to {target}: ") and "Traceback" not in done.stderr
    assert os.listdir(backups) == (["b.db"] if existing else [])  # no half backup, no temporary file
    if existing:
        assert target.read_bytes() == b"last week's backup"


def test_a_copy_that_fails_its_check_is_not_kept(sample: Run, db: Path, backups: Path) -> None:
    """The online backup copies pages as they are: a damaged store gives a damaged copy, which is refused."""
    damage(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    junk_pages(db, a_page_of_figures(db), 1)
    result = sample("backup", str(backups / "b.db"))
    _refused(result, "integrity check", code=1)
    assert os.listdir(backups) == []


@pytest.mark.slow
def test_the_documented_restore_gives_a_store_report_reads(backups: Path, isolated: Path) -> None:
    """Stop writers, copy the backup over the store, remove any -wal and -shm, run check: the store is as backed up.
    Every step a process of its own, as at a terminal: none of them holds the store open."""
    db = isolated / "figures.db"

    def egovkpi(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([_egovkpi(), *args], env=_env(db), cwd=isolated, capture_output=True, text=True,
                              timeout=60, check=False)  # fmt: skip

    assert egovkpi("import", str(ROOT / "data" / "figures.csv")).returncode == 0
    target = backups / "b.db"
    assert egovkpi("backup", str(target)).returncode == 0
    before = egovkpi("report", "-p", "Phú Yên", "-f", "json").stdout
    assert egovkpi("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "99").returncode == 0
    subprocess.run(["cp", str(target), str(db)], check=True)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    assert egovkpi("check").returncode == 0
    restored = egovkpi("report", "-p", "Phú Yên", "-f", "json")
    assert restored.returncode == 0 and restored.stdout == before
    assert egovkpi("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "99").returncode == 0


def _writer(db: Path, province: str, stop: Path) -> subprocess.Popen[str]:
    """`egovkpi add` in a loop, a new value each time, until `stop` exists."""
    script = (
        'i=0; while [ ! -e "$STOP" ]; do i=$((i+1)); '
        '"$EGOVKPI" add -p "$PROVINCE" -k online_dossiers --period "2019-0$((i % 9 + 1))" --value "$i" >/dev/null '
        "|| exit 1; done"
    )
    env = {**_env(db), "STOP": str(stop), "EGOVKPI": _egovkpi(), "PROVINCE": province}
    return subprocess.Popen(["sh", "-c", script], env=env, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_a_backup_while_writers_run_is_a_consistent_moment(
    sample: Run, db: Path, backups: Path, isolated: Path
) -> None:
    before = _rows(db)
    stop = isolated / "stop"
    writers = [_writer(db, province, stop) for province in WRITERS]
    target = backups / "b.db"
    try:
        deadline = time.monotonic() + 30
        while len(_rows(db)) == len(before) and time.monotonic() < deadline:
            time.sleep(0.02)
        done = subprocess.run([_egovkpi(), "backup", str(target)], env=_env(db), capture_output=True, text=True,
                              timeout=60, check=False)  # fmt: skip
    finally:
        stop.touch()  # each writer ends after the figure it is recording
        errors = [writer.communicate(timeout=60)[1] for writer in writers]
    assert done.returncode == 0, done.stderr
    assert [writer.returncode for writer in writers] == [0] * len(WRITERS) and errors == [""] * len(WRITERS)
    after, copied = _rows(db), _rows(target)
    assert len(before) < len(copied) <= len(after)
    assert before <= copied <= after  # every figure it has is in the live store: a moment of it, whole
    assert f"{len(copied)} revisions; integrity check ok" in done.stdout
    checked = sample("check", "--db", str(target))
    assert checked.exit_code == 0, checked.stdout  # revisions 1..n: no revision without those before it
    assert os.listdir(backups) == ["b.db"]
