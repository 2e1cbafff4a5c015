"""Provinces ranked on one KPI or on the composite, with their movement since the previous period. No I/O.

One KPI: by attainment when every province with a figure has a target to be judged against, else by value (in
the KPI's direction: lower first when lower is better). Without a KPI, the composite: the share of a province's
applicable targets met (a target that applies to it, judged met, missed, on track, behind or no data), ties
broken by the mean attainment over those targets, each capped at 100 (a target without a figure counts 0).
Ties share a rank (1, 2, 2, 4); a province with no figure to rank by is listed last, never ranked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from egovkpi.attainment import BEHIND, MET, MISSED, NO_DATA, ON_TRACK, Result
from egovkpi.maps import map_day
from egovkpi.periods import Period
from egovkpi.provinces import Registry, Unit
from egovkpi.report import Report, build_report
from egovkpi.store import Store
from egovkpi.targets import Kpi, TargetsFile

ATTAINMENT = "attainment"
VALUE = "value"
COMPOSITE = "composite"
APPLICABLE = (MET, MISSED, ON_TRACK, BEHIND, NO_DATA)  # the statuses of a target that counts in the composite
CAP = 100.0  # an attainment counts at most this much in the composite's tie-break
EXTREMES = 5  # how many provinces the summary shows at the top and at the bottom
_DIGITS = 6  # scores equal to this many decimals are a tie (100·30/30 and 100·60/60 tie however floats round)


@dataclass(frozen=True)
class Standing:
    """One province in a ranking."""

    scope: Unit
    rank: int | None  # None: nothing to rank it by (listed last, never ranked)
    score: float | None  # attainment or value (one KPI), or the share of applicable targets met in % (composite)
    result: Result | None = None  # one KPI: the province's result
    met: int = 0  # composite: targets met
    applicable: int = 0  # composite: targets that apply
    mean_attainment: float | None = None  # composite: the tie-break
    reason: str | None = None  # unranked: the status that says why (no_data, incomplete, cannot_combine, ...)
    previous_rank: int | None = None  # its rank at the previous period; None: not ranked then

    @property
    def movement(self) -> str | None:
        """'+2' (up two places), '-1', '0', 'new' (not ranked at the previous period), or None (not ranked now)."""
        if self.rank is None:
            return None
        if self.previous_rank is None:
            return "new"
        change = self.previous_rank - self.rank
        return f"+{change}" if change > 0 else str(change)


@dataclass(frozen=True)
class Ranking:
    kpi: Kpi | None  # None: the composite
    basis: str  # attainment, value or composite
    report: Report
    standings: list[Standing]
    previous: Period | None = None  # the period movement is measured from

    @property
    def ranked(self) -> list[Standing]:
        return [s for s in self.standings if s.rank is not None]


def previous_period(period: Period | None, today: dt.date) -> Period:
    """The period before `period`, of the same kind (2020 → 2019, 2020-Q1 → 2019-Q4, 2020-01 → 2019-12); without
    a period (a ranking as of today), last year."""
    if period is None:
        return Period(today.year - 1, "Y")
    if period.kind == "Y" or period.index == 1:
        return Period(period.year - 1, period.kind, 1 if period.kind == "Y" else 12 // period.months)
    return Period(period.year, period.kind, period.index - 1)


def provincial(report: Report) -> list[Unit]:
    return [scope for scope in report.scopes if not scope.is_national]


def rank(report: Report, kpi: Kpi | None, units: Sequence[Unit] = ()) -> Ranking:
    """The provinces of `report` ranked on `kpi` (None: the composite); `units` (those of the map) that the report
    leaves out, having no figures at all, are listed last as having no data."""
    scopes = provincial(report)
    known = {scope.key for scope in scopes}
    missing = [unit for unit in units if not unit.is_national and unit.key not in known]
    if kpi is None:
        basis, standings = COMPOSITE, [_composite(report, scope) for scope in scopes]
    else:
        basis, standings = _on_kpi(report, kpi, scopes)
    standings += [Standing(unit, None, None, reason=NO_DATA) for unit in missing]
    return Ranking(kpi, basis, report, _ranked(standings, basis, kpi))


def _on_kpi(report: Report, kpi: Kpi, scopes: Sequence[Unit]) -> tuple[str, list[Standing]]:
    results = {r.scope.key: r for r in report.results if r.kpi.code == kpi.code}
    found = [results[scope.key] for scope in scopes if scope.key in results]
    figured = [r for r in found if r.figure is not None]
    if figured:
        basis = ATTAINMENT if all(r.attainment is not None for r in figured) else VALUE
    else:
        basis = ATTAINMENT if any(r.target is not None for r in found) else VALUE
    standings = []
    for result in found:
        if result.figure is None:
            standings.append(Standing(result.scope, None, None, result, reason=result.status or NO_DATA))
        else:
            score = result.attainment if basis == ATTAINMENT else result.figure.value
            standings.append(Standing(result.scope, None, score, result))
    return basis, standings


def _composite(report: Report, scope: Unit) -> Standing:
    applicable = [
        r for r in report.results if r.scope.key == scope.key and r.target is not None and r.status in APPLICABLE
    ]
    if not any(r.figure is not None for r in applicable):
        return Standing(scope, None, None, applicable=len(applicable), reason=NO_DATA)
    met = sum(1 for r in applicable if r.status == MET)
    mean = sum(min(r.attainment or 0.0, CAP) for r in applicable) / len(applicable)
    return Standing(
        scope, None, 100.0 * met / len(applicable), met=met, applicable=len(applicable), mean_attainment=mean
    )


def _ranked(standings: list[Standing], basis: str, kpi: Kpi | None) -> list[Standing]:
    """Competition ranking (1, 2, 2, 4), best first; the unranked after them, in the map's order."""
    lower_first = basis == VALUE and kpi is not None and kpi.direction == "lower"

    def sign(value: float | None) -> float:
        rounded = round(value or 0.0, _DIGITS)
        return rounded if lower_first else -rounded

    def key(standing: Standing) -> tuple[float, float]:
        return (sign(standing.score), sign(standing.mean_attainment) if basis == COMPOSITE else 0.0)

    scored = sorted((s for s in standings if s.score is not None), key=lambda s: (key(s), _order(s.scope)))
    ranked: list[Standing] = []
    for position, standing in enumerate(scored, start=1):
        tied = ranked and key(ranked[-1]) == key(standing)
        ranked.append(replace(standing, rank=ranked[-1].rank if tied else position))
    unranked = sorted((s for s in standings if s.score is None), key=lambda s: _order(s.scope))
    return ranked + unranked


