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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from egovkpi.provinces import LAST_DAY_OF_63, REFORM_DAY, Registry, Unit
from egovkpi.records import Figure
from egovkpi.rollup import Part, RolledUp, combine
from egovkpi.targets import Kpi

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
