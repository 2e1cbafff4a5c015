"""CSV as offices save it: UTF-8 with or without a byte-order mark; cells separated by commas, semicolons (Excel
on Vietnamese Windows, where numbers have a decimal comma) or tabs, told from the header row.

A cell that export neutralised ('=1+1: a quote before what a spreadsheet would run) is read without its quote.
At most MAX_ROWS rows, each cell at most the csv module's field limit (131,072 characters)."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from egovkpi import reading
from egovkpi.cells import restored
from egovkpi.columns import read_header
from egovkpi.errors import InputError
from egovkpi.importing import Layout, Row, TextRow
from egovkpi.messages import t
from egovkpi.reading import Source, too_many_rows

DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


class _Counting(io.RawIOBase):
    """The bytes read so far, for a progress bar."""

    def __init__(self, raw: io.FileIO) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read = self.raw.readinto(buffer) or 0
        self.count += read
        return read

    def close(self) -> None:
        self.raw.close()
        super().close()


def read_csv(path: Path, delimiter: str | None = None) -> Source:
    """`delimiter` is a name of DELIMITERS; without it, the separator the header row uses."""
    counting = _Counting(io.FileIO(path, "rb"))  # the row generator closes it
    handle = io.TextIOWrapper(io.BufferedReader(counting), encoding="utf-8-sig", newline="")
    try:
        with _csv_errors(path):
            first = handle.readline()
            mark = DELIMITERS[delimiter] if delimiter else _detected(path, first)
            reader = csv.reader(itertools.chain([first], handle), delimiter=mark)
            columns = read_header(list(next(reader, [])), path)
    except BaseException:
        handle.close()
        raise
    size = float(path.stat().st_size)
    rows = _rows(path, handle, reader, columns)
    decimal = "comma" if mark == ";" else None
    return Source(rows, "revision" in columns, decimal, lambda: float(counting.count), size)


def _detected(path: Path, header: str) -> str:
    counts = {mark: header.count(mark) for mark in DELIMITERS.values()}
    most = max(counts.values())
    if not header.strip():
        return ","  # an empty file: the header check says so
    if most == 0 or list(counts.values()).count(most) > 1:
        raise InputError(
            t("{path}: cannot tell how the header row's cells are separated", path=path),
            hint=t("give --delimiter comma, semicolon or tab"),
        )
    return next(mark for mark, count in counts.items() if count == most)


class _Lines(Protocol):
    """What the csv module's reader is: rows of cells, and the line it has read up to."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...


def _rows(path: Path, handle: io.TextIOWrapper, reader: _Lines, columns: list[str]) -> Iterator[Row | TextRow]:
    """The rows; each row's cells are tested joined, by C code, not one at a time: a file has millions."""
    width, most, layout = len(columns), reading.MAX_ROWS, Layout(columns)
    with handle, _csv_errors(path):
        for count, cells in enumerate(reader, start=1):
            if count > most:
                raise too_many_rows(path)
            joined = "".join(cells)
            if not joined or joined.isspace():  # no cell but white space
                continue
            if len(cells) > width and any(map(str.strip, cells[width:])):
                problem = t("{cells} cells but the header has {columns} columns", cells=len(cells), columns=width)
                yield Row(t("line {line}", line=reader.line_num), None, problem)
                continue
            if "'" in joined:  # a cell export may have neutralised
                cells = list(map(restored, cells))
            if len(cells) == width:
                cells.append("")  # what a column the file lacks reads
                yield TextRow(reader.line_num, cells, layout)
            else:
                yield Row(t("line {line}", line=reader.line_num), dict(zip(columns, cells, strict=False)))


@contextmanager
def _csv_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except UnicodeDecodeError:
        raise InputError(
            t("{path}: is not UTF-8 text", path=path),
            hint=t("in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; or import the .xlsx itself"),
        ) from None
    except csv.Error as exc:
        raise InputError(t("{path}: not valid CSV ({error})", path=path, error=exc)) from None
