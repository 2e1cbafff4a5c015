"""Excel workbooks (.xlsx), read as openpyxl's read-only mode streams them, so memory does not grow with the file.

A cell's number stays a number (a cell shown as a percentage holds a fraction: 35.5% is read as 35.5); its text
stays text, as typed; a date is handed over as a date, which `cells` reads as the month in the period column.
Formulas give the value Excel saved with them. The header is the first row that holds anything.

A text cell is read as it is: export marks a text a spreadsheet would run as a formula with the cell's quote
prefix, Excel's own mark of text typed after a quote, not with a quote in the text. Before openpyxl opens the file,
the sizes its zip archive says its parts unpack to are added up: past MAX_UNPACKED bytes or MAX_PARTS parts (a
'zip bomb'), it is refused; a part cannot unpack to more than its stated size. At most MAX_ROWS rows are read.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
import zipfile
from collections.abc import Generator, Iterator
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from egovkpi import reading
from egovkpi.columns import INFORMATIVE, Cell, read_header
from egovkpi.errors import InputError
from egovkpi.importing import Row
from egovkpi.messages import Text, t
from egovkpi.reading import Source, too_many_rows
from egovkpi.text import fold_words

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

MAX_UNPACKED = 1024 * 1024 * 1024  # bytes, all parts together: a sheet of a million figures unpacks to about 500 MB
MAX_PARTS = 10_000  # files inside the archive: a workbook Excel saves has a few dozen
# A formula's tag in a sheet's XML, with or without a namespace prefix: <f>, <f t="shared" …/>, <x:f>.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
# What does not count in a number format when looking for '%': "quoted text", a \escaped character, [Red].
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


class _Cell(Protocol):
    """What a read-only sheet's cell (openpyxl's ReadOnlyCell or EmptyCell) tells."""

    @property
    def value(self) -> object: ...
    @property
    def number_format(self) -> str | None: ...
    @property
    def data_type(self) -> str | None: ...


Formulas = Generator[tuple[object, ...]]  # the same sheet read without the saved values: each formula as text


def read_xlsx(path: Path, sheet: str | None = None) -> Source:
    """The rows of `sheet` (by name; case, spaces and diacritics forgiven if only one sheet matches), or of the
    first sheet that is not hidden. The workbook stays open while rows are read, and is closed when they end."""
    from openpyxl import load_workbook

    with ExitStack() as stack:
        handle = stack.enter_context(open(path, "rb"))  # a handle: openpyxl would judge a path by its suffix
        with _workbook_errors(path):
            _check_unpacked(path)
            book = load_workbook(handle, read_only=True, data_only=True)
            stack.callback(book.close)
            index = _chosen(path, book, sheet)
            found = book.worksheets[index]
            title = found.title
            size = float(found.max_row or 0)  # what the file says its last row is, for a progress bar
            found.reset_dimensions()  # then no row is dropped if the file says wrongly
            cells: Generator[tuple[_Cell, ...]] = found.iter_rows()
            stack.callback(cells.close)
            formulas = _formulas(path, getattr(found, "_worksheet_path", None), index, stack)
        done = [0]
        lines = _lines(path, cells, formulas, done)
        header = next(lines, None)
        names: list[Cell] = [_value(cell) for cell in header[1]] if header else []
        columns = read_header(names, t("{path}, sheet {sheet}", path=path, sheet=title))
        opened = stack.pop_all()
        rows = _rows(opened, lines, columns, title)
        weakref.finalize(rows, opened.close)  # rows never asked for close the file too
    return Source(rows, "revision" in columns, None, lambda: float(done[0]), size)


def _check_unpacked(path: Path) -> None:
    """Refuse a workbook whose parts would unpack to more than MAX_UNPACKED bytes, or that has more than MAX_PARTS
    parts, from the archive's directory alone; zipfile reads no part past the size the directory states."""
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise InputError(
            t("{path}: holds {count} parts, more than the {limit} an Excel workbook may have", path=path,
              count=f"{len(parts):,}", limit=f"{MAX_PARTS:,}")
        )  # fmt: skip
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED:
        raise InputError(
            t("{path}: unpacks to {size} bytes, more than the {limit} an Excel workbook may have", path=path,
              size=f"{unpacked:,}", limit=f"{MAX_UNPACKED:,}"),
            hint=t("split it into several files, or export it as CSV"),
        )  # fmt: skip


