"""Who has reported: each report a unit owes (a KPI for a period, by its due day), whether and when it came, and
the rates of reports complete and on time.

A report is received when the unit has a current figure (not withdrawn) for the KPI and period; it is on time when
the day it was received (`add --received`, an import's `received` column, else the day recorded) is no later than
its due day. On the 34-unit map a unit that ended in 2025 owes its reports still, answered to the unit it became
(`Due.answerable`); on the 63-unit map only periods that ended by 30/06/2025 are asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.periods import Period
from egovkpi.provinces import LAST_DAY_OF_63, Registry, Unit
from egovkpi.schedule import reporters
from egovkpi.store import Store
from egovkpi.targets import Kpi, TargetsFile

BY = ("province", "kpi")
WINDOW_DAYS = 365  # without a period: the reports due in the last twelve months


@dataclass(frozen=True)
class Due:
    """One report a unit owes: a KPI for a period, due on a day, received on a day or not yet."""

    unit: Unit  # the unit that owes it, as it stood in the period
    kpi: Kpi
    period: Period
    due: dt.date
    received: dt.date | None  # None: not received
    answerable: Unit  # who answers for it today: the unit itself, or the unit it became

    @property
    def missing(self) -> bool:
        return self.received is None

    @property
    def on_time(self) -> bool:
        return self.received is not None and self.received <= self.due

    def overdue(self, today: dt.date) -> int:
        """Days since the report was due; 0 when it is not late."""
        return max((today - self.due).days, 0) if self.missing else 0


@dataclass(frozen=True)
class Rate:
    """The reports one province (or one KPI, or all) owed over a range of periods, and how many came, and in time."""

    key: str  # unit key or KPI code; '' for the total
    expected: int
    received: int
    on_time: int

    @property
    def complete(self) -> float | None:
        """The share of expected reports received, in percent; None when none was expected."""
        return 100 * self.received / self.expected if self.expected else None

    @property
    def timely(self) -> float | None:
        """The share of expected reports received by their due day, in percent."""
        return 100 * self.on_time / self.expected if self.expected else None


@dataclass(frozen=True)
class Window:
    """Which reports are asked for: periods lying between `start` and `end` and due before `today`."""

    start: dt.date
    end: dt.date
    today: dt.date
    latest_only: bool = False  # only each KPI's latest period due (`missing` without --period)
    due_since: dt.date | None = None  # only the reports due on or after this day


def window(today: dt.date, first: Period | None, last: Period | None, latest_only: bool = False) -> Window:
    """The periods from `first` to `last`; without either, the reports due in the last twelve months (`recent`), or
    with `latest_only` each KPI's latest period due."""
    if first is None and last is None and not latest_only:
        return recent(today)
    start = first.start if first else dt.date(LAST_DAY_OF_63.year - 25, 1, 1)
    if first is None and latest_only:
        start = dt.date(today.year - 2, 1, 1)
    end = last.end if last else today
    if start > end:
        raise InputError(t("the range begins on {start}, after it ends on {end}", start=start, end=end))
    return Window(start, end, today, latest_only)


def recent(today: dt.date) -> Window:
    """The reports that fell due in the last twelve months."""
    return Window(dt.date(today.year - 2, 1, 1), today, today, due_since=today - dt.timedelta(days=WINDOW_DAYS))


def dues(
    store: Store,
    registry: Registry,
    targets: TargetsFile,
    chosen: Window,
    kpis: Sequence[Kpi] | None = None,
    units: Sequence[Unit] | None = None,
    which: int | None = None,
) -> list[Due]:
    """Every report owed in the window, received or not, by unit, KPI and period. `units` keeps the reports of those
    units (and, on the 34 map, of the units that became them); `which` is the map (None: each period's own)."""
    owed: list[tuple[Unit, Kpi, Period, dt.date]] = []
    for kpi in kpis or list(targets.kpis.values()):
        for period in _periods(kpi, chosen, which):
            for unit in reporters(kpi, period, registry):
                owed.append((unit, kpi, period, kpi.schedule.due(period)))
    wanted = {unit.key for unit in units} if units is not None else None
    found: list[Due] = []
    if not owed:
        return found
    received = store.received_on(
        scopes=sorted({unit.key for unit, *_ in owed}), kpis=sorted({kpi.code for _, kpi, *_ in owed})
    )
    for unit, kpi, period, due in owed:
        answerable = _answerable(registry, unit, chosen.today) if which == 34 else unit
        if wanted is not None and unit.key not in wanted and answerable.key not in wanted:
            continue
        day = received.get((unit.key, kpi.code, str(period)))
        found.append(Due(unit, kpi, period, due, day, answerable))
    return sorted(found, key=lambda d: (d.answerable.key != "national", d.answerable.code, d.unit.code, d.kpi.code,
                                        d.period.latest_key))  # fmt: skip


def _periods(kpi: Kpi, chosen: Window, which: int | None) -> list[Period]:
    periods = kpi.schedule.due_by(chosen.today, chosen.start, chosen.end)
    if which == 63:
        periods = [period for period in periods if period.end <= LAST_DAY_OF_63]
    if chosen.due_since is not None:
        periods = [period for period in periods if kpi.schedule.due(period) >= chosen.due_since]
    return periods[-1:] if chosen.latest_only else periods


def _answerable(registry: Registry, unit: Unit, today: dt.date) -> Unit:
    """The unit that answers today for `unit`'s reports: itself while it exists, else the unit it became."""
    current = unit
    for _ in range(5):  # a unit was renamed, then merged, at most
        if current.valid_to is None or current.valid_on(today):
            return current
        successor = registry.successor(current)
        if successor is None:
            return current
        current = successor
    return current


def missing(found: Iterable[Due]) -> list[Due]:
    return [due for due in found if due.missing]


def rates(found: Iterable[Due], by: str) -> tuple[list[Rate], Rate]:
    """The rates per province (the unit that owed the report, or on the 34 map the unit answering for it) or per
    KPI, and over all; in the order first met."""
    groups: dict[str, list[int]] = {}
    total = [0, 0, 0]
    for due in found:
        key = due.kpi.code if by == "kpi" else due.answerable.key
        counts = groups.setdefault(key, [0, 0, 0])
        for tally in (counts, total):
            tally[0] += 1
            tally[1] += not due.missing
            tally[2] += due.on_time
    return [Rate(key, *counts) for key, counts in groups.items()], Rate("", *total)
