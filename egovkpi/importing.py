"""`import_rows`: check every row of a file as `add` does, and store all of them or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from egovkpi.cells import Given, given
from egovkpi.columns import Cell
from egovkpi.entry import QUICK, Checker
from egovkpi.errors import InputError
from egovkpi.importseen import Key, Seen
from egovkpi.messages import Text, t
from egovkpi.numbers import format_exact
from egovkpi.provinces import Registry
from egovkpi.records import VIETNAM_TIME, Figure, NewFigure, Outcome, Recorded, Stamp, received_day
from egovkpi.revising import period_columns, recording, restoring
from egovkpi.store import Store, _now
from egovkpi.targets import TargetsFile

SHOWN_ERRORS = 50  # bad rows listed one by one; past this, only counted


@dataclass(frozen=True)
class Row:
    """One row of a file: where it stands ('line 5', 'sheet Số liệu, row 5') and its cells by column, or, for
    a row that cannot be read into columns, the problem."""

    where: Text
    cells: Mapping[str, Cell] | None
    problem: Text | None = None


class Layout:
    """A CSV file's columns, and how `Checker.quick` picks the cells of QUICK from a row's: a column the file lacks
    is read from an empty cell after the row's. None for a history (its rows are read by `given`)."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        at = {name: index for index, name in enumerate(columns)}  # the last of two alike, as a dict of the cells
        self.pick = None if "revision" in at else itemgetter(*(at.get(name, len(columns)) for name in QUICK))


class TextRow:
    """A row of a CSV file as wide as its header: its line, and its cells, all text as typed, and one empty cell
    after them. Most are checked by `Checker.quick`; the mapping of cells `given` reads and the sentence naming
    the row are made only for a row that needs them: a file has millions of good rows."""

    __slots__ = ("layout", "line", "values")
    problem = None

    def __init__(self, line: int, values: list[str], layout: Layout) -> None:
        self.line, self.values, self.layout = line, values, layout

    @property
    def where(self) -> Text:
        return t("line {line}", line=self.line)

    @property
    def cells(self) -> dict[str, str]:
        return dict(zip(self.layout.columns, self.values, strict=False))


@dataclass
class ImportResult:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    errors: list[Text] = field(default_factory=list)  # the first SHOWN_ERRORS 'line N: reason'
    bad_rows: int = 0  # all of them; when any, nothing was stored
    hints: list[Text] = field(default_factory=list)  # what is accepted, said once for all rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def refuse(self, where: Text, error: InputError | Text) -> None:
        self.bad_rows += 1
        problem = error if isinstance(error, Text) else error.text
        if self.bad_rows <= SHOWN_ERRORS:
            self.errors.append(t("{where}: {problem}", where=where, problem=problem))
        if isinstance(error, InputError) and error.hint and error.hint_text not in self.hints:
            self.hints.append(error.hint_text)


class _Undone(Exception):
    """Raised inside the transaction once a bad row is known, or at the end of a dry run: all is rolled back."""


BATCH = 2000  # rows checked, then looked up and stored together: memory stays flat whatever the file's size


def import_rows(
    store: Store,
    rows: Iterable[Row | TextRow],
    registry: Registry,
    targets: TargetsFile,
    recorded_by: str,
    today: dt.date,
    decimal: str | None = None,
    dry_run: bool = False,
    on_duplicate: str = "revise",
) -> ImportResult:
    """Check each row as `add` does and record it; if any row is bad, store none and list them all. A row of a
    history file is stored as the revision it names, with its time and author. `decimal` ("comma" or "dot") is
    the decimal mark of numbers typed as text. A dry run counts what would be
    new, revised or unchanged, and stores nothing. `on_duplicate` says what becomes of a row whose figure
    differs from the stored one: "revise" records it, "keep" keeps the stored one, "refuse" refuses the row.

    Rows are taken BATCH at a time: checked (each distinct unit, KPI and period resolved once), their current
    revisions looked up in one query, the new revisions inserted in one statement; which figures earlier rows gave
    is kept in a temporary table of the store, not in memory."""
    result = ImportResult()
    run = _Run(store, Checker(registry, targets, today), recorded_by, decimal, on_duplicate, result)
    store.for_bulk_writes()
    try:
        with store.transaction():
            seen = Seen(store)
            run.empty = store.conn.execute("SELECT 1 FROM figures LIMIT 1").fetchone() is None
            batch: list[Row | TextRow] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    run.take(batch, seen)
                    batch = []
            run.take(batch, seen)
            seen.close()
            if result.bad_rows or dry_run:
                raise _Undone
    except _Undone:
        if result.bad_rows:
            result.counts = dict.fromkeys(Outcome, 0)
    return result


