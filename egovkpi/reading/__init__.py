"""Readers of figures files: CSV, JSON and Excel (.xlsx), told apart by their first bytes, not their names.

Each gives a `Source`: the rows, streamed as they are asked for, and how far reading has got (for a progress
bar). The file and its header are checked at once, before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from egovkpi.errors import InputError
from egovkpi.importing import Row, TextRow
from egovkpi.messages import t

MAX_ROWS = 1_000_000  # rows of a CSV file or a sheet: an import is one transaction, and remembers each figure
_ZIP = b"PK\x03\x04"  # an .xlsx is a zip file
_OLE = b"\xd0\xcf\x11\xe0"  # an old .xls, or an .xlsx encrypted with a password


@dataclass
class Source:
    rows: Iterator[Row | TextRow]
    history: bool  # the file has revision, recorded_at, recorded_by and withdrawn columns
    decimal: str | None  # the decimal mark numbers typed as text use in this file, if it says ('comma' for ';' CSV)
    position: Callable[[], float]  # how far reading has got, out of `size`
    size: float


def open_rows(path: Path, sheet: str | None = None, delimiter: str | None = None) -> Source:
    """The rows of `path`; `sheet` names an Excel file's sheet, `delimiter` forces a CSV file's separator."""
    head = _head(path)
    if head.startswith(_OLE):
        raise InputError(
            t("{path}: is an old Excel .xls file or a workbook protected by a password", path=path),
            hint=t("open it in Excel and save it as .xlsx (Excel Workbook) without a password"),
        )
    kind = (
        "xlsx"
        if head.startswith(_ZIP)
        else "json"
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")
        else "csv"
    )
    if sheet is not None and kind != "xlsx":
        raise InputError(t("{path}: --sheet is for Excel (.xlsx) files", path=path))
    if delimiter is not None and kind != "csv":
        raise InputError(t("{path}: --delimiter is for CSV files", path=path))
    if kind == "xlsx":
        from egovkpi.reading.xlsxfile import read_xlsx

        return read_xlsx(path, sheet)
    if kind == "json":
        from egovkpi.reading.jsonfile import read_json

        return read_json(path)
    from egovkpi.reading.csvfile import read_csv

    return read_csv(path, delimiter)


def too_many_rows(path: Path) -> InputError:
    """The refusal of a file past MAX_ROWS rows, met while its rows are read: nothing is stored."""
    return InputError(
        t("{path}: has more than {limit} rows, the most one import reads", path=path, limit=f"{MAX_ROWS:,}"),
        hint=t("split it into several files"),
    )


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(64)
    except FileNotFoundError:
        raise InputError(t("{path}: no such file", path=path)) from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(t("{path}: cannot be read ({error})", path=path, error=exc.strerror)) from None
