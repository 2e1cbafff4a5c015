"""The registry of provincial units: 63 until 30 June 2025, 34 from 1 July 2025.

A unit is keyed on its code plus the day it began (codes were reused in 2025).
Matching forgives case, diacritics, Unicode forms, spacing and the
'Tỉnh' / 'Thành phố' / 'TP.' prefixes, and accepts the code.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from egovkpi.errors import InputError
from egovkpi.resources import resource_path
from egovkpi.text import clean, fold

NATIONAL = "national"
REFORM_DAY = dt.date(2025, 7, 1)  # the 34 units in force from this day (NQ 202/2025/QH15)
LAST_DAY_OF_63 = REFORM_DAY - dt.timedelta(days=1)
NATIONAL_NAMES = {"national", "toan quoc", "ca nuoc", "viet nam", "vn"}
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\b\.?\s*")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    full_name: str
    name_ascii: str
    unit_type: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str = ""
    predecessor_codes: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Code plus start of validity: '31' for the old Hải Phòng, '31@2025-07-01' for the new one."""
        return self.code if self.valid_from is None else f"{self.code}@{self.valid_from.isoformat()}"

    @property
    def is_national(self) -> bool:
        return self.code == NATIONAL

    def valid_on(self, day: dt.date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day <= self.valid_to)


NATION = Unit(NATIONAL, NATIONAL, "Toàn quốc", "national", "", None, None)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _bare(name: str) -> str:
    """The folded name without an administrative prefix: 'TP. Hồ Chí Minh' -> 'ho chi minh'."""
    return _PREFIX.sub("", fold(name)).strip()


class Registry:
    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in {unit.name, unit.full_name, unit.name_ascii, *unit.former_names}:
                self._by_name.setdefault(_bare(name), []).append(unit)
        self._by_key = {unit.key: unit for unit in units}

    def by_key(self, key: str) -> Unit:
        if key == NATIONAL:
            return NATION
        return self._by_key[key]

    def successor(self, unit: Unit) -> Unit | None:
        """The unit an ended unit was merged into, as it stood the day after."""
        if not unit.successor_code or unit.valid_to is None:
            return None
        return self.match(unit.successor_code, on=unit.valid_to + dt.timedelta(days=1))

    def predecessors(self, unit: Unit) -> list[Unit]:
        """The units a 2025 unit was formed from, as they stood the day before."""
        return [self.match(code, on=LAST_DAY_OF_63) for code in unit.predecessor_codes]

    def as_of(self, day: dt.date) -> list[Unit]:
        return [unit for unit in self.units if unit.valid_on(day)]

    def candidates(self, text: str) -> list[Unit]:
        folded = fold(text)
        if folded.isdigit():
            return [unit for unit in self.units if unit.code == folded.zfill(2)]
        return self._by_name.get(_bare(text), [])

    def match(self, text: str, on: dt.date | None = None) -> Unit:
        """The unit a user means: `national`, a name in any spelling, or a code.

        Where a name or code meant different units over time, the one valid on
        `on` wins (today when not given), else the most recent one.
        """
        if fold(text) in NATIONAL_NAMES:
            return NATION
        found = self.candidates(text)
        if not found:
            raise InputError(self._unknown(text))
        day = on or dt.date.today()
        valid = [unit for unit in found if unit.valid_on(day)]
        if valid:
            return valid[0]
        return max(found, key=lambda unit: unit.valid_from or dt.date.min)

    def _unknown(self, text: str) -> str:
        names = sorted({_bare(unit.name): unit.name for unit in self.units}.items())
        close = difflib.get_close_matches(_bare(text), [bare for bare, _ in names], n=3, cutoff=0.6)
        lookup = dict(names)
        hint = f"; did you mean {' or '.join(repr(lookup[c]) for c in close)}?" if close else ""
        shown = clean(text) or "(empty)"
        return (
            f"unknown province '{shown}'{hint} "
            "(accepted: a province name with or without diacritics, its code such as 54, or 'national'; "
            "see 'egovkpi provinces')"
        )


def _load(path: Path) -> list[Unit]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Unit(
                code=row["code"],
                name=clean(row["name"]),
                full_name=clean(row["full_name"]),
                name_ascii=row["name_ascii"],
                unit_type=row["unit_type"],
                valid_from=_date(row["valid_from"]),
                valid_to=_date(row["valid_to"]),
                successor_code=row["successor_code"],
                predecessor_codes=tuple(filter(None, row["predecessor_codes"].split(";"))),
                former_names=tuple(filter(None, row["former_names"].split(";"))),
            )
            for row in csv.DictReader(handle)
        ]


@functools.cache
def registry() -> Registry:
    return Registry(_load(resource_path("data/provinces.csv")))
