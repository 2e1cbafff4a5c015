"""The SQLite store of reported figures. Every revision is kept; the highest is current."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.records import VIETNAM_TIME, Figure, NewFigure, Outcome, Recorded, Stamp, vietnam_day
from egovkpi.revising import recording, restoring
from egovkpi.seriesends import Ends
from egovkpi.storefailures import explained

_COLUMNS = (
    "scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, "
    "source, note, recorded_at, recorded_by, withdrawn, received"
)


_NAMES = [name.strip() for name in _COLUMNS.split(",")]  # in Figure's field order


def _read(row: Any) -> Figure:
    """A figure from a row of `_COLUMNS` (and anything after them), built directly: the reports read many."""
    return Figure(*row[:13], bool(row[13]), row[14])  # type: ignore[call-arg]


def _latest_key(figure: Figure) -> tuple[str, int]:
    return (figure.period_end, figure.period_months)


# the figure f is its period's current revision, not withdrawn: one look-up on the (scope, kpi, period, revision) index
_CURRENT = (
    "NOT f.withdrawn AND f.revision = (SELECT MAX(g.revision) FROM figures g WHERE g.scope = f.scope "
    "AND g.kpi = f.kpi AND g.period = f.period)"
)


def _now() -> dt.datetime:
    """Now, in UTC: what a revision is stamped with."""
    return dt.datetime.now(dt.timezone.utc)


_INSERT = f"INSERT INTO figures ({_COLUMNS}) VALUES ({','.join('?' * len(_NAMES))})"
_F_COLUMNS = ", ".join(f"f.{name}" for name in _NAMES)  # of figures f
# SQLite's page cache for a write of many rows (its default is 2 MB): a million-row import, whose indexes outgrow
# the default, spills and reads back fewer pages: 8-17 % faster in A/B runs, for up to 32 MB more memory
BULK_CACHE_KIB = 32 * 1024
_KEYS_AT_ONCE = 300  # (scope, kpi, period) keys looked up in one query: 900 values, under SQLite's oldest limit of 999


def _values(figure: Figure) -> list[Any]:
    if figure.received is None:  # a revision read from a store without received days: the day it was recorded
        try:
            figure = replace(figure, received=vietnam_day(figure.recorded_at).isoformat())
        except ValueError:
            figure = replace(figure, received=figure.recorded_at[:10])
    return [getattr(figure, name) for name in _NAMES]


def _chosen(scopes: list[str] | None, kpis: list[str] | None) -> tuple[list[str], list[str]]:
    """The conditions (on figures f) and their values that keep the units and KPIs chosen; None chooses all."""
    where, values = [], []
    for column, chosen in (("scope", scopes), ("kpi", kpis)):
        if chosen is not None:
            where.append(f"f.{column} IN ({','.join('?' * len(chosen))})")
            values.extend(chosen)
    return where, values


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path  # named in errors; None for a store in memory
        self.ends = Ends()  # where the series written in the open transaction begin and end

    def record(self, figures: Iterable[NewFigure], recorded_by: str) -> list[Recorded]:
        """Store every figure in one transaction: all or nothing.

        A figure that repeats its current revision exactly is not stored again.
        """
        with self.transaction():
            return [self.record_one(new, recorded_by) for new in figures]

    def record_one(self, new: NewFigure, recorded_by: str) -> Recorded:
        """Record one figure; call inside `transaction()`."""
        moment = _now()
        recorded, figure = recording(new, self.latest(new.scope, new.kpi, str(new.period)), moment, recorded_by)
        if figure is not None:
            self.insert_many([figure])
        return recorded

    def restore(self, new: NewFigure, stamp: Stamp) -> Recorded:
        """Record a revision as a history file gives it (its number, time, author, whether a withdrawal); call
        inside `transaction()`. Its received day is the one given, else the day it was recorded (in Việt Nam). A
        revision already stored exactly so (whatever its received day) is unchanged; one stored otherwise, or one
        that does not follow the store's last revision, is refused."""
        key = (new.scope, new.kpi, str(new.period))
        today = _now().astimezone(VIETNAM_TIME).date()
        recorded, figure = restoring(new, stamp, self.revisions_of([key]).get(key, {}), today)
        if figure is not None:
            self.insert_many([figure])
        return recorded

    def withdraw(self, scope: str, kpi: str, period: str, reason: str, by: str) -> Recorded:
        """Record a withdrawal revision of the current figure; nothing is deleted."""
        moment = _now()
        now, today = moment.isoformat(timespec="microseconds"), moment.astimezone(VIETNAM_TIME).date().isoformat()
        with self.transaction():
            previous = self.latest(scope, kpi, period)
            if previous is None:
                raise InputError(t("there is no figure for {kpi} in {period} to withdraw", kpi=kpi, period=period))
            if previous.withdrawn:
                when, who = dt.date.fromisoformat(previous.recorded_at[:10]), previous.recorded_by
                raise InputError(
                    t("the figure for {kpi} in {period} was already withdrawn (revision {revision}, {when}, by {who})",
                      kpi=kpi, period=period, revision=previous.revision, when=when, who=who)
                )  # fmt: skip
            revision = previous.revision + 1  # received: the day it was withdrawn
            withdrawal = replace(previous, revision=revision, note=reason, withdrawn=True, received=today)
            withdrawal = replace(withdrawal, recorded_at=now, recorded_by=by)
            self.insert_many([withdrawal])
        return Recorded(withdrawal, Outcome.WITHDRAWN, withdrawal.revision, previous)

    def current(self, scope: str, kpi: str, since: str = "", before: str | None = None) -> list[Figure]:
        """The current revision of each period's figure, oldest period first; withdrawn figures are left out.
        `since` <= period < `before` (period strings: '2024' to '2025' is every period of 2024) narrows it.

        One pass over the (scope, kpi, period, revision) index: SQLite's MAX() takes the other columns from the
        row of the highest revision of each period."""
        bound = "AND period < ?" if before is not None else ""
        values = (scope, kpi, since, before) if before is not None else (scope, kpi, since)
        rows = self.conn.execute(
            f"SELECT {_COLUMNS}, MAX(revision) FROM figures WHERE scope = ? AND kpi = ? AND period >= ? {bound} "
            "GROUP BY period",
            values,
        )
        kept = [_read(row) for row in rows if not row[13]]
        kept.sort(key=_latest_key)
        return kept

    def edge_period(
        self,
        scopes: list[str],
        kpi: str,
        *,
        since: str = "",
        before: str | None = None,
        latest: bool,
        months: int | None = None,
    ) -> str | None:
        """The latest (else the earliest) period from `since` up to `before` in which one of `scopes` has a current
        figure not withdrawn (of `months`, if given); a walk of the index from that end, stopped at the first."""
        found = None
        for scope in scopes:
            where = ["f.scope = ?", "f.kpi = ?", "f.period >= ?", _CURRENT]
            values: list[Any] = [scope, kpi, since]
            if before is not None:
                where.append("f.period < ?")
                values.append(before)
            if months is not None:
                where.append("f.period_months = ?")
                values.append(months)
            order = "DESC" if latest else "ASC"
            row = self.conn.execute(
                f"SELECT f.period FROM figures f WHERE {' AND '.join(where)} ORDER BY f.period {order} LIMIT 1", values
            ).fetchone()
            if row is not None and (found is None or (row[0] > found if latest else row[0] < found)):
                found = row[0]
        return found

    def first_together(
        self, parts: list[list[str]], kpi: str, *, since: str, before: str, counted: bool, months: int | None
    ) -> str | None:
        """The earliest period from `since` up to `before` in which every part (a list of unit keys: a unit and those
        it continues) has a current figure not withdrawn, with its denominator if `counted`, and of
        `months` if given: the first period where a roll-up may give a figure. Walks the first part's periods on
        the index; each other part is looked up on it."""

        def condition(alias: str) -> str:
            kept = _CURRENT.replace("f.", f"{alias}.")
            if counted:
                kept += f" AND {alias}.denominator IS NOT NULL"
            if months is not None:
                kept += f" AND {alias}.period_months = {int(months)}"
            return kept

        others, values_others = [], []
        for index, part in enumerate(parts[1:]):
            alias = f"p{index}"
            marks = ",".join("?" * len(part))
            others.append(
                f"EXISTS (SELECT 1 FROM figures {alias} WHERE {alias}.scope IN ({marks}) AND {alias}.kpi = f.kpi "
                f"AND {alias}.period = f.period AND {condition(alias)})"
            )
            values_others.extend(part)
        found = None
        for scope in parts[0]:
            where = ["f.scope = ?", "f.kpi = ?", "f.period >= ?", "f.period < ?", condition("f"), *others]
            row = self.conn.execute(
                f"SELECT f.period FROM figures f WHERE {' AND '.join(where)} ORDER BY f.period LIMIT 1",
                [scope, kpi, since, before, *values_others],
            ).fetchone()
            if row is not None and (found is None or row[0] < found):
                found = row[0]
        return found

    def history(self, scope: str, kpi: str) -> list[Figure]:
        """Every figure and revision, oldest first: by when it was recorded (a history file restores revisions
        with their own times, not in the order they were first recorded), then as stored."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures WHERE scope = ? AND kpi = ? ORDER BY id", (scope, kpi)
        )
        return sorted((_read(row) for row in rows), key=lambda figure: dt.datetime.fromisoformat(figure.recorded_at))

    def every(
        self, *, history: bool, scopes: list[str] | None = None, kpis: list[str] | None = None
    ) -> Iterator[Figure]:
        """The current figure of every unit, KPI and period (withdrawn ones left out), or with `history` every
        revision; by unit key, KPI, period (by its end, shorter first) and revision; streamed."""
        where, values = _chosen(scopes, kpis)
        if not history:
            where.append(
                "f.revision = (SELECT MAX(revision) FROM figures g WHERE g.scope = f.scope AND g.kpi = f.kpi "
                "AND g.period = f.period) AND NOT f.withdrawn"
            )
        condition = f"WHERE {' AND '.join(where)}" if where else ""
        order = "ORDER BY f.scope, f.kpi, f.period_end, f.period_months, f.revision"
        for row in self.conn.execute(f"SELECT {_COLUMNS} FROM figures f {condition} {order}", values):
            yield _read(row)

    def received_on(
        self, *, scopes: list[str] | None = None, kpis: list[str] | None = None
    ) -> dict[tuple[str, str, str], dt.date]:
        """(scope, kpi, period) -> the day the figure now current was first received, for every figure not withdrawn:
        the received day of the first revision after its last withdrawal (a correction keeps the day the report came,
        whatever day it gives itself). One query: each revision looks up
        its figure's last withdrawal on the (scope, kpi, period, revision) index; a figure whose current revision
        is a withdrawal has no revision after it, and is left out."""
        where, values = _chosen(scopes, kpis)
        where.append(
            "f.revision > COALESCE((SELECT MAX(w.revision) FROM figures w WHERE w.scope = f.scope AND w.kpi = f.kpi "
            "AND w.period = f.period AND w.withdrawn), 0)"
        )
        query = (
            "SELECT f.scope, f.kpi, f.period, MIN(f.revision), COALESCE(f.received, substr(f.recorded_at, 1, 10)) "
            f"FROM figures f WHERE {' AND '.join(where)} GROUP BY f.scope, f.kpi, f.period"
        )
        rows = self.conn.execute(query, values)
        # SQLite takes the bare received column from the row of the MIN(revision)
        return {(scope, kpi, period): dt.date.fromisoformat(day) for scope, kpi, period, _, day in rows}

    def scopes(self) -> list[str]:
        """Every unit key with a figure, in order: one look-up on the index per unit, not a scan of every figure."""
        query = (
            "WITH RECURSIVE s(scope) AS (SELECT MIN(scope) FROM figures UNION ALL "
            "SELECT (SELECT MIN(f.scope) FROM figures f WHERE f.scope > s.scope) FROM s WHERE s.scope IS NOT NULL) "
            "SELECT scope FROM s WHERE scope IS NOT NULL"
        )
        return [row[0] for row in self.conn.execute(query)]

    def last_summary(self, address: str) -> tuple[str, str] | None:
        """(fingerprint, sent_at) of the last summary delivered to this address (lower-case), alone or with others:
        each row's recipients are those the server took it for, sorted, lower-case, comma-separated."""
        row = self.conn.execute(
            "SELECT fingerprint, sent_at FROM summaries WHERE instr(',' || recipients || ',', ',' || ? || ',') > 0 "
            "ORDER BY id DESC LIMIT 1",
            (address.lower(),),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def record_summary(self, recipients: str, subject: str, message_id: str, fingerprint: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction():
            self.conn.execute(
                "INSERT INTO summaries (sent_at, recipients, subject, message_id, fingerprint) VALUES (?,?,?,?,?)",
                (now, recipients, subject, message_id, fingerprint),
            )

    def latest(self, scope: str, kpi: str, period: str) -> Figure | None:
        """The current revision of one figure, a withdrawal included; None if there is none."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures WHERE scope = ? AND kpi = ? AND period = ? ORDER BY revision DESC LIMIT 1",
            (scope, kpi, period),
        ).fetchone()
        return _read(row) if row else None

    def latest_of(self, keys: Collection[tuple[str, str, str]]) -> dict[tuple[str, str, str], Figure]:
        """`latest` of many (scope, kpi, period) keys at once: the current revision of each that has one. One query
        for every _KEYS_AT_ONCE keys; each key one look-up of its highest revision on the index, then its row."""
        found: dict[tuple[str, str, str], Figure] = {}
        on = (
            "f.id = (SELECT g.id FROM figures g WHERE g.scope = k.scope AND g.kpi = k.kpi AND g.period = k.period "
            "ORDER BY g.revision DESC LIMIT 1)"
        )
        for rows in self._keyed(keys, f"SELECT {_F_COLUMNS}", "", on=on):
            for row in rows:
                figure = _read(row)
                found[(figure.scope, figure.kpi, figure.period)] = figure
        return found

    def revisions_of(self, keys: Collection[tuple[str, str, str]]) -> dict[tuple[str, str, str], dict[int, Figure]]:
        """Every stored revision of each (scope, kpi, period) key that has any, by revision number."""
        found: dict[tuple[str, str, str], dict[int, Figure]] = {}
        for rows in self._keyed(keys, f"SELECT {_F_COLUMNS}", ""):
            for row in rows:
                figure = _read(row)
                found.setdefault((figure.scope, figure.kpi, figure.period), {})[figure.revision] = figure
        return found

    def _keyed(
        self,
        keys: Collection[tuple[str, str, str]],
        select: str,
        tail: str,
        on: str = "f.scope = k.scope AND f.kpi = k.kpi AND f.period = k.period",
    ) -> Iterator[Any]:
        """The rows of figures f of the keys (k), `_KEYS_AT_ONCE` keys a query, each key a look-up on the index: in
        the index's order, so that neighbours share pages (twice as fast as in any order on a 1M store)."""
        listed = sorted(keys)
        for start in range(0, len(listed), _KEYS_AT_ONCE):
            chunk = listed[start : start + _KEYS_AT_ONCE]
            marks = ",".join(["(?,?,?)"] * len(chunk))
            yield self.conn.execute(
                f"WITH k(scope, kpi, period) AS (VALUES {marks}) {select} FROM k CROSS JOIN figures f ON {on} {tail}",
                [value for key in chunk for value in key],
            )

    def insert_many(self, figures: Iterable[Figure | tuple[Any, ...]]) -> None:
        """Insert revisions as they are (`recording` and `restoring` say which), in one statement; call inside
        `transaction()`, which writes where their series begin and end before it commits. A revision may be given
        as its values in the order of `_COLUMNS`, as an import builds the many new ones (with their received day)."""
        rows = (figure if isinstance(figure, tuple) else tuple(_values(figure)) for figure in figures)
        self.conn.executemany(_INSERT, self.ends.noted(self.conn, rows))

    def for_bulk_writes(self) -> None:
        """A larger page cache (BULK_CACHE_KIB) for this connection, for an import or a merge."""
        self.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception: writers queue on the busy timeout. A SQLite
        error (locked past the timeout, a full disk) is said as the cause, the transaction rolled back."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise explained(exc, self.path) from None
        try:
            yield
            self.ends.write(self.conn)
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self.ends.clear()
            self._roll_back()
            if isinstance(exc, sqlite3.Error):
                raise explained(exc, self.path) from None
            raise

    def _roll_back(self) -> None:
        """ROLLBACK if a transaction is still open (SQLite rolls back by itself after some errors, a full disk)."""
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):  # the error that brought us here is the one to say
                self.conn.execute("ROLLBACK")
