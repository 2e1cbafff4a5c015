"""From what a user typed (on the command line or in a file's row) to a checked figure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from egovkpi.errors import InputError
from egovkpi.periods import parse_period
from egovkpi.provinces import Registry
from egovkpi.records import NewFigure
from egovkpi.targets import TargetsFile, check_value
from egovkpi.text import clean

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


def parse_number(text: str, what: str) -> float:
    raw = text.strip()
    if not _NUMBER.match(raw):
        hint = " (use a dot for decimals and no thousands separators, e.g. 30.86 or 192577)"
        raise InputError(f"{what} '{text}' is not a number{hint}")
    return float(raw)


@dataclass(frozen=True)
class Entry:
    """One figure as the user gave it, before checking."""

    province: str
    kpi: str
    period: str
    value: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    source: str = ""
    note: str = ""


def check(entry: Entry, registry: Registry, targets: TargetsFile) -> NewFigure:
    """Check an entry as `add` does; raise InputError with the first thing wrong."""
    kpi = targets.kpi(entry.kpi.strip())
    period = parse_period(entry.period)
    unit = registry.match(entry.province, on=period.end)
    if unit.valid_to is not None and period.start > unit.valid_to:
        successor = registry.successor(unit)
        into = f" (merged into {successor.name})" if successor else ""
        raise InputError(
            f"{unit.name} existed until {unit.valid_to:%d/%m/%Y}{into}; a figure for {period} belongs to "
            f"{successor.name if successor else 'its successor'}"
        )
    value, numerator, denominator = _value(entry, kpi.unit)
    try:
        check_value(value, kpi.unit)
    except InputError as exc:
        raise InputError(f"value for {kpi.code}: {exc}") from None
    return NewFigure(
        scope=unit.key,
        kpi=kpi.code,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        source=clean(entry.source),
        note=clean(entry.note),
    )


def _value(entry: Entry, unit: str) -> tuple[float, float | None, float | None]:
    has_value = bool(entry.value and entry.value.strip())
    has_n = bool(entry.numerator and entry.numerator.strip())
    has_d = bool(entry.denominator and entry.denominator.strip())
    if has_value and (has_n or has_d):
        raise InputError("give either a value or a numerator and denominator, not both")
    if has_value:
        return parse_number(entry.value or "", "value"), None, None
    if not (has_n or has_d):
        raise InputError("give a value, or a numerator and a denominator")
    if not (has_n and has_d):
        raise InputError("give both a numerator and a denominator")
    if unit != "percent":
        raise InputError(f"a numerator and denominator make a percent; this KPI is a {unit}: give a value")
    numerator = parse_number(entry.numerator or "", "numerator")
    denominator = parse_number(entry.denominator or "", "denominator")
    if numerator < 0 or denominator < 0:
        raise InputError("numerator and denominator must be 0 or more")
    if denominator == 0:
        raise InputError("the denominator is 0: a share of nothing has no value")
    if numerator > denominator:
        raise InputError(f"the numerator ({numerator:g}) is larger than the denominator ({denominator:g})")
    return 100.0 * numerator / denominator, numerator, denominator
