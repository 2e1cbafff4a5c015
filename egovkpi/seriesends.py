"""Where each series (a unit's KPI) begins and ends, by length of period: the `series_ends` table (migration m008),
which a report of every unit reads instead of walking each history (`prefetch.py`).

The store keeps it in the transaction of every revision it writes (`Ends`): a revision is always its figure's new
current one (revisions are numbered after the last), so a figure that is not withdrawn extends its series' ends;
a withdrawal, or a correction without counts, counts the series again from its figures. `series_ends_state.
figures_to` is the highest figure id the table has taken in: a figure INSERTed by hand is above it, and an UPDATE
or DELETE by hand sets it to -1 (triggers); either way the table is not trusted (`trusted`: reports then read the
figures themselves) until the next write of egovkpi counts every series again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

# of the current figures not withdrawn, by series and length: the first and last periods, and the first with counts
ENDS_OF = """SELECT f.scope, f.kpi, f.period_months, MIN(f.period), MAX(f.period),
    MIN(CASE WHEN f.denominator IS NOT NULL THEN f.period END)
FROM figures f WHERE {where} NOT f.withdrawn AND f.revision = (
    SELECT MAX(g.revision) FROM figures g WHERE g.scope = f.scope AND g.kpi = f.kpi AND g.period = f.period)
GROUP BY f.scope, f.kpi, f.period_months"""
_COLUMNS = "INSERT INTO series_ends (scope, kpi, months, first, last, first_counted) "
_EXTEND = (
    _COLUMNS + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, kpi, months) DO UPDATE SET "
    "first = min(first, excluded.first), last = max(last, excluded.last), "
    "first_counted = coalesce(min(first_counted, excluded.first_counted), first_counted, excluded.first_counted)"
)
_TO = "SELECT figures_to FROM series_ends_state"
_HIGHEST = "SELECT coalesce(MAX(id), 0) FROM figures"


def trusted(conn: sqlite3.Connection) -> bool:
    """Whether `series_ends` has taken in every figure: none was inserted since but by egovkpi's own writes."""
    row = conn.execute(_TO).fetchone()
    return row is not None and row[0] == conn.execute(_HIGHEST).fetchone()[0]


def recount_all(conn: sqlite3.Connection) -> None:
    """Every series' ends made again from the figures (a migration's work: a full read of the store)."""
    conn.execute("DELETE FROM series_ends")
    conn.execute(_COLUMNS + ENDS_OF.format(where=""))
    conn.execute("DELETE FROM series_ends_state")
    conn.execute("INSERT INTO series_ends_state (figures_to) " + _HIGHEST)


class Ends:
    """What the revisions written in one transaction do to `series_ends`, written before it commits."""

    def __init__(self) -> None:
        self.spans: dict[tuple[str, str, int], list[Any]] = {}  # (scope, kpi, months) -> [first, last, counted]
        self.again: set[tuple[str, str]] = set()  # series to count again from their figures
        self.before: int | None = None  # the highest figure id before the transaction's first revision

    def noted(self, conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """`rows` (in the order of `store._COLUMNS`), noted as they pass on to be inserted."""
        if self.before is None:
            self.before = conn.execute(_HIGHEST).fetchone()[0]
        spans, again, get = self.spans, self.again, self.spans.get
        for row in rows:  # a million rows in an import: kept plain
            withdrawn, counted = row[13], row[8] is not None
            if withdrawn or (not counted and row[5] > 1):  # may take a period from an end, or its counts
                again.add((row[0], row[1]))
            if not withdrawn:
                key, period = (row[0], row[1], row[4]), row[2]
                span = get(key)
                if span is None:
                    spans[key] = [period, period, period if counted else None]
                else:
                    if period < span[0]:
                        span[0] = period
                    elif period > span[1]:
                        span[1] = period
                    if counted and (span[2] is None or period < span[2]):
                        span[2] = period
            yield row

    def write(self, conn: sqlite3.Connection) -> None:
        """Into `series_ends`, inside the transaction that wrote the revisions noted."""
        if self.before is None:
            return
        to = conn.execute(_TO).fetchone()
        if to is None or to[0] != self.before:  # figures inserted by hand since: count every series again
            recount_all(conn)
        else:
            conn.executemany(_EXTEND, [(*key, *span) for key, span in self.spans.items()])
            for scope, kpi in sorted(self.again):
                conn.execute("DELETE FROM series_ends WHERE scope = ? AND kpi = ?", (scope, kpi))
                conn.execute(_COLUMNS + ENDS_OF.format(where="f.scope = ? AND f.kpi = ? AND"), (scope, kpi))
            conn.execute("UPDATE series_ends_state SET figures_to = (" + _HIGHEST + ")")
        self.clear()

    def clear(self) -> None:
        self.spans, self.again, self.before = {}, set(), None
