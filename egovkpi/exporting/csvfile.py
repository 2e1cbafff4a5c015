"""CSV that import reads back byte for byte: in English, comma-separated with a decimal point; in Vietnamese, as
Excel on Vietnamese Windows saves it: a byte-order mark, semicolons and a decimal comma.

Safe to open in a spreadsheet (OWASP's advice on CSV injection): a text that starts with = + - @, a tab or a
carriage return (a note '=HYPERLINK(…)') gets a quote first, so that it is shown as text, never run as a formula;
import takes the quote off again (`cells.restored`). Numbers are numbers and get none: -5 is minus five."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import BinaryIO

from egovkpi.cells import neutralised
from egovkpi.columns import Cell, heading
from egovkpi.exporting import Export


def number_text(value: float, lang: str) -> str:
    """Every digit of the stored value, no grouping: 12.5, 12000; a fraction of exactly three digits gets a
    trailing 0 (12.3450), since 12.345 could be read as twelve thousand three hundred forty-five."""
    text = format(Decimal(repr(value + 0.0)), "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    digits = whole.lstrip("-")
    if len(fraction) == 3 and 1 <= len(digits) <= 3 and digits[0] != "0":
        fraction += "0"
    mark = "," if lang == "vi" else "."
    return f"{whole}{mark}{fraction}" if fraction else whole


def cell_text(cell: Cell, lang: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return ("có" if cell else "không") if lang == "vi" else ("yes" if cell else "no")
    if isinstance(cell, (int, float)):
        return number_text(float(cell), lang)
    if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime):
        return f"{cell:%d/%m/%Y}" if lang == "vi" else cell.isoformat()  # a day as Excel on Vietnamese Windows has it
    return neutralised(str(cell))


def write_csv(export: Export, out: BinaryIO) -> None:
    vietnamese = export.lang == "vi"
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if vietnamese else "utf-8", newline="", write_through=False)
    writer = csv.writer(text, delimiter=";" if vietnamese else ",")
    writer.writerow([heading(column, export.lang) for column in export.columns])
    for row in export.rows:
        writer.writerow([cell_text(row.get(column), export.lang) for column in export.columns])
    text.flush()
    text.detach()
