"""The SQLite store of reported figures. Every revision is kept; the highest is current."""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import shutil
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from egovkpi.errors import EgovError, Failure, InputError
from egovkpi.messages import Text, t
from egovkpi.records import VIETNAM_TIME, Figure, NewFigure, Outcome, Recorded, Stamp, received_day, vietnam_day

BUSY_TIMEOUT_SECONDS = 30.0  # how long a command waits for a store another program holds; EGOVKPI_BUSY_TIMEOUT
_FULL_BELOW = 1 << 20  # free bytes under which a disk that failed a write is said to be full
_EXPLAINED = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN")
_COLUMNS = (
    "scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, "
    "source, note, recorded_at, recorded_by, withdrawn, received"
)


_NAMES = [name.strip() for name in _COLUMNS.split(",")]  # in Figure's field order


def _figure(row: Any) -> Figure:
    figure = Figure(*row)
    return replace(figure, withdrawn=bool(figure.withdrawn))


def _now() -> dt.datetime:
    """Now, in UTC: what a revision is stamped with."""
    return dt.datetime.now(dt.timezone.utc)


def _insert(conn: sqlite3.Connection, figure: Figure) -> None:
    if figure.received is None:  # a revision read from a store without received days: the day it was recorded
        try:
            figure = replace(figure, received=vietnam_day(figure.recorded_at).isoformat())
        except ValueError:
            figure = replace(figure, received=figure.recorded_at[:10])
    values = [getattr(figure, name) for name in _NAMES]
    conn.execute(f"INSERT INTO figures ({_COLUMNS}) VALUES ({','.join('?' * len(values))})", values)


def _chosen(scopes: list[str] | None, kpis: list[str] | None) -> tuple[list[str], list[str]]:
    """The conditions (on figures f) and their values that keep the units and KPIs chosen; None chooses all."""
    where, values = [], []
    for column, chosen in (("scope", scopes), ("kpi", kpis)):
        if chosen is not None:
            where.append(f"f.{column} IN ({','.join('?' * len(chosen))})")
            values.extend(chosen)
    return where, values


def busy_timeout() -> float:
    """The seconds a command waits for a store another program holds: EGOVKPI_BUSY_TIMEOUT, else 30."""
    raw = os.environ.get("EGOVKPI_BUSY_TIMEOUT", "").strip()
    if not raw:
        return BUSY_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= 86400:  # nan too
        raise InputError(
            t("EGOVKPI_BUSY_TIMEOUT='{raw}' is not a number of seconds", raw=raw),
            hint=t("give seconds from 0 to 86400, such as 30"),
        )
    return seconds


def explained(error: sqlite3.Error, path: Path | None, *, given: bool = True) -> EgovError:
    """A SQLite error met opening, reading or writing the store, as one sentence naming the cause: locked by another
    program past the busy timeout, a full disk, a file size limit, a folder or a file that may not be written.
    `given`: the user gave the store's path (--db, EGOVKPI_DB), so a path that cannot be written is theirs to
    change (exit 2); the default store's folder is the environment's fault (exit 1)."""
    name = str(getattr(error, "sqlite_errorname", "") or "")
    store = t("the store {path}", path=path) if path is not None else t("the store")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(error):
        return Failure(
            t("{store} is locked by another program (waited {seconds} s); try again when it is done",
              store=store, seconds=f"{_waited():g}"),
            hint=t("EGOVKPI_BUSY_TIMEOUT sets the seconds to wait"),
        )  # fmt: skip
    if name == "SQLITE_FULL":
        return Failure(t("cannot write {store}: the disk is full; nothing was written", store=store))
    if name.startswith("SQLITE_IOERR"):
        return Failure(t("cannot write {store}: {cause}; nothing was written", store=store, cause=_io_cause(path)))
    refused = InputError if given else Failure
    if path is not None and name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        folder = path.parent
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return refused(t("cannot write {store}: the folder {folder} cannot be written", store=store, folder=folder))
        if name.startswith("SQLITE_READONLY"):
            return refused(t("cannot write {store}: the file is read-only", store=store))
    if path is None:
        return Failure(t("the database failed: {error}", error=error))
    return Failure(t("{store} failed: {error}", store=store, error=error))


