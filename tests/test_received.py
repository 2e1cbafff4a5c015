"""The day a report was received (issue 14): given to `add` and in files, the day recorded in Việt Nam when not,
checked, exported and imported back exactly, and the first received day of each current figure for timeliness."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlite_utils import Database
from typer.testing import Result

from egovkpi.errors import InputError
from egovkpi.migrations import migrations
from egovkpi.periods import parse_period
from egovkpi.records import NewFigure, Stamp
from egovkpi.storefile import memory_store, open_store
from tests.helpers import Run, count_figures
from tests.test_vietnamese import english_words

VIETNAM = dt.timezone(dt.timedelta(hours=7))
KEY = ("54", "online_dossiers", "2024")


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _refused(result: Result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith(("Error: ", "Lỗi: "))]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    return result.stderr


def _history(run: Run, *args: str, kpi: str = "online_dossiers") -> list[dict[str, Any]]:
    rows = json.loads(_ok(run("history", "-p", "Phú Yên", "-k", kpi, "-f", "json", *args)).stdout)
    assert isinstance(rows, list)
    return rows


def _vietnam_today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


@pytest.mark.parametrize("typed", ["2025-01-05", "05/01/2025", "5/1/2025", " 05.01.2025 "])
def test_add_with_received_shows_it_in_history(run: Run, typed: str) -> None:
    _ok(run.add("--value", "40", "--received", typed, period="2024"))
    [row] = _history(run)
    assert row["received"] == "2025-01-05"
    csv = _ok(run("history", "-p", "Phú Yên", "-k", "online_dossiers", "-f", "csv")).stdout
    assert csv.splitlines()[0].split(",")[:9] == [
        "province", "period", "revision", "value", "numerator", "denominator", "source", "note", "received"
    ]  # fmt: skip
    assert ",2025-01-05," in csv


def test_the_default_is_the_day_recorded_in_vietnam(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _vietnam_today()
    _ok(run.add("--value", "40", period="2024"))
    after = _vietnam_today()
    assert _history(run)[0]["received"] in {before.isoformat(), after.isoformat()}
    evening = dt.datetime(2025, 3, 10, 20, 0, tzinfo=dt.timezone.utc)  # 03:00 on 11 March in Hà Nội
    monkeypatch.setattr("egovkpi.store._now", lambda: evening)
    _ok(run.add("--value", "41", period="2024"))
    [late] = [row for row in _history(run) if row["value"] == 41]
    assert (late["received"], late["recorded_at"][:10]) == ("2025-03-11", "2025-03-10")


def test_a_repeat_with_another_received_day_is_unchanged(run: Run) -> None:
    _ok(run.add("--value", "40", "--received", "2025-01-05", period="2024"))
    again = _ok(run.add("--value", "40", "--received", "2025-01-20", period="2024"))
    assert "Unchanged" in again.output
    assert [row["received"] for row in _history(run)] == ["2025-01-05"]


def test_received_days_that_cannot_be_are_refused(run: Run, isolated: Path) -> None:
    future = _vietnam_today() + dt.timedelta(days=2)
    _refused(run.add("--value", "1", "--received", future.isoformat()), "is in the future", "give a day from")
    _refused(run.add("--value", "1", "--received", "31/12/2018", period="2019"), "before 2019 began", "2019-01-01")
    _refused(run.add("--value", "1", "--received", "31/02/2025"), "--received '31/02/2025' is not a date", "dd/mm")
    _refused(run.add("--value", "1", "--received", "2025-1-5"), "is not a date")
    assert count_figures(isolated / "figures.db") == 0


def test_refusals_in_vietnamese_are_vietnamese(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_LANG", "vi")
    future = (_vietnam_today() + dt.timedelta(days=2)).isoformat()
    for typed, said in ((future, "tương lai"), ("31/12/2018", "sớm hơn"), ("hôm qua", "không phải là ngày")):
        stderr = _refused(run.add("--value", "1", "--received", typed, period="2019"), said)
        assert not english_words(stderr), stderr


def test_import_a_vietnamese_csv_with_a_received_column(run: Run, isolated: Path) -> None:
    path = isolated / "so-lieu.csv"
    path.write_text(
        "\ufeffTỉnh;Chỉ tiêu;Kỳ;Giá trị;NGAY NHAN\r\n"
        "Phú Yên;online_dossiers;2024;40,5;10/01/2025\r\n"
        "Phú Yên;online_dossiers;2023;30;\r\n",  # empty: the day recorded
        encoding="utf-8",
    )
    _ok(run("import", str(path)))
    days = {row["period"]: row["received"] for row in _history(run)}
    assert days["2024"] == "2025-01-10"
    assert days["2023"] in {_vietnam_today().isoformat(), (_vietnam_today() - dt.timedelta(days=1)).isoformat()}
    again = _ok(run("import", str(path)))
    assert "0 new, 0 revised, 2 unchanged" in again.output


def test_import_refuses_bad_received_cells_naming_the_row(run: Run, isolated: Path) -> None:
    path = isolated / "in.json"
    rows = [
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2024", "value": 1, "received": "2023-12-31"},
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2023", "value": 1, "received": 45839},
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2022", "value": 1, "ngày nhận": "2022-13-01"},
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2021", "value": 1, "received": "2022-01-01"},
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2021", "value": 1, "received": "2022-02-01"},
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 2, result.output
    assert "item 1: received 2023-12-31 is before 2024 began" in result.output
    assert "item 2: the received cell holds the number 45839, not a date" in result.output
    assert "item 3: received day '2022-13-01' is not a date" in result.output
    assert "item 5: online_dossiers for 2021 is also at item 4 with another received day" in result.output
    assert "4 bad row(s); nothing was imported" in result.output
    assert count_figures(isolated / "figures.db") == 0


def test_import_an_excel_date_cell_or_text(run: Run, isolated: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tỉnh", "Chỉ tiêu", "Kỳ", "Giá trị", "Ngày nhận"])
    sheet.append(["Phú Yên", "online_dossiers", "2024", 40, dt.datetime(2025, 1, 10)])
    sheet.append(["Phú Yên", "online_dossiers", "2023", 30, "15/01/2024"])
    sheet["E2"].number_format = "dd/mm/yyyy"
    book.save(isolated / "f.xlsx")
    _ok(run("import", "f.xlsx"))
    assert {row["period"]: row["received"] for row in _history(run)} == {"2024": "2025-01-10", "2023": "2024-01-15"}


ROUND_TRIPS = [
    ("csv",),
    ("csv", "--lang", "vi"),
    ("json",),
    ("csv", "--with-history"),
    ("json", "--with-history", "--lang", "vi"),
]


@pytest.mark.parametrize("options", ROUND_TRIPS, ids=[" ".join(o) for o in ROUND_TRIPS])
def test_export_import_export_keeps_the_received_days(run: Run, isolated: Path, options: tuple[str, ...]) -> None:
    _ok(run.add("--value", "40", "--received", "10/01/2025", period="2024"))
    _ok(run.add("--value", "41", "--received", "2025-02-01", period="2024"))
    _ok(run.add("--value", "30", "--received", "2024-01-15", period="2023"))
    _ok(run("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2023", "--reason", "nhầm"))
    _ok(run.add("--value", "20", kpi="e_documents", period="2024"))
    first = _ok(run("export", "-f", *options)).stdout_bytes
    vietnamese_csv = "vi" in options and "csv" in options  # a day as Excel on Vietnamese Windows writes it
    assert ("01/02/2025" if vietnamese_csv else "2025-02-01").encode() in first  # the current revision's
    if "--with-history" in options:
        assert ("10/01/2025" if vietnamese_csv else "2025-01-10").encode() in first
    (isolated / "out.file").write_bytes(first)
    _ok(run("import", "out.file", "--db", "other.db"))
    assert _ok(run("export", "-f", *options, "--db", "other.db")).stdout_bytes == first


def test_the_migration_fills_old_rows_with_the_day_recorded_in_vietnam(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m006_received")
    db.execute(
        "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, recorded_at, "
        "recorded_by) VALUES ('54', 'online_dossiers', '2024', '2024-12-31', 12, 1, 40, "
        "'2025-01-09T18:30:00+00:00', 'old')"
    )
    db.conn.commit()
    db.close()
    store = open_store(path, writing=True)
    assert [figure.received for figure in store.history("54", "online_dossiers")] == ["2025-01-10"]
    assert store.received_on() == {KEY: dt.date(2025, 1, 10)}


def _figure(value: float, received: dt.date | None) -> NewFigure:
    return NewFigure("54", "online_dossiers", parse_period("2024"), value, received=received)


def test_received_on_is_the_first_day_since_the_last_withdrawal() -> None:
    store = memory_store()
    other = NewFigure("54", "e_documents", parse_period("2024"), 50.0, received=dt.date(2025, 1, 2))
    store.record([_figure(40.0, dt.date(2025, 1, 10)), other], "a")
    store.record([_figure(41.0, dt.date(2025, 2, 1))], "a")  # a revision keeps the first received day
    assert store.received_on() == {KEY: dt.date(2025, 1, 10), ("54", "e_documents", "2024"): dt.date(2025, 1, 2)}
    assert store.received_on(kpis=["online_dossiers"]) == {KEY: dt.date(2025, 1, 10)}
    assert store.received_on(scopes=["01"]) == {}
    store.withdraw(*KEY, "nhầm", "a")
    assert KEY not in store.received_on()
    store.record([_figure(42.0, dt.date(2025, 3, 5))], "a")  # recorded again: the day it came back
    assert store.received_on()[KEY] == dt.date(2025, 3, 5)
    store.record([_figure(43.0, dt.date(2025, 1, 1))], "a")  # a correction naming an earlier day: still late
    assert store.received_on()[KEY] == dt.date(2025, 3, 5)


def test_received_on_is_one_query_on_the_index() -> None:
    store = memory_store()
    store.record([_figure(40.0, None)], "a")
    queries: list[str] = []
    store.conn.set_trace_callback(queries.append)
    assert list(store.received_on()) == [KEY]
    store.conn.set_trace_callback(None)
    [query] = queries
    plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {query}")]
    assert any("SEARCH w USING" in step and "INDEX figures_key" in step for step in plan), plan


def test_a_history_keeps_its_received_days_and_checks_them() -> None:
    store = memory_store()
    stamp = Stamp(1, "2025-01-09T18:30:00+00:00", "a", False)  # 01:30 on 10 January in Hà Nội
    with store.transaction():
        store.restore(_figure(40.0, None), stamp)
    assert [figure.received for figure in store.history(*KEY[:2])] == ["2025-01-10"]
    late = "is after the day it was recorded; give a day from 2024-01-01 to 2025-01-10"
    with pytest.raises(InputError, match=late), store.transaction():
        store.restore(_figure(41.0, dt.date(2025, 1, 11)), Stamp(2, stamp.recorded_at, "a", False))
    with store.transaction():  # the same revision with another received day: unchanged, the stored day stays
        assert store.restore(_figure(40.0, dt.date(2025, 1, 3)), stamp).outcome.value == "unchanged"
    assert [figure.received for figure in store.history(*KEY[:2])] == ["2025-01-10"]
