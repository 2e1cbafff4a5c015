"""Merging another egovkpi store into this one: every revision of every figure, with who recorded it and when.

A revision is the same in two stores when its content and stamp are (value, numerator, denominator, source, note,
when, by whom, whether a withdrawal), whatever its number. For each unit, KPI and period, `plan` compares the two
histories: theirs already in ours adds nothing; theirs extending ours (ours all in theirs) adds their missing
revisions and their current figure becomes ours; histories that diverged get their missing revisions added, and when
the two current figures differ (a conflict) `--prefer` says which is current: a copy of the chosen one, stamped now
by whoever merges, is recorded last when it is not already. Nothing is deleted, and a second merge finds every
revision present and adds nothing. `plan` is pure; `read_other` and `merge` hold the SQL.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from egovkpi.errors import Failure, InputError
from egovkpi.messages import t
from egovkpi.provinces import Registry
from egovkpi.records import Figure
from egovkpi.store import Store
from egovkpi.storefile import _applied, _connect_read_only, _known

Key = tuple[str, str, str]  # unit key, KPI, period
_EARLIEST = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
_READ = (
    "SELECT scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, "
    "COALESCE(source, ''), COALESCE(note, ''), recorded_at, COALESCE(recorded_by, ''), {withdrawn}, {received} "
    "FROM figures ORDER BY scope, kpi, period, revision"
)


class Prefer(str, Enum):
    """Which current figure wins a conflict."""

    ours = "ours"  # the store merged into stays as it was
    theirs = "theirs"
    newest = "newest"  # the one recorded later; ours on a tie


@dataclass(frozen=True)
class Conflict:
    """One unit, KPI and period whose histories diverged and whose current figures differ."""

    ours: Figure  # our current revision before the merge
    theirs: Figure  # theirs
    current: Prefer  # ours or theirs: which one is current after the merge


@dataclass(frozen=True)
class Plan:
    """What merging one figure's histories adds to ours: revisions numbered after our last, in order."""

    added: list[Figure]
    conflict: Conflict | None = None


@dataclass
class Merged:
    """What a merge did (or, in a dry run, would do)."""

    new: int = 0  # figures (unit, KPI, period) ours did not have
    revisions: int = 0  # revisions added, copies of a chosen current figure included
    conflicts: list[Conflict] = field(default_factory=list)


def instant(stamp: str) -> dt.datetime:
    """A stored time as an aware datetime (UTC when it has no offset); the earliest time if it cannot be read."""
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return _EARLIEST
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def identity(figure: Figure) -> tuple[object, ...]:
    """What makes a revision the same in two stores: its content and its stamp, not its number."""
    when = instant(figure.recorded_at)
    stamp: object = figure.recorded_at if when == _EARLIEST else when
    return (*content(figure), stamp, figure.recorded_by)


def content(figure: Figure) -> tuple[object, ...]:
    """What a revision says, whoever recorded it and whenever."""
    return (figure.value, figure.numerator, figure.denominator, figure.source, figure.note, figure.withdrawn)


def differ(ours: Figure, theirs: Figure) -> bool:
    """Two current figures are in conflict when they say different things to a report: another value, numerator
    or denominator, or one withdrawn and the other not (two withdrawals say the same: no figure)."""
    if ours.withdrawn and theirs.withdrawn:
        return False
    said = (ours.value, ours.numerator, ours.denominator, ours.withdrawn)
    return said != (theirs.value, theirs.numerator, theirs.denominator, theirs.withdrawn)


def _newer(ours: Figure, theirs: Figure) -> Prefer:
    return Prefer.theirs if instant(theirs.recorded_at) > instant(ours.recorded_at) else Prefer.ours


def plan(ours: Sequence[Figure], theirs: Sequence[Figure], prefer: Prefer, now: str, by: str) -> Plan:
    """Merge their revisions of one figure (in their order) into ours (in ours); `now` and `by` stamp the copy of
    a chosen current figure that must be recorded last to stay current."""
    have = {identity(figure) for figure in ours}
    missing = [figure for figure in theirs if identity(figure) not in have]
    if not missing:
        return Plan([])
    conflict = None
    if not ours or have <= {identity(figure) for figure in theirs}:
        wanted = theirs[-1]  # theirs extends ours
    else:
        mine, yours = ours[-1], theirs[-1]
        if differ(mine, yours):
            side = _newer(mine, yours) if prefer is Prefer.newest else prefer
            conflict = Conflict(mine, yours, side)
        else:
            side = _newer(mine, yours)  # the same figure to reports: the later wording, whichever way one merges
        wanted = mine if side is Prefer.ours else yours
    last = ours[-1].revision if ours else 0
    added = [replace(figure, revision=last + number) for number, figure in enumerate(missing, start=1)]
    if content(added[-1]) != content(wanted):
        added.append(replace(wanted, revision=last + len(added) + 1, recorded_at=now, recorded_by=by))
    return Plan(added, conflict)


