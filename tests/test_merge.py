"""egovkpi merge: two provincial stores and a national one merged with nothing lost and every conflict listed."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from egovkpi.merging import Merged, Prefer, content, identity, merge, plan, read_other
from egovkpi.migrations import migrations
from egovkpi.periods import parse_period
from egovkpi.provinces import registry
from egovkpi.records import Figure, NewFigure
from egovkpi.storefile import open_store
from tests.helpers import Run, count_figures
from tests.test_vietnamese import english_words

PY, DL = "Phú Yên", "Đắk Lắk"
Identity = tuple[object, ...]


def identities(db: Path) -> set[Identity]:
    """Every revision of a store by what it is (unit, KPI, period, content and stamp), not by its number."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT scope, kpi, period, value, numerator, denominator, source, note, recorded_at, recorded_by, "
            "withdrawn FROM figures"
        ).fetchall()
    return {tuple(row) for row in rows}


def current(db: Path, scope: str, kpi: str, period: str) -> tuple[object, ...]:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT value, source, note, recorded_by, withdrawn FROM figures "
            "WHERE scope = ? AND kpi = ? AND period = ? ORDER BY revision DESC LIMIT 1",
            (scope, kpi, period),
        ).fetchone()
    return tuple(row)


def stamp(db: Path, scope: str, kpi: str, period: str) -> str:
    """When the current revision was recorded, as stored."""
    with sqlite3.connect(db) as conn:
        query = "SELECT recorded_at FROM figures WHERE scope = ? AND kpi = ? AND period = ? ORDER BY revision DESC"
        return str(conn.execute(query, (scope, kpi, period)).fetchone()[0])


def copy(source: Path, target: Path) -> None:
    """A store copied whole, what its write-ahead log holds included."""
    with sqlite3.connect(source) as conn, sqlite3.connect(target) as copied:
        conn.backup(copied)


def snapshot(db: Path) -> bytes:
    """A store's bytes: its file and its write-ahead log, once the connections the commands left are closed."""
    gc.collect()
    wal = Path(f"{db}-wal")
    return db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@dataclass
class Stores:
    py: Path  # Phú Yên's office
    dl: Path  # Đắk Lắk's office
    nat: Path  # the national office


def _do(run: Run, monkeypatch: pytest.MonkeyPatch, who: str, *args: str) -> None:
    monkeypatch.setenv("EGOVKPI_USER", who)
    result = run(*args)
    assert result.exit_code == 0, result.output


