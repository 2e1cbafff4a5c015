"""Pure computation: the progress method of Statistics Canada, as Open SDG uses it (open-sdg `docs/progress-
methodology.md`, sdg-build `ProgressMeasure.py`). No I/O.

A figure stands at the midpoint of its period, in years (2024 at 2024.5, 2024-Q1 at 2024.125); a deadline where
the figure that must meet it stands, the one of the latest figure's length ending on the deadline's last day (2025
is 2025.5 for yearly figures, 2025.875 for quarterly ones, 2025.958 for monthly ones). From the base figure, the
earliest of the series (for a count, the earliest of the same length of period as the latest: a month's count is
not a year's), at t0 with value x0, to the latest at t with value x:

- observed rate = (x / x0)^(1 / (t - t0)) - 1, the compound annual growth;
- with a target y by the deadline T: required rate = (y / x0)^(1 / (T - t0)) - 1 (a target of 0 counts as 0.001,
  as in the method), ratio R = d·observed / |required| with d = +1 when higher is better, -1 when lower is; bands
  `on_track` R >= 0.95, `acceleration_needed` 0.60 <= R < 0.95, `limited_progress` 0 <= R < 0.60, `deterioration`
  R < 0; `achieved` when the latest figure meets the target, whatever the trend;
- without a target: the band of d·observed alone, at 1.5 %, 0.5 % and 0 a year, the thresholds above 0 scaled by
  C = 1 - (x0 / limit)^4.44 where the KPI has a natural limit in its direction (100 for a percent where higher is
  better, 1 for a rank): C = 0 at the limit, where holding it (d·observed >= 0) is on track. As in the method, the
  limit does not scale the ratio of a KPI with a target;
- projection = x·(1 + observed)^(T - t), the value for the deadline's period at the observed rate, kept within the
  natural limit (and at or above 0); none once the deadline is behind the latest figure.

A single figure (or no earlier one to compare it with) gives `insufficient_data`: no trend is invented. A base
figure of 0 (no growth rate from zero), figures below 0, or a deadline not after the base figure give
`unable_to_assess`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from egovkpi.records import Figure
from egovkpi.targets import Kpi, Target

ACHIEVED = "achieved"
ON_TRACK = "on_track"
ACCELERATION_NEEDED = "acceleration_needed"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
INSUFFICIENT_DATA = "insufficient_data"
UNABLE_TO_ASSESS = "unable_to_assess"
BANDS = (
    ACHIEVED,
    ON_TRACK,
    ACCELERATION_NEEDED,
    LIMITED_PROGRESS,
    DETERIORATION,
    INSUFFICIENT_DATA,
    UNABLE_TO_ASSESS,
)

RATIO_THRESHOLDS = (0.95, 0.60, 0.0)  # on track, acceleration needed, limited progress: R at or above
GROWTH_THRESHOLDS = (0.015, 0.005, 0.0)  # the same bands for a KPI without a target: d·observed at or above
LIMIT_EXPONENT = 4.44  # the exponent of the method's scaling factor near a natural limit
ZERO_TARGET = 0.001  # a target of 0 counts as this (an exponential never reaches 0)


@dataclass(frozen=True)
class Progress:
    band: str | None = None  # one of BANDS; None without figures
    observed_rate: float | None = None  # a fraction a year: 0.05 is 5 % a year
    required_rate: float | None = None
    projection: float | None = None


def years(day: dt.date) -> float:
    """A day as years: 2025-01-01 is 2025.0, 2025-04-01 is 2025.25 (a month is a twelfth, a day its share of it)."""
    days = calendar.monthrange(day.year, day.month)[1]
    return day.year + (day.month - 1 + (day.day - 1) / days) / 12


def midpoint(end: dt.date, months: int) -> float:
    """The middle of the period of `months` that ends on `end`, in years: 2024 is 2024.5, 2024-Q1 2024.125."""
    return years(end + dt.timedelta(days=1)) - months / 24


def when(figure: Figure) -> float:
    return when_ended(figure.period_end, figure.period_months)


@functools.lru_cache(maxsize=4096)
def when_ended(period_end: str, months: int) -> float:
    """`midpoint` of a figure's period: a report asks it of the same few hundred periods thousands of times."""
    return midpoint(dt.date.fromisoformat(period_end), months)


