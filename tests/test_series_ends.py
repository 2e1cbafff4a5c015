"""Each series' ends kept for reports (`series_ends`, migration m008) are always what its figures say: after
every kind of write (a figure, a correction with or without counts, a withdrawal, at an end or inside), through
`add`, `withdraw`, `import` and `merge`; a row inserted, changed or deleted by hand is noticed, and the next write
counts them again; and `check` names a series whose ends differ."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from egovkpi.periods import parse_period
from egovkpi.seriesends import trusted
from egovkpi.store import Store
from egovkpi.storefile import memory_store
from tests.helpers import ROOT, Run

Ends = dict[tuple[str, str, int], tuple[str, str, str | None]]
PERIODS = ["2019", "2019-H1", "2019-Q2", "2019-03", "2019-12", "2020-Q1", "2020-H2", "2020-06", "2021", "2021-01"]
_COLUMNS = "scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, withdrawn"
_STORED = (
    "scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, source, note, "
    "recorded_at, recorded_by, withdrawn, received"
)


def kept(conn: sqlite3.Connection) -> Ends:
    rows = conn.execute("SELECT scope, kpi, months, first, last, first_counted FROM series_ends")
    return {(scope, kpi, months): (first, last, counted) for scope, kpi, months, first, last, counted in rows}


def said_by_figures(conn: sqlite3.Connection) -> Ends:
    """Worked out in Python from every revision: of each period the highest revision, if not withdrawn."""
    current: dict[tuple[str, str, str], tuple[Any, ...]] = {}
    for row in conn.execute(f"SELECT {_COLUMNS} FROM figures ORDER BY revision"):
        current[row[:3]] = row
    ends: dict[tuple[str, str, int], list[Any]] = {}
    for (scope, kpi, period), row in sorted(current.items()):
        if row[9]:
            continue
        found = ends.setdefault((scope, kpi, row[4]), [period, period, None])
        found[0], found[1] = min(found[0], period), max(found[1], period)
        if row[8] is not None and (found[2] is None or period < found[2]):
            found[2] = period
    return {key: (first, last, counted) for key, (first, last, counted) in ends.items()}


def _row(store: Store, scope: str, kpi: str, period: str, counted: bool, withdrawn: bool) -> tuple[Any, ...]:
    """The next revision of a figure, as the store writes it (after the last)."""
    found = parse_period(period)
    revision = store.conn.execute(
        "SELECT COALESCE(MAX(revision), 0) + 1 FROM figures WHERE scope = ? AND kpi = ? AND period = ?",
        (scope, kpi, period),
    ).fetchone()[0]
    return (scope, kpi, period, found.end.isoformat(), found.months, revision, 50.0,
            *((1, 2) if counted else (None, None)), "", "", "2026-01-01T00:00:00+00:00", "test", int(withdrawn),
            "2026-01-01")  # fmt: skip


step = st.one_of(
    st.tuples(
        st.sampled_from(["insert", "insert", "insert", "by hand"]), st.sampled_from(["54", "66"]),
        st.sampled_from(["a", "b"]), st.sampled_from(PERIODS),
        st.booleans(), st.booleans(),
    ),
    st.tuples(st.just("update"), st.integers(0, 50), st.sampled_from(["withdrawn", "denominator", "period", "kpi"])),
    st.tuples(st.just("delete"), st.integers(0, 50)),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(step, min_size=1, max_size=40))
def test_the_ends_follow_every_write(steps: list[tuple[Any, ...]]) -> None:
    """Revisions written by the store (several in one transaction, too), and rows changed by hand: the ends are the
    figures' whenever they are trusted; a row inserted, changed or deleted by hand leaves them untrusted until the
    store next writes."""
    store = memory_store()
    conn = store.conn
    for kind, *args in steps:
        ids = [row[0] for row in conn.execute("SELECT id FROM figures ORDER BY id")]
        if kind == "insert":
            with store.transaction():
                store.insert_many([_row(store, *args)])
                if args[4]:  # and, in the same transaction, the next revision: the same figure again
                    scope, kpi, period = args[:3]
                    store.insert_many([_row(store, scope, kpi, period, False, False)])
        elif kind == "by hand":
            conn.execute(f"INSERT INTO figures ({_STORED}) VALUES ({','.join('?' * 15)})", _row(store, *args))
        elif kind == "update" and ids:
            row_id, column = ids[args[0] % len(ids)], args[1]
            change = {
                "withdrawn": "withdrawn = 1 - withdrawn",
                "denominator": "numerator = NULL, denominator = NULL",
                "period": "period = '2018', period_end = '2018-12-31', period_months = 12",
                "kpi": "kpi = 'c'",
            }[column]
            with suppress(sqlite3.IntegrityError):  # the key that UPDATE makes may be taken
                conn.execute(f"UPDATE figures SET {change} WHERE id = ?", (row_id,))
        elif kind == "delete" and ids:
            conn.execute("DELETE FROM figures WHERE id = ?", (ids[args[0] % len(ids)],))
        if kind == "by hand" or (kind == "delete" and ids):  # an UPDATE too, unless its new key was taken
            assert not trusted(conn)
        if trusted(conn):
            assert kept(conn) == said_by_figures(conn), (kind, args)
    with store.transaction():  # the store's next write counts the ends again if they were not trusted
        store.insert_many([_row(store, "54", "a", "2019", False, False)])
    assert trusted(conn) and kept(conn) == said_by_figures(conn)


def _store_agrees(db: Path) -> Ends:
    with closing(sqlite3.connect(db)) as conn:
        found = kept(conn)
        assert found == said_by_figures(conn)
    return found


def test_the_commands_keep_the_ends(run: Run, isolated: Path, tmp_path: Path) -> None:
    db = isolated / "figures.db"
    assert run("import", str(ROOT / "data" / "figures.csv")).exit_code == 0
    before = _store_agrees(db)
    assert before
    od = ("-p", "Phú Yên", "-k", "online_dossiers")
    for period, value in (("2017", "10"), ("2024-Q1", "40"), ("2018-H2", "12")):
        assert run("add", *od, "--period", period, "--value", value).exit_code == 0, period
    ends = _store_agrees(db)
    assert ends[("54", "online_dossiers", 12)][0] == "2017"
    assert ends[("54", "online_dossiers", 3)] == ("2024-Q1", "2024-Q1", None)
    assert run("withdraw", *od, "--period", "2017", "--reason", "nhập nhầm").exit_code == 0
    assert run("withdraw", *od, "--period", "2024-Q1", "--reason", "nhập nhầm").exit_code == 0
    ends = _store_agrees(db)
    assert ends.get(("54", "online_dossiers", 12), ("",))[0] != "2017" and ("54", "online_dossiers", 3) not in ends
    counted = ("-p", "Phú Yên", "-k", "dossiers_on_time", "--period", "2016-Q4")
    assert run("add", *counted, "--numerator", "1", "--denominator", "4").exit_code == 0
    assert _store_agrees(db)[("54", "dossiers_on_time", 3)][2] == "2016-Q4"
    assert run("add", *counted, "--value", "25").exit_code == 0  # corrected without its counts
    assert _store_agrees(db)[("54", "dossiers_on_time", 3)][2] != "2016-Q4"
    other = tmp_path / "other.db"
    assert run("add", *od, "--period", "2015", "--value", "9", "--db", str(other)).exit_code == 0
    assert run("merge", str(other)).exit_code in (0, 3)
    assert _store_agrees(db)[("54", "online_dossiers", 12)][0] == "2015"


def test_check_names_a_series_whose_ends_differ(run: Run, isolated: Path) -> None:
    assert run("import", str(ROOT / "data" / "figures.csv")).exit_code == 0
    assert run("check").exit_code == 0
    with closing(sqlite3.connect(isolated / "figures.db")) as conn:
        conn.execute("UPDATE series_ends SET first = '1999' WHERE scope = '54' AND kpi = 'dossiers_on_time'")
        conn.commit()
    result = run("check")
    assert result.exit_code == 1, result.output
    line = result.stdout.splitlines()[0]
    assert line.startswith(
        "[series_ends] Phú Yên (54) · dossiers_on_time: the ends kept for reports (12: 1999…2019)"
    ), line
    assert json.loads(run("check", "-f", "json").stdout)["problems"][0]["check"] == "series_ends"
