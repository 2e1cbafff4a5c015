"""Who has reported: each report a unit owes (a KPI for a period, by its due day), whether and when it came, and
the rates of reports complete and on time.

A report is received when the unit has a current figure (not withdrawn) for the KPI and period; it is on time when
the day it was received (`add --received`, an import's `received` column, else the day recorded) is no later than
its due day; judged on a past day, a report received after it is not received yet. On the 34-unit map a unit that
ended in 2025 owes its reports still, answered to the unit it became (`Due.answerable`); on the 63-unit map only
periods that ended by 30/06/2025 are asked for. `build` and `grid` give the rates `completeness` and the overview
report's heat map show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.periods import Period
from egovkpi.provinces import LAST_DAY_OF_63, REFORM_DAY, Registry, Unit
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
    """The periods from `first` to `last` (`first` alone: to today; `last` alone: the twelve months up to its end);
    without either, the reports due in the last twelve months (`recent`), or with `latest_only` each KPI's latest
    period due."""
    if first is None and last is None and not latest_only:
        return recent(today)
    end = last.end if last else today
    if first is not None:
        start = first.start
    elif latest_only:
        start = dt.date(today.year - 2, 1, 1)
    else:
        after = end + dt.timedelta(days=1)  # a period ends on a month's last day: this is a 1st
        start = after.replace(year=after.year - 1)
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
        answerable = registry.answering(unit, max(chosen.today, REFORM_DAY)) if which == 34 else unit
        if wanted is not None and unit.key not in wanted and answerable.key not in wanted:
            continue
        day = received.get((unit.key, kpi.code, str(period)))
        if day is not None and day > chosen.today:  # judged on a day before it came: not received yet
            day = None
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


def chosen_units(registry: Registry, names: Sequence[str], which: int | None, today: dt.date) -> list[Unit]:
    """The units `names` select: on the 34 map the unit each name means from July 2025 (`dues` adds the units that
    became it); on the 63 map every unit the name meant until 30/06/2025 (Thừa Thiên Huế and Huế alike); without a
    map every unit the name has meant, each for its own periods (the old Đắk Lắk and the merged one)."""
    found: list[Unit] = []
    for name in names:
        if which == 34:
            found.append(registry.match(name, on=max(today, REFORM_DAY)))
        elif which == 63:
            found += [u for u in registry.all_matches(name) if u.valid_from is None or u.valid_from <= LAST_DAY_OF_63]
        else:
            found += registry.all_matches(name)
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Grid:
    """The reports each unit (down; on the 34 map the unit answering) owed for each KPI (across), as rates."""

    units: tuple[Unit, ...]
    kpis: tuple[Kpi, ...]
    cells: dict[tuple[str, str], Rate]  # (unit key, KPI code) -> its rate; absent: nothing was owed
    total: Rate


@dataclass(frozen=True)
class Completeness:
    """What `completeness` shows: the rates by province or KPI, their total, and the province-by-KPI grid."""

    window: Window
    by: str  # province or kpi
    which: int | None  # the map; None: each period's own
    rates: list[Rate]
    total: Rate
    grid: Grid


def grid(found: Sequence[Due], order: Iterable[Kpi] = ()) -> Grid:
    """The rates by unit and KPI: units in the order met (the nation first, then by code), KPIs in `order` (those
    not in it after, by code)."""
    units: dict[str, Unit] = {}
    kpis: dict[str, Kpi] = {}
    cells: dict[tuple[str, str], list[Due]] = {}
    for due in found:
        units.setdefault(due.answerable.key, due.answerable)
        kpis.setdefault(due.kpi.code, due.kpi)
        cells.setdefault((due.answerable.key, due.kpi.code), []).append(due)
    ranked = {kpi.code: index for index, kpi in enumerate(order)}
    columns = sorted(kpis.values(), key=lambda kpi: (ranked.get(kpi.code, len(ranked)), kpi.code))
    rated = {key: rates(group, "province")[1] for key, group in cells.items()}
    return Grid(tuple(units.values()), tuple(columns), rated, rates(found, "province")[1])


def build(found: Sequence[Due], by: str, chosen: Window, which: int | None, order: Iterable[Kpi] = ()) -> Completeness:
    """The rates of `found` by province or by KPI (in the grid's order), their total and the grid."""
    if by not in BY:
        raise InputError(t("--by {value} is not one of {accepted}", value=by, accepted=", ".join(BY)))
    table = grid(found, order)
    rows, total = rates(found, by)
    keys = [unit.key for unit in table.units] if by == "province" else [kpi.code for kpi in table.kpis]
    place = {key: index for index, key in enumerate(keys)}
    return Completeness(chosen, by, which, sorted(rows, key=lambda rate: place[rate.key]), total, table)


def overview(store: Store, registry: Registry, targets: TargetsFile, day: dt.date, which: int) -> Grid:
    """The grid of `report --format html`'s overview: the reports due in the twelve months before `day`."""
    return grid(dues(store, registry, targets, recent(day), which=which), targets.kpis.values())
