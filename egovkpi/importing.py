"""`import_rows`: check every row of a file as `add` does, and store all of them or none."""

from __future__ import annotations

import datetime as dt
import marshal
import pickle
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from egovkpi.cells import Given, given
from egovkpi.columns import Cell
from egovkpi.entry import Checker
from egovkpi.errors import InputError
from egovkpi.messages import Text, t
from egovkpi.numbers import format_exact
from egovkpi.periods import parse_period
from egovkpi.provinces import Registry
from egovkpi.records import VIETNAM_TIME, Figure, NewFigure, Outcome, Recorded, Stamp
from egovkpi.revising import recording, restoring
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


Key = tuple[str, str, str, int]  # unit, KPI, period, revision (0 for a file without history)
BATCH = 2000  # rows checked, then looked up and stored together: memory stays flat whatever the file's size


def import_rows(
    store: Store,
    rows: Iterable[Row],
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
    try:
        with store.transaction():
            seen = _Seen(store)
            batch: list[Row] = []
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


class _Seen:
    """The figure each key was first given by, and where: a temporary table, so that a file of millions of rows
    does not hold them all in memory. It is made and dropped inside the import's transaction."""

    _TABLE = "temp.egovkpi_import_seen"

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        self.conn.execute(f"DROP TABLE IF EXISTS {self._TABLE}")
        self.conn.execute(
            f"CREATE TABLE {self._TABLE} (scope TEXT, kpi TEXT, period TEXT, revision INTEGER, place BLOB, "
            "value REAL, numerator REAL, denominator REAL, source TEXT, note TEXT, received TEXT, "
            "PRIMARY KEY (scope, kpi, period, revision)) WITHOUT ROWID"
        )

    def earlier(self, keys: Collection[Key]) -> dict[Key, tuple[Text, NewFigure]]:
        """The first row and figure of each key an earlier batch gave."""
        found: dict[Key, tuple[Text, NewFigure]] = {}
        listed = list(keys)
        for start in range(0, len(listed), 200):  # 800 values a query, under SQLite's oldest limit of 999
            chunk = listed[start : start + 200]
            marks = ",".join(["(?,?,?,?)"] * len(chunk))
            rows = self.conn.execute(
                f"WITH k(scope, kpi, period, revision) AS (VALUES {marks}) SELECT s.scope, s.kpi, s.period, "
                "s.revision, s.place, s.value, s.numerator, s.denominator, s.source, s.note, s.received "
                f"FROM k CROSS JOIN {self._TABLE} s ON s.scope = k.scope AND s.kpi = k.kpi AND s.period = k.period "
                "AND s.revision = k.revision",
                [value for key in chunk for value in key],
            )
            for scope, kpi, period, revision, place, value, numerator, denominator, source, note, received in rows:
                figure = NewFigure(
                    scope, kpi, parse_period(period), value, numerator, denominator, source, note,
                    dt.date.fromisoformat(received) if received is not None else None,
                )  # fmt: skip
                found[(scope, kpi, period, revision)] = (_unpacked(place), figure)
        return found

    def add(self, firsts: list[tuple[Key, Text, NewFigure]]) -> None:
        self.conn.executemany(
            f"INSERT INTO {self._TABLE} VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                (*key, _packed(where), new.value, new.numerator, new.denominator, new.source, new.note,
                 new.received.isoformat() if new.received is not None else None)
                for key, where, new in firsts
            ),
        )  # fmt: skip

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE {self._TABLE}")


def _packed(where: Text) -> bytes:
    """Where a row stands, to keep in the table: marshal is quick for the usual line or row number and sheet."""
    try:
        values: Any = tuple(where.values.items())
        return b"m" + marshal.dumps((where.template, values))
    except ValueError:
        return b"p" + pickle.dumps(where)


def _unpacked(place: bytes) -> Text:
    if place[:1] == b"p":
        found: Text = pickle.loads(place[1:])
        return found
    template, values = marshal.loads(place[1:])
    return Text(template, dict(values))


@dataclass
class _Run:
    store: Store
    checker: Checker
    recorded_by: str
    decimal: str | None
    on_duplicate: str
    result: ImportResult

    def take(self, rows: list[Row], seen: _Seen) -> None:
        """Check a batch of rows and record its good ones; bad rows are refused in the order of the file, and
        once one is, the rest are only checked."""
        result = self.result
        checked: list[tuple[Text, InputError | Text | tuple[Key, NewFigure, Stamp | None]]] = []
        for row in rows:
            checked.append((row.where, self._checked(row)))
        keys = {found[0] for _, found in checked if isinstance(found, tuple)}
        earlier = seen.earlier(keys) if keys else {}
        stored, revisions = self._stored(keys) if keys and not result.bad_rows else ({}, {})
        moment, firsts, inserts = _now(), [], []
        today = moment.astimezone(VIETNAM_TIME).date()
        for where, found in checked:
            if not isinstance(found, tuple):
                result.refuse(where, found)
                continue
            key, figure, stamp = found
            first = earlier.get(key)
            if first is not None:
                _repeated(first, where, figure, result)
                continue
            earlier[key] = (where, figure)
            firsts.append((key, where, figure))
            if result.bad_rows:
                continue
            try:
                if stamp is not None:
                    had = revisions.setdefault(key[:3], {})
                    recorded, insert = restoring(figure, stamp, had, today)
                    if insert is not None:
                        had[stamp.revision] = insert
                else:
                    recorded, insert = self._recorded(figure, stored.get(key[:3]), moment)
            except InputError as exc:
                result.refuse(where, exc)
                continue
            if insert is not None:
                inserts.append(insert)
            result.counts[recorded.outcome] += 1
        if firsts:
            seen.add(firsts)
        if inserts and not result.bad_rows:
            self.store.insert_many(inserts)

    def _checked(self, row: Row) -> InputError | Text | tuple[Key, NewFigure, Stamp | None]:
        if row.cells is None:
            return row.problem or t("a malformed row")
        try:
            found = given(row.cells, self.decimal)
            entry = found.entry
            if found.code:
                entry = replace(entry, province=_same_unit(found, self.checker))
            figure = self.checker.check(entry)
        except InputError as exc:
            return exc
        stamp = found.stamp
        return (figure.scope, figure.kpi, str(figure.period), stamp.revision if stamp else 0), figure, stamp

    def _stored(
        self, keys: set[Key]
    ) -> tuple[dict[tuple[str, str, str], Figure], dict[tuple[str, str, str], dict[int, Figure]]]:
        """The current revisions of the figures of a batch of rows, or for a history every revision."""
        figures = {key[:3] for key in keys}
        if any(key[3] for key in keys):
            return {}, self.store.revisions_of(figures)
        return self.store.latest_of(figures), {}

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


def _repeated(first: tuple[Text, NewFigure], where: Text, figure: NewFigure, result: ImportResult) -> None:
    """A repeat of an earlier row's figure (unit, KPI, period and revision) is left out; refused if it differs."""
    first_where, earlier = first
    if earlier != figure:
        said = {"kpi": figure.kpi, "period": figure.period, "first": first_where}
        if replace(earlier, received=figure.received) == figure:
            result.refuse(where, t("{kpi} for {period} is also at {first} with another received day; keep one", **said))
        else:
            result.refuse(where, t("{kpi} for {period} is also at {first} with another figure; keep one", **said))
