"""Roll-ups across the July 2025 reorganisation: a new unit's figure for a period before it existed, combined from
the units that formed it, exactly or not at all. Pure computation, no I/O.

Counts (higher is better) are summed; a percent is Σnumerator / Σdenominator when every part gives its counts; a
bare percentage from two or more units, a rank, or anything where lower is better cannot be combined (an average
of shares or of days would be a wrong figure); a roll-up missing a part is incomplete. Each names its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from egovkpi.messages import Text, t
from egovkpi.provinces import Unit
from egovkpi.records import Figure
from egovkpi.targets import Kpi

INCOMPLETE = "incomplete"
CANNOT_COMBINE = "cannot_combine"


@dataclass(frozen=True)
class Part:
    unit: Unit
    figure: Figure | None  # the part's current figure for the period, if it reported one


@dataclass(frozen=True)
class RolledUp:
    """A new unit's figure for one period, from its parts; `figure` None when it cannot be had, `problem` says why."""

    unit: Unit
    period: str
    parts: tuple[Part, ...]
    figure: Figure | None
    status: str | None = None  # INCOMPLETE or CANNOT_COMBINE when there is no figure
    problem: Text | None = None


def combinable(kpi: Kpi, count: int) -> bool | None:
    """Whether `count` parts' figures for a KPI may combine into one (as `combine` does): False never, True when
    every part gives a figure, None when every part must also give its denominator (a percent)."""
    if count == 1:
        return True
    if kpi.unit == "percent":
        return None
    return kpi.unit == "count" and kpi.direction == "higher" and not any(m.comparator == "top_n" for m in kpi.targets)


def combine(unit: Unit, kpi: Kpi, period: str, parts: Sequence[Part]) -> RolledUp:
    """The figure of `unit` for `period` from its parts' figures, or why there is none."""
    given = [part.figure for part in parts if part.figure is not None]
    shown = tuple(parts)
    if len(given) < len(parts):
        problem = t("incomplete: {have} of {all} units reported", have=len(given), all=len(parts))
        return RolledUp(unit, period, shown, None, INCOMPLETE, problem)
    if len(given) == 1:
        return RolledUp(
            unit, period, shown, _figure(unit, given, given[0].value, given[0].numerator, given[0].denominator)
        )
    if kpi.unit == "percent":
        bare = [part.unit.name for part in parts if part.figure and part.figure.denominator is None]
        if bare:
            problem = t(
                "cannot combine: {names} gave a percentage without its numerator and denominator, and an average "
                "of percentages is not the share of the whole",
                names=", ".join(bare),
            )
            return RolledUp(unit, period, shown, None, CANNOT_COMBINE, problem)
        numerator = sum(figure.numerator or 0.0 for figure in given)
        denominator = sum(figure.denominator or 0.0 for figure in given)
        value = 100.0 * numerator / denominator if denominator else None
        if value is None:
            problem = t("cannot combine: the denominators add up to 0")
            return RolledUp(unit, period, shown, None, CANNOT_COMBINE, problem)
        return RolledUp(unit, period, shown, _figure(unit, given, value, numerator, denominator))
    if kpi.unit == "count" and kpi.direction == "higher" and not any(m.comparator == "top_n" for m in kpi.targets):
        return RolledUp(unit, period, shown, _figure(unit, given, sum(figure.value for figure in given), None, None))
    problem = t(
        "cannot combine: a rank, or a figure where lower is better, cannot be added up across units without the "
        "counts behind it"
    )
    return RolledUp(unit, period, shown, None, CANNOT_COMBINE, problem)


def _figure(
    unit: Unit, given: Sequence[Figure], value: float, numerator: float | None, denominator: float | None
) -> Figure:
    """The rolled-up figure, stored nowhere: revision 0, recorded when its latest part was, by no one."""
    first = given[0]
    return Figure(
        scope=unit.key,
        kpi=first.kpi,
        period=first.period,
        period_end=first.period_end,
        period_months=first.period_months,
        revision=0,
        value=value,
        numerator=numerator,
        denominator=denominator,
        source="",
        note="",
        recorded_at=max(figure.recorded_at for figure in given),
        recorded_by="",
    )
