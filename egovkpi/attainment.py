"""Pure computation: which figure and target apply, attainment, gap and status (its trend from forecast.py). No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from egovkpi import forecast
from egovkpi.comparators import DEFAULT_COMPARATOR, LOWER_IS_STRICTER
from egovkpi.forecast import Progress, assess
from egovkpi.maps import Point
from egovkpi.provinces import Unit
from egovkpi.records import Figure
from egovkpi.rollup import RolledUp
from egovkpi.targets import Kpi, Target

MET = "met"
MISSED = "missed"
ON_TRACK = "on_track"
BEHIND = "behind"
NO_DATA = "no_data"


@dataclass(frozen=True)
class Result:
    scope: Unit
    kpi: Kpi
    figure: Figure | None
    target: Target | None
    attainment: float | None
    gap: float | None
    status: str | None  # None: no target to judge against (see `evaluate`)
    rollup: RolledUp | None = None  # the figure is (or could not be) combined from the units that formed the scope
    band: str | None = None  # the progress band (forecast.py): on_track, acceleration_needed, limited_progress, ...
    projection: float | None = None  # the value projected at the target's deadline, capped at the natural limit
    required_rate: float | None = None  # the compound annual growth needed from the base figure to the target
    observed_rate: float | None = None  # the compound annual growth observed from the base figure to the latest
    points: Sequence[Point] = ()  # the series judged (report.py), for charts and sparklines; read lazily


def meets(actual: float, target: float, direction: str, comparator: str = "") -> bool:
    """Whether `actual` meets `target` by the comparator ("": the direction's default, >= or <=): > and < strictly,
    = only when equal, top_n when the rank `actual` is at or above n (actual <= target)."""
    comparator = comparator or DEFAULT_COMPARATOR[direction]
    if comparator == ">=":
        return actual >= target
    if comparator == ">":
        return actual > target
    if comparator == "<":
        return actual < target
    if comparator == "=":
        return actual == target
    return actual <= target  # <= and top_n


def attainment(actual: float, target: float, direction: str, comparator: str = "") -> float | None:
    """100·actual/target when higher is better, 100·target/actual when lower is better; for a rank (top_n),
    100·n/rank."""
    lower = direction == "lower" or comparator in LOWER_IS_STRICTER
    numerator, denominator = (target, actual) if lower else (actual, target)
    return None if denominator == 0 else 100.0 * numerator / denominator


def applicable_target(milestones: Sequence[Target], after: dt.date) -> Target | None:
    """The earliest milestone whose deadline ends on or after `after`, else the last one."""
    for target in milestones:  # sorted by deadline
        if target.deadline.end >= after:
            return target
    return milestones[-1] if milestones else None


def status(
    kpi: Kpi, figures: Sequence[Figure], target: Target | None, today: dt.date, progress: Progress | None = None
) -> str | None:
    """`met` when the latest figure meets the target, `missed` once the deadline has passed, else `on_track` when
    the progress band (forecast.py, from `progress` or worked out here) is on track, `behind` otherwise."""
    if not figures:
        return NO_DATA
    if target is None:
        return None
    actual, comparator = figures[-1].value, kpi.comparator(target)
    if meets(actual, target.value, kpi.direction, comparator):
        return MET
    if today >= target.deadline.end:
        return MISSED
    band = (progress or assess(kpi, figures, target)).band
    return ON_TRACK if band == forecast.ON_TRACK else BEHIND


def evaluate(scope: Unit, kpi: Kpi, figures: Sequence[Figure], today: dt.date) -> Result:
    """Judge one KPI for one scope on `today` from its current figures (period order, up to `today`'s cut).

    Only the milestones that apply to the scope are considered (`Kpi.milestones`), each judged by its comparator.
    Where the KPI has targets but none applies to the scope (a national-only KPI for a province, milestones about
    another level of government, or every deadline outside the unit's lifetime), the result has no target and
    status None ('no target'), with or without a figure: it is listed, never counted. A KPI with no targets at
    all keeps 'no data' when it has no figure.
    """
    usable = sorted(figures, key=lambda f: f.latest_key)
    milestones = kpi.milestones(scope)
    figure = usable[-1] if usable else None
    after = dt.date.fromisoformat(figure.period_end) if figure else today
    target = applicable_target(milestones, after)
    value = figure.value if figure else None
    achieved = (
        value is not None and target is not None and meets(value, target.value, kpi.direction, kpi.comparator(target))
    )
    progress = assess(kpi, usable, target, achieved)
    return Result(
        scope=scope,
        kpi=kpi,
        figure=figure,
        target=target,
        attainment=(
            attainment(value, target.value, kpi.direction, kpi.comparator(target))
            if value is not None and target
            else None
        ),
        gap=value - target.value if value is not None and target else None,
        status=None if kpi.excluded(scope) else status(kpi, usable, target, today, progress),
        band=progress.band,
        projection=progress.projection,
        required_rate=progress.required_rate,
        observed_rate=progress.observed_rate,
    )
