"""Opening the store: refusing, untouched, anything that is not an egovkpi store; reading without writing; creating
and migrating a store for writing; an empty store in memory for a dry run."""

from __future__ import annotations

import random
import sqlite3
import time
from contextlib import suppress
from pathlib import Path

from egovkpi.errors import Failure, InputError
from egovkpi.messages import t
from egovkpi.store import Store
from egovkpi.storefailures import EXPLAINED, busy_timeout, explained

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
        if name.startswith(EXPLAINED) and not (upgrading and name.startswith("SQLITE_READONLY")):
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
    from egovkpi.schema import MIGRATION_SET

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
                applied = {row[0] for row in conn.execute(query, (MIGRATION_SET,))}
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
    from egovkpi.schema import MIGRATIONS

    return set(MIGRATIONS)


def _open_migrated(path: Path) -> sqlite3.Connection:
    """A writable connection in WAL mode, migrated under the write lock, its `units` table as this version's
    registry; retried while another process sets up."""
    from egovkpi.browsing import sync_units
    from egovkpi.schema import up_to_date

    seconds = busy_timeout()
    deadline = time.monotonic() + seconds
    while True:
        conn = sqlite3.connect(str(path), timeout=seconds, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            if not up_to_date(conn):  # only then is sqlite-utils loaded: most runs open a store that is current
                from sqlite_utils import Database

                from egovkpi.migrations import migrations

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
