"""The registry of provincial units: 63 until 30 June 2025, 34 from 1 July 2025.

A unit is keyed on its code plus the day it began (codes were reused in 2025).
Matching forgives case, diacritics, Unicode forms, spacing, hyphens and dashes
('Bà Rịa-Vũng Tàu' with any dash, 'Phu-Yen'), dots ('TP.HCM'), names run together ('Haiphong'),
the 'Tỉnh' / 'Thành phố' / 'TP.' prefixes and a trailing 'Province' / 'City'. It
accepts the code with or without leading zeros ('054', '1') and the short forms
of data/aliases.csv ('HCM', 'BR-VT', 'TT Huế'). Text that could mean two units
on the same day is refused, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from egovkpi.errors import InputError
from egovkpi.messages import either, t
from egovkpi.resources import resource_path
from egovkpi.text import clean, fold_words

NATIONAL = "national"
REFORM_DAY = dt.date(2025, 7, 1)  # the 34 units in force from this day (NQ 202/2025/QH15)
LAST_DAY_OF_63 = REFORM_DAY - dt.timedelta(days=1)
NATIONAL_NAMES = {"national", "toan quoc", "ca nuoc", "viet nam", "vn"}
_NATIONAL_COMPACT = {name.replace(" ", "") for name in NATIONAL_NAMES}
ACCEPTED = t(
    "accepted: a province name with or without diacritics, a short form such as TP.HCM or BR-VT, "
    "its code such as 54, or 'national'; see 'egovkpi provinces'"
)
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp) ")  # after fold_words: 'TP.HCM' is 'tp hcm'
_SUFFIX = re.compile(r" (?:province|city)$")  # 'Phu Yen Province', 'Ho Chi Minh City'


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

    @functools.cached_property
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


def _key(text: str) -> str:
    """How a name is looked up: 'TP. Hồ Chí Minh' -> 'ho chi minh', 'Bà Rịa-Vũng Tàu' -> 'ba ria vung tau'."""
    return _SUFFIX.sub("", _PREFIX.sub("", fold_words(text)))


def _code(text: str) -> str | None:
    """'54', '054' -> '54'; '1' -> '01'; None when the text is not a number."""
    words = fold_words(text)
    if not (words.isascii() and words.isdigit()):
        return None
    return words.lstrip("0").zfill(2)


def _age(unit: Unit) -> tuple[dt.date, dt.date, str]:
    return (unit.valid_from or dt.date.min, unit.valid_to or dt.date.max, unit.code)


def _add(index: dict[str, list[Unit]], key: str, unit: Unit) -> None:
    units = index.setdefault(key, [])
    if unit not in units:
        units.append(unit)


class Registry:
    def __init__(self, units: list[Unit], aliases: Mapping[str, str] | None = None) -> None:
        """`aliases` maps a short form or other spelling to a unit name as in data/provinces.csv."""
        self.units = units
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in {unit.name, unit.full_name, unit.name_ascii, *unit.former_names}:
                _add(self._by_name, _key(name), unit)
        self._add_aliases(aliases or {})
        self._by_compact: dict[str, list[Unit]] = {}
        for key, found in self._by_name.items():
            for unit in found:
                _add(self._by_compact, key.replace(" ", ""), unit)
        self._by_key = {unit.key: unit for unit in units}

    def _add_aliases(self, aliases: Mapping[str, str]) -> None:
        named: dict[str, list[Unit]] = {}
        for unit in self.units:
            named.setdefault(unit.name, []).append(unit)
        for alias, name in aliases.items():
            if name not in named:
                raise ValueError(f"alias {alias!r}: {name!r} is not the name of a unit")
            key = _key(alias)
            if not key or _code(alias) is not None:
                raise ValueError(f"alias {alias!r}: an alias must be a name, not empty or a code")
            other = {unit.name for unit in self._by_name.get(key, [])} - {name}
            if other:
                raise ValueError(f"alias {alias!r} for {name} is already a spelling of {', '.join(sorted(other))}")
            for unit in named[name]:
                _add(self._by_name, key, unit)

    def by_key(self, key: str) -> Unit:
        if key == NATIONAL:
            return NATION
        return self._by_key[key]

    def successor(self, unit: Unit) -> Unit | None:
        """The unit an ended unit was merged into, as it stood the day after."""
        if not unit.successor_code or unit.valid_to is None:
            return None
        return self.match(unit.successor_code, on=unit.valid_to + dt.timedelta(days=1))

    def answering(self, unit: Unit, day: dt.date) -> Unit:
        """The unit that answers on `day` for `unit`: itself while it exists, else the unit it became (renamed, then
        merged, at most a few steps)."""
        current = unit
        for _ in range(5):
            if current.valid_to is None or current.valid_on(day):
                return current
            successor = self.successor(current)
            if successor is None:
                return current
            current = successor
        return current

    def predecessors(self, unit: Unit) -> list[Unit]:
        """The units a 2025 unit was formed from, as they stood the day before."""
        return [self.match(code, on=LAST_DAY_OF_63) for code in unit.predecessor_codes]

    def as_of(self, day: dt.date) -> list[Unit]:
        return [unit for unit in self.units if unit.valid_on(day)]

    def candidates(self, text: str) -> list[Unit]:
        """Every unit a name, short form or code may mean at some time, in registry order."""
        code = _code(text)
        if code is not None:
            return [unit for unit in self.units if unit.code == code]
        key = _key(text)
        return list(self._by_name.get(key) or self._by_compact.get(key.replace(" ", ""), []))

    def match(self, text: str, on: dt.date | None = None) -> Unit:
        """The unit a user means: `national`, a name in any spelling, a short form, or a code.

        Where a name or code meant different units over time, the one valid on
        `on` wins (today when not given), else the most recent one. Text that
        could mean two units on the same day is refused, naming both.
        """
        found = self._found(text)
        if found[0].is_national:
            return NATION
        day = on or dt.date.today()
        valid = [unit for unit in found if unit.valid_on(day)]
        if len(valid) > 1:
            raise _ambiguous(text, valid, day)
        if valid:
            return valid[0]
        latest = max(unit.valid_from or dt.date.min for unit in found)
        newest = [unit for unit in found if (unit.valid_from or dt.date.min) == latest]
        if len(newest) > 1:
            raise _ambiguous(text, newest, None)
        return newest[0]

    def all_matches(self, text: str) -> list[Unit]:
        """Every unit a name or code has meant over time, oldest first: '15' -> [Yên Bái, Lào Cai]."""
        return sorted(self._found(text), key=_age)

    def _found(self, text: str) -> list[Unit]:
        """[NATION] for the nation, else every unit the text may mean; refused when it means none."""
        if _is_national(text):
            return [NATION]
        found = self.candidates(text)
        if not found:
            raise self._unknown(text)
        return found

    def _unknown(self, text: str) -> InputError:
        """Refuse, suggesting close spellings and, for initials such as 'HN', every name they stand for."""
        key = _key(text)
        compact = key.replace(" ", "")
        initials = [unit.name for unit in self.units if len(compact) > 1 and compact == _initials(unit.name)]
        spellings = {spelling: found[0].name for spelling, found in self._by_name.items()}
        close = difflib.get_close_matches(key, list(spellings), n=6, cutoff=0.6)
        names = list(dict.fromkeys([*initials, *(spellings[spelling] for spelling in close)]))[:3]
        shown = clean(text) or "—"
        if names:
            guess = either([repr(name) for name in names])
            return InputError(
                t("unknown province '{text}'; did you mean {guess}?", text=shown, guess=guess), hint=ACCEPTED
            )
        return InputError(t("unknown province '{text}'", text=shown), hint=ACCEPTED)


def _initials(name: str) -> str:
    """'Hà Nội' -> 'hn', 'Bà Rịa - Vũng Tàu' -> 'brvt'."""
    return "".join(word[0] for word in _key(name).split())


def _is_national(text: str) -> bool:
    words = fold_words(text)
    return words in NATIONAL_NAMES or words.replace(" ", "") in _NATIONAL_COMPACT


def _ambiguous(text: str, units: list[Unit], day: dt.date | None) -> InputError:
    meanings = either([t("{name} (code {code})", name=unit.name, code=unit.code) for unit in sorted(units, key=_age)])
    if day is None:
        message = t(
            "'{text}' could mean {meanings}; write the full name or the code", text=clean(text), meanings=meanings
        )
    else:
        message = t(
            "'{text}' could mean {meanings} on {day}; write the full name or the code",
            text=clean(text),
            meanings=meanings,
            day=day,
        )
    return InputError(message, hint=ACCEPTED)


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


def _load_aliases(path: Path) -> dict[str, str]:
    """data/aliases.csv: alias, name (a unit name as in data/provinces.csv) and a free-text note."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {clean(row["alias"]): clean(row["name"]) for row in csv.DictReader(handle) if row["alias"].strip()}


@functools.cache
def registry() -> Registry:
    return Registry(_load(resource_path("data/provinces.csv")), _load_aliases(resource_path("data/aliases.csv")))