def check_other(path: Path, ours: Path) -> None:
    """Refuse, without writing to it, a store that cannot be merged: missing, a folder, this store itself, not an
    egovkpi store, or one written by a newer egovkpi."""
    if not path.exists():
        raise InputError(t("{path}: no such file", path=path))
    if path.is_dir():
        raise InputError(t("{path} is a folder, not an egovkpi store", path=path))
    if path.resolve() == ours.resolve() or (ours.exists() and os.path.samefile(path, ours)):
        raise InputError(t("{path} is this store itself; give another store to merge", path=path))
    try:
        applied = _applied(path)
    except InputError:
        unknown = _unknown_migrations(path)
        if unknown:
            from egovkpi import __version__

            raise InputError(
                t(
                    "{path} was written by a newer egovkpi: its schema changes {migrations} are unknown to this "
                    "version ({version}); nothing was merged",
                    path=path,
                    migrations=", ".join(unknown),
                    version=__version__,
                ),
                hint=t("upgrade egovkpi to a version that has them, then merge again"),
            ) from None
        raise
    if applied is None:
        raise InputError(t("{path} is not an egovkpi store (it is empty); it was left unchanged", path=path))


def _unknown_migrations(path: Path) -> list[str]:
    """The migrations a store has had that this version does not know; none if it cannot be read as a store."""
    from egovkpi.migrations import migrations

    try:
        conn = _connect_read_only(path)
        try:
            query = "SELECT name FROM _sqlite_migrations WHERE migration_set = ?"
            names = {row[0] for row in conn.execute(query, (migrations.name,))}
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return sorted(names - _known())


def read_other(path: Path, registry: Registry) -> list[Figure]:
    """Every revision of another store (checked with `check_other`), read-only, under this registry's unit keys:
    a figure of a unit renamed before its period's end goes to the renamed unit, which bears the same code (a store
    written before Huế became a city in 2025 holds its 2025 figures under the province's key); other figures keep
    their key. A unit key this registry does not know is refused."""
    try:
        conn = _connect_read_only(path)
        try:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(figures)")}
            withdrawn = "withdrawn" if "withdrawn" in columns else "0"  # a store from before m003
            received = "received" if "received" in columns else "NULL"  # a store from before m006
            rows = conn.execute(_READ.format(withdrawn=withdrawn, received=received)).fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise Failure(t("cannot read the store {path}: {error}", path=path, error=exc)) from None
    keys: dict[tuple[str, str], str] = {}
    figures = []
    for row in rows:
        figure = replace(Figure(*row), withdrawn=bool(row[13]))
        found = (figure.scope, figure.period_end)
        if found not in keys:
            keys[found] = _our_key(figure, registry, path)
        figures.append(replace(figure, scope=keys[found]))
    return figures


def _our_key(figure: Figure, registry: Registry, path: Path) -> str:
    try:
        unit = registry.by_key(figure.scope)
    except KeyError:
        message = t(
            "{path} holds figures for the unit key '{key}', which this version of egovkpi does not know; "
            "nothing was merged",
            path=path,
            key=figure.scope,
        )
        raise InputError(message) from None
    end = dt.date.fromisoformat(figure.period_end)
    if unit.valid_to is not None and end > unit.valid_to:
        successor = registry.successor(unit)
        if successor is not None and successor.code == unit.code and not successor.predecessor_codes:
            return successor.key  # renamed (Huế), not merged: a reused code (Yên Bái's 15 is Lào Cai's) is not it
    return figure.scope


def _grouped(figures: Iterable[Figure]) -> dict[Key, list[Figure]]:
    """Revisions by unit, KPI and period, each in its store's order; revisions brought together from two unit keys
    (the province's and the city's, for Huế) in the order they were recorded."""
    groups: dict[Key, list[Figure]] = {}
    for figure in figures:
        groups.setdefault((figure.scope, figure.kpi, figure.period), []).append(figure)
    for key, found in groups.items():
        if any(figure.revision <= before.revision for before, figure in itertools.pairwise(found)):
            groups[key] = sorted(found, key=lambda figure: (instant(figure.recorded_at), figure.revision))
    return groups


class _DryRun(Exception):
    """Raised inside the transaction of a dry run, so that everything is rolled back."""


def merge(store: Store, theirs: Iterable[Figure], prefer: Prefer, by: str, *, dry_run: bool = False) -> Merged:
    """Merge every revision of `theirs` (as `read_other` gives them) into `store` in one transaction (BEGIN
    IMMEDIATE: writers queue meanwhile, none is lost); a dry run does it all and rolls back."""
    groups = _grouped(theirs)
    merged = Merged()
    store.for_bulk_writes()
    try:
        with store.transaction():
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")  # once the lock is ours
            ours: dict[Key, list[Figure]] = {}
            scopes = sorted({scope for scope, _, _ in groups})
            for figure in store.every(history=True, scopes=scopes) if scopes else ():
                ours.setdefault((figure.scope, figure.kpi, figure.period), []).append(figure)
            for key in sorted(groups):
                mine = ours.get(key, [])
                done = plan(mine, groups[key], prefer, now, by)
                for figure in done.added:
                    store.insert_many([figure])
                if done.added and not mine:
                    merged.new += 1
                merged.revisions += len(done.added)
                if done.conflict is not None:
                    merged.conflicts.append(done.conflict)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    merged.conflicts.sort(key=lambda found: (found.ours.scope, found.ours.kpi, *found.ours.latest_key))
    return merged
