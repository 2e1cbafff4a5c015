"""From what a user typed (on the command line or in a file's row) to a checked figure."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from egovkpi.errors import InputError
from egovkpi.messages import Text, t
from egovkpi.numbers import LIMIT, format_exact, parse_number, plain_number
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.records import VIETNAM_TIME, NewFigure, received_day, vietnam_today
from egovkpi.targets import Kpi, TargetsFile, check_value
from egovkpi.text import checked_text, clean

Number = str | float | None  # as typed (read by the number rules), or a number a spreadsheet or JSON file held
AGREEMENT = 0.005  # a value given beside its numerator and denominator may be their percent rounded to 2 decimals
DAYS = t("accepted: YYYY-MM-DD or dd/mm/yyyy, e.g. 2025-07-01 or 01/07/2025")
_VALUE, _NUMERATOR, _DENOMINATOR = t("value"), t("numerator"), t("denominator")  # what a number is, in errors
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.ASCII)  # 01/07/2025, 1.7.2025, 01-07-2025


@dataclass(frozen=True)
class Entry:
    """One figure as the user gave it, before checking."""

    province: str
    kpi: str
    period: str
    value: Number = None
    numerator: Number = None
    denominator: Number = None
    source: str = ""
    note: str = ""
    decimal: str | None = None  # "comma" or "dot": which mark is the decimal one; None: refuse what is ambiguous
    received: str | dt.date | None = None  # the day the report was received, as typed or a spreadsheet's date


def locate(province: str, kpi: str, period: str, registry: Registry, targets: TargetsFile) -> tuple[Unit, Kpi, Period]:
    """Which unit, KPI and period a user means: the unit as it stood at the period's end."""
    found = targets.kpi(kpi)
    when = parse_period(period)
    return registry.match(province, on=when.end), found, when


def check(entry: Entry, registry: Registry, targets: TargetsFile, today: dt.date | None = None) -> NewFigure:
    """Check an entry as `add` does; raise InputError with the first thing wrong: a provincial figure for a
    national-only KPI (`applies_to: national`) is refused with the reason."""
    unit, kpi, period = locate(entry.province, entry.kpi, entry.period, registry, targets)
    _placed(unit, kpi, period, registry, today or vietnam_today())
    value, numerator, denominator = _checked_value(entry, kpi)
    return NewFigure(
        scope=unit.key,
        kpi=kpi.code,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        source=checked_text(entry.source, "source"),
        note=checked_text(entry.note, "note"),
        received=_received(entry.received, period),
    )


def _placed(unit: Unit, kpi: Kpi, period: Period, registry: Registry, day: dt.date) -> None:
    """Refuse a figure its unit, KPI and period do not allow: a national-only KPI, a period not yet begun, a unit
    that had ended."""
    if not kpi.counts_for(unit):
        reason = kpi.national_reason or t("it is measured for the country as a whole, not for each province")
        raise InputError(t("{kpi} is national only: {reason}", kpi=kpi.code, reason=reason))
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


def _checked_value(entry: Entry, kpi: Kpi) -> tuple[float, float | None, float | None]:
    value, numerator, denominator = _value(entry, kpi.unit)
    try:
        check_value(value, kpi.unit)
    except InputError as exc:
        raise InputError(t("value for {kpi}: {problem}", kpi=kpi.code, problem=exc.text)) from None
    return value, numerator, denominator


Found = TypeVar("Found")
Key = TypeVar("Key", bound=Hashable)
# the columns whose cells `Checker.quick` reads, in its order
QUICK = ("province", "kpi", "period", "value", "numerator", "denominator", "source", "note", "code", "received")
MEMO_LIMIT = 20_000  # answers a memo keeps; past it, it starts afresh, so memory stays flat whatever the file


def _memo(memo: dict[Key, Any], key: Key, work: Callable[[Key], Found]) -> Found:
    """`work(key)`, each key worked out once: its answer, or the InputError it raised, raised again."""
    found = memo.get(key, memo)  # the memo itself: not there yet
    if found is memo:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        try:
            found = memo[key] = work(key)
        except InputError as exc:
            memo[key] = exc
            raise
    if isinstance(found, InputError):
        raise found.with_traceback(None)
    return found  # type: ignore[no-any-return]


