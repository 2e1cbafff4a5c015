"""Crashes: the installed command killed (SIGKILL) at random moments during a large import, a merge and a
withdrawal, and the power cut while imports write. Each time the store passes `PRAGMA integrity_check` and every
operation is all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import struct
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from egovkpi.periods import parse_period
from egovkpi.provinces import registry
from egovkpi.records import NewFigure
from egovkpi.storefile import open_store
from tests.processes import (
    by_marker,
    connect,
    count,
    egovkpi,
    environment,
    integrity,
    monthly_rows,
    run,
    seed,
    write_rows,
)

IMPORT_KILLS, MERGE_KILLS, WITHDRAW_KILLS = 10, 6, 6
IMPORT_ROWS = 1200  # a moderately large file: its import lasts a second or two
MERGED = 1500  # revisions of the store merged
OTHER_OFFICE = "other-office"
BASE_FIGURES = 300
WITHDRAWN = ("Hà Nội", "e_documents", "2019")  # the figure withdrawn, as the user names it
REASON = "nhập nhầm kỳ báo cáo"


@dataclasses.dataclass
class Kill:
    """One kill: how long after the start; whether it caught the command holding the store's write lock (in its
    transaction, or checkpointing as it closes); and whether the command had already finished."""

    at: float  # seconds after the start
    inside: bool
    finished: bool


def _stored_figures(count: int, value: float, by: str, units: slice, first_year: int) -> list[NewFigure]:
    """`count` distinct monthly figures of e_documents and online_dossiers, of the units in `units`."""
    keys = [unit.key for unit in registry().as_of(dt.date(2015, 1, 1))[units]]
    periods = [f"{year}-{month:02d}" for year in range(first_year, first_year + 10) for month in range(1, 13)]
    cells = [(k, kpi, p) for k in keys for kpi in ("e_documents", "online_dossiers") for p in periods]
    assert len(cells) >= count
    return [NewFigure(k, kpi, parse_period(p), value, source=by) for k, kpi, p in cells[:count]]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of BASE_FIGURES figures and Hà Nội's e_documents for 2019 (revised once), closed: one file."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    store = open_store(path, writing=True)
    store.record(_stored_figures(BASE_FIGURES, 40.0, "base", slice(30, 40), 2000), "base")
    hanoi = registry().match(WITHDRAWN[0]).key
    for value in (50.0, 55.0):
        store.record([NewFigure(hanoi, WITHDRAWN[1], parse_period(WITHDRAWN[2]), value)], "base")
    store.conn.close()
    assert not Path(f"{path}-wal").exists()
    return path


def write_lock_held(db: Path) -> bool:
    """Whether another connection holds the store's write lock now (asked without waiting)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return True
        raise
    finally:
        conn.close()


