"""Which figures the earlier rows of an import gave, and where: what tells a repeated row from a new one.

A file of millions of rows is not held in memory: each key's first row and figure go to temporary tables of the
store, made and dropped inside the import's transaction. Every row passes through them, so they are made cheap to
write: the rows are kept GROUP to a record (marshal writes a source or note they share once), found by a table of
their keys' hashes (a hash two keys share is told apart by the key kept with the row); and a bit array in memory
says which keys cannot have been given, so most batches ask the tables nothing.
"""

from __future__ import annotations

import datetime as dt
import marshal
import pickle
from collections.abc import Collection
from typing import Any

from egovkpi.messages import Text
from egovkpi.periods import parse_period
from egovkpi.records import NewFigure
from egovkpi.store import Store

Key = tuple[str, str, str, int]  # unit, KPI, period, revision (0 for a file without history)
BITS = 1 << 26  # the bit array: 8 MB; at a million keys, about one key in 60 not given is looked up in vain
GROUP = 64  # rows a record of the table of rows holds: one of them looked up reads this many
KEPT_GROUPS = 256  # records read back kept in memory, for repeats near each other
_LINE = "line {line}"  # where a CSV file's row stands
key_hash = hash  # a key's hash, the same all through one process (a test gives one that collides often)


class Seen:
    """The figure each key was first given by, and where."""

    _KEYS, _ROWS = "temp.egovkpi_import_seen", "temp.egovkpi_import_seen_rows"

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        for table in (self._KEYS, self._ROWS):
            self.conn.execute(f"DROP TABLE IF EXISTS {table}")
        keys = "hash INTEGER, row INTEGER, PRIMARY KEY (hash, row)"  # a hash two keys share is kept twice
        self.conn.execute(f"CREATE TABLE {self._KEYS} ({keys}) WITHOUT ROWID")
        self.conn.execute(f"CREATE TABLE {self._ROWS} (grouped INTEGER PRIMARY KEY, rows BLOB)")
        self.bits = bytearray(BITS // 8)
        self.groups = 0  # records written
        self.kept: dict[int, list[Any]] = {}

    def earlier(self, keys: Collection[Key]) -> dict[Key, tuple[Text | int, NewFigure]]:
        """The first row and figure of each key an earlier batch gave."""
        bits = self.bits
        found: dict[Key, tuple[Text | int, NewFigure]] = {}
        hashes: dict[int, list[Key]] = {}
        for key in keys:
            mark = key_hash(key)
            bit = mark % BITS
            if bits[bit >> 3] & (1 << (bit & 7)):
                hashes.setdefault(mark, []).append(key)
        listed = list(hashes)
        for start in range(0, len(listed), 500):  # under SQLite's oldest limit of 999 values a query
            chunk = listed[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for mark, row in self.conn.execute(f"SELECT hash, row FROM {self._KEYS} WHERE hash IN ({marks})", chunk):
                kept = self._group(row // GROUP)[row % GROUP]
                if kept[:4] in hashes[mark]:
                    found[kept[:4]] = _unpacked(kept)
        return found

    def add(self, firsts: list[tuple[Key, Text | int, NewFigure]]) -> None:
        """Keep the first row (a CSV file's line, or where a row stands) and figure of each key of a batch."""
        bits, first = self.bits, self.groups * GROUP
        marks = [key_hash(key) for key, _, _ in firsts]
        for mark in marks:
            bit = mark % BITS
            bits[bit >> 3] |= 1 << (bit & 7)
        numbered = list(zip(marks, range(first, first + len(marks)), strict=True))
        rows = [
            (*key, place if isinstance(place, int) else _packed(place), new.value, new.numerator, new.denominator,
             new.source, new.note, new.received.isoformat() if new.received is not None else None)
            for key, place, new in firsts
        ]  # fmt: skip
        groups = [(self.groups + index, marshal.dumps(rows[start : start + GROUP])) for index, start in
                  enumerate(range(0, len(rows), GROUP))]  # fmt: skip
        self.groups += len(groups)
        self.conn.executemany(f"INSERT INTO {self._KEYS} VALUES (?,?)", numbered)
        self.conn.executemany(f"INSERT INTO {self._ROWS} VALUES (?,?)", groups)

    def close(self) -> None:
        for table in (self._KEYS, self._ROWS):
            self.conn.execute(f"DROP TABLE {table}")

    def _group(self, grouped: int) -> list[Any]:
        found = self.kept.get(grouped)
        if found is None:
            if len(self.kept) >= KEPT_GROUPS:
                self.kept.clear()
            (blob,) = self.conn.execute(f"SELECT rows FROM {self._ROWS} WHERE grouped = ?", (grouped,)).fetchone()
            found = self.kept[grouped] = marshal.loads(blob)
        return found


def _unpacked(kept: Any) -> tuple[Text, NewFigure]:
    """The row and figure a row of the table holds."""
    scope, kpi, period, _, place, value, numerator, denominator, source, note, received = kept
    figure = NewFigure(
        scope, kpi, parse_period(period), value, numerator, denominator, source, note,
        dt.date.fromisoformat(received) if received is not None else None,
    )  # fmt: skip
    return _where(place), figure


def _packed(where: Text) -> int | bytes:
    """Where a row stands, to keep in the table: a CSV file's line as its number; marshal is quick for the usual
    row number and sheet."""
    values: Any = where.values
    if where.template == _LINE and len(values) == 1 and type(values.get("line")) is int:
        line: int = values["line"]
        return line
    try:
        return b"m" + marshal.dumps((where.template, tuple(values.items())))
    except ValueError:
        return b"p" + pickle.dumps(where)


def _where(place: int | bytes) -> Text:
    if isinstance(place, int):
        return Text(_LINE, {"line": place})
    if place[:1] == b"p":
        found: Text = pickle.loads(place[1:])
        return found
    template, values = marshal.loads(place[1:])
    return Text(template, dict(values))
