"""Reporting periods: a year, a half, a quarter or a month (2019, 2019-H1, 2019-Q4, 2019-12)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from egovkpi.errors import InputError
from egovkpi.messages import t

FIRST_YEAR = 2000
LAST_YEAR = 2100
ACCEPTED = t(
    "use a year (2019), a half (2019-H1), a quarter (2019-Q4) or a month (2019-12), years 2000-2100; "
    "also as reports write them: Quý 3/2020, Tháng 12/2019, 12/2019, 6 tháng đầu năm 2020, Năm 2019"
)

_PATTERN = re.compile(r"^(\d{4})(?:-(?:([HhQq])(\d+)|(\d{1,2})))?$", re.ASCII)
_MONTHS = {"Y": 12, "H": 6, "Q": 3, "M": 1}
_COUNT = {"H": 2, "Q": 4, "M": 12}


@dataclass(frozen=True)
class Period:
    year: int
    kind: str  # Y, H, Q or M
    index: int = 1  # which half, quarter or month; 1 for a year

    @property
    def months(self) -> int:
        return _MONTHS[self.kind]

    @property
    def start(self) -> dt.date:
        month = (self.index - 1) * self.months + 1
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        month = self.index * self.months
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def latest_key(self) -> tuple[dt.date, int]:
        """Orders figures by the day their period ends; on a tie the longer period wins."""
        return (self.end, self.months)

    def __str__(self) -> str:
        if self.kind == "Y":
            return f"{self.year}"
        if self.kind == "M":
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}-{self.kind}{self.index}"


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_SPOKEN = [  # after folding: 'Quý III/2020' is 'quy iii/2020'; each gives the canonical spelling
    (re.compile(r"^(?:quy|q)\s*(iv|i{1,3}|[1-4])\s*(?:[/.-]|\s(?:nam\s)?)\s*(\d{4})$"), "{1}-Q{0}"),
    (re.compile(r"^(?:thang|t)\s*(\d{1,2})\s*(?:[/.-]|\s(?:nam\s)?)\s*(\d{4})$"), "{1}-{0:0>2}"),
    (re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$"), "{1}-{0:0>2}"),  # 12/2019: a four-digit year cannot be a day
    (re.compile(r"^6 thang dau nam (\d{4})$"), "{0}-H1"),
    (re.compile(r"^6 thang cuoi nam (\d{4})$"), "{0}-H2"),
    (re.compile(r"^nam (\d{4})$"), "{0}"),
]


def _canonical(raw: str) -> str:
    """A period as Vietnamese reports write it ('Quý 3/2020', 'Tháng 12/2019', '12/2019', '6 tháng đầu năm 2020')
    in the canonical spelling; anything else unchanged."""
    from egovkpi.text import fold

    folded = fold(raw)
    for pattern, spelling in _SPOKEN:
        found = pattern.match(folded)
        if found:
            parts = [_ROMAN.get(part, part) for part in found.groups()]
            return spelling.format(*parts)
    return raw


def stored_months(period: str) -> int:
    """The length in months of a period as the store writes it (2019, 2019-H2, 2019-Q4, 2019-12), read without
    parsing it: reports ask it of thousands."""
    return 12 if len(period) == 4 else _MONTHS.get(period[5], 1)


@functools.lru_cache(maxsize=4096)
def stored_end(period: str) -> str:
    """The ISO day a period as the store writes it ends (2019-Q4: 2019-12-31), worked out once a period."""
    return parse_period(period).end.isoformat()


def parse_period(text: str) -> Period:
    """Parse a period as users write it; raise InputError with what is accepted."""
    raw = _canonical(text.strip())
    match = _PATTERN.match(raw)
    if not match:
        raise InputError(t("'{text}' is not a period", text=text), hint=ACCEPTED)
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            t("'{text}': the year must be between {first} and {last}", text=text, first=FIRST_YEAR, last=LAST_YEAR)
        )
    if match.group(2):
        kind, index = match.group(2).upper(), int(match.group(3))
    elif match.group(4):
        kind, index = "M", int(match.group(4))
    else:
        return Period(year, "Y")
    if not 1 <= index <= _COUNT[kind]:
        names = {"H": t("a half is H1 or H2"), "Q": t("a quarter is Q1 to Q4"), "M": t("a month is 01 to 12")}
        raise InputError(t("'{text}' does not exist: {rule}", text=text, rule=names[kind]))
    return Period(year, kind, index)


def parse_date(text: str, what: str) -> dt.date:
    """A day written YYYY-MM-DD; raise InputError naming the option."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            t("{what} '{text}' is not a date", what=what, text=text), hint=t("accepted: YYYY-MM-DD, e.g. 2025-07-01")
        ) from None