def measure(args: list[str], db: Path, cwd: Path) -> tuple[float, float, float]:
    """Run the command once to its end: how long it takes, and when (after its start) it first and last held the
    write lock, as seen by asking every few milliseconds (0, 0 if never seen)."""
    started = time.monotonic()
    process = subprocess.Popen([egovkpi(), *args], env=environment(db), cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    held: list[float] = []
    while process.poll() is None:
        if write_lock_held(db):
            held.append(time.monotonic() - started)
        time.sleep(0.005)
    took = time.monotonic() - started
    stdout, stderr = process.communicate()
    assert process.returncode in (0, 3), f"{args}: {stderr}{stdout}"
    return took, (held[0] if held else 0.0), (held[-1] if held else 0.0)


def plan(rng: random.Random, kills: int, took: float, first: float, last: float) -> list[tuple[bool, float]]:
    """When to kill, as (after the lock is seen, delay): half the kills at delays spread over the whole run
    (stratified, so that every part of it is hit), the other half once the command is seen holding the write lock,
    at delays spread over how long it held it when measured."""
    whole = kills - kills // 2
    spread = [(False, took * 1.05 * (k + rng.random()) / whole) for k in range(whole)]
    window = max(last - first, 0.01)
    locked = [(True, window * (k + rng.random()) / (kills // 2)) for k in range(kills // 2)]
    return spread + locked


def kill_at(args: list[str], db: Path, cwd: Path, after_lock: bool, delay: float) -> Kill:
    """Start the command on `db`; `delay` seconds after its start (or after it is first seen holding the write
    lock) freeze it, see whether it holds the write lock, and kill it with SIGKILL: no handler, no rollback, no
    closing of the database."""
    started = time.monotonic()
    process = subprocess.Popen([egovkpi(), *args], env=environment(db), cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    while after_lock and process.poll() is None and not write_lock_held(db):
        time.sleep(0.005)
    time.sleep(delay if after_lock else max(0.0, started + delay - time.monotonic()))
    finished = process.poll() is not None
    if not finished:
        os.kill(process.pid, signal.SIGSTOP)
    inside = not finished and write_lock_held(db)
    if not finished:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return Kill(time.monotonic() - started, inside, finished and process.returncode in (0, 3))


def _kills(
    rng: random.Random,
    kills: int,
    args: list[str],
    base: Path,
    folder: Path,
    outcome: Callable[[Path], str],
    said: str,
) -> list[tuple[Kill, str]]:
    """Measure the command once on a copy of `base`, then kill it `kills` times, each on a fresh copy, two at a
    time; each time the store's integrity is checked and `outcome` says which whole state it is in."""
    measured = folder / "measured.db"
    shutil.copyfile(base, measured)
    took, first, last = measure(args, measured, folder)
    assert outcome(measured) == "all", said
    planned = plan(rng, kills, took, first, last)
    copies = [folder / f"killed{number}.db" for number in range(kills)]
    for db in copies:
        shutil.copyfile(base, db)
    with ThreadPoolExecutor(max_workers=2) as pool:
        killed = list(pool.map(lambda db, when: kill_at(args, db, folder, *when), copies, planned))
    done = []
    for db, when, kill in zip(copies, planned, killed, strict=True):
        found = f"{said}, {db.name} {'after the lock' if when[0] else 'after the start'} + {when[1]:.3f} s ({kill})"
        assert integrity(db) == "ok", found
        state = outcome(db)
        assert state in ("none", "all"), f"{found}: {state}"
        if kill.finished:
            assert state == "all", found
        done.append((kill, state))
    shown = [(round(kill.at, 2), kill.inside, state) for kill, state in done]
    print(f"{said}: {took:.2f} s, lock held {first:.2f}-{last:.2f} s; kills {shown}")
    return done


@pytest.mark.slow
def test_a_large_import_killed_at_random_moments_stores_all_its_rows_or_none(base: Path, tmp_path: Path) -> None:
    rng = random.Random(chosen := seed())
    said = f"seed {chosen} (EGOVKPI_TEST_SEED={chosen} replays it)"
    source = write_rows(tmp_path / "large.csv", monthly_rows(IMPORT_ROWS, "killed-import", 65.0))

    def outcome(db: Path) -> str:
        found = count(db, "note = 'killed-import'")
        return {0: "none", IMPORT_ROWS: "all"}.get(found, f"{found} of {IMPORT_ROWS} rows")

    done = _kills(rng, IMPORT_KILLS, ["import", str(source)], base, tmp_path, outcome, said)
    assert any(kill.inside for kill, _ in done), f"{said}: no kill caught the import writing: {done}"
    assert any(state == "none" and not kill.finished for kill, state in done), said


@pytest.mark.slow
def test_a_merge_killed_at_random_moments_adds_every_revision_or_none(base: Path, tmp_path: Path) -> None:
    rng = random.Random(chosen := seed())
    said = f"seed {chosen} (EGOVKPI_TEST_SEED={chosen} replays it)"
    other = tmp_path / "other.db"
    store = open_store(other, writing=True)
    store.record(_stored_figures(MERGED, 70.0, OTHER_OFFICE, slice(0, 10), 2005), OTHER_OFFICE)
    store.conn.close()
    before = other.read_bytes()

    def outcome(db: Path) -> str:
        found = count(db, "recorded_by = ?", OTHER_OFFICE)
        return {0: "none", MERGED: "all"}.get(found, f"{found} of {MERGED} revisions")

    done = _kills(rng, MERGE_KILLS, ["merge", str(other)], base, tmp_path, outcome, said)
    assert any(kill.inside for kill, _ in done), f"{said}: no kill caught the merge writing: {done}"
    assert other.read_bytes() == before, said  # the other store is only read


@pytest.mark.slow
def test_a_withdrawal_killed_at_random_moments_is_done_or_not(base: Path, tmp_path: Path) -> None:
    rng = random.Random(chosen := seed())
    said = f"seed {chosen} (EGOVKPI_TEST_SEED={chosen} replays it)"
    province, kpi, period = WITHDRAWN
    scope = registry().match(province).key
    revisions = count(base, "1")

    def outcome(db: Path) -> str:
        conn = connect(db)
        try:
            latest = conn.execute(
                "SELECT revision, withdrawn, value, note FROM figures WHERE scope = ? AND kpi = ? AND period = ? "
                "ORDER BY revision DESC LIMIT 1",
                (scope, kpi, period),
            ).fetchone()
        finally:
            conn.close()
        stored = count(db, "1")
        if tuple(latest) == (2, 0, 55.0, "") and stored == revisions:
            return "none"  # still current
        if tuple(latest) == (3, 1, 55.0, REASON) and stored == revisions + 1:
            return "all"  # withdrawn, with its reason
        return f"half: {tuple(latest)}, {stored} revisions"

    args = ["withdraw", "-p", province, "-k", kpi, "--period", period, "--reason", REASON]
    _kills(rng, WITHDRAW_KILLS, args, base, tmp_path, outcome, said)


# The power cut: what the disk holds at one moment. The writer is frozen (SIGSTOP on its whole process group), so
# that the store file and its write-ahead log are copied as they are at one instant, whatever their order; then
# the copy of the log is cut at a random point after its last commit (the tail a commit has not yet synced may be
# lost, wholly or in part), and the copy is opened as a store would be after the power comes back.
CUTS_ROWS, CUTS_IMPORTS = 300, 6  # imports got 3x faster: enough of them that the power can be cut 3 times or more
_WAL_HEADER, _FRAME_HEADER = 32, 24


def synced_end(wal: bytes) -> int:
    """Where the write-ahead log's last commit frame ends (the header's end if none): what a commit synced."""
    if len(wal) < _WAL_HEADER:
        return len(wal)
    page_size = struct.unpack(">I", wal[8:12])[0]
    salt = wal[16:24]
    end, offset = _WAL_HEADER, _WAL_HEADER
    while offset + _FRAME_HEADER + page_size <= len(wal):
        committed = struct.unpack(">I", wal[offset + 4 : offset + 8])[0]
        if wal[offset + 8 : offset + 16] != salt:
            break  # frames of before the log was restarted
        offset += _FRAME_HEADER + page_size
        if committed:
            end = offset
    return end


def power_cut(group: int, db: Path, copy: Path, rng: random.Random) -> tuple[int, int]:
    """Copy the store and its log as they are at one instant, the log cut after its last commit; the copy's
    log length and how much of it was synced."""
    os.killpg(group, signal.SIGSTOP)
    try:
        main = db.read_bytes() if db.exists() else b""
        wal_path = Path(f"{db}-wal")
        wal = wal_path.read_bytes() if wal_path.exists() else b""
    finally:
        os.killpg(group, signal.SIGCONT)
    synced = synced_end(wal)
    kept = rng.randint(synced, len(wal)) if wal else 0
    copy.write_bytes(main)
    if kept:
        Path(f"{copy}-wal").write_bytes(wal[:kept])
    return kept, synced


@pytest.mark.slow
def test_a_power_cut_while_imports_write_leaves_whole_imports(base: Path, tmp_path: Path) -> None:
    rng = random.Random(chosen := seed())
    said = f"seed {chosen} (EGOVKPI_TEST_SEED={chosen} replays it)"
    db = tmp_path / "live.db"
    shutil.copyfile(base, db)
    files = [
        write_rows(tmp_path / f"cut{number}.csv", monthly_rows(CUTS_ROWS, f"cut-{number}", float(number + 1)))
        for number in range(CUTS_IMPORTS)
    ]
    script = "set -e\n" + "\n".join(f'"$EGOVKPI" import "{path}" >/dev/null' for path in files)
    writer = subprocess.Popen(["sh", "-c", script], env={**environment(db), "EGOVKPI": egovkpi()}, cwd=tmp_path,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    copies: list[tuple[Path, int, int]] = []
    try:
        while writer.poll() is None and len(copies) < 10:
            time.sleep(rng.uniform(0.05, 0.35))
            if writer.poll() is not None:
                break
            if rng.random() < 0.3:  # another program checkpoints now and then: the store file is written too
                conn = connect(db)
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                conn.close()
            copy = tmp_path / f"cut{len(copies)}.db"
            copies.append((copy, *power_cut(writer.pid, db, copy, rng)))
    finally:
        _, stderr = writer.communicate(timeout=120)
    assert writer.returncode == 0, f"{said}: {stderr}"
    assert len(copies) >= 3, f"{said}: the imports ended before the power could be cut"
    states = []
    for copy, kept, synced in copies:
        found = f"{said}, {copy.name} (log cut at {kept}, synced to {synced})"
        assert integrity(copy) == "ok", found
        markers = by_marker(copy)
        whole = [markers.get(f"cut-{number}", 0) for number in range(CUTS_IMPORTS)]
        done = sum(found == CUTS_ROWS for found in whole)
        assert whole == [CUTS_ROWS] * done + [0] * (CUTS_IMPORTS - done), f"{found}: {whole}"
        assert count(copy, "source = 'base'") == count(base, "1") - 2, found  # nothing before the cut is lost
        states.append(done)
    print(f"{said}: imports whole in each copy: {states}")
    for copy, _, _ in rng.sample(copies, 2):  # opened by egovkpi itself, as the office would after the cut
        checked = run(["check"], environment(copy), tmp_path)
        assert checked.returncode == 0, f"{said}, {copy.name}: {checked.stdout}{checked.stderr}"
