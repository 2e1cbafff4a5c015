"""The reads a report makes use the (scope, kpi, period, revision) index: none scans the whole figures table, so a
report does not grow with the store (issue 16). Checked with EXPLAIN QUERY PLAN on every statement the reads run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from egovkpi.periods import parse_period
from egovkpi.provinces import NATION, registry
from egovkpi.report import build_report
from egovkpi.store import Store
from egovkpi.storefile import memory_store
from egovkpi.targets import load_targets
from tests.helpers import ROOT


def _store(years: tuple[int, ...] = (2023, 2024, 2025)) -> Store:
    store = memory_store()
    rows = []
    for scope in ("national", "54", "31@2025-07-01", "52", "56"):
        for kpi in ("online_dossiers", "dossiers_fully_online"):
            for year in years:
                for month in range(1, 13):
                    period = parse_period(f"{year}-{month:02d}")
                    for revision in (1, 2) if month % 5 == 0 else (1,):
                        rows.append(
                            (scope, kpi, str(period), period.end.isoformat(), period.months, revision, 50.0 + month,
                             None, None, "", "", "2025-01-01T00:00:00+00:00", "test", int(month == 7 and revision == 1),
                             "2025-01-01")
                        )  # fmt: skip
    with store.transaction():  # as the store writes revisions: where each series begins and ends is kept
        store.insert_many(rows)
    return store


def _statements(store: Store, read: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        read()
    finally:
        store.conn.set_trace_callback(None)
    return [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def _full_scans(store: Store, sql: str) -> list[str]:
    """The steps of the plan that read the figures table, or the series' ends, without an index."""
    plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    aliases = ("figures", "f", "g", "o", "w", "p0", "p1", "p2", "series_ends", "e")
    scans = [step for step in plan if step.startswith("SCAN ") and step.split()[1] in aliases]
    return [step for step in scans if "USING" not in step]


READS: dict[str, Callable[[Store], object]] = {
    "current of a unit and KPI": lambda store: store.current("54", "online_dossiers"),
    "current of one year": lambda store: store.current("54", "online_dossiers", "2024", "2025"),
    "latest period": lambda store: store.edge_period(["54", "52"], "online_dossiers", before="2026", latest=True),
    "earliest period of a length": lambda store: store.edge_period(
        ["54"], "online_dossiers", since="2023", latest=False, months=1
    ),
    "first roll-up period": lambda store: store.first_together(
        [["52"], ["56"]], "online_dossiers", since="", before="2026", counted=True, months=None
    ),
    "scopes": lambda store: store.scopes(),
    "received_on": lambda store: store.received_on(),
    "received_on of units": lambda store: store.received_on(scopes=["54"], kpis=["online_dossiers"]),
}


@pytest.mark.parametrize("name", list(READS))
def test_hot_reads_use_the_index(name: str) -> None:
    store = _store()
    statements = _statements(store, lambda: READS[name](store))
    assert statements
    for sql in statements:
        assert _full_scans(store, sql) == [], sql


def test_the_national_report_reads_on_the_index() -> None:
    store = _store()
    units = registry()
    targets = load_targets(ROOT / "targets.yaml", units)
    statements = _statements(store, lambda: build_report(store, units, targets, None, None, dt.date(2025, 12, 15)))
    assert any("figures" in sql for sql in statements)
    for sql in set(statements):
        assert _full_scans(store, sql) == [], sql
    assert NATION.key in store.scopes()


def test_the_national_report_asks_as_often_of_a_longer_history() -> None:
    """Every series is read in statements of a few hundred: seven years of history take as many as three."""
    units = registry()
    targets = load_targets(ROOT / "targets.yaml", units)

    def asked(store: Store) -> int:
        return len(_statements(store, lambda: build_report(store, units, targets, None, None, dt.date(2025, 12, 15))))

    counts = [asked(_store(years)) for years in ((2023, 2024, 2025), tuple(range(2019, 2026)))]
    assert counts[0] == counts[1]
    assert counts[1] < 20


def test_a_sparkline_reads_the_latest_years_only() -> None:
    """A province's table shows its last eight figures: read from the latest years back, not the whole series."""
    from egovkpi.maps import recent_points, series

    store = _store(tuple(range(2015, 2026)))
    units = registry()
    targets = load_targets(ROOT / "targets.yaml", units)
    unit, kpi = units.match("Bình Định", on=dt.date(2025, 6, 30)), targets.kpis["online_dossiers"]
    statements = _statements(store, lambda: recent_points(units, store, unit, kpi, 63, None, 8))
    assert any("period >= '2025'" in sql for sql in statements)  # the latest year: eight months or more
    for sql in set(statements):
        assert _full_scans(store, sql) == [], sql
    whole = series(units, store.current, unit, kpi, 63)
    recent = recent_points(units, store, unit, kpi, 63, None, 8)
    assert 8 <= len(recent) < len(whole) and recent == whole[-len(recent) :]


def test_an_overview_charts_the_last_periods_and_a_unit_its_whole_series() -> None:
    """A report of every unit charts each series' last 24 periods (its page and its reading do not grow with the
    store); a report of one unit charts each series whole."""
    from egovkpi.maps import series
    from egovkpi.render.charts import OVERVIEW_CHART_FIGURES
    from egovkpi.report import chart_series

    store = _store(tuple(range(2016, 2026)))
    units = registry()
    targets = load_targets(ROOT / "targets.yaml", units)
    day = dt.date(2025, 12, 15)
    overview = build_report(store, units, targets, None, None, day)
    charted = chart_series(store, units, overview)
    assert charted
    for (key, code), points in charted.items():
        unit = next(r.scope for r in overview.results if r.scope.key == key)
        whole = series(units, store.current, unit, targets.kpis[code], overview.map)
        assert OVERVIEW_CHART_FIGURES <= len(points) < len(whole) and points == whole[-len(points) :]
    one = build_report(store, units, targets, ["Phú Yên"], None, day)
    [result] = [r for r in one.results if r.figure is not None][:1]
    whole = series(units, store.current, result.scope, result.kpi, one.map)
    assert chart_series(store, units, one)[(result.scope.key, result.kpi.code)] == whole
    assert len(whole) == 10 * 11  # ten years of months, each July withdrawn
