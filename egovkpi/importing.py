"""Readers that yield rows of a file, and `import_rows`: check every row, store all or nothing."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from egovkpi.entry import Entry, check
from egovkpi.errors import InputError
from egovkpi.provinces import Registry
from egovkpi.records import NewFigure, Outcome
from egovkpi.store import Store
from egovkpi.targets import TargetsFile
from egovkpi.text import clean

COLUMNS = ("province", "kpi", "period", "value", "numerator", "denominator", "source", "note")
REQUIRED = ("province", "kpi", "period")


@dataclass(frozen=True)
class Row:
    """One row of an import file: where it stands, and its cells as the user wrote them (None: malformed)."""

    line: int
    entry: Entry | None
    problem: str = ""


@dataclass
class ImportResult:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    errors: list[str] = field(default_factory=list)  # 'line N: reason'; when any, nothing was stored

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _Rejected(Exception):
    """Raised inside the transaction once a bad row is known: the store rolls everything back."""


def import_rows(
    store: Store, rows: Iterable[Row], registry: Registry, targets: TargetsFile, recorded_by: str
) -> ImportResult:
    """Check each row as `add` does and record it; if any row is bad, store none and list them all."""
    result = ImportResult()
    try:
        with store.transaction():
            for row in rows:
                figure = _checked(row, registry, targets, result.errors)
                if figure is not None and not result.errors:
                    result.counts[store.record_one(figure, recorded_by).outcome] += 1
            if result.errors:
                raise _Rejected
    except _Rejected:
        result.counts = dict.fromkeys(Outcome, 0)
    return result


def _checked(row: Row, registry: Registry, targets: TargetsFile, errors: list[str]) -> NewFigure | None:
    if row.entry is None:
        errors.append(f"line {row.line}: {row.problem}")
        return None
    try:
        return check(row.entry, registry, targets)
    except InputError as exc:
        errors.append(f"line {row.line}: {exc}")
        return None


def read_csv(path: Path) -> Iterator[Row]:
    """Stream the rows of a UTF-8 CSV file (a byte-order mark is allowed), skipping blank lines."""
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below, after the errors it can raise
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = [clean(name).lower() for name in next(reader, [])]
            columns = _columns(path, header)
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > len(header):
                    problem = f"{len(cells)} cells but the header has {len(header)} columns"
                    yield Row(reader.line_num, None, problem)
                    continue
                named = dict(zip(header, cells, strict=False))
                yield Row(reader.line_num, Entry(**{name: named.get(name, "") for name in columns}))
        except UnicodeDecodeError:
            raise InputError(f"{path}: is not UTF-8 text (save it as CSV UTF-8)") from None
        except csv.Error as exc:
            raise InputError(f"{path}: line {reader.line_num}: not valid CSV ({exc})") from None


def _columns(path: Path, header: list[str]) -> list[str]:
    if not header:
        raise InputError(f"{path}: is empty; expected a header row: {','.join(COLUMNS)}")
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise InputError(f"{path}: unknown column(s) {', '.join(unknown)} (accepted: {', '.join(COLUMNS)})")
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (accepted: {', '.join(COLUMNS)})")
    return [name for name in COLUMNS if name in header]