def _waited() -> float:
    try:
        return busy_timeout()
    except InputError:
        return BUSY_TIMEOUT_SECONDS


def _io_cause(path: Path | None) -> Text:
    """Why a write failed with an I/O error: a file size limit (`ulimit -f`: EFBIG), a full disk, or the disk."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if limit != resource.RLIM_INFINITY:
            return t("files may not grow beyond {size} bytes here (ulimit -f)", size=limit)
    except (ImportError, AttributeError, OSError, ValueError):  # no such limit on this system
        pass
    try:
        if path is not None and shutil.disk_usage(path.parent).free < _FULL_BELOW:
            return t("the disk is full")
    except OSError:
        pass
    return t("a disk input/output error")


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path  # named in errors; None for a store in memory

    def record(self, figures: Iterable[NewFigure], recorded_by: str) -> list[Recorded]:
        """Store every figure in one transaction: all or nothing.

        A figure that repeats its current revision exactly is not stored again.
        """
        with self.transaction():
            return [self.record_one(new, recorded_by) for new in figures]

    def record_one(self, new: NewFigure, recorded_by: str) -> Recorded:
        """Record one figure; call inside `transaction()`."""
        moment = _now()
        today = moment.astimezone(VIETNAM_TIME).date()
        received = received_day(new.received, new.period, today, today)
        previous = self.latest(new.scope, new.kpi, str(new.period))
        if previous is not None and new.same_as(previous):
            return Recorded(new, Outcome.UNCHANGED, previous.revision, previous)
        revision = previous.revision + 1 if previous else 1
        period, now = new.period, moment.isoformat(timespec="microseconds")
        figure = Figure(
            new.scope, new.kpi, str(period), period.end.isoformat(), period.months, revision, new.value,
            new.numerator, new.denominator, new.source, new.note, now, recorded_by, False, received,
        )  # fmt: skip
        _insert(self.conn, figure)
        outcome = Outcome.REVISED if previous else Outcome.NEW
        return Recorded(new, outcome, revision, previous)

    def restore(self, new: NewFigure, stamp: Stamp) -> Recorded:
        """Record a revision as a history file gives it (its number, time, author, whether a withdrawal); call
        inside `transaction()`. Its received day is the one given, else the day it was recorded (in Việt Nam). A
        revision already stored exactly so (whatever its received day) is unchanged; one stored otherwise, or one
        that does not follow the store's last revision, is refused."""
        period = new.period
        today = _now().astimezone(VIETNAM_TIME).date()
        received = received_day(new.received, period, vietnam_day(stamp.recorded_at), today)
        figure = Figure(
            new.scope, new.kpi, str(period), period.end.isoformat(), period.months, stamp.revision, new.value,
            new.numerator, new.denominator, new.source, new.note, stamp.recorded_at, stamp.recorded_by,
            stamp.withdrawn, received,
        )  # fmt: skip
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures WHERE scope = ? AND kpi = ? AND period = ? AND revision = ?",
            (new.scope, new.kpi, str(period), stamp.revision),
        ).fetchone()
        if row is not None:
            if replace(_figure(row), received=None) != replace(figure, received=None):
                message = t("revision {revision} of {kpi} for {period} is already stored with another figure",
                            revision=stamp.revision, kpi=new.kpi, period=period)  # fmt: skip
                raise InputError(message)
            return Recorded(figure, Outcome.UNCHANGED, stamp.revision, None)
        previous = self.latest(new.scope, new.kpi, str(period))
        last = previous.revision if previous else 0
        if stamp.revision != last + 1:
            message = t(
                "revision {revision} of {kpi} for {period} cannot follow revision {last}; a history gives every "
                "revision in order", revision=stamp.revision, kpi=new.kpi, period=period, last=last,
            )  # fmt: skip
            raise InputError(message)
        _insert(self.conn, figure)
        outcome = Outcome.WITHDRAWN if stamp.withdrawn else Outcome.REVISED if previous else Outcome.NEW
        return Recorded(figure, outcome, stamp.revision, previous)

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
            _insert(self.conn, withdrawal)
        return Recorded(withdrawal, Outcome.WITHDRAWN, withdrawal.revision, previous)

    def current(self, scope: str, kpi: str) -> list[Figure]:
        """The current revision of each period's figure, oldest period first; withdrawn figures are left out."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures f WHERE scope = ? AND kpi = ? AND revision = "
            "(SELECT MAX(revision) FROM figures g WHERE g.scope = f.scope AND g.kpi = f.kpi "
            "AND g.period = f.period) AND NOT withdrawn",
            (scope, kpi),
        )
        return sorted((_figure(row) for row in rows), key=lambda f: f.latest_key)

    def history(self, scope: str, kpi: str) -> list[Figure]:
        """Every figure and revision, oldest first: by when it was recorded (a history file restores revisions
        with their own times, not in the order they were first recorded), then as stored."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures WHERE scope = ? AND kpi = ? ORDER BY id", (scope, kpi)
        )
        return sorted((_figure(row) for row in rows), key=lambda figure: dt.datetime.fromisoformat(figure.recorded_at))

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
            yield _figure(row)

    def received_on(
        self, *, scopes: list[str] | None = None, kpis: list[str] | None = None
    ) -> dict[tuple[str, str, str], dt.date]:
        """(scope, kpi, period) -> the day the figure now current was first received, for every figure not withdrawn:
        the earliest received day of the revisions after its last withdrawal. One query: each revision looks up
        its figure's last withdrawal on the (scope, kpi, period, revision) index; a figure whose current revision
        is a withdrawal has no revision after it, and is left out."""
        where, values = _chosen(scopes, kpis)
        where.append(
            "f.revision > COALESCE((SELECT MAX(w.revision) FROM figures w WHERE w.scope = f.scope AND w.kpi = f.kpi "
            "AND w.period = f.period AND w.withdrawn), 0)"
        )
        query = (
            "SELECT f.scope, f.kpi, f.period, MIN(COALESCE(f.received, substr(f.recorded_at, 1, 10))) "
            f"FROM figures f WHERE {' AND '.join(where)} GROUP BY f.scope, f.kpi, f.period"
        )
        rows = self.conn.execute(query, values)
        return {(scope, kpi, period): dt.date.fromisoformat(day) for scope, kpi, period, day in rows}

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

    def latest(self, scope: str, kpi: str, period: str) -> Figure | None:
        """The current revision of one figure, a withdrawal included; None if there is none."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM figures WHERE scope = ? AND kpi = ? AND period = ? ORDER BY revision DESC LIMIT 1",
            (scope, kpi, period),
        ).fetchone()
        return _figure(row) if row else None

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
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._roll_back()
            if isinstance(exc, sqlite3.Error):
                raise explained(exc, self.path) from None
            raise

    def _roll_back(self) -> None:
        """ROLLBACK if a transaction is still open (SQLite rolls back by itself after some errors, a full disk)."""
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):  # the error that brought us here is the one to say
                self.conn.execute("ROLLBACK")


_HEADER = b"SQLite format 3\x00"


def open_store(path: Path, *, writing: bool, make_folder: bool = False) -> Store:
    """Open the egovkpi store at `path`; refuse, untouched, anything that is not one.

    Reading needs an existing store and never writes to it (a read-only file can be read), unless it must be
    migrated to this version's schema. Writing creates a missing store (and, with `make_folder`, its folder),
    in WAL mode, migrated to the current schema; many writers may create it at once.
    """
    if path.is_dir():
        raise InputError(
            t("the store {path} is a folder", path=path), hint=t("give a file path with --db or EGOVKPI_DB")
        )
    busy_timeout()  # a bad EGOVKPI_BUSY_TIMEOUT is refused before anything is opened
    applied = _applied(path)
    if not writing and applied is None:
        raise InputError(
            t("there is no egovkpi store at {path}", path=path),
            hint=t("record a figure with 'egovkpi add' or 'egovkpi import' to create it, or give --db / EGOVKPI_DB"),
        )
    if not path.parent.exists():
        if not make_folder:
            raise InputError(
                t("the folder {folder} does not exist", folder=path.parent), hint=t("create it, or give another --db")
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    try:
        if writing or applied != _known():
            return Store(_open_migrated(path), path)
        conn = _connect_read_only(path)
        return Store(conn, path)
    except sqlite3.DatabaseError as exc:
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        if not existed and name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
            _forget_unmade(path)
        upgrading = applied is not None and applied != _known()
        if name.startswith(_EXPLAINED) and not (upgrading and name.startswith("SQLITE_READONLY")):
            raise explained(exc, path, given=not make_folder) from None
        if "readonly" in str(exc) or "read-only" in str(exc):
            message = t(
                "the store {path} must be upgraded to this version, and cannot be written: {error}",
                path=path,
                error=exc,
            )
            raise Failure(message) from None
        raise Failure(t("cannot open the store {path}: {error}", path=path, error=exc)) from None
    except OSError as exc:
        raise Failure(t("cannot create the store {path}: {error}", path=path, error=exc.strerror)) from None


def _forget_unmade(path: Path) -> None:
    """Remove what a store that could not be made left behind (a full disk): an empty file and its -wal and -shm.
    A file that holds anything, another writer's, is kept."""
    try:
        if path.stat().st_size:
            return
    except OSError:
        return
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with suppress(OSError):
            leftover.unlink(missing_ok=True)