@pytest.fixture
def stores(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Stores:
    """Phú Yên's figures with revisions and a withdrawal, Đắk Lắk's, and a national store that had Phú Yên's first
    report and then went its own way: two conflicts (in Phú Yên ours is newer, in Đắk Lắk theirs is)."""
    found = Stores(isolated / "phu-yen.db", isolated / "dak-lak.db", isolated / "national.db")
    py, dl, nat = (f"--db={path}" for path in (found.py, found.dl, found.nat))
    od = ("-k", "online_dossiers")
    _do(run, monkeypatch, "py", "add", "-p", PY, *od, "--period", "2019", "--value", "10", "--source", "BC 1", py)
    copy(found.py, found.nat)
    _do(run, monkeypatch, "py", "add", "-p", PY, *od, "--period", "2019", "--value", "12", "--source", "BC 2", py)
    _do(run, monkeypatch, "nat", "add", "-p", PY, *od, "--period", "2019", "--value", "11", nat)
    on_time = ("-k", "dossiers_on_time", "--period", "2019-Q4", "--numerator", "167884", "--denominator", "192577")
    _do(run, monkeypatch, "py", "add", "-p", PY, *on_time, py)
    received = ("-k", "portal_dossiers_received", "--period", "2020")
    _do(run, monkeypatch, "py", "add", "-p", PY, *received, "--value", "1000", py)
    _do(run, monkeypatch, "py", "withdraw", "-p", PY, *received, "--reason", "nhập nhầm", py)
    _do(run, monkeypatch, "nat", "add", "-p", DL, "-k", "e_documents", "--period", "2019", "--value", "50", nat)
    _do(run, monkeypatch, "dl", "add", "-p", DL, "-k", "e_documents", "--period", "2019", "--value", "55", dl)
    _do(run, monkeypatch, "dl", "add", "-p", DL, *od, "--period", "2019", "--value", "30", dl)
    _do(run, monkeypatch, "dl", "add", "-p", DL, *od, "--period", "2019", "--value", "31", dl)
    _do(run, monkeypatch, "nat", "add", "-p", "national", *od, "--period", "2019", "--value", "45", nat)
    monkeypatch.setenv("EGOVKPI_USER", "merger")
    return found


def test_two_provinces_merge_into_the_national_store_with_nothing_lost(run: Run, stores: Stores) -> None:
    before = identities(stores.nat)
    first = run("merge", str(stores.py), "--db", str(stores.nat))
    assert first.exit_code == 3, first.output
    assert first.stdout.splitlines()[0] == (f"Merged {stores.py}: 2 new figure(s), 5 revision(s) added, 1 conflict(s)")
    second = run("merge", str(stores.dl), "--db", str(stores.nat))
    assert second.exit_code == 3, second.output
    assert second.stdout.splitlines()[0] == f"Merged {stores.dl}: 1 new figure(s), 4 revision(s) added, 1 conflict(s)"
    after = identities(stores.nat)
    assert before | identities(stores.py) | identities(stores.dl) <= after
    assert len(after) == len(before) + 5 + 4
    # the national store's figures stay current (ours), each re-recorded after theirs by whoever merged
    assert current(stores.nat, "54", "online_dossiers", "2019") == (11.0, "", "", "merger", 0)
    assert current(stores.nat, "66", "e_documents", "2019") == (50.0, "", "", "merger", 0)
    assert current(stores.nat, "54", "portal_dossiers_received", "2020") == (1000.0, "", "nhập nhầm", "py", 1)
    history = json.loads(
        run("history", "-p", PY, "-k", "online_dossiers", "--db", str(stores.nat), "-f", "json").stdout
    )
    assert [(row["value"], row["recorded_by"]) for row in history] == [
        (10.0, "py"),
        (12.0, "py"),
        (11.0, "nat"),
        (11.0, "merger"),
    ]
    assert [row["revision"] for row in history] == [1, 3, 2, 4]  # oldest first; theirs numbered after ours


def test_every_conflict_is_listed_with_both_figures_and_who_and_when(run: Run, stores: Stores) -> None:
    ours_at, theirs_at = (
        stamp(stores.nat, "54", "online_dossiers", "2019"),
        stamp(stores.py, "54", "online_dossiers", "2019"),
    )
    result = run("merge", str(stores.py), "--db", str(stores.nat), "--format", "json")
    assert result.exit_code == 3
    assert result.stderr == f"Merged {stores.py}: 2 new figure(s), 5 revision(s) added, 1 conflict(s)\n"
    assert json.loads(result.stdout) == [
        {
            "province": PY,
            "kpi": "online_dossiers",
            "period": "2019",
            "ours": 11.0,
            "theirs": 12.0,
            "ours_by": "nat",
            "ours_at": ours_at,
            "theirs_by": "py",
            "theirs_at": theirs_at,
            "current": "ours",
            "ours_numerator": None,
            "ours_denominator": None,
            "ours_withdrawn": False,
            "theirs_numerator": None,
            "theirs_denominator": None,
            "theirs_withdrawn": False,
        }
    ]


def test_conflicts_as_a_table(run: Run, stores: Stores) -> None:
    result = run("merge", str(stores.dl), "--db", str(stores.nat))
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[1].strip() == f"Conflicts with {stores.dl}"
    heads, row = (re.split(r" {2,}", line.strip()) for line in (lines[2], lines[4]))
    assert heads == [
        "province", "KPI", "period", "ours", "theirs", "ours: by", "ours: at", "theirs: by", "theirs: at", "current"
    ]  # fmt: skip
    when = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d \(GMT\+7\)")
    assert row[:6] == [f"{DL} (until 2025-06-30)", "e_documents", "2019", "50", "55", "nat"]
    assert row[7] == "dl" and row[9] == "ours" and when.fullmatch(row[6]) and when.fullmatch(row[8])


def test_merging_again_changes_nothing(run: Run, stores: Stores) -> None:
    for source in (stores.py, stores.dl):
        assert run("merge", str(source), "--db", str(stores.nat)).exit_code == 3
    exported = run("export", "--with-history", "--format", "json", "--db", str(stores.nat)).stdout
    for source in (stores.py, stores.dl):
        again = run("merge", str(source), "--db", str(stores.nat), "--prefer", "theirs")
        assert again.exit_code == 0, again.output
        assert again.stdout == f"Merged {source}: 0 new figure(s), 0 revision(s) added, 0 conflict(s)\n"
    assert run("export", "--with-history", "--format", "json", "--db", str(stores.nat)).stdout == exported
    # and the provinces, merging the national store back, get its figures with nothing to decide
    back = run("merge", str(stores.nat), "--db", str(stores.py))
    assert back.exit_code == 0, back.output
    assert identities(stores.nat) <= identities(stores.py)
    assert current(stores.py, "54", "online_dossiers", "2019") == (11.0, "", "", "merger", 0)


def test_a_into_b_and_b_into_a_give_the_same_figures_without_conflict(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = isolated / "a.db", isolated / "b.db"
    od = ("-p", PY, "-k", "online_dossiers")
    _do(run, monkeypatch, "a", "add", *od, "--period", "2019", "--value", "10", f"--db={a}")
    copy(a, b)
    _do(run, monkeypatch, "a", "add", *od, "--period", "2019", "--value", "10", "--source", "BC 5", f"--db={a}")
    _do(run, monkeypatch, "b", "add", *od, "--period", "2019", "--value", "10", "--source", "BC 6", f"--db={b}")
    _do(run, monkeypatch, "a", "add", *od, "--period", "2020", "--value", "20", f"--db={a}")  # a extends b
    _do(run, monkeypatch, "b", "add", "-p", DL, "-k", "e_documents", "--period", "2019", "--value", "7", f"--db={b}")
    _do(
        run,
        monkeypatch,
        "b",
        "withdraw",
        "-p",
        DL,
        "-k",
        "e_documents",
        "--period",
        "2019",
        "--reason",
        "x",
        f"--db={b}",
    )
    ab, ba = isolated / "ab.db", isolated / "ba.db"
    copy(b, ab)
    copy(a, ba)
    assert run("merge", str(a), "--db", str(ab)).exit_code == 0
    assert run("merge", str(b), "--db", str(ba)).exit_code == 0
    exports = [run("export", "--db", str(db)).stdout for db in (ab, ba)]
    assert exports[0] == exports[1]
    assert "BC 6" in exports[0] and "BC 5" not in exports[0]  # the later wording of the same figure
    assert identities(ab) >= identities(a) | identities(b) and identities(ba) >= identities(a) | identities(b)


@pytest.mark.parametrize(
    ("prefer", "phu_yen", "dak_lak"),
    [
        ("ours", (11.0, "ours"), (50.0, "ours")),
        ("theirs", (12.0, "theirs"), (55.0, "theirs")),
        ("newest", (11.0, "ours"), (55.0, "theirs")),
    ],
)
def test_prefer_says_which_figure_stays_current(
    run: Run, stores: Stores, prefer: str, phu_yen: tuple[float, str], dak_lak: tuple[float, str]
) -> None:
    for source, scope, kpi, (value, side) in (
        (stores.py, "54", "online_dossiers", phu_yen),
        (stores.dl, "66", "e_documents", dak_lak),
    ):
        before = identities(stores.nat)
        result = run("merge", str(source), "--db", str(stores.nat), "--prefer", prefer, "-f", "csv")
        assert result.exit_code == 3
        [_header, row] = result.stdout.splitlines()
        assert row.split(",")[9] == side
        assert current(stores.nat, scope, kpi, "2019")[0] == value
        assert before | identities(source) <= identities(stores.nat)


def test_a_dry_run_writes_nothing(run: Run, stores: Stores, isolated: Path) -> None:
    kept = snapshot(stores.nat)
    result = run("merge", str(stores.py), "--db", str(stores.nat), "--dry-run")
    assert result.exit_code == 3
    assert result.stdout.splitlines()[0] == (
        f"Dry run of merging {stores.py}: 2 new figure(s), 5 revision(s) to add, 1 conflict(s); nothing was written"
    )
    assert snapshot(stores.nat) == kept
    missing = isolated / "new.db"
    fresh = run("merge", str(stores.py), "--db", str(missing), "--dry-run")
    assert fresh.exit_code == 0 and "3 new figure(s), 5 revision(s) to add, 0 conflict(s)" in fresh.stdout
    assert not missing.exists()


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('egovkpi', 'm999_tomorrow', '2030-01-01')"
        )


REFUSALS = [
    ("text.db", "is not an egovkpi store (not a SQLite database)"),
    ("other.db", "is not an egovkpi store (it holds the tables people)"),
    ("empty.db", "is not an egovkpi store (it is empty)"),
    ("newer.db", "was written by a newer egovkpi: its schema changes m999_tomorrow are unknown to this version"),
    ("national.db", "is this store itself"),
    ("link.db", "is this store itself"),
    ("missing.db", "missing.db: no such file"),
    ("folder", "is a folder, not an egovkpi store"),
]


@pytest.mark.parametrize(("name", "message"), REFUSALS, ids=[name for name, _ in REFUSALS])
def test_refusals_write_nothing(run: Run, stores: Stores, isolated: Path, name: str, message: str) -> None:
    other = isolated / name
    if name == "text.db":
        other.write_text("province,kpi\n", encoding="utf-8")
    elif name == "other.db":
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE people (name TEXT)")
    elif name == "empty.db":
        other.touch()
    elif name == "newer.db":
        copy(stores.py, other)
        _newer(other)
    elif name == "link.db":
        os.link(stores.nat, other)
    elif name == "folder":
        other.mkdir()
    theirs = snapshot(other) if other.is_file() else None
    ours = snapshot(stores.nat)
    result = run("merge", str(other), "--db", str(stores.nat))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and message in line, line
    assert snapshot(stores.nat) == ours
    if theirs is not None:
        assert snapshot(other) == theirs


def test_a_newer_store_is_refused_in_vietnamese_too(run: Run, stores: Stores, monkeypatch: pytest.MonkeyPatch) -> None:
    _newer(stores.py)
    monkeypatch.setenv("EGOVKPI_LANG", "vi")
    result = run("merge", str(stores.py), "--db", str(stores.nat))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Lỗi: {stores.py} do phiên bản egovkpi mới hơn ghi")
    assert "m999_tomorrow" in result.stderr


def test_the_other_store_is_never_written_not_even_an_older_one(run: Run, isolated: Path) -> None:
    old = isolated / "old.db"
    db = Database(old)
    migrations.apply(db, stop_before="m003_withdrawn")
    db.execute(
        "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, source, note, "
        "recorded_at, recorded_by) VALUES ('54', 'online_dossiers', '2019', '2019-12-31', 12, 1, 30.5, 's', '', "
        "'2020-01-01T00:00:00+00:00', 'old')"
    )
    db.conn.commit()
    db.close()
    kept = old.read_bytes()
    result = run("merge", str(old))
    assert result.exit_code == 0, result.output
    assert old.read_bytes() == kept and not Path(f"{old}-wal").exists()
    assert current(isolated / "figures.db", "54", "online_dossiers", "2019") == (30.5, "s", "", "old", 0)


def test_hue_figures_of_2025_go_to_the_city_and_an_unknown_unit_is_refused(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = isolated / "before-2025.db"
    for period in ("2024", "2025-Q1"):
        _do(
            run,
            monkeypatch,
            "hue",
            "add",
            "-p",
            "46",
            "-k",
            "e_documents",
            "--period",
            period,
            "--value",
            "9",
            f"--db={before}",
        )
    with sqlite3.connect(before) as conn:  # written before the registry knew Huế became a city on 1/1/2025
        conn.execute("UPDATE figures SET scope = '46' WHERE scope = '46@2025-01-01'")
        conn.execute(  # a code reused in July 2025 (15: Yên Bái, then Lào Cai) moves nothing
            "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, source, note, "
            "recorded_at, recorded_by) VALUES ('15', 'e_documents', '2025', '2025-12-31', 12, 1, 8, '', '', "
            "'2025-03-01T00:00:00+00:00', 'yb')"
        )
    assert run("merge", str(before)).exit_code == 0
    assert {row[:3] for row in identities(isolated / "figures.db")} == {
        ("46", "e_documents", "2024"),
        ("46@2025-01-01", "e_documents", "2025-Q1"),
        ("15", "e_documents", "2025"),
    }
    with sqlite3.connect(before) as conn:
        conn.execute("UPDATE figures SET scope = '99@2031-01-01'")
    ours = snapshot(isolated / "figures.db")
    refused = run("merge", str(before))
    assert refused.exit_code == 2
    assert "unit key '99@2031-01-01', which this version of egovkpi does not know" in refused.stderr
    assert snapshot(isolated / "figures.db") == ours


def test_no_english_reaches_a_vietnamese_reader(run: Run, stores: Stores, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_LANG", "vi")
    found = {}
    for args in (
        ("merge", str(stores.py), "--db", str(stores.nat), "--dry-run"),
        ("merge", str(stores.dl), "--db", str(stores.nat)),
        ("merge", str(stores.dl), "--db", str(stores.nat)),
        ("merge", str(stores.nat), "--db", str(stores.nat)),
        ("merge", "nowhere.db", "--db", str(stores.nat)),
    ):
        result = run(*args)
        words = english_words(result.output.replace(str(stores.nat.parent), ""))
        if words:
            found[" ".join(args)] = sorted(words)
    assert not found, found


def _egovkpi() -> str:
    found = shutil.which("egovkpi", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("the egovkpi command is not installed next to this Python (pip install -e .)")
    return found


def test_writers_running_during_a_merge_lose_nothing(run: Run, tmp_path: Path) -> None:
    """A loop of `egovkpi add` runs while 4,800 figures are merged into the same store: every figure is kept."""
    big, ours = tmp_path / "big.db", tmp_path / "ours.db"
    store = open_store(big, writing=True)
    units = [unit.key for unit in registry().as_of(dt.date(2020, 1, 1))[:20]]
    periods = [f"{year}-{month:02d}" for year in range(2010, 2020) for month in range(1, 13)]
    kpis = ("e_documents", "online_dossiers")
    store.record([NewFigure(u, k, parse_period(p), 1.0) for u in units for k in kpis for p in periods], "big")
    store.conn.close()
    env = {**os.environ, "EGOVKPI_DB": str(ours), "EGOVKPI_LANG": "en", "EGOVKPI_USER": "writer", "NO_COLOR": "1"}
    add = f"'{_egovkpi()}' add -p 'Hà Nội' -k satisfaction --value 80 --period"
    loop = " && ".join(f"{add} 2019-0{month}" for month in range(1, 4))
    writers = subprocess.Popen(["sh", "-c", loop], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while count_figures(ours) == 0 and time.monotonic() < deadline:  # the first writer is done, others follow
        time.sleep(0.02)
    merged = run("merge", str(big), "--db", str(ours))
    assert merged.exit_code == 0, merged.output
    _, stderr = writers.communicate(timeout=60)
    assert writers.returncode == 0 and stderr == b"", stderr
    assert count_figures(ours) == len(units) * len(kpis) * len(periods) + 3
    assert identities(big) <= identities(ours)


def test_a_merge_waits_for_a_writer_holding_the_store(stores: Stores) -> None:
    """A writer in the middle of its transaction: the merge queues on the busy timeout, then both are kept."""
    writer = open_store(stores.nat, writing=True)
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.record_one(NewFigure("01", "satisfaction", parse_period("2019"), 80.0), "writer")
    done: list[Merged] = []
    theirs = read_other(stores.py, registry())
    merging = threading.Thread(
        target=lambda: done.append(merge(open_store(stores.nat, writing=True), theirs, Prefer.ours, "merger"))
    )
    merging.start()
    time.sleep(0.3)
    assert merging.is_alive() and not done  # waiting for the lock
    writer.conn.execute("COMMIT")
    merging.join(timeout=30)
    assert [(found.new, found.revisions, len(found.conflicts)) for found in done] == [(2, 5, 1)]
    assert identities(stores.py) <= identities(stores.nat)
    assert current(stores.nat, "01", "satisfaction", "2019") == (80.0, "", "", "writer", 0)


# The pure merge of one figure's histories, under random histories that share a beginning and then diverge.
_NOW, _BY = "2030-01-01T00:00:00.000000+00:00", "merger"


def _revision(value: int, minute: int, by: str, withdrawn: bool) -> Figure:
    return Figure(
        "54", "online_dossiers", "2019", "2019-12-31", 12, 0, float(value), None, None, "", "",
        f"2020-01-01T00:{minute:02d}:00+00:00", by, withdrawn,
    )  # fmt: skip


def _numbered(figures: list[Figure]) -> list[Figure]:
    return [replace(figure, revision=number) for number, figure in enumerate(figures, start=1)]


revisions = st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=3)


@settings(max_examples=200, deadline=None)
@given(shared=revisions, mine=revisions, yours=revisions, prefer=st.sampled_from(list(Prefer)))
def test_plan_keeps_everything_and_a_second_merge_adds_nothing(
    shared: list[tuple[int, bool]], mine: list[tuple[int, bool]], yours: list[tuple[int, bool]], prefer: Prefer
) -> None:
    common = [_revision(value, minute, "both", gone) for minute, (value, gone) in enumerate(shared)]
    ours = _numbered(common + [_revision(v, 10 + minute, "us", gone) for minute, (v, gone) in enumerate(mine)])
    theirs = _numbered(common + [_revision(v, 20 + minute, "them", gone) for minute, (v, gone) in enumerate(yours)])
    done = plan(ours, theirs, prefer, _NOW, _BY)
    merged = ours + done.added
    assert [figure.revision for figure in merged] == list(range(1, len(merged) + 1))
    assert {identity(figure) for figure in theirs} <= {identity(figure) for figure in merged}
    assert plan(merged, theirs, prefer, _NOW, _BY).added == []
    if not ours or not theirs:
        return
    if done.conflict is not None:
        chosen = {Prefer.ours: ours[-1], Prefer.theirs: theirs[-1]}[done.conflict.current]
        assert content(merged[-1]) == content(chosen)
        if prefer is not Prefer.newest:
            assert done.conflict.current is prefer
    elif done.added:  # the other way round gives the same current figure
        back = plan(theirs, ours, prefer, _NOW, _BY)
        assert content((theirs + back.added)[-1]) == content(merged[-1])