class Checker:
    """`locate` and `check` for the many rows of a file, with the same answers and errors: each distinct KPI,
    period, unit name (on the day its period ends), value as typed, source and note is worked out once (a file
    names few of them)."""

    def __init__(self, registry: Registry, targets: TargetsFile, today: dt.date) -> None:
        self.registry, self.targets, self.today = registry, targets, today or vietnam_today()
        self._kpis: dict[str, Any] = {}
        self._periods: dict[str, Any] = {}
        self._units: dict[tuple[str, dt.date], Any] = {}
        self._values: dict[tuple[str, str | None, str | None, str | None, str | None], Any] = {}
        self._texts: dict[tuple[str, str], Any] = {}
        self._places: dict[tuple[str, str, Period], Any] = {}
        self._cells: dict[Any, Any] = {}  # for `quick`: cells as read -> what they mean, or None

    def locate(self, province: str, kpi: str, period: str) -> tuple[Unit, Kpi, Period]:
        """As `locate` answers, in the same order: the KPI, then the period, then the unit."""
        found = _memo(self._kpis, kpi, self.targets.kpi)
        when, end = _memo(self._periods, period, _period_and_end)
        unit = _memo(self._units, (province, end), self._unit)
        return unit, found, when

    def _unit(self, key: tuple[str, dt.date]) -> Unit:
        return self.registry.match(key[0], on=key[1])

    def check(self, entry: Entry) -> NewFigure:
        """As `check(entry, registry, targets, today)` answers."""
        unit, kpi, period = self.locate(entry.province, entry.kpi, entry.period)
        place = (unit.key, kpi.code, period)
        _memo(self._places, place, lambda _: _placed(unit, kpi, period, self.registry, self.today))
        raw, numerator, denominator = entry.value, entry.numerator, entry.denominator
        if isinstance(raw, str | None) and isinstance(numerator, str | None) and isinstance(denominator, str | None):
            typed = (kpi.code, entry.decimal, raw, numerator, denominator)
            value, numerator, denominator = _memo(self._values, typed, lambda _: _checked_value(entry, kpi))
        else:
            value, numerator, denominator = _checked_value(entry, kpi)
        return NewFigure(
            scope=unit.key,
            kpi=kpi.code,
            period=period,
            value=value,
            numerator=numerator,
            denominator=denominator,
            source=_memo(self._texts, (entry.source, "source"), _checked_text),
            note=_memo(self._texts, (entry.note, "note"), _checked_text),
            received=_received(entry.received, period) if entry.received else None,
        )

    def quick(self, cells: Sequence[str], decimal: str | None) -> tuple[NewFigure, str] | None:
        """The figure of a row of text cells as a CSV file without revisions gives them (the cells of QUICK, ""
        for a column the file lacks), and its period's name, as `check` of the row `cells.given` reads gives
        them; or None, and `check` says what it makes of the row. The rows of a file repeat their units, KPIs,
        periods and texts, so each distinct KPI and period, unit and period's end, source and note is read once;
        the common numbers are read by `plain_number`; anything unusual (a code, a received day) is left to
        `check`."""
        province, kpi_cell, period_cell, value, numerator, denominator, source, note, code, received = cells
        if code or received:
            return None
        memo = self._cells
        key: Any = (kpi_cell, period_cell)
        when = memo.get(key, memo)
        if when is memo:
            when = self._remember(key, self._kpi_and_period)
        if when is None:
            return None
        kpi, period, end, name = when
        key = (province, end)
        unit = memo.get(key, memo)
        if unit is memo:
            unit = self._remember(key, self._unit_on_end)
        if unit is None or (kpi.national_only and not kpi.counts_for(unit)):
            return None
        if unit.valid_to is not None and end > unit.valid_to:
            return None
        key = (source, note, None)
        texts = memo.get(key, memo)
        if texts is memo:
            texts = self._remember(key, _source_and_note)
        found = _plain_value(value, numerator, denominator, kpi.unit, decimal)
        if found is None or texts is None:
            return None
        figure = NewFigure(unit.key, kpi.code, period, found[0], found[1], found[2], texts[0], texts[1])
        return figure, name

    def _remember(self, key: Any, work: Callable[[Any], Any]) -> Any:
        """`work(key)`, kept for `quick`; None for an InputError (which `check` raises)."""
        memo = self._cells
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        try:
            found = work(key)
        except InputError:
            found = None
        memo[key] = found
        return found

    def _kpi_and_period(self, cells: tuple[str, str]) -> tuple[Kpi, Period, dt.date, str] | None:
        """As `locate` reads them, in its order; None for a period not yet begun (`_placed` refuses it)."""
        kpi = self.targets.kpi(clean(cells[0]))
        period, end = _period_and_end(clean(cells[1]))
        return None if period.start > self.today else (kpi, period, end, str(period))

    def _unit_on_end(self, key: tuple[str, dt.date]) -> Unit:
        return self.registry.match(clean(key[0]), on=key[1])