@dataclass
class _Run:
    store: Store
    checker: Checker
    recorded_by: str
    decimal: str | None
    on_duplicate: str
    result: ImportResult
    empty: bool = False  # the store held no figure when the import began: no row has a stored figure
    periods: dict[str, tuple[str, int]] = field(default_factory=dict)  # a period's name -> its end, its months

    def take(self, rows: list[Row | TextRow], seen: Seen) -> None:
        """Check a batch of rows and record its good ones; bad rows are refused in the order of the file, and
        once one is, the rest are only checked."""
        result = self.result
        checked: list[tuple[Row | TextRow, InputError | Text | tuple[Key, NewFigure, Stamp | None]]] = []
        for row in rows:
            checked.append((row, self._checked(row)))
        keys = {found[0] for _, found in checked if isinstance(found, tuple)}
        earlier = seen.earlier(keys) if keys else {}
        stored, revisions = self._stored(keys) if keys and not result.bad_rows else ({}, {})
        moment, firsts = _now(), []
        inserts: list[Figure | tuple[Any, ...]] = []
        today = moment.astimezone(VIETNAM_TIME).date()
        stamped = (moment.isoformat(timespec="microseconds"), today, today.isoformat())  # the batch's new revisions
        fresh = 0  # figures the store did not have
        for row, found in checked:
            if not isinstance(found, tuple):
                result.refuse(row.where, found)
                continue
            key, figure, stamp = found
            first = earlier.get(key)
            if first is not None:
                _repeated(first, row.where, figure, result)
                continue
            place = row.line if type(row) is TextRow else row.where  # the line, for the table of earlier rows
            earlier[key] = (place, figure)
            firsts.append((key, place, figure))
            if result.bad_rows:
                continue
            try:
                if stamp is not None:
                    had = revisions.setdefault(key[:3], {})
                    recorded, insert = restoring(figure, stamp, had, today)
                    if insert is not None:
                        had[stamp.revision] = insert
                elif stored and (previous := stored.get(key[:3])) is not None:
                    recorded, insert = self._recorded(figure, previous, moment)
                else:
                    inserts.append(self._first(key[2], figure, *stamped))
                    fresh += 1
                    continue
            except InputError as exc:
                result.refuse(row.where, exc)
                continue
            if insert is not None:
                inserts.append(insert)
            result.counts[recorded.outcome] += 1
        result.counts[Outcome.NEW] += fresh
        if firsts:
            seen.add(firsts)
        if inserts and not result.bad_rows:
            self.store.insert_many(inserts)

    def _checked(self, row: Row | TextRow) -> InputError | Text | tuple[Key, NewFigure, Stamp | None]:
        if type(row) is TextRow and (pick := row.layout.pick) is not None:
            quick = self.checker.quick(pick(row.values), self.decimal)
            if quick is not None:
                figure, period = quick
                return (figure.scope, figure.kpi, period, 0), figure, None
        cells = row.cells
        if cells is None:
            return row.problem or t("a malformed row")
        try:
            found = given(cells, self.decimal)
            entry = found.entry
            if found.code:
                entry = replace(entry, province=_same_unit(found, self.checker))
            figure = self.checker.check(entry)
        except InputError as exc:
            return exc
        stamp = found.stamp
        return (figure.scope, figure.kpi, str(figure.period), stamp.revision if stamp else 0), figure, stamp

    def _first(self, period: str, figure: NewFigure, moment: str, today: dt.date, day: str) -> tuple[Any, ...]:
        """The values of the first revision of a figure the store does not have, as `recording` makes it (the same
        received day, checked the same way), put straight in the order the store inserts them: a file's figures
        are mostly new."""
        received = day if figure.received is None else received_day(figure.received, figure.period, today, today)
        columns = self.periods.get(period)
        if columns is None:
            columns = self.periods[period] = period_columns(figure.period)[1:]
        end, months = columns
        return (
            figure.scope, figure.kpi, period, end, months, 1, figure.value, figure.numerator, figure.denominator,
            figure.source, figure.note, moment, self.recorded_by, False, received,
        )  # fmt: skip

    def _stored(
        self, keys: set[Key]
    ) -> tuple[dict[tuple[str, str, str], Figure], dict[tuple[str, str, str], dict[int, Figure]]]:
        """The current revisions of the figures of a batch of rows, or for a history every revision."""
        if any(key[3] for key in keys):
            return {}, self.store.revisions_of({key[:3] for key in keys})
        if self.empty:  # the figures of this file's earlier rows are not asked for: those rows are repeats
            return {}, {}
        return self.store.latest_of({key[:3] for key in keys}), {}

    def _recorded(
        self, figure: NewFigure, stored: Figure | None, moment: dt.datetime
    ) -> tuple[Recorded, Figure | None]:
        if stored is not None and stored.withdrawn and _figures(figure) == _figures(stored):
            return Recorded(figure, Outcome.LEFT_WITHDRAWN, stored.revision, stored), None  # an old file again: a
            # withdrawn figure comes back only by `add`
        if self.on_duplicate != "revise" and stored is not None and not figure.same_as(stored):
            if self.on_duplicate == "keep":
                return Recorded(figure, Outcome.KEPT, stored.revision, stored), None
            raise InputError(
                t(
                    "{kpi} for {period} is stored as {value} (revision {revision}); this row differs",
                    kpi=figure.kpi,
                    period=figure.period,
                    value=format_exact(stored.value, "en"),
                    revision=stored.revision,
                ),
                hint=t("give --on-duplicate revise to record the rows as revisions, or keep to leave the stored ones"),
            )
        return recording(figure, stored, moment, self.recorded_by)


