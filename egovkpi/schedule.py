"""When a KPI is reported, when each report is due, and who must send it (targets.yaml `frequency`, `due`,
`reported_by`).

- `frequency`: year | half | quarter | month, or none for a figure published when it is (a UN survey every two
  years); year when absent.
- `due`: '15 days after the period ends' (the default), or 'day 10 of the following month'; the Vietnamese
  '15 ngày sau khi kết thúc kỳ' and 'ngày 10 tháng sau' too.
- `reported_by`: national (the nation alone), or a list of units; when absent, the units the KPI's targets apply
  to (`reporters`). A name stands for every unit it has meant, each for the periods it existed in: `Đắk Lắk` is the
  province until 30/06/2025 and the merged one after.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.periods import Period
from egovkpi.provinces import NATION, Registry, Unit
from egovkpi.text import fold
from egovkpi.yamlfile import shown

if TYPE_CHECKING:
    from egovkpi.targets import Kpi

FREQUENCIES = {"year": "Y", "half": "H", "quarter": "Q", "month": "M", "none": ""}
DEFAULT_DUE_DAYS = 15
_PER_YEAR = {"Y": 1, "H": 2, "Q": 4, "M": 12}
_DAYS_AFTER = re.compile(
    r"^(\d{1,3})\s*(?:days?\s+after(?:\s+the)?\s+period\s+ends?|ngay\s+sau\s+khi\s+ket\s+thuc\s+ky)$"
)
_DAY_OF_NEXT = re.compile(r"^(?:day\s+(\d{1,2})\s+of\s+the\s+following\s+month|ngay\s+(\d{1,2})\s+thang\s+sau)$")
DUE_ACCEPTED = t("accepted: '15 days after the period ends' or 'day 10 of the following month'")


@dataclass(frozen=True)
class Schedule:
    kind: str = "Y"  # the periods a KPI is reported for: Y, H, Q or M; "" for none (never expected)
    days_after: int | None = DEFAULT_DUE_DAYS  # due so many days after the period's last day ...
    day_of_next_month: int | None = None  # ... or on this day of the month after it (the last day if shorter)
    reported_by: tuple[Unit, ...] | None = None  # who must report (every unit each name has meant); None: the units
    # the targets apply to

    @property
    def scheduled(self) -> bool:
        return bool(self.kind)

    def due(self, period: Period) -> dt.date:
        """The last day a report for `period` is on time."""
        if self.day_of_next_month is not None:
            after = period.end + dt.timedelta(days=1)
            last = calendar.monthrange(after.year, after.month)[1]
            return after.replace(day=min(self.day_of_next_month, last))
        return period.end + dt.timedelta(days=self.days_after or 0)

    def periods(self, start: dt.date, end: dt.date) -> list[Period]:
        """The periods of this KPI's frequency lying wholly between `start` and `end`, oldest first."""
        if not self.kind:
            return []
        found = []
        for year in range(start.year, end.year + 1):
            for index in range(1, _PER_YEAR[self.kind] + 1):
                period = Period(year, self.kind, index)
                if start <= period.start and period.end <= end:
                    found.append(period)
        return found

    def due_by(self, today: dt.date, start: dt.date, end: dt.date) -> list[Period]:
        """The periods between `start` and `end` whose report was due before `today`."""
        return [period for period in self.periods(start, end) if self.due(period) < today]

    def latest_due(self, today: dt.date) -> Period | None:
        """The latest period whose report was due before `today`."""
        found = self.due_by(today, dt.date(today.year - 2, 1, 1), today)
        return found[-1] if found else None


def reporters(kpi: Kpi, period: Period, registry: Registry) -> list[Unit]:
    """The units that must report `kpi` for `period`: `reported_by` where set; otherwise the units its targets apply
    to: a national target (of no tier) the nation and, unless the KPI is national-only, every province in force on
    the period's last day (a `tier: province` one the provinces alone); a province's own target that province.
    Nobody outside the KPI's era (its legal definition), and nobody for a KPI off any schedule."""
    schedule = kpi.schedule
    if not schedule.scheduled or not _in_era(kpi, period):
        return []
    day = period.end
    if schedule.reported_by is not None:
        return [unit for unit in schedule.reported_by if unit.is_national or unit.valid_on(day)]
    found: dict[str, Unit] = {}
    provinces = [unit for unit in registry.as_of(day) if not unit.is_national]
    for target in kpi.targets:
        if target.documentation_only:
            continue
        if not target.scope.is_national:
            if target.scope.valid_on(day):
                found.setdefault(target.scope.key, target.scope)
            continue
        if target.judged_for(NATION):
            found.setdefault(NATION.key, NATION)
        if not kpi.national_only:
            for unit in provinces:
                found.setdefault(unit.key, unit)
    return sorted(found.values(), key=lambda unit: (not unit.is_national, unit.code, unit.key))


def _in_era(kpi: Kpi, period: Period) -> bool:
    era = kpi.era
    if era is None:
        return True
    return (era.start is None or era.start <= period.end) and (era.end is None or period.start <= era.end)


def read_schedule(body: dict[str, Any], registry: Registry) -> Schedule:
    """A KPI's `frequency`, `due` and `reported_by` from targets.yaml; refused in one line, naming what is accepted."""
    raw = body.get("frequency", "year")
    if not isinstance(raw, str) or raw.strip().lower() not in FREQUENCIES:
        accepted = ", ".join(FREQUENCIES)
        raise InputError(t("'frequency' {value} is not one of {accepted}", value=shown(raw), accepted=accepted))
    kind = FREQUENCIES[raw.strip().lower()]
    days_after, day_of_next = _due(body.get("due"))
    return Schedule(kind, days_after, day_of_next, _reported_by(body.get("reported_by"), registry))


def _due(raw: Any) -> tuple[int | None, int | None]:
    if raw is None:
        return DEFAULT_DUE_DAYS, None
    text = fold(str(raw)).strip() if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    text = re.sub(r"\s+", " ", text)
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = f"{raw} days after the period ends"
    days = _DAYS_AFTER.match(text)
    if days and int(days.group(1)) <= 366:
        return int(days.group(1)), None
    day = _DAY_OF_NEXT.match(text)
    if day and 1 <= int(day.group(1) or day.group(2)) <= 31:
        return None, int(day.group(1) or day.group(2))
    raise InputError(t("'due' {value} is not a due date rule", value=shown(raw)), hint=DUE_ACCEPTED)


def _reported_by(raw: Any, registry: Registry) -> tuple[Unit, ...] | None:
    if raw is None:
        return None
    names: Sequence[Any] = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    if not names or not all(isinstance(name, str) and name.strip() for name in names):
        raise InputError(t("'reported_by' must be national or a list of unit names, e.g. [national, Phú Yên]"))
    units = [unit for name in names for unit in registry.all_matches(name)]
    return tuple(dict.fromkeys(units))