def memory_store() -> Store:
    """An empty store in memory, for a dry run when there is no store yet: nothing is created on disk."""
    from sqlite_utils import Database

    from egovkpi.browsing import sync_units
    from egovkpi.migrations import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrations.apply(Database(conn, execute_plugins=False))
    sync_units(conn)
    return Store(conn)


def _applied(path: Path) -> set[str] | None:
    """The migrations an egovkpi store has had; None if `path` is missing or a blank database.

    Anything but an egovkpi store, or one written by a newer egovkpi, is refused without being written to.
    """
    from egovkpi.migrations import migrations

    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(t("the store {path} cannot be read ({error})", path=path, error=exc.strerror)) from None
    if not header:
        return None
    if header != _HEADER:
        raise InputError(t("{path} is not an egovkpi store (not a SQLite database); it was left unchanged", path=path))
    try:
        conn = _connect_read_only(path)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = set()
            if "_sqlite_migrations" in tables:
                query = "SELECT name FROM _sqlite_migrations WHERE migration_set = ?"
                applied = {row[0] for row in conn.execute(query, (migrations.name,))}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_CANTOPEN")):
            raise explained(exc, path) from None  # a store that cannot be read now, not one that is not a store
        raise InputError(
            t("{path} is not an egovkpi store ({error}); it was left unchanged", path=path, error=exc)
        ) from None
    if not tables:
        return None
    if not applied:
        shown = ", ".join(sorted(tables)[:5])
        message = t(
            "{path} is not an egovkpi store (it holds the tables {tables}); it was left unchanged",
            path=path,
            tables=shown,
        )
        raise InputError(message)
    unknown = applied - _known()
    if unknown:
        raise InputError(
            t(
                "the store {path} was written by a newer egovkpi (schema {schema})",
                path=path,
                schema=", ".join(sorted(unknown)),
            ),
            hint=t("upgrade egovkpi to read it"),
        )
    return applied


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. A WAL store in a folder we may not write cannot get its -shm file; when
    no -wal file is there either, every committed figure is in the main file, which is then read as immutable."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout())
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        locked = str(getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
        if locked or Path(f"{path}-wal").exists():
            raise  # another program holds the store: reading it as immutable would read it half-written
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=busy_timeout())


def _known() -> set[str]:
    """Every migration this version of egovkpi has."""
    from sqlite_utils import Database

    from egovkpi.migrations import migrations

    return {migration.name for migration in migrations.pending(Database(memory=True))}


def _open_migrated(path: Path) -> sqlite3.Connection:
    """A writable connection in WAL mode, migrated under the write lock, its `units` table as this version's
    registry; retried while another process sets up."""
    from sqlite_utils import Database

    from egovkpi.browsing import sync_units
    from egovkpi.migrations import migrations

    seconds = busy_timeout()
    deadline = time.monotonic() + seconds
    while True:
        conn = sqlite3.connect(str(path), timeout=seconds, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            db = Database(conn, execute_plugins=False)
            if migrations.pending(db):
                conn.execute("BEGIN IMMEDIATE")
                migrations.apply(db)  # pending is asked again under the lock: another process may have done it
                conn.execute("COMMIT")
            sync_units(conn)  # a single read when the units are already this version's
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.1))
