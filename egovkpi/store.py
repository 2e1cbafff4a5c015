"""The SQLite store of reported figures. Every revision is kept; the highest is current."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from egovkpi.errors import Failure, InputError
from egovkpi.records import Figure, NewFigure, Outcome, Recorded

BUSY_TIMEOUT_SECONDS = 30.0
_COLUMNS = (
    "scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, "
    "source, note, recorded_at, recorded_by"
)


class Store:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def record(self, figures: Iterable[NewFigure], recorded_by: str) -> list[Recorded]:
        """Store every figure in one transaction: all or nothing.

        A figure that repeats its current revision exactly is not stored again.
        """
        with self.transaction():
            return [self.record_one(new, recorded_by) for new in figures]

    def record_one(self, new: NewFigure, recorded_by: str) -> Recorded:
        """Record one figure; call inside `transaction()`."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        previous = self._current(new.scope, new.kpi, str(new.period))
        if previous is not None and new.same_as(previous):
            return Recorded(new, Outcome.UNCHANGED, previous.revision, previous)
        revision = previous.revision + 1 if previous else 1
        self.conn.execute(
            f"INSERT INTO figures ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                new.scope,
                new.kpi,
                str(new.period),
                new.period.end.isoformat(),
                new.period.months,
                revision,
                new.value,
                new.numerator,
                new.denominator,
                new.source,
                new.note,
                now,
                recorded_by,
            ),
        )
        outcome = Outcome.REVISED if previous else Outcome.NEW
        return Recorded(new, outcome, revision, previous)

    def current(self, scope: str, kpi: str) -> list[Figure]:
        """The current revision of each period's figure, oldest period first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures f WHERE scope = ? AND kpi = ? AND revision = "
            "(SELECT MAX(revision) FROM figures g WHERE g.scope = f.scope AND g.kpi = f.kpi "
            "AND g.period = f.period)",
            (scope, kpi),
        )
        return sorted((Figure(*row) for row in rows), key=lambda f: f.latest_key)

    def history(self, scope: str, kpi: str) -> list[Figure]:
        """Every figure and revision, in the order they were recorded."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures WHERE scope = ? AND kpi = ? ORDER BY id", (scope, kpi)
        )
        return [Figure(*row) for row in rows]

    def scopes(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT DISTINCT scope FROM figures")]

    def last_summary(self, recipients: str) -> tuple[str, str] | None:
        """(fingerprint, sent_at) of the last summary sent to exactly these recipients."""
        row = self.conn.execute(
            "SELECT fingerprint, sent_at FROM summaries WHERE recipients = ? ORDER BY id DESC LIMIT 1", (recipients,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def record_summary(self, recipients: str, subject: str, message_id: str, fingerprint: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction():
            self.conn.execute(
                "INSERT INTO summaries (sent_at, recipients, subject, message_id, fingerprint) VALUES (?,?,?,?,?)",
                (now, recipients, subject, message_id, fingerprint),
            )

    def _current(self, scope: str, kpi: str, period: str) -> Figure | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures WHERE scope = ? AND kpi = ? AND period = ? ORDER BY revision DESC LIMIT 1",
            (scope, kpi, period),
        ).fetchone()
        return Figure(*row) if row else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception: writers queue on the busy timeout."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")


def open_store(path: Path) -> Store:
    """Open (creating if needed) the store at `path`, in WAL mode, migrated to the current schema."""
    from sqlite_utils import Database

    from egovkpi.migrations import migrations

    if path.is_dir():
        raise InputError(f"database path {path} is a folder; give a file path (--db or EGOVKPI_DB)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        db = Database(conn, execute_plugins=False)
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise InputError(f"{path} is not an egovkpi database (SQLite says: {exc})") from None
        raise Failure(f"cannot open the database {path}: {exc}") from None
    except OSError as exc:
        raise Failure(f"cannot create the database {path}: {exc.strerror}") from None
    return Store(conn)
