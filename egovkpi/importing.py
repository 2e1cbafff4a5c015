"""`import_rows`: check every row of a file as `add` does, and store all of them or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from egovkpi.cells import Given, given
from egovkpi.columns import Cell
from egovkpi.entry import check, locate
from egovkpi.errors import InputError
from egovkpi.messages import Text, t
from egovkpi.numbers import format_exact
from egovkpi.provinces import Registry
from egovkpi.records import Figure, NewFigure, Outcome, Stamp
from egovkpi.store import Store
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
    differs from the stored one: "revise" records it, "keep" keeps the stored one, "refuse" refuses the row."""
    result = ImportResult()
    seen: dict[Key, tuple[Text, NewFigure]] = {}  # each figure: the first row that gave it
    try:
        with store.transaction():
            for row in rows:
                found = _checked(row, registry, targets, result, today, decimal)
                if found is None or not _first(found, row.where, seen, result) or result.bad_rows:
                    continue
                figure, stamp = found[0], found[1].stamp
                try:
                    outcome = _recorded(store, figure, stamp, recorded_by, on_duplicate)
                except InputError as exc:
                    result.refuse(row.where, exc)
                    continue
                result.counts[outcome] += 1
            if result.bad_rows or dry_run:
                raise _Undone
    except _Undone:
        if result.bad_rows:
            result.counts = dict.fromkeys(Outcome, 0)
    return result


def _recorded(store: Store, figure: NewFigure, stamp: Stamp | None, by: str, on_duplicate: str) -> Outcome:
    if stamp is not None:
        return store.restore(figure, stamp).outcome
    stored = store.latest(figure.scope, figure.kpi, str(figure.period))
    if stored is not None and stored.withdrawn and _figures(figure) == _figures(stored):
        return Outcome.LEFT_WITHDRAWN  # an old file again: a withdrawn figure comes back only by `add`
    if on_duplicate != "revise" and stored is not None and not figure.same_as(stored):
        if on_duplicate == "keep":
            return Outcome.KEPT
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
    return store.record_one(figure, by).outcome


def _figures(figure: NewFigure | Figure) -> tuple[float, float | None, float | None, str]:
    """What a withdrawal keeps of the figure it withdraws (its note is the reason)."""
    return (figure.value, figure.numerator, figure.denominator, figure.source)


def _checked(
    row: Row, registry: Registry, targets: TargetsFile, result: ImportResult, today: dt.date, decimal: str | None
) -> tuple[NewFigure, Given] | None:
    if row.cells is None:
        result.refuse(row.where, row.problem or t("a malformed row"))
        return None
    try:
        found = given(row.cells, decimal)
        entry = found.entry
        if found.code:
            entry = replace(entry, province=_same_unit(found, registry, targets))
        return check(entry, registry, targets, today), found
    except InputError as exc:
        result.refuse(row.where, exc)
        return None


def _same_unit(found: Given, registry: Registry, targets: TargetsFile) -> str:
    """The code names the unit; a name beside it must mean the same unit, or the row is refused."""
    entry = found.entry
    unit = locate(found.code, entry.kpi, entry.period, registry, targets)[0]
    if entry.province:
        named = locate(entry.province, entry.kpi, entry.period, registry, targets)[0]
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


def _first(
    found: tuple[NewFigure, Given], where: Text, seen: dict[Key, tuple[Text, NewFigure]], result: ImportResult
) -> bool:
    """False for a repeat of an earlier row's figure (unit, KPI, period and revision); refused if it differs."""
    figure, stamp = found[0], found[1].stamp
    key = (figure.scope, figure.kpi, str(figure.period), stamp.revision if stamp else 0)
    if key not in seen:
        seen[key] = (where, figure)
        return True
    first_where, first = seen[key]
    if first != figure:
        said = {"kpi": figure.kpi, "period": figure.period, "first": first_where}
        if replace(first, received=figure.received) == figure:
            result.refuse(where, t("{kpi} for {period} is also at {first} with another received day; keep one", **said))
        else:
            result.refuse(where, t("{kpi} for {period} is also at {first} with another figure; keep one", **said))
    return False
