"""The two maps of provincial units, and each unit's series of figures on a map.

The 63-unit map is the units in force on 30 June 2025, the 34-unit map those from 1 July 2025. On the 34 map a unit
formed by a merger reaches back before July 2025 through roll-ups of the units that formed it; on the 63 map a unit
that ended has no figure for a later period ('not reported on this map': a merged unit cannot be split back). A
unit that only changed its name or status (Tỉnh Thừa Thiên Huế, Thành phố Huế from 1 January 2025) continues its
predecessor's series as one line on both maps.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from egovkpi.provinces import LAST_DAY_OF_63, REFORM_DAY, Registry, Unit
from egovkpi.records import Figure
from egovkpi.rollup import Part, RolledUp, combinable, combine
from egovkpi.targets import Kpi

if TYPE_CHECKING:
    from egovkpi.prefetch import Prefetched
    from egovkpi.store import Store

    Reads = Store | Prefetched

MAPS = (63, 34)
NOT_ON_MAP = "not_on_map"


def default_map(day: dt.date) -> int:
    """The map a day is on: 34 from 1 July 2025, 63 before."""
    return 34 if day >= REFORM_DAY else 63


def map_day(which: int) -> dt.date:
    return REFORM_DAY if which == 34 else LAST_DAY_OF_63


def on_map(unit: Unit, which: int) -> bool:
    return unit.is_national or unit.valid_on(map_day(which))


@functools.cache
def lineage(registry: Registry, unit: Unit) -> list[Unit]:
    """`unit` and the units it continues under another name or status, oldest first: [Thừa Thiên Huế, Huế]."""
    line = [unit]
    while True:
        renamed = [
            other
            for other in registry.units
            if other.valid_to is not None
            and other.code == line[0].code
            and not line[0].predecessor_codes
            and registry.successor(other) == line[0]
        ]
        if len(renamed) != 1:
            return line
        line.insert(0, renamed[0])


@functools.cache
def parts(registry: Registry, unit: Unit) -> list[Unit]:
    """The units on the 63 map a unit of the 34 map was formed from; none for one that came through unchanged."""
    if unit.is_national or not unit.predecessor_codes or unit.valid_from != REFORM_DAY:
        return []
    return registry.predecessors(unit)


@dataclass(frozen=True)
class Point:
    """One period of a unit's series: its own figure, or a roll-up of its parts' (which may have no figure)."""

    period_end: str
    period_months: int
    figure: Figure | None
    rollup: RolledUp | None = None


Current = Callable[[str, str], Sequence[Figure]]  # (unit key, KPI code) -> its current figures


def series(registry: Registry, current: Current, unit: Unit, kpi: Kpi, which: int) -> list[Point]:
    """The unit's figures for a KPI on a map, by period: its own and its renamed predecessors'; on the 34 map, for
    periods before the merger that formed it, the roll-ups of its parts."""
    own = [figure for member in lineage(registry, unit) for figure in current(member.key, kpi.code)]
    points = {f.period: Point(f.period_end, f.period_months, f) for f in own}
    formed_from = parts(registry, unit) if which == 34 else []
    if formed_from:
        by_part = [
            {f.period: f for member in lineage(registry, part) for f in current(member.key, kpi.code)}
            for part in formed_from
        ]
        periods = {period: figure for figures in by_part for period, figure in figures.items()}
        for period, any_figure in periods.items():
            if period in points or any_figure.period_end >= REFORM_DAY.isoformat():
                continue
            pieces = [Part(part, figures.get(period)) for part, figures in zip(formed_from, by_part, strict=True)]
            rolled = combine(unit, kpi, period, pieces)
            points[period] = Point(any_figure.period_end, any_figure.period_months, rolled.figure, rolled)
    return sorted(points.values(), key=lambda point: (point.period_end, point.period_months))


def has_figures(registry: Registry, scopes: set[str], unit: Unit, which: int) -> bool:
    """Whether the unit has any figure on the map: its own, a renamed predecessor's, or (34 map) a part's."""
    formed_from = parts(registry, unit) if which == 34 else []
    members = [*lineage(registry, unit), *(member for part in formed_from for member in lineage(registry, part))]
    return any(member.key in scopes for member in members)


def _next_year(period: str) -> str:
    return str(int(period[:4]) + 1)


def _year(
    registry: Registry, store: Reads, unit: Unit, kpi: Kpi, which: int, year: str, until: str | None
) -> list[Point]:
    """The points of the unit's series in one year (`series` works period by period: a year's figures give that
    year's points exactly), up to `until`."""

    def current(scope: str, code: str) -> list[Figure]:
        return store.current(scope, code, year, _next_year(year))

    return [p for p in series(registry, current, unit, kpi, which) if until is None or p.period_end <= until]


