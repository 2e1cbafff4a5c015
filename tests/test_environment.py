"""When the environment fails: a store folder missing or read-only, a disk that fills up, a store locked by
another program beyond the busy timeout, an output file that cannot be written. Each time the installed command
says so in one line naming the cause, exits 1 (2 where a path the user gave is at fault), and leaves nothing
half-written."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.processes import (
    assert_one_line_error,
    by_marker,
    can_obey_file_modes,
    count,
    environment,
    file_size_limit,
    files_of,
    integrity,
    monthly_rows,
    obey_file_modes,
    run,
    write_rows,
)

SAMPLE = ROOT / "data" / "figures.csv"
ADD = ["add", "-p", "Hà Nội", "-k", "e_documents", "--period", "2019", "--value", "50", "--note", "late"]


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder under /tmp (not pytest's 0700 tmp_path, which a child without root's powers cannot enter), removed
    afterwards whatever its mode."""
    made = Path(tempfile.mkdtemp(prefix="egovkpi-env-", dir="/tmp"))
    made.chmod(0o755)
    try:
        yield made
    finally:
        for path in [made, *made.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(made)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample figures and 1,000 more, made once by the installed command, closed."""
    db = tmp_path_factory.mktemp("sample") / "figures.db"
    many = write_rows(db.parent / "many.csv", monthly_rows(1000, "many", 45.0))
    for source in (SAMPLE, many):
        done = run(["import", str(source)], environment(db), db.parent)
        assert done.returncode == 0, done.stderr
    assert files_of(db.parent) == ["figures.db", "many.csv"]
    return db


def _store(sample: Path, db: Path) -> Path:
    """A copy of the sample store at `db`."""
    shutil.copyfile(sample, db)
    return db


def _unchanged(db: Path, figures: int) -> None:
    assert integrity(db) == "ok"
    assert count(db) == figures


# A store folder that is missing


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (ADD, "the folder {folder} does not exist"),
        (["report"], "there is no egovkpi store at {folder}/figures.db"),
    ],
    ids=["add", "report"],
)
def test_a_missing_store_folder_is_named_and_not_made(folder: Path, command: list[str], said: str) -> None:
    missing = folder / "gone" / "away"
    done = run(command, environment(missing / "figures.db"), folder)
    assert_one_line_error(done, 2, said.format(folder=missing))
    assert files_of(folder) == []


# A store folder, or a store, that may only be read


@pytest.fixture
def read_only(folder: Path) -> Path:
    """A folder where a child of the test is refused writes, as any user but root is (a root child loses the
    capabilities that let it ignore file modes)."""
    if not can_obey_file_modes(folder):
        pytest.skip("a child process cannot be made to obey file modes here (no capability to drop, or no mode)")
    return folder


def test_a_store_in_a_read_only_folder_is_refused_untouched(sample: Path, read_only: Path) -> None:
    db = _store(sample, read_only / "figures.db")
    before, figures = db.read_bytes(), count(db)
    read_only.chmod(0o555)
    done = run(ADD, environment(db), read_only, preexec=obey_file_modes)
    assert_one_line_error(done, 2, f"cannot write the store {db}", f"the folder {read_only} cannot be written")
    read_only.chmod(0o755)
    assert files_of(read_only) == ["figures.db"] and db.read_bytes() == before
    _unchanged(db, figures)


def test_a_new_store_in_a_read_only_folder_is_refused_and_not_made(read_only: Path) -> None:
    read_only.chmod(0o555)
    db = read_only / "figures.db"
    done = run(ADD, environment(db), read_only, preexec=obey_file_modes)
    assert_one_line_error(done, 2, f"cannot write the store {db}", f"the folder {read_only} cannot be written")
    assert files_of(read_only) == []


def test_a_read_only_store_file_is_refused_untouched(sample: Path, read_only: Path) -> None:
    db = _store(sample, read_only / "figures.db")
    before, figures = db.read_bytes(), count(db)
    db.chmod(0o444)
    done = run(ADD, environment(db), read_only, preexec=obey_file_modes)
    assert_one_line_error(done, 2, f"cannot write the store {db}", "read-only")
    assert db.read_bytes() == before
    _unchanged(db, figures)


# A disk that fills up


def test_a_file_size_limit_reached_during_an_import_stores_nothing(sample: Path, folder: Path) -> None:
    """`ulimit -f`: no file may grow past a limit, so the import's log cannot be written whole (EFBIG)."""
    db = _store(sample, folder / "figures.db")
    figures = count(db)
    source = write_rows(folder / "large.csv", monthly_rows(1500, "too-large", 45.0))
    done = run(["import", str(source)], environment(db), folder, preexec=file_size_limit(96 * 1024))
    assert_one_line_error(done, 1, f"cannot write the store {db}", "ulimit -f", "nothing was written")
    assert "too-large" not in by_marker(db)
    _unchanged(db, figures)


def test_an_export_beyond_the_file_size_limit_leaves_no_file(sample: Path, folder: Path) -> None:
    db = _store(sample, folder / "figures.db")
    output = folder / "out" / "figures.csv"
    output.parent.mkdir()
    done = run(["export", "-o", str(output)], environment(db), folder, preexec=file_size_limit(48 * 1024))
    assert_one_line_error(done, 1, f"cannot write {output}", "file too large")
    assert files_of(output.parent) == []


@pytest.fixture
def small_disk(folder: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs mounted for the test (root only; skipped where mounting is not allowed)."""
    mount = folder / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> None:
    """Fill the disk but `leave` bytes."""
    free = shutil.disk_usage(disk).free
    with open(disk / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def test_a_disk_that_fills_up_during_an_import_stores_nothing(sample: Path, small_disk: Path, folder: Path) -> None:
    db = _store(sample, small_disk / "figures.db")
    figures = count(db)
    _fill(small_disk, 96 * 1024)
    source = write_rows(folder / "large.csv", monthly_rows(1500, "too-large", 45.0))
    done = run(["import", str(source)], environment(db), folder)
    assert_one_line_error(done, 1, f"cannot write the store {db}", "the disk is full", "nothing was written")
    assert "too-large" not in by_marker(db)
    _unchanged(db, figures)


def test_a_new_store_on_a_full_disk_is_not_left_behind(small_disk: Path, folder: Path) -> None:
    _fill(small_disk, 0)
    before = files_of(small_disk)
    db = small_disk / "figures.db"
    done = run(ADD, environment(db), folder)
    assert_one_line_error(done, 1, str(db), "the disk is full")
    assert files_of(small_disk) == before


def test_a_report_to_a_full_disk_leaves_no_file(sample: Path, small_disk: Path, folder: Path) -> None:
    db = _store(sample, folder / "figures.db")
    _fill(small_disk, 0)
    output = small_disk / "report.html"
    done = run(["report", "-o", str(output)], environment(db), folder)
    assert_one_line_error(done, 1, f"cannot write {output}", "no space left on device")
    assert files_of(small_disk) == ["filler"]


# A store locked by another program beyond the busy timeout


@contextmanager
def holding(db: Path, readers_too: bool) -> Iterator[None]:
    """Another program holds the store with a write pending: writers are locked out (BEGIN EXCLUSIVE), or readers
    too (its locking mode exclusive)."""
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        if readers_too:
            holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE figures SET note = note WHERE rowid = 1")
        yield
    finally:
        holder.close()  # its write rolled back


@pytest.mark.parametrize(
    ("readers_too", "command"),
    [
        (False, ADD),
        (False, ["import", str(SAMPLE), "--on-duplicate", "keep"]),
        (True, ["report"]),
    ],
    ids=["add", "import", "report, readers locked out too"],
)
def test_a_store_locked_beyond_the_busy_timeout_is_said_to_be_busy(
    sample: Path, folder: Path, readers_too: bool, command: list[str]
) -> None:
    db = _store(sample, folder / "figures.db")
    figures = count(db)
    with holding(db, readers_too):
        started = time.monotonic()
        done = run(command, environment(db, EGOVKPI_BUSY_TIMEOUT="1"), folder, timeout=25)
        took = time.monotonic() - started
    assert_one_line_error(done, 1, f"the store {db} is locked by another program", "try again")
    assert took < 15, f"{took:.1f} s: EGOVKPI_BUSY_TIMEOUT=1 was not obeyed"
    assert done.stdout == ""
    _unchanged(db, figures)


@pytest.mark.parametrize("value", ["soon", "-1"])
def test_a_busy_timeout_that_is_not_a_number_of_seconds_is_refused(folder: Path, value: str) -> None:
    done = run(ADD, environment(folder / "figures.db", EGOVKPI_BUSY_TIMEOUT=value), folder)
    assert_one_line_error(done, 2, f"EGOVKPI_BUSY_TIMEOUT='{value}'")
    assert files_of(folder) == []


# An output file that cannot be written


@pytest.mark.parametrize(
    "command",
    [["export", "-o", "{output}.csv"], ["report", "-o", "{output}.html"]],
    ids=["export", "report"],
)
@pytest.mark.parametrize("where", ["missing folder", "read-only folder"])
def test_an_output_file_that_cannot_be_written_is_refused(
    sample: Path, folder: Path, command: list[str], where: str
) -> None:
    db = _store(sample, folder / "figures.db")
    out = folder / "out"
    preexec = None
    if where == "read-only folder":
        if not can_obey_file_modes(folder):
            pytest.skip("a child process cannot be made to obey file modes here")
        out.mkdir(mode=0o555)
        out.chmod(0o555)
        preexec = obey_file_modes
    output = command[-1].format(output=out / "figures")
    done = run([*command[:-1], output], environment(db), folder, preexec=preexec)
    cause = "does not exist" if where == "missing folder" else "permission denied"
    line = assert_one_line_error(done, 2, cause)
    assert str(out) in line
    assert not Path(output).exists() and (where == "missing folder") != out.exists()
    if out.exists():
        assert files_of(out) == []
