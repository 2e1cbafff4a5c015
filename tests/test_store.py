from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from egovkpi.periods import parse_period
from egovkpi.records import NewFigure
from egovkpi.storefile import open_store


def new(period: str, value: float, scope: str = "54") -> NewFigure:
    return NewFigure(scope, "online_dossiers", parse_period(period), value)


def test_blank_database_is_migrated_in_wal_mode(tmp_path: Path) -> None:
    store = open_store(tmp_path / "deep" / "folder" / "s.db", writing=True, make_folder=True)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [row[0] for row in store.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == [
        "m001_figures",
        "m002_summaries",
        "m003_withdrawn",
        "m004_browsing",
        "m005_hue_city",
        "m006_received",
        "m007_counted",
        "m008_series_ends",
    ]
    open_store(tmp_path / "deep" / "folder" / "s.db", writing=True, make_folder=True)  # reopening applies nothing twice
    assert len(list(store.conn.execute("SELECT name FROM _sqlite_migrations"))) == 8


def test_revisions_and_current(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db", writing=True)
    store.record([new("2019", 10), new("2020", 20)], "a")
    [done] = store.record([new("2019", 11)], "b")
    assert done.revision == 2 and done.previous is not None and done.previous.value == 10
    assert [(f.period, f.value) for f in store.current("54", "online_dossiers")] == [("2019", 11), ("2020", 20)]
    assert [f.value for f in store.history("54", "online_dossiers")] == [10, 20, 11]


def test_a_failure_midway_stores_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db", writing=True)

    def figures() -> Iterator[NewFigure]:
        yield new("2019", 10)
        yield new("2020", 20)
        raise RuntimeError("the file broke")

    with pytest.raises(RuntimeError):
        store.record(figures(), "a")
    assert store.history("54", "online_dossiers") == []


def _writer(path: str, worker: int, count: int) -> None:
    store = open_store(Path(path), writing=True)
    for index in range(count):
        store.record([new("2019", float(index), scope=f"w{worker}")], f"worker{worker}")
        store.record([new("2020", float(worker * 1000 + index), scope="shared")], f"worker{worker}")


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path, writing=True)
    workers, count = 4, 25
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_writer, args=(str(path), w, count)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 2 * workers * count
        revisions = [row[0] for row in conn.execute("SELECT revision FROM figures WHERE scope='shared' ORDER BY id")]
    assert revisions == list(range(1, workers * count + 1))
