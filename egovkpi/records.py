"""The data that flows between rooms: figures new and stored, and what recording one did. Data only, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.periods import Period

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh: UTC+7 all year; a received day is its day


@dataclass(frozen=True)
class NewFigure:
    """A checked figure, ready to be recorded."""

    scope: str  # unit key
    kpi: str
    period: Period
    value: float
    numerator: float | None = None
    denominator: float | None = None
    source: str = ""
    note: str = ""
    received: dt.date | None = None  # the day the report was received; None: the day it is recorded, in Việt Nam

    def same_as(self, other: Figure) -> bool:
        """Whether recording it would repeat `other`: the same figure, whatever day each was received (the first
        received day stays, and timeliness is judged on it)."""
        return not other.withdrawn and (self.value, self.numerator, self.denominator, self.source, self.note) == (
            other.value,
            other.numerator,
            other.denominator,
            other.source,
            other.note,
        )


@dataclass(frozen=True)
class Stamp:
    """A revision as a history file gives it: which one, when and by whom it was recorded, whether a withdrawal."""

    revision: int
    recorded_at: str  # ISO 8601 with its offset, kept exactly as written
    recorded_by: str
    withdrawn: bool


@dataclass(frozen=True)
class Figure:
    """One stored revision of a figure."""

    scope: str
    kpi: str
    period: str
    period_end: str
    period_months: int
    revision: int
    value: float
    numerator: float | None
    denominator: float | None
    source: str
    note: str
    recorded_at: str
    recorded_by: str
    withdrawn: bool = False  # a withdrawal revision: the figure leaves reports; note holds the reason
    received: str | None = None  # ISO date the report was received (for a withdrawal, the day it was withdrawn)

    @property
    def latest_key(self) -> tuple[str, int]:
        return (self.period_end, self.period_months)


class Outcome(str, Enum):
    """What recording a figure did."""

    NEW = "new"  # the first figure for its unit, KPI and period
    REVISED = "revised"  # a new revision; the previous one is kept
    UNCHANGED = "unchanged"  # it repeats the current revision exactly; nothing stored
    WITHDRAWN = "withdrawn"  # a withdrawal revision was recorded
    KEPT = "kept"  # it differs from the current revision, which was kept (import --on-duplicate keep)
    LEFT_WITHDRAWN = "left_withdrawn"  # an import row repeats a figure since withdrawn: it stays withdrawn


@dataclass(frozen=True)
class Recorded:
    figure: NewFigure | Figure  # what was recorded; for a withdrawal, the withdrawal revision
    outcome: Outcome
    revision: int  # the current revision after recording (the repeated one when unchanged)
    previous: Figure | None


def vietnam_today() -> dt.date:
    """Today in Việt Nam, whatever the machine's time zone: the day commands judge on and received days are in."""
    return dt.datetime.now(VIETNAM_TIME).date()


def vietnam_day(stamp: str) -> dt.date:
    """The day in Việt Nam of a stored time (ISO 8601, with whatever offset it was written; UTC without one);
    ValueError if it is not a time."""
    when = dt.datetime.fromisoformat(stamp)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(VIETNAM_TIME).date()


def received_day(given: dt.date | None, period: Period, recorded: dt.date, today: dt.date) -> str:
    """The received day to store, an ISO date: the one given, checked, else the day recorded. A report is received
    between the day its period began and the day it is recorded, never after today (days in Việt Nam)."""
    if given is None:
        return recorded.isoformat()
    accepted = {"day": given, "period": period, "start": period.start, "recorded": min(recorded, today)}
    if given > today:
        raise InputError(t("received {day} is in the future; give a day from {start} to {recorded}", **accepted))
    if given > recorded:
        said = t("received {day} is after the day it was recorded; give a day from {start} to {recorded}", **accepted)
        raise InputError(said)
    if given < period.start:
        raise InputError(
            t("received {day} is before {period} began; give a day from {start} to {recorded}", **accepted)
        )
    return given.isoformat()
