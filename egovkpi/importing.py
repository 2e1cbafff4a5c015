"""Readers that yield rows of a file, and `import_rows`: check every row, store all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from egovkpi.entry import Entry, check
from egovkpi.errors import InputError
from egovkpi.messages import Text, t
from egovkpi.provinces import Registry
from egovkpi.records import NewFigure, Outcome
from egovkpi.store import Store
from egovkpi.targets import TargetsFile
from egovkpi.text import clean

COLUMNS = ("province", "kpi", "period", "value", "numerator", "denominator", "source", "note")
REQUIRED = ("province", "kpi", "period")
SHOWN_ERRORS = 50  # bad rows listed one by one; past this, only counted


@dataclass(frozen=True)
class Row:
    """One row of an import file: where it stands, and its cells as the user wrote them (None: malformed)."""

    line: int
    entry: Entry | None
    problem: Text | None = None


@dataclass
class ImportResult:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    errors: list[Text] = field(default_factory=list)  # the first SHOWN_ERRORS 'line N: reason'
    bad_rows: int = 0  # all of them; when any, nothing was stored
    hints: list[Text] = field(default_factory=list)  # what is accepted, said once for all rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def refuse(self, line: int, error: InputError | Text) -> None:
        self.bad_rows += 1
        problem = error if isinstance(error, Text) else error.text
        if self.bad_rows <= SHOWN_ERRORS:
            self.errors.append(t("line {line}: {problem}", line=line, problem=problem))
        if isinstance(error, InputError) and error.hint and error.hint_text not in self.hints:
            self.hints.append(error.hint_text)


class _Rejected(Exception):
    """Raised inside the transaction once a bad row is known: the store rolls everything back."""


def import_rows(
    store: Store, rows: Iterable[Row], registry: Registry, targets: TargetsFile, recorded_by: str, today: dt.date
) -> ImportResult:
    """Check each row as `add` does and record it; if any row is bad, store none and list them all."""
    result = ImportResult()
    seen: dict[tuple[str, str, str], tuple[int, NewFigure]] = {}  # each unit, KPI and period: its first line
    try:
        with store.transaction():
            for row in rows:
                figure = _checked(row, registry, targets, result, today)
                if figure is not None and _first(figure, row.line, seen, result) and not result.bad_rows:
                    result.counts[store.record_one(figure, recorded_by).outcome] += 1
            if result.bad_rows:
                raise _Rejected
    except _Rejected:
        result.counts = dict.fromkeys(Outcome, 0)
    return result


def _checked(
    row: Row, registry: Registry, targets: TargetsFile, result: ImportResult, today: dt.date
) -> NewFigure | None:
    if row.entry is None:
        result.refuse(row.line, row.problem or t("a malformed row"))
        return None
    try:
        return check(row.entry, registry, targets, today)
    except InputError as exc:
        result.refuse(row.line, exc)
        return None


def _first(
    figure: NewFigure, line: int, seen: dict[tuple[str, str, str], tuple[int, NewFigure]], result: ImportResult
) -> bool:
    """False for a repeat of an earlier row's unit, KPI and period; refused if its figure differs."""
    key = (figure.scope, figure.kpi, str(figure.period))
    if key not in seen:
        seen[key] = (line, figure)
        return True
    first_line, first = seen[key]
    if first != figure:
        message = t(
            "{kpi} for {period} is also on line {first} with another figure; keep one",
            kpi=figure.kpi,
            period=figure.period,
            first=first_line,
        )
        result.refuse(line, message)
    return False


def read_csv(path: Path, decimal: str | None = None) -> Iterator[Row]:
    """The rows of a UTF-8 CSV file (a byte-order mark is allowed), streamed, blank lines skipped.

    Cells are separated by commas, or by semicolons when the header has them (as Excel saves CSV on Vietnamese
    Windows); a semicolon file writes numbers with a decimal comma unless `decimal` says otherwise. The file and
    its header are checked at once, before anything is written; the rows are read as they are asked for.
    """
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - the row generator closes it
    except FileNotFoundError:
        raise InputError(t("{path}: no such file", path=path)) from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(t("{path}: cannot be read ({error})", path=path, error=exc.strerror)) from None
    try:
        with _csv_errors(path):
            first = handle.readline()
            delimiter = ";" if first.count(";") > first.count(",") else ","
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            header = [clean(name).lower() for name in next(reader, [])]
            columns = _columns(path, header, reader.line_num)
    except BaseException:
        handle.close()
        raise
    mark = decimal or ("comma" if delimiter == ";" else None)
    return _rows(path, handle, reader, header, columns, mark)


class _Lines(Protocol):
    """What the csv module's reader is: rows of cells, and the line it has read up to."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...


def _rows(
    path: Path, handle: TextIO, reader: _Lines, header: list[str], columns: list[str], mark: str | None
) -> Iterator[Row]:
    with handle, _csv_errors(path):
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                problem = t("{cells} cells but the header has {columns} columns", cells=len(cells), columns=len(header))
                yield Row(reader.line_num, None, problem)
                continue
            named = dict(zip(header, cells, strict=False))
            yield Row(reader.line_num, Entry(**{name: named.get(name, "") for name in columns}, decimal=mark))


@contextmanager
def _csv_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except UnicodeDecodeError:
        raise InputError(t("{path}: is not UTF-8 text (save it as CSV UTF-8)", path=path)) from None
    except csv.Error as exc:
        raise InputError(t("{path}: not valid CSV ({error})", path=path, error=exc)) from None


def _columns(path: Path, header: list[str], line: int) -> list[str]:
    if not header:
        raise InputError(t("{path}: is empty; expected a header row: {columns}", path=path, columns=",".join(COLUMNS)))
    if "" in header:
        where = header.index("") + 1
        raise InputError(t("{path}: line {line}: column {where} of the header has no name", **locals()))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        names = ", ".join(repeated)
        raise InputError(t("{path}: line {line}: the header names {names} twice; keep one", **locals()))
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        message = t("{path}: unknown column(s) {names}", path=path, names=", ".join(unknown))
        raise InputError(message, hint=t("accepted: {columns}", columns=", ".join(COLUMNS)))
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        message = t("{path}: missing column(s) {names}", path=path, names=", ".join(missing))
        raise InputError(message, hint=t("accepted: {columns}", columns=", ".join(COLUMNS)))
    return [name for name in COLUMNS if name in header]