def cagr(start: float, end: float, span: float) -> float | None:
    """(end / start)^(1 / span) - 1; None where it is not a number (a start of 0, a rate beyond floats)."""
    if start <= 0 or end < 0 or span <= 0:
        return None
    try:
        return float((end / start) ** (1 / span) - 1)
    except OverflowError:
        return None


def natural_limit(kpi: Kpi) -> float | None:
    """The limit in the KPI's direction that a figure cannot pass: 100 for a percent where higher is better, 1 for a
    rank (a KPI judged by top_n); None otherwise (a lower limit of 0 never changes the method's thresholds)."""
    if any(target.comparator == "top_n" for target in kpi.targets):
        return 1.0
    if kpi.unit == "percent" and kpi.direction == "higher":
        return 100.0
    return None


def scaling(base: float, limit: float) -> float:
    """The method's factor C in [0, 1] for thresholds above 0 near a natural limit: 1 - (base/limit)^4.44 towards a
    maximum, 1 - ((2·limit - base)/limit)^4.44 towards a minimum, 1 at twice a minimum or more."""
    base, limit = abs(base), abs(limit)
    if base >= 2 * limit:
        return 1.0
    if base <= limit:
        return float(1 - (base / limit) ** LIMIT_EXPONENT)
    return float(1 - ((2 * limit - base) / limit) ** LIMIT_EXPONENT)


def band(value: float, thresholds: Sequence[float]) -> str:
    high, medium, low = thresholds
    if value >= high:
        return ON_TRACK
    if value >= medium:
        return ACCELERATION_NEEDED
    if value >= low:
        return LIMITED_PROGRESS
    return DETERIORATION


def ratio(observed: float, required: float, sign: int) -> float:
    """R = d·observed / |required|; a required rate of 0 (the target is the base) makes any progress infinite."""
    progress = sign * observed
    if required == 0:
        return 0.0 if progress == 0 else math.copysign(math.inf, progress)
    return progress / abs(required)


def within(value: float, kpi: Kpi) -> float:
    """A projected value kept within the KPI's natural limit and at or above 0."""
    limit = natural_limit(kpi)
    if limit is not None:
        value = max(value, limit) if kpi.direction == "lower" else min(value, limit)
    return max(value, 0.0)


def assess(kpi: Kpi, figures: Sequence[Figure], target: Target | None, achieved: bool = False) -> Progress:
    """The progress band of `figures` (in period order, the latest last) towards `target`, or on their own growth
    without one; `achieved`: the latest figure meets the target (the band is then `achieved`)."""
    if not figures:
        return Progress()
    latest = figures[-1]
    alike = [f for f in figures if kpi.unit != "count" or f.period_months == latest.period_months]
    base = min(alike, key=when)
    t0, t = when(base), when(latest)
    deadline = midpoint(target.deadline.end, latest.period_months) if target else None
    goal = (target.value or ZERO_TARGET) if target else None
    required = cagr(base.value, goal, deadline - t0) if goal is not None and deadline is not None else None
    observed = cagr(base.value, latest.value, t - t0)
    sign = -1 if kpi.direction == "lower" else 1
    if achieved:
        found = ACHIEVED
    elif t <= t0:
        found = INSUFFICIENT_DATA
    elif observed is None or (target is not None and required is None):
        found = UNABLE_TO_ASSESS
    elif target is not None and required is not None:
        found = band(ratio(observed, required, sign), RATIO_THRESHOLDS)
    else:
        limit = natural_limit(kpi)
        factor = scaling(base.value, limit) if limit is not None else 1.0
        found = band(sign * observed, [threshold * factor for threshold in GROWTH_THRESHOLDS])
    projection = (
        project(latest.value, observed, deadline - t, kpi) if observed is not None and deadline is not None else None
    )
    return Progress(found, observed, required, projection)


def project(value: float, rate: float, span: float, kpi: Kpi) -> float | None:
    """`value` grown at `rate` a year for `span` years, within the natural limit; None for a deadline already
    behind (`span` < 0) or a value beyond floats."""
    if span < 0:
        return None
    try:
        projected = value * (1 + rate) ** span
    except OverflowError:
        projected = math.inf
    kept = within(projected, kpi)
    return kept if math.isfinite(kept) else None
