"""The store read as a file: the `units` table, the views that show names, and Datasette serving them."""

from __future__ import annotations

import json
import multiprocessing
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from typer.testing import Result

from egovkpi.browsing import UNIT_COLUMNS, sync_units, unit_rows
from egovkpi.migrations import migrations
from egovkpi.provinces import registry
from egovkpi.storefile import open_store
from tests.helpers import Run

EXPORTED = ["province", "code", "kpi", "period", "value", "numerator", "denominator", "source", "note"]
VIEWED = "province, province_code, kpi, period, value, numerator, denominator, source, note"


def _rows(db: Path, sql: str) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql)]


def _units(db: Path) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in _rows(db, "SELECT * FROM units")}


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def test_units_name_every_unit_key(isolated: Path) -> None:
    store = open_store(isolated / "figures.db", writing=True)
    store.conn.close()
    units = _units(isolated / "figures.db")
    assert len(units) == len(registry().units) + 1
    assert {unit.key for unit in registry().units} | {"national"} == set(units)
    assert units["national"]["name"] == "Toàn quốc" and units["national"]["code"] == "national"
    phu_yen = units["54"]
    assert (phu_yen["name"], phu_yen["full_name"], phu_yen["valid_from"], phu_yen["valid_to"]) == (
        "Phú Yên", "Tỉnh Phú Yên", None, "2025-06-30",
    )  # fmt: skip
    assert (phu_yen["merged_into"], phu_yen["merged_into_name"]) == ("66@2025-07-01", "Đắk Lắk")
    assert units["66@2025-07-01"]["valid_from"] == "2025-07-01" and units["66@2025-07-01"]["merged_into"] is None


def test_current_figures_is_what_export_writes(sample: Run, isolated: Path) -> None:
    _ok(sample.add("--value", "192578", province="Phú Yên", kpi="portal_dossiers_received", period="2019"))
    _ok(sample("withdraw", "-p", "Hà Nội", "-k", "services_at_level34", "--period", "2017-09", "--reason", "x"))
    exported = json.loads(_ok(sample("export", "-f", "json")))
    viewed = _rows(isolated / "figures.db", f"SELECT {VIEWED} FROM current_figures")
    assert len(viewed) == len(exported) == 77 - 1
    assert [list(row.values()) for row in viewed] == [[row[column] for column in EXPORTED] for row in exported]
    assert {"Phú Yên", "Hà Nội", "Toàn quốc"} <= {row["province"] for row in viewed}
    [revised] = [row for row in viewed if row["kpi"] == "portal_dossiers_received" and row["province"] == "Phú Yên"]
    assert revised["value"] == 192578


def test_figure_history_keeps_every_revision(sample: Run, isolated: Path) -> None:
    _ok(sample("withdraw", "-p", "Phú Yên", "-k", "dossiers_on_time", "--period", "2019", "--reason", "typo"))
    rows = _rows(
        isolated / "figures.db",
        "SELECT province, unit_key, revision, withdrawn, value, recorded_by FROM figure_history "
        "WHERE kpi = 'dossiers_on_time' AND unit_key = '54'",
    )
    assert [tuple(row.values()) for row in rows] == [
        ("Phú Yên", "54", 1, 0, 91.85, "tester"),
        ("Phú Yên", "54", 2, 1, 91.85, "tester"),
    ]
    assert len(_rows(isolated / "figures.db", "SELECT * FROM figure_history")) == 77 + 1
    [reason] = _rows(isolated / "figures.db", "SELECT note FROM figure_history WHERE withdrawn")
    assert reason == {"note": "typo"}


def test_units_follow_the_registry_on_write_open_only(isolated: Path) -> None:
    db = isolated / "figures.db"
    open_store(db, writing=True).conn.close()
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE units SET name = 'Phu Yen (old)' WHERE key = '54'")
        conn.execute("DELETE FROM units WHERE key = '01'")
        conn.commit()
    reader = open_store(db, writing=False)
    assert reader.conn.execute("SELECT name FROM units WHERE key = '54'").fetchone() == ("Phu Yen (old)",)
    reader.conn.close()
    writer = open_store(db, writing=True)
    assert _units(db)["54"]["name"] == "Phú Yên" and _units(db)["01"]["name"] == "Hà Nội"
    assert sync_units(writer.conn) is False  # already this version's: nothing written


def test_a_corrected_registry_rewrites_the_units(isolated: Path) -> None:
    conn = open_store(isolated / "figures.db", writing=True).conn
    corrected = [row if row[0] != "54" else (*row[:2], "Phú Yên mới", *row[3:]) for row in unit_rows(registry())]
    assert sync_units(conn, corrected) is True
    assert sync_units(conn, corrected) is False
    assert conn.execute("SELECT name FROM units WHERE key = '54'").fetchone() == ("Phú Yên mới",)
    assert [tuple(row) for row in conn.execute(f"SELECT {', '.join(UNIT_COLUMNS)} FROM units ORDER BY key")] == sorted(
        corrected
    )


def _open_and_add(path: str, worker: int) -> None:
    store = open_store(Path(path), writing=True)
    store.conn.execute("INSERT INTO summaries (sent_at, recipients, subject, message_id, fingerprint) "
                       "VALUES ('t', ?, 's', 'm', 'f')", (f"w{worker}",))  # fmt: skip


def test_writers_opening_a_stale_store_at_once(isolated: Path) -> None:
    db = isolated / "figures.db"
    open_store(db, writing=True).conn.close()
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE units SET name = 'stale'")
        conn.commit()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_open_and_add, args=(str(db), worker)) for worker in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    assert [tuple(row.values()) for row in _rows(db, "SELECT * FROM units ORDER BY key")] == unit_rows(registry())
    assert len(_rows(db, "SELECT * FROM summaries")) == 4


def test_an_older_store_read_gains_units_and_views(isolated: Path) -> None:
    db = isolated / "figures.db"
    old = Database(db)
    migrations.apply(old, stop_before="m004_browsing")
    old.execute(
        "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, recorded_at) "
        "VALUES ('54', 'dossiers_on_time', '2019', '2019-12-31', 12, 1, 91.85, '2020-01-01T00:00:00+00:00')"
    )
    old.conn.commit()
    old.close()
    store = open_store(db, writing=False)  # a read of an older schema migrates it first
    assert [figure.value for figure in store.current("54", "dossiers_on_time")] == [91.85]
    store.conn.close()
    assert _rows(db, "SELECT province, province_code, value FROM current_figures") == [
        {"province": "Phú Yên", "province_code": "54", "value": 91.85}
    ]


def _free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read().decode("utf-8"))


def test_datasette_serves_current_figures_with_names(sample: Run, isolated: Path) -> None:
    pytest.importorskip("datasette")
    db = isolated / "figures.db"
    with closing(sqlite3.connect(db)) as conn:  # the last connection out folds the WAL into the file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"datasette did not answer: {output}")
                time.sleep(0.1)
        served = _get(f"{base}/figures/current_figures.json?_shape=array&_size=max")
    finally:
        server.terminate()
        server.wait(10)
    assert served == _rows(db, "SELECT * FROM current_figures")
    assert {"Phú Yên", "Hà Nội", "Hải Phòng", "Toàn quốc"} <= {row["province"] for row in served}
    assert db.read_bytes() == before  # served read-only
    assert open_store(db, writing=True).latest("54", "dossiers_on_time", "2019") is not None
