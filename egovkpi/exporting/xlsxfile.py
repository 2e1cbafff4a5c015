"""An Excel workbook that import reads back as it was, written as openpyxl's write-only mode streams it (memory
stays flat): a sheet of figures, then a sheet of the targets that apply to them.

Numbers are numbers, every digit of the stored value kept, and only shown the way a spreadsheet user expects: a
percent with two decimals, a count with its thousands grouped. Periods and codes are text, so that Excel does not
turn 2019-12 into a date; a text that starts with '=' stays text, never a formula. The day a figure was received is
a date cell, shown dd/mm/yyyy.

Every text is a string cell, which no spreadsheet runs (a formula is a cell of its own kind). A text that starts
as a formula would (= + - @, a tab: OWASP's list, as `cells.FORMULA_STARTS` has it) also gets the cell's quote prefix,
Excel's own mark of text typed after a quote: shown and imported exactly as it is, and still text when someone
edits the cell and presses Enter. No quote is added to the text itself, as CSV needs: here it would be shown, and
would not be the note that was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextlib import suppress
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO

from egovkpi.cells import FORMULA_STARTS
from egovkpi.columns import VIETNAMESE, Cell, heading
from egovkpi.errors import InputError
from egovkpi.exporting import Export, ExportRow
from egovkpi.messages import t

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as Written
    from openpyxl.styles import Font

    # What `create_sheet` gives a write-only workbook is a WriteOnlyWorksheet; it has Worksheet's column_dimensions,
    # freeze_panes, auto_filter and append, which are all this module uses (the stubs leave the first and third out).
    from openpyxl.worksheet.worksheet import Worksheet as WriteOnlyWorksheet

SHEETS = {"en": ("Figures", "Targets"), "vi": ("Số liệu", "Mục tiêu")}
TARGET_COLUMNS = (
    "province",
    "code",
    "kpi",
    "kpi_name",
    "unit",
    "comparator",
    "target",
    "deadline",
    "basis",
    "verification",
)
TARGET_HEADINGS_VI = {
    "unit": "Đơn vị tính",
    "comparator": "Phép so sánh",
    "target": "Mục tiêu",
    "deadline": "Thời hạn",
    "basis": "Căn cứ",
    "verification": "Kiểm chứng",
}
WIDTHS = {  # in characters, as Excel counts them
    "province": 18,
    "code": 9,
    "kpi": 28,
    "kpi_name": 50,
    "period": 10,
    "value": 14,
    "numerator": 14,
    "denominator": 14,
    "source": 40,
    "note": 40,
    "received": 11,
    "revision": 9,
    "recorded_at": 26,
    "recorded_by": 16,
    "withdrawn": 9,
    "unit": 10,
    "comparator": 14,
    "target": 12,
    "deadline": 10,
    "basis": 50,
    "verification": 14,
}
CODES = frozenset({"code", "kpi", "period", "recorded_at", "unit", "comparator", "deadline"})  # text: format "@"
PERCENTS = frozenset({"value", "target"})  # a percent KPI's own figures; its numerator and denominator are counts
TEXT = "@"
WHOLE = "0"
DAY = "dd/mm/yyyy"  # a day (received) is a date cell, shown as Vietnamese documents write it
PERCENT = "0.00"
MOST_DECIMALS = 10  # a count's decimals shown; the cell keeps every digit whatever it shows
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # what XML 1.0 cannot hold
EXCEL_TEXT_LIMIT = 32767  # characters in a cell: openpyxl would cut a longer text short


def write_xlsx(export: Export, out: BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    figures_title, targets_title = SHEETS.get(export.lang, SHEETS["en"])
    try:
        figures = _sheet(book.create_sheet(figures_title), export.columns, export.lang, bold)
        count = _write(figures, export.columns, export.rows, export.kinds, export.lang)
        _filter(figures, export.columns, count)
        targets = _sheet(book.create_sheet(targets_title), list(TARGET_COLUMNS), export.lang, bold)
        count = _write(targets, list(TARGET_COLUMNS), export.applying(), export.kinds, export.lang)
        _filter(targets, list(TARGET_COLUMNS), count)
    except BaseException:
        for sheet in book.worksheets:  # a sheet left half written fails noisily when it is collected
            with suppress(Exception):
                sheet.close()
        raise
    book.save(out)


def sheet_heading(column: str, lang: str) -> str:
    """A column's header in the workbook: a figure column as every file names it; a target's own in `lang`."""
    if lang == "vi" and column in TARGET_HEADINGS_VI:
        return TARGET_HEADINGS_VI[column]
    return heading(column, lang) if column in VIETNAMESE else column


def _sheet(sheet: WriteOnlyWorksheet, columns: list[str], lang: str, bold: Font) -> WriteOnlyWorksheet:
    """The widths, the frozen header row, in bold: all set before the first row, as write-only mode asks."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    names = [sheet_heading(column, lang) for column in columns]
    for index, (column, name) in enumerate(zip(columns, names, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(WIDTHS.get(column, 12), len(name) + 3)
    sheet.freeze_panes = "A2"
    header = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    return sheet


def _write(
    sheet: WriteOnlyWorksheet, columns: list[str], rows: Iterable[ExportRow], kinds: dict[str, str], lang: str
) -> int:
    """Append the rows; their number. A row's unit (percent, count…) is its KPI's, or the row's own `unit`."""
    count = 0
    for row in rows:
        for column in columns:
            _check_length(row, column, lang)
        unit = kinds.get(str(row.get("kpi")), "") or str(row.get("unit") or "")
        sheet.append([_cell(sheet, column, row.get(column), unit) for column in columns])
        count += 1
    return count


def _check_length(row: ExportRow, column: str, lang: str) -> None:
    """Refuse a text longer than a cell holds (openpyxl would cut it short), or with a character XML has no place
    for (U+FFFF: the file would not open): either way the file would not import back."""
    text = row.get(column)
    found = _NOT_XML.search(text) if isinstance(text, str) else None
    if found:
        raise InputError(
            t(
                "{province}, {kpi}, {period}: the text in column '{column}' holds the character {char}, which an "
                "Excel file cannot hold; export as CSV or JSON",
                province=row.get("province"),
                kpi=row.get("kpi"),
                period=row.get("period") or row.get("deadline"),
                column=sheet_heading(column, lang),
                char=f"U+{ord(found.group()):04X}",
            )
        )
    if isinstance(text, str) and len(text) > EXCEL_TEXT_LIMIT:
        raise InputError(
            t(
                "{province}, {kpi}, {period}: the text in column '{column}' has {length} characters, more than an "
                "Excel cell holds ({limit}); export as CSV or JSON",
                province=row.get("province"),
                kpi=row.get("kpi"),
                period=row.get("period") or row.get("deadline"),
                column=sheet_heading(column, lang),
                length=len(text),
                limit=EXCEL_TEXT_LIMIT,
            )
        )


def _cell(sheet: WriteOnlyWorksheet, column: str, value: Cell, unit: str) -> Written | None:
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, int):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = WHOLE
        return cell
    if isinstance(value, float):
        # openpyxl writes a float with 16 significant digits; its repr has as many as it needs to read back the same
        cell = WriteOnlyCell(sheet, value=repr(value))
        cell.data_type = "n"
        cell.number_format = number_format(value, unit, column)
        return cell
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=dt.datetime.combine(value, dt.time()))  # midnight: the day itself
        cell.number_format = DAY
        return cell
    text = value.isoformat() if not isinstance(value, str) else value
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # '=1+1' or '#N/A' typed in a note stays what was typed
    if text[:1] and text[0] in FORMULA_STARTS:
        cell.quotePrefix = True
    if column in CODES:
        cell.number_format = TEXT
    return cell


def number_format(value: float, unit: str, column: str) -> str:
    """How a number is shown: a percent KPI's value with two decimals (87.18); anything else with its thousands
    grouped and as many decimals as it has (192,577; 12.5)."""
    if unit == "percent" and column in PERCENTS:
        return PERCENT
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    decimals = min(-exponent, MOST_DECIMALS) if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0." + "0" * decimals if decimals else "#,##0"


def _filter(sheet: WriteOnlyWorksheet, columns: list[str], count: int) -> None:
    """A filter on the header row over the rows written: Excel's way to pick one province or KPI."""
    from openpyxl.utils import get_column_letter

    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
