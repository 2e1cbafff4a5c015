"""From what a user typed (on the command line or in a file's row) to a checked figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.numbers import format_exact, parse_number
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.records import NewFigure
from egovkpi.targets import Kpi, TargetsFile, check_value
from egovkpi.text import checked_text


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
    decimal: str | None = None  # "comma" or "dot": which mark is the decimal one; None: refuse what is ambiguous


def locate(province: str, kpi: str, period: str, registry: Registry, targets: TargetsFile) -> tuple[Unit, Kpi, Period]:
    """Which unit, KPI and period a user means: the unit as it stood at the period's end."""
    found = targets.kpi(kpi)
    when = parse_period(period)
    return registry.match(province, on=when.end), found, when


def check(entry: Entry, registry: Registry, targets: TargetsFile, today: dt.date | None = None) -> NewFigure:
    """Check an entry as `add` does; raise InputError with the first thing wrong: a provincial figure for a
    national-only KPI (`applies_to: national`) is refused with the reason."""
    unit, kpi, period = locate(entry.province, entry.kpi, entry.period, registry, targets)
    if not kpi.counts_for(unit):
        reason = kpi.national_reason or t("it is measured for the country as a whole, not for each province")
        raise InputError(t("{kpi} is national only: {reason}", kpi=kpi.code, reason=reason))
    day = today or dt.date.today()
    if period.start > day:
        raise InputError(t("{period} has not started yet; today is {day}", period=period, day=day))
    if unit.valid_to is not None and period.end > unit.valid_to:
        successor = registry.successor(unit)
        if successor is None:
            raise InputError(t("{unit} existed until {end}", unit=unit.name, end=unit.valid_to))
        raise InputError(
            t(
                "{unit} existed until {end} (merged into {heir}); a figure for {period} belongs to {heir}",
                unit=unit.name,
                end=unit.valid_to,
                period=period,
                heir=successor.name,
            )
        )
    value, numerator, denominator = _value(entry, kpi.unit)
    try:
        check_value(value, kpi.unit)
    except InputError as exc:
        raise InputError(t("value for {kpi}: {problem}", kpi=kpi.code, problem=exc.text)) from None
    return NewFigure(
        scope=unit.key,
        kpi=kpi.code,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        source=checked_text(entry.source, "source"),
        note=checked_text(entry.note, "note"),
    )


def _value(entry: Entry, unit: str) -> tuple[float, float | None, float | None]:
    has_value = bool(entry.value and entry.value.strip())
    has_n = bool(entry.numerator and entry.numerator.strip())
    has_d = bool(entry.denominator and entry.denominator.strip())
    if has_value and (has_n or has_d):
        raise InputError(t("give either a value or a numerator and denominator, not both"))
    if has_value:
        return parse_number(entry.value or "", t("value"), entry.decimal), None, None
    if not (has_n or has_d):
        raise InputError(t("give a value, or a numerator and a denominator"))
    if not (has_n and has_d):
        raise InputError(t("give both a numerator and a denominator"))
    if unit != "percent":
        raise InputError(t("a numerator and denominator make a percent; this KPI is a {unit}: give a value", unit=unit))
    numerator = parse_number(entry.numerator or "", t("numerator"), entry.decimal)
    denominator = parse_number(entry.denominator or "", t("denominator"), entry.decimal)
    if numerator < 0 or denominator < 0:
        raise InputError(t("numerator and denominator must be 0 or more"))
    if denominator == 0:
        raise InputError(t("the denominator is 0: a share of nothing has no value"))
    if numerator > denominator:
        shown = format_exact(numerator, "en"), format_exact(denominator, "en")
        raise InputError(t("the numerator ({n}) is larger than the denominator ({d})", n=shown[0], d=shown[1]))
    return 100.0 * numerator / denominator, numerator, denominator