def _figures(figure: NewFigure | Figure) -> tuple[float, float | None, float | None, str]:
    """What a withdrawal keeps of the figure it withdraws (its note is the reason)."""
    return (figure.value, figure.numerator, figure.denominator, figure.source)


def _same_unit(found: Given, checker: Checker) -> str:
    """The code names the unit; a name beside it must mean the same unit, or the row is refused."""
    entry = found.entry
    unit = checker.locate(found.code, entry.kpi, entry.period)[0]
    if entry.province:
        named = checker.locate(entry.province, entry.kpi, entry.period)[0]
        if named != unit:
            raise InputError(
                t(
                    "province '{name}' is {named} but code {code} is {unit}; correct one of them",
                    name=entry.province,
                    named=named.name,
                    code=found.code,
                    unit=unit.name,
                )
            )
    return found.code


def _repeated(first: tuple[Text | int, NewFigure], where: Text, figure: NewFigure, result: ImportResult) -> None:
    """A repeat of an earlier row's figure (unit, KPI, period and revision) is left out; refused if it differs."""
    place, earlier = first
    first_where = t("line {line}", line=place) if isinstance(place, int) else place
    if earlier != figure:
        said = {"kpi": figure.kpi, "period": figure.period, "first": first_where}
        if replace(earlier, received=figure.received) == figure:
            result.refuse(where, t("{kpi} for {period} is also at {first} with another received day; keep one", **said))
        else:
            result.refuse(where, t("{kpi} for {period} is also at {first} with another figure; keep one", **said))
