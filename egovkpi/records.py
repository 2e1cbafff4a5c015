"""The data that flows between rooms: figures new and stored, and what recording one did. Data only, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from egovkpi.periods import Period


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

    def same_as(self, other: Figure) -> bool:
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