def _source_and_note(cells: tuple[str, str, None]) -> tuple[str, str]:
    return checked_text(cells[0], "source"), checked_text(cells[1], "note")


def _plain_value(
    raw: str, numerator: str, denominator: str, unit: str, decimal: str | None
) -> tuple[float, float | None, float | None] | None:
    """`_checked_value` of a value, or of a numerator and a denominator, in the shapes `plain_number` reads, when it
    is accepted; None for anything else."""
    found: tuple[float, float | None, float | None]
    if numerator or denominator:
        top, bottom = plain_number(numerator, decimal), plain_number(denominator, decimal)
        if raw or unit != "percent" or top is None or bottom is None or bottom <= 0 or top > bottom:
            return None
        found = (100.0 * top / bottom, top, bottom)
    else:
        value = plain_number(raw, decimal)
        if value is None:
            return None
        found = (value, None, None)
    try:
        check_value(found[0], unit)
    except InputError:
        return None
    return found


def _period_and_end(text: str) -> tuple[Period, dt.date]:
    period = parse_period(text)
    return period, period.end


def _checked_text(key: tuple[str, str]) -> str:
    return checked_text(*key)


def _received(raw: str | dt.date | None, period: Period) -> dt.date | None:
    """The received day: a date as it is (a spreadsheet's date and time: its day), text as `parse_day` reads it;
    checked as the store checks it (a day from the period's start to today in Việt Nam), so that an import lists
    every such row."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    day = raw if isinstance(raw, dt.date) else parse_day(raw, t("received day"))
    if day is not None:
        today = dt.datetime.now(VIETNAM_TIME).date()
        received_day(day, period, today, today)
    return day


def parse_day(text: str | None, what: str | Text) -> dt.date | None:
    """A day written YYYY-MM-DD or, as Vietnamese documents write it, dd/mm/yyyy; None for nothing given; raise
    InputError naming `what` (an option or a column) and what is accepted."""
    if text is None or not text.strip():
        return None
    typed = text.strip()
    found = _DAY_MONTH_YEAR.fullmatch(typed)
    try:
        if found:
            return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed, re.ASCII):
            return dt.date.fromisoformat(typed)
    except ValueError:
        pass
    raise InputError(t("{what} '{text}' is not a date", what=what, text=text), hint=DAYS)


def _given(raw: Number) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def _number(raw: Number, what: Text, decimal: str | None) -> float:
    """A typed number read by the number rules; a spreadsheet's or JSON's number taken as it is."""
    if isinstance(raw, str) or raw is None:
        return parse_number(raw or "", what, decimal)
    if not math.isfinite(raw) or abs(raw) > LIMIT:
        raise InputError(t("{what} {number} is not a figure a store can hold exactly", what=what, number=raw))
    return float(raw) + 0.0


def _value(entry: Entry, unit: str) -> tuple[float, float | None, float | None]:
    has_value, has_n, has_d = _given(entry.value), _given(entry.numerator), _given(entry.denominator)
    if has_value and not (has_n or has_d):
        return _number(entry.value, _VALUE, entry.decimal), None, None
    if not (has_n or has_d):
        raise InputError(t("give a value, or a numerator and a denominator"))
    if not (has_n and has_d):
        raise InputError(t("give both a numerator and a denominator"))
    if unit != "percent":
        raise InputError(t("a numerator and denominator make a percent; this KPI is a {unit}: give a value", unit=unit))
    numerator = _number(entry.numerator, _NUMERATOR, entry.decimal)
    denominator = _number(entry.denominator, _DENOMINATOR, entry.decimal)
    if numerator < 0 or denominator < 0:
        raise InputError(t("numerator and denominator must be 0 or more"))
    if denominator == 0:
        raise InputError(t("the denominator is 0: a share of nothing has no value"))
    if numerator > denominator:
        shown = format_exact(numerator, "en"), format_exact(denominator, "en")
        raise InputError(t("the numerator ({n}) is larger than the denominator ({d})", n=shown[0], d=shown[1]))
    share = 100.0 * numerator / denominator
    if has_value:
        value = _number(entry.value, _VALUE, entry.decimal)
        if abs(value - share) > AGREEMENT + 1e-9:
            raise InputError(
                t(
                    "the value {value} is not the numerator over the denominator ({share}); give one or the other",
                    value=format_exact(value, "en"),
                    share=format_exact(round(share, 4), "en"),
                )
            )
    return share, numerator, denominator
