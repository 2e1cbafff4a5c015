"""From a row's cells, as a CSV, JSON or Excel reader hands them over, to what `entry.check` reads: text where
text is meant, numbers kept as numbers, a spreadsheet's date in the period column read as its month, and in the
received column as its day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from egovkpi.columns import NO, YES, Cell
from egovkpi.entry import Entry, Number
from egovkpi.errors import InputError
from egovkpi.messages import Text, t
from egovkpi.records import Stamp
from egovkpi.text import checked_text, clean, fold

MOST_REVISIONS = 1_000_000_000  # far beyond any figure's; below what SQLite's integer holds
# What makes a spreadsheet run a cell as a formula (OWASP, "CSV Injection"): = + - @, a tab or a carriage return
# first, or their full-width forms, which some spreadsheets read as the same.
FORMULA_STARTS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
_FORMULA_LIKE = re.compile(f"'*[{re.escape(FORMULA_STARTS)}]")  # after any quotes: what a quote neutralises
_NEUTRALISED = re.compile(f"'+[{re.escape(FORMULA_STARTS)}]")


def neutralised(text: str) -> str:
    """A text cell as a CSV file holds it: one quote before a text a spreadsheet would run as a formula ('=1+1),
    and before a text that already starts with quotes then such a character (''=1+1), so that `restored` can
    tell the two apart. Any other text, a quote first or not, is as it is."""
    return f"'{text}" if _FORMULA_LIKE.match(text) else text


def restored(text: str) -> str:
    """A CSV cell as it was before `neutralised`: one leading quote fewer on quotes followed by = + - @ …"""
    return text[1:] if _NEUTRALISED.match(text) else text


@dataclass(frozen=True)
class Given:
    """One row's figure as given: the entry, the province code if the file has one, and its revision stamp if the
    file is a history."""

    entry: Entry
    code: str
    stamp: Stamp | None


def given(cells: Mapping[str, Cell], decimal: str | None) -> Given:
    entry = Entry(
        province=_text(cells.get("province")),
        kpi=_text(cells.get("kpi")),
        period=_period(cells.get("period")),
        value=_number(cells.get("value"), t("value")),
        numerator=_number(cells.get("numerator"), t("numerator")),
        denominator=_number(cells.get("denominator"), t("denominator")),
        source=_free(cells.get("source")),
        note=_free(cells.get("note")),
        decimal=decimal,
        received=_received(cells.get("received")),
    )
    return Given(entry, _text(cells.get("code")), _stamp(cells) if "revision" in cells else None)


def _text(cell: Cell) -> str:
    """A name or code: 54 and 54.0 (a spreadsheet's number) are both '54'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell.isoformat()
    return clean(str(cell))


def _free(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell  # kept exactly: a source or note round-trips byte for byte
    return _text(cell)


def _period(cell: Cell) -> str:
    """'2019', 2019 or 2019.0; a date cell is the month it starts (a spreadsheet turns 2019-12 into 1 Dec 2019)."""
    if isinstance(cell, (dt.date, dt.datetime)):
        if cell.day != 1 or (isinstance(cell, dt.datetime) and cell.time() != dt.time()):
            raise InputError(
                t(
                    "the period cell holds the date {day}; a period is a year, half, quarter or month (2019, "
                    "2019-H1, 2019-Q4, 2019-12); format the column as text",
                    day=cell.isoformat(),
                )
            )
        return f"{cell.year:04d}-{cell.month:02d}"
    return _text(cell)


def _received(cell: Cell) -> str | dt.date | None:
    """A date cell as it is; text for `entry` to read (2025-07-01 or 01/07/2025); a bare number is refused, since
    a spreadsheet's day number (45839) shows no day to the one who typed it."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise InputError(
            t("the received cell holds the number {cell}, not a date; type the day as dd/mm/yyyy or format the "
              "cell as a date", cell=_text(cell))
        )  # fmt: skip
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell
    return _text(cell)


def _number(cell: Cell, what: Text) -> Number:
    if isinstance(cell, (bool, dt.date, dt.datetime)):
        shown = cell.isoformat() if isinstance(cell, (dt.date, dt.datetime)) else cell
        raise InputError(t("{what} holds {cell}, not a number", what=what, cell=shown))
    if isinstance(cell, (int, float)):
        try:
            return float(cell)
        except OverflowError:  # a JSON whole number of hundreds of digits
            raise InputError(t("{what} holds a number too large for a figure", what=what)) from None
    return cell


def _stamp(cells: Mapping[str, Cell]) -> Stamp:
    raw = cells.get("revision")
    revision = int(raw) if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()) else None
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        revision = int(raw.strip())
    if revision is None or revision < 1 or isinstance(raw, bool):
        raise InputError(t("revision '{raw}' is not a whole number of 1 or more", raw=_text(raw)))
    if revision > MOST_REVISIONS:
        raise InputError(t("revision {raw} is more than the {limit} revisions a figure may have", raw=_text(raw),
                           limit=f"{MOST_REVISIONS:,}"))  # fmt: skip
    return Stamp(revision, _moment(cells.get("recorded_at")), _by(cells.get("recorded_by")), _yes(cells))


def _moment(cell: Cell) -> str:
    text = cell.isoformat() if isinstance(cell, dt.datetime) else _text(cell)
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise InputError(
            t("recorded_at '{text}' is not a moment with its offset, such as 2025-01-31T08:00:00+00:00", text=text)
        )
    return text


def _by(cell: Cell) -> str:
    who = _free(cell)
    if not who:
        raise InputError(t("recorded_by is empty: a history says who recorded each revision"))
    return checked_text(who, "recorded_by")


def _yes(cells: Mapping[str, Cell]) -> bool:
    cell = cells.get("withdrawn")
    if isinstance(cell, bool):
        return cell
    answer = fold(_text(cell))
    if answer in {fold(word) for word in YES}:
        return True
    if answer in {fold(word) for word in NO}:
        return False
    raise InputError(t("withdrawn '{text}' is not one of yes, no, có, không", text=_text(cell)))
