"""Assemble a report: which scopes, which figures, judged on which day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from egovkpi.attainment import Result, evaluate
from egovkpi.maps import (
    NOT_ON_MAP,
    LazyPoints,
    Point,
    default_map,
    has_figures,
    judged_points,
    map_day,
    members,
    recent_points,
    series,
)
from egovkpi.periods import Period
from egovkpi.prefetch import Prefetched
from egovkpi.provinces import LAST_DAY_OF_63, NATION, REFORM_DAY, Registry, Unit
from egovkpi.seriesends import trusted
from egovkpi.store import Store
from egovkpi.targets import Kpi, TargetsFile

if TYPE_CHECKING:
    from egovkpi.maps import Reads


@dataclass(frozen=True)
class Report:
    day: dt.date  # the day statuses are judged at
    period: Period | None
    single: bool  # exactly one scope asked for (a detail table), else an overview
    results: list[Result]
    map: int = 34  # the map of units: 63 (until 30 June 2025) or 34 (from 1 July 2025)

    @property
    def scopes(self) -> list[Unit]:
        seen: dict[str, Unit] = {}
        for result in self.results:
            seen.setdefault(result.scope.key, result.scope)
        return list(seen.values())


def _order(unit: Unit) -> tuple[int, str, str]:
    return (0 if unit.is_national else 1, unit.code, unit.valid_from.isoformat() if unit.valid_from else "")


def build_report(
    store: Store,
    registry: Registry,
    targets: TargetsFile,
    provinces: Sequence[str] | None,
    period: Period | None,
    today: dt.date,
    which: int | None = None,
) -> Report:
    """One scope per name in `provinces` (in that order), or every scope of the map with figures, national first.

    The map is `which`, else the one the day judged at is on (34 from July 2025). A name means the unit it meant on
    the map: 'Đắk Lắk' with --map 34 and --period 2024 is the merged province, judged on the roll-up of its parts.
    """
    day = period.end if period else today
    which = which or default_map(day)
    on = max(day, REFORM_DAY) if which == 34 else min(day, LAST_DAY_OF_63)
    if provinces:
        matched = {unit.key: unit for unit in (registry.match(name, on=on) for name in provinces)}
        scopes = list(matched.values())
    else:
        held = set(store.scopes())
        found = [NATION] if NATION.key in held else []
        found += [unit for unit in registry.as_of(map_day(which)) if has_figures(registry, held, unit, which)]
        scopes = sorted(found, key=_order)
    reads: Reads = store
    if period is None and trusted(store.conn):  # judged on the latest figures: read for every series at once
        groups = [(*members(registry, scope, which), kpi) for scope in scopes for kpi in targets.kpis.values()]
        reads = Prefetched(store, groups)
    results = [
        _judged(store, reads, registry, scope, kpi, which, period, day)
        for scope in scopes
        for kpi in targets.kpis.values()
    ]
    return Report(day, period, len(scopes) == 1 and bool(provinces), results, which)


def _judged(
    store: Store,
    reads: Reads,
    registry: Registry,
    scope: Unit,
    kpi: Kpi,
    which: int,
    period: Period | None,
    day: dt.date,
) -> Result:
    """A unit of the 63 map asked about a period after it ended is 'not on this map' (it cannot be split back)."""
    if which == 63 and scope.valid_to is not None and period is not None and period.end > scope.valid_to:
        return replace(evaluate(scope, kpi, [], day), status=NOT_ON_MAP)
    until = period.end.isoformat() if period else None

    def whole() -> list[Point]:  # for the charts and sparklines, read only if they are drawn
        return [p for p in series(registry, store.current, scope, kpi, which) if until is None or p.period_end <= until]

    points = judged_points(registry, reads, scope, kpi, which, until)
    last = points[-1] if points else None
    if last is not None and last.rollup is not None and last.figure is None:
        return replace(
            evaluate(scope, kpi, [], day), status=last.rollup.status, rollup=last.rollup, points=LazyPoints(whole)
        )
    result = evaluate(scope, kpi, [p.figure for p in points if p.figure], day)
    return replace(result, rollup=last.rollup if last else None, points=LazyPoints(whole))


def recent_series(
    store: Store, registry: Registry, report: Report, most: int, *, periods: bool = False
) -> dict[tuple[str, str], list[Point]]:
    """Each result's last points holding `most` figures (a sparkline's), or with `periods` its last `most` points
    or more, read without the whole series."""
    until = report.period.end.isoformat() if report.period else None
    return {
        (r.scope.key, r.kpi.code): recent_points(
            registry, store, r.scope, r.kpi, report.map, until, most, periods=periods
        )
        for r in report.results
        if r.figure is not None
    }


def chart_series(store: Store, registry: Registry, report: Report) -> dict[tuple[str, str], list[Point]]:
    """The series charted for each result: a unit's report charts each whole; a report of every unit (a thousand
    series or more, with their histories) the last `OVERVIEW_CHART_FIGURES` periods of each, so neither its reading
    nor its page grows with the store."""
    from egovkpi.render.charts import OVERVIEW_CHART_FIGURES

    if report.single:
        return whole_series(report)
    return recent_series(store, registry, report, OVERVIEW_CHART_FIGURES, periods=True)


def whole_series(report: Report) -> dict[tuple[str, str], list[Point]]:
    """Each result's whole series on the report's map, the one `build_report` judged it on."""
    return {(r.scope.key, r.kpi.code): list(r.points) for r in report.results if r.figure is not None}
