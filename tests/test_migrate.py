"""The store migrates from a blank database and from every earlier schema, keeping what it held."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from egovkpi.migrations import migrations
from egovkpi.periods import parse_period
from egovkpi.records import NewFigure
from egovkpi.storefile import open_store

NAMES = [
    "m001_figures",
    "m002_summaries",
    "m003_withdrawn",
    "m004_browsing",
    "m005_hue_city",
    "m006_received",
    "m007_counted",
    "m008_series_ends",
]


def applied(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]


def test_the_list_of_migrations_is_known() -> None:
    assert [m.name for m in migrations.pending(Database(memory=True))] == NAMES


def test_from_a_blank_database(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    sqlite3.connect(path).close()
    store = open_store(path, writing=True)
    assert applied(path) == NAMES
    assert store.record([NewFigure("54", "online_dossiers", parse_period("2019"), 12.5)], "a")[0].revision == 1


@pytest.mark.parametrize("stop_before", NAMES[1:])
def test_from_every_earlier_schema(tmp_path: Path, stop_before: str) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before=stop_before)
    db.execute(
        "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, source, note, "
        "recorded_at, recorded_by) VALUES ('54', 'online_dossiers', '2019', '2019-12-31', 12, 1, 30.5, 's', '', "
        "'2020-01-01T00:00:00+00:00', 'old')"
    )
    if "received" in db.table("figures").columns_dict:  # as a version that knew the received day wrote it
        db.execute("UPDATE figures SET received = '2020-01-01'")
    db.conn.commit()
    db.close()
    assert stop_before not in applied(path)

    store = open_store(path, writing=True)
    assert applied(path) == NAMES
    [kept] = store.history("54", "online_dossiers")
    assert (kept.value, kept.recorded_by, kept.revision) == (30.5, "old", 1)
    assert kept.received == "2020-01-01"  # 07:00 in Việt Nam
    [done] = store.record([NewFigure("54", "online_dossiers", parse_period("2019"), 31.0)], "new")
    assert done.revision == 2 and done.previous == kept
    assert store.received_on() == {("54", "online_dossiers", "2019"): dt.date(2020, 1, 1)}
    store.record_summary("a@example.org", "subject", "<id@example.org>", "hash")
    assert store.last_summary("a@example.org") is not None
    views = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == {"current_figures", "figure_history"}
    for view in views:
        assert "received" in [row[1] for row in store.conn.execute(f"PRAGMA table_info({view})")]
    assert store.conn.execute("SELECT COUNT(*) FROM reminders").fetchone()[0] == 0


def test_hue_city_figures_written_under_the_old_key_move_to_the_city(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m005_hue_city")
    insert = (
        "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, source, note, "
        "recorded_at, recorded_by) VALUES (?, 'online_dossiers', ?, ?, ?, 1, ?, '', '', '2025-08-01T00:00:00+00:00', "
        "'old')"
    )
    for scope, period, end, months, value in (
        ("46", "2024", "2024-12-31", 12, 40.0),  # the province's: stays
        ("46", "2025-H1", "2025-06-30", 6, 60.0),  # the city's, under the old key: moves
        ("46", "2025-Q1", "2025-03-31", 3, 55.0),  # the city already has this one: left as is
        ("46@2025-01-01", "2025-Q1", "2025-03-31", 3, 56.0),
    ):
        db.execute(insert, [scope, period, end, months, value])
    db.conn.commit()
    db.close()
    store = open_store(path, writing=True)
    assert [f.period for f in store.history("46", "online_dossiers")] == ["2024", "2025-Q1"]
    assert sorted(f.period for f in store.history("46@2025-01-01", "online_dossiers")) == ["2025-H1", "2025-Q1"]


RECORDED = [  # recorded_at as stores hold it (history imports keep their own offsets) -> the day in Việt Nam
    ("2024-12-31T16:59:59.999999+00:00", "2024-12-31"),
    ("2024-12-31T17:00:00+00:00", "2025-01-01"),  # midnight in Hà Nội
    ("2025-01-01T23:30:00+07:00", "2025-01-01"),
    ("2025-01-01T10:00:00-05:00", "2025-01-01"),  # 22:00 in Hà Nội
    ("2025-01-01T20:00:00-05:00", "2025-01-02"),  # 08:00 the next day in Hà Nội
    ("2025-01-02T08:00:00+09:00", "2025-01-02"),
    ("2025-01-01T20:00:00Z", "2025-01-02"),
    ("2025-01-01T20:00:00", "2025-01-02"),  # no offset: UTC
    ("20250101T200000+0000", "2025-01-02"),  # the basic format Python reads
]


def test_received_days_are_filled_in_vietnam_time_whatever_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m006_received")
    insert = (
        "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, recorded_at, "
        "recorded_by, withdrawn) VALUES ('54', 'online_dossiers', '2024', '2024-12-31', 12, ?, 1.0, ?, 'old', 0)"
    )
    for revision, (recorded_at, _) in enumerate(RECORDED, start=1):
        db.execute(insert, [revision, recorded_at])
    db.conn.commit()
    db.close()
    store = open_store(path, writing=True)
    found = store.conn.execute("SELECT recorded_at, received FROM figures ORDER BY revision").fetchall()
    assert found == RECORDED
    assert store.received_on() == {("54", "online_dossiers", "2024"): dt.date(2024, 12, 31)}
    shown = store.conn.execute("SELECT received FROM current_figures").fetchall()
    assert shown == [("2025-01-02",)]
    index = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'reminders_unit'").fetchone()[0]
    assert "(unit, id)" in index.replace('"', "").replace("[", "").replace("]", "")


def test_the_migration_names_known_without_sqlite_utils_are_the_migrations() -> None:
    from sqlite_utils import Database

    from egovkpi.migrations import migrations
    from egovkpi.schema import MIGRATION_SET, MIGRATIONS

    assert migrations.name == MIGRATION_SET
    assert tuple(m.name for m in migrations.pending(Database(memory=True))) == MIGRATIONS