def members(registry: Registry, unit: Unit, which: int) -> tuple[list[str], list[list[str]]]:
    """The unit keys a unit's series is made of on a map: its own and its renamed predecessors'; and on the 34 map
    those of each unit it was formed from."""
    formed_from = parts(registry, unit) if which == 34 else []
    by_part = [[member.key for member in lineage(registry, part)] for part in formed_from]
    return [member.key for member in lineage(registry, unit)], by_part


def judged_points(registry: Registry, store: Reads, unit: Unit, kpi: Kpi, which: int, until: str | None) -> list[Point]:
    """The points of the unit's series (up to `until`) that judging it needs, read on the index without reading
    the whole series: those of the latest year with a point (the last point, the latest figure) and those of the
    earliest year with a figure like the latest (for a count, of the same length of period), where the base figure
    of `forecast.assess` is: the earliest midpoint of a series is in its earliest year, since every period lies in
    one calendar year. Oldest first."""
    own, by_part = members(registry, unit, which)
    everyone = own + [key for keys in by_part for key in keys]
    top = _next_year(until) if until else None
    tail: list[Point] = []
    before = top
    while not tail:
        found = store.edge_period(everyone, kpi.code, before=before, latest=True)
        if found is None:
            return []
        tail = _year(registry, store, unit, kpi, which, found[:4], until)
        before = found[:4]
    last = tail[-1]
    if last.figure is None:  # a roll-up with no figure: judged on no figures
        return tail
    months = last.figure.period_months if kpi.unit == "count" else None
    rule = combinable(kpi, len(by_part)) if by_part else False
    reform = _next_year(REFORM_DAY.isoformat())  # no roll-up after the reform's year
    since = ""
    while True:
        found = store.edge_period(own, kpi.code, since=since, before=top, latest=False, months=months)
        if rule is not False:
            last_part = min(top, reform) if top else reform
            together = store.first_together(
                by_part, kpi.code, since=since, before=last_part, counted=rule is None, months=months
            )
            if together is not None and (found is None or together < found):
                found = together
        if found is None or found[:4] >= last.period_end[:4]:
            head: list[Point] = []
            break
        head = _year(registry, store, unit, kpi, which, found[:4], until)
        if any(p.figure is not None and (months is None or p.figure.period_months == months) for p in head):
            break
        since = _next_year(found)
    joined = {(p.period_end, p.period_months): p for p in (*head, *tail)}
    return sorted(joined.values(), key=lambda point: (point.period_end, point.period_months))


def recent_points(
    registry: Registry,
    store: Store,
    unit: Unit,
    kpi: Kpi,
    which: int,
    until: str | None,
    most: int,
    *,
    periods: bool = False,
) -> list[Point]:
    """The last points of the unit's series (up to `until`) holding at least `most` figures (with `periods`: at
    least `most` points, with a figure or not), or all of it: read a year at a time from the latest back (a period
    lies in one calendar year, and the years from Y on hold the series' end)."""
    own, by_part = members(registry, unit, which)
    everyone = own + [key for keys in by_part for key in keys]
    top = _next_year(until) if until else None
    latest = store.edge_period(everyone, kpi.code, before=top, latest=True)
    first = store.edge_period(everyone, kpi.code, latest=False)
    if latest is None or first is None:
        return []
    points: list[Point] = []
    year = latest[:4]
    while True:
        points = _year(registry, store, unit, kpi, which, year, until) + points
        found = len(points) if periods else sum(1 for p in points if p.figure is not None)
        if found >= most or year <= first[:4]:
            return points
        year = str(int(year) - 1)


class LazyPoints(Sequence[Point]):
    """A unit's whole series, read when first asked for (the charts and sparklines): a table or JSON report never
    reads it."""

    def __init__(self, load: Callable[[], Sequence[Point]]) -> None:
        self._load: Callable[[], Sequence[Point]] | None = load
        self._points: tuple[Point, ...] = ()

    def _all(self) -> tuple[Point, ...]:
        if self._load is not None:
            self._points, self._load = tuple(self._load()), None
        return self._points

    @overload
    def __getitem__(self, index: int) -> Point: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Point]: ...
    def __getitem__(self, index: int | slice) -> Point | Sequence[Point]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Point]:
        return iter(self._all())

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, LazyPoints):
            other = other._all()
        return isinstance(other, tuple) and self._all() == other

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"LazyPoints({self._all()!r})"