def _order(unit: Unit) -> tuple[str, str]:
    return (unit.code, unit.valid_from.isoformat() if unit.valid_from else "")


def with_movement(current: Ranking, earlier: Ranking) -> Ranking:
    """`current` with each province's rank in `earlier` (the same unit, on the same map)."""
    before = {s.scope.key: s.rank for s in earlier.standings}
    standings = [replace(s, previous_rank=before.get(s.scope.key)) for s in current.standings]
    return replace(current, standings=standings, previous=earlier.report.period)


def build_ranking(
    store: Store,
    registry: Registry,
    targets: TargetsFile,
    kpi: Kpi | None,
    period: Period | None,
    today: dt.date,
    which: int | None = None,
) -> Ranking:
    """Every province of the map ranked at the end of `period` (else today), and at the end of the period before
    (`previous_period`) on the same map, for the movement."""
    report = build_report(store, registry, targets, None, period, today, which)
    units = registry.as_of(map_day(report.map))
    earlier_period = previous_period(period, today)
    earlier = build_report(store, registry, targets, None, earlier_period, today, report.map)
    return with_movement(rank(report, kpi, units), rank(earlier, kpi, units))


def extremes(report: Report, n: int = EXTREMES) -> tuple[list[Standing], list[Standing]]:
    """The top and bottom `n` provinces of the report on the composite (only those ranked; the bottom never
    repeats a province of the top, so with fewer than 2·n ranked it is shorter)."""
    ranked = rank(report, None).ranked
    return ranked[:n], ranked[max(n, len(ranked) - n) :]
