"""The store as a file people open (DB Browser for SQLite, Datasette, R, Excel): the rows of its `units` table.

Migration m004 creates `units` and the views that join on it (`current_figures`, `figure_history`); this module
keeps `units` equal to the unit registry shipped with this version, which a later version may correct. A store
opened for writing is brought up to date in one transaction; one already up to date costs a single read.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3

from egovkpi.provinces import NATION, Registry, registry

UNIT_COLUMNS = (
    "key", "code", "name", "full_name", "name_ascii", "unit_type", "valid_from", "valid_to", "merged_into",
    "merged_into_name",
)  # fmt: skip
UnitRow = tuple[str | None, ...]
NATION_ASCII = "Toan quoc"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def unit_rows(units: Registry) -> list[UnitRow]:
    """The `units` table's rows, by key: the nation (named 'Toàn quốc', not its key) and every registry unit."""
    rows: list[UnitRow] = [
        (NATION.key, NATION.code, NATION.full_name, NATION.full_name, NATION_ASCII, None, None, None, None, None)
    ]
    for unit in units.units:
        successor = units.successor(unit)
        rows.append(
            (
                unit.key, unit.code, unit.name, unit.full_name, unit.name_ascii or None, unit.unit_type or None,
                _iso(unit.valid_from), _iso(unit.valid_to), successor.key if successor else None,
                successor.name if successor else None,
            )
        )  # fmt: skip
    return sorted(rows, key=lambda row: str(row[0]))


@functools.cache
def _shipped() -> tuple[UnitRow, ...]:
    return tuple(unit_rows(registry()))


def _stored(conn: sqlite3.Connection) -> list[UnitRow]:
    return [tuple(row) for row in conn.execute(f"SELECT {', '.join(UNIT_COLUMNS)} FROM units ORDER BY key")]


def sync_units(conn: sqlite3.Connection, rows: list[UnitRow] | None = None) -> bool:
    """Make `units` hold `rows` (by default this version's registry); True if it had to be rewritten.

    Outside a transaction, on a connection in autocommit mode. The table is compared first, without a lock; only
    when it differs is it rewritten under BEGIN IMMEDIATE, compared again there, as another writer may have
    rewritten it meanwhile.
    """
    wanted = sorted(rows, key=lambda row: str(row[0])) if rows is not None else list(_shipped())
    if _stored(conn) == wanted:
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        changed = _stored(conn) != wanted
        if changed:
            conn.execute("DELETE FROM units")
            marks = ", ".join("?" * len(UNIT_COLUMNS))
            conn.executemany(f"INSERT INTO units ({', '.join(UNIT_COLUMNS)}) VALUES ({marks})", wanted)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return changed
