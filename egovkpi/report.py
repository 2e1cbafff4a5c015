"""Assemble a report: which scopes, which figures, judged on which day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from egovkpi.attainment import Result, cut, evaluate
from egovkpi.periods import Period
from egovkpi.provinces import Registry, Unit
from egovkpi.store import Store
from egovkpi.targets import TargetsFile


@dataclass(frozen=True)
class Report:
    day: dt.date  # the day statuses are judged at
    period: Period | None
    single: bool  # exactly one scope asked for (a detail table), else an overview
    results: list[Result]

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
) -> Report:
    """One scope per name in `provinces` (in that order), or every scope with figures, national first."""
    day = period.end if period else today
    if provinces:
        matched = {unit.key: unit for unit in (registry.match(name, on=day) for name in provinces)}
        scopes = list(matched.values())
    else:
        scopes = sorted((registry.by_key(key) for key in store.scopes()), key=_order)
    until = period.end if period else None
    results = [
        evaluate(scope, kpi, cut(store.current(scope.key, kpi.code), until), day)
        for scope in scopes
        for kpi in targets.kpis.values()
    ]
    return Report(day, period, len(scopes) == 1 and bool(provinces), results)