def _chosen(path: Path, book: Workbook, sheet: str | None) -> int:
    """The index of the sheet among the workbook's worksheets; without a name, the first one Excel shows."""
    titles = [each.title for each in book.worksheets]
    if not titles:
        raise InputError(t("{path}: holds no worksheet", path=path))
    if sheet is None:
        shown = [index for index, each in enumerate(book.worksheets) if each.sheet_state == "visible"]
        return shown[0] if shown else 0
    if sheet in titles:
        return titles.index(sheet)
    folded = [index for index, title in enumerate(titles) if fold_words(title) == fold_words(sheet)]
    if len(folded) == 1:
        return folded[0]
    raise InputError(
        t("{path}: has no sheet '{sheet}'", path=path, sheet=sheet),
        hint=t("its sheets: {sheets}", sheets=", ".join(f"'{title}'" for title in titles)),
    )


def _formulas(path: Path, part: object, index: int, stack: ExitStack) -> Formulas | None:
    """The sheet read a second time, formulas as written, if it has any formula: a formula Excel never
    computed (the file was written by a program, not saved in Excel) has no value to read, and the row says so.
    Looking for a formula costs one pass over the compressed XML; most files have none."""
    if isinstance(part, str) and not _has_formula(path, part):
        return None
    from openpyxl import load_workbook

    handle = stack.enter_context(open(path, "rb"))  # noqa: SIM115 - the stack closes it with the rows
    book = load_workbook(handle, read_only=True, data_only=False)
    stack.callback(book.close)
    found = book.worksheets[index]
    found.reset_dimensions()
    rows = found.iter_rows(values_only=True)
    stack.callback(rows.close)
    return rows


def _has_formula(path: Path, part: str) -> bool:
    with zipfile.ZipFile(path) as archive, archive.open(part) as xml:
        tail = b""
        while chunk := xml.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


Line = tuple[int, tuple[_Cell, ...], tuple[object, ...]]  # row number, its cells, its formulas (or ())


def _lines(
    path: Path, cells: Iterator[tuple[_Cell, ...]], formulas: Formulas | None, done: list[int]
) -> Iterator[Line]:
    """The rows that hold anything, numbered as Excel numbers them; a damaged file is refused as it is met."""
    number = 0
    while True:
        with _workbook_errors(path):
            row = next(cells, None)
            written = next(formulas, ()) if formulas is not None else ()
        if row is None:
            return
        number += 1
        done[0] = number
        if number > reading.MAX_ROWS:
            raise too_many_rows(path)
        if any(_filled(cell.value) for cell in row):
            yield number, row, written


def _rows(stack: ExitStack, lines: Iterator[Line], columns: list[str], title: str) -> Iterator[Row]:
    with stack:
        for number, cells, written in lines:
            where = t("sheet {sheet}, row {row}", sheet=title, row=number)
            problem = _problem(number, cells, written, columns)
            if problem is not None:
                yield Row(where, None, problem)
                continue
            yield Row(where, {column: _value(cell) for column, cell in zip(columns, cells, strict=False)})


def _problem(number: int, cells: tuple[_Cell, ...], written: tuple[object, ...], columns: list[str]) -> Text | None:
    """What keeps a row from being read: a cell right of the header, an Excel error, a formula never computed."""
    for index, cell in enumerate(cells):
        if index >= len(columns):
            if _filled(cell.value):
                return t(
                    "cell {cell} is right of the header's last column; give its column a heading or clear it",
                    cell=_coordinate(index, number),
                )
            continue
        if columns[index] in INFORMATIVE:
            continue
        if cell.data_type == "e":
            return t("cell {cell} holds the Excel error {error}", cell=_coordinate(index, number), error=cell.value)
        formula = written[index] if index < len(written) else None
        if cell.value is None and formula is not None:
            return t(
                "cell {cell} holds a formula with no saved value; open the file in Excel and save it",
                cell=_coordinate(index, number),
            )
    return None


def _coordinate(index: int, number: int) -> str:
    """'C5' for the third cell of row 5."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(index + 1)}{number}"


def _value(cell: _Cell) -> Cell:
    """The cell as `cells` reads it; a time or a duration as text, which a number or a period is not."""
    value = cell.value
    if value is None or isinstance(value, (bool, str, dt.date)):
        return value
    if isinstance(value, (int, float)):
        if "%" in _LITERALS.sub("", cell.number_format or ""):
            return float(Decimal(repr(value)) * 100)  # 0.355 shown as 35.5%: 35.5, not 35.50000000000001
        return value
    return str(value)


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


@contextmanager
def _workbook_errors(path: Path) -> Iterator[None]:
    """openpyxl, zipfile and the XML parser each have their own ways to fail on a damaged file: all say so."""
    try:
        yield
    except InputError:
        raise
    except Exception as exc:
        error = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(
            t("{path}: is not an Excel workbook that can be read ({error})", path=path, error=error),
            hint=t("open it in Excel and save it as .xlsx (Excel Workbook)"),
        ) from None
