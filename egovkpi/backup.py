"""`egovkpi backup`: a whole, checked copy of the live store, taken while others write to it, or nothing.

SQLite's online backup (`Connection.backup`, in one step) copies the store as one read transaction sees it: in WAL
mode writers go on, and the copy holds every figure committed before that moment and none after. The copy is made
in a temporary file beside FILE, turned into a single file (journal mode DELETE: no -wal to carry along), fsynced,
opened afresh and checked (`PRAGMA integrity_check`), and only then renamed onto FILE. A full disk, a file too large,
a failed check or an interruption removes the temporary file: FILE is the previous file, or a whole backup.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from egovkpi.errors import EgovError, Failure, InputError
from egovkpi.messages import t
from egovkpi.storefile import _applied, _connect_read_only

_REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS)  # the user may fix these: another folder, other rights
_SIDE_FILES = ("", "-wal", "-shm", "-journal")  # the store and what SQLite keeps beside it


@dataclass(frozen=True)
class BackedUp:
    """A backup made: where from, where to, and what the checked copy holds."""

    store: Path
    file: Path
    figures: int  # (unit, KPI, period) with a figure (withdrawn or not)
    revisions: int  # every revision


def back_up(store: Path, file: Path, *, force: bool = False) -> BackedUp:
    """Copy the egovkpi store at `store` to `file`; refuse a file that exists (unless `force`), the store itself
    (by any name: a hard link, a symbolic link) and a folder that does not exist."""
    _check_store(store)
    _check_file(store, file, force)
    source = _connect_read_only(store)
    try:
        figures, revisions = _copy(source, store, file)
    finally:
        source.close()
    return BackedUp(store, file, figures, revisions)


def _check_store(store: Path) -> None:
    if store.is_dir():
        raise InputError(t("the store {path} is a folder", path=store))
    if not store.exists() or _applied(store) is None:  # _applied refuses, untouched, what is not a store
        raise InputError(t("there is no egovkpi store at {path}", path=store))


def _check_file(store: Path, file: Path, force: bool) -> None:
    if file.is_dir():
        raise InputError(t("{file} is a folder; give the backup a file name", file=file))
    if not file.parent.is_dir():
        raise InputError(
            t("the folder {folder} does not exist", folder=file.parent), hint=t("create it, or back up elsewhere")
        )
    if any(_same(file, Path(f"{store}{side}")) for side in _SIDE_FILES):
        raise InputError(t("{file} is the store itself; give another file for the backup", file=file))
    if os.path.lexists(file) and not force:
        raise InputError(t("{file} already exists; give --force to overwrite it", file=file))


def _same(file: Path, other: Path) -> bool:
    """Whether two names are one file: the same device and inode (a hard link, a symbolic link), or, for a file
    not there now (the store's -wal between writers), the same path."""
    try:
        mine, theirs = os.stat(file), os.stat(other)
    except OSError:
        return file.resolve() == other.resolve()
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def _copy(source: sqlite3.Connection, store: Path, file: Path) -> tuple[int, int]:
    """The online backup into a temporary file beside `file`, checked, then renamed onto it; nothing left behind
    when it fails."""
    try:
        handle, name = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    except OSError as exc:
        raise _failure(file, exc) from None
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, stat.S_IMODE(os.stat(store).st_mode))  # as readable as the store, no more
        copy = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            source.backup(copy)  # one step: one read transaction, so one moment of the store
            copy.execute("PRAGMA journal_mode=DELETE")  # a single file: nothing beside it to lose
        finally:
            copy.close()
        _fsync(temporary)
        counts = _verify(temporary, file)
        os.replace(temporary, file)
    except (OSError, sqlite3.Error) as exc:
        _remove(temporary)
        raise _failure(file, exc) from None
    except BaseException:
        _remove(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename made durable; FILE is whole either way
        _fsync(file.parent)
    return counts


def _verify(temporary: Path, file: Path) -> tuple[int, int]:
    """Open the copy afresh, read only: SQLite's integrity check, then count its figures and revisions."""
    conn = sqlite3.connect(f"{temporary.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            found = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:  # too damaged to list what is wrong
            found = [str(exc)]
        if found != ["ok"]:
            raise Failure(
                t(
                    "the copy failed its integrity check ({detail}); nothing was written to {file}",
                    detail="; ".join(found[:3]),
                    file=file,
                ),
                hint=t("run 'egovkpi check' on the store"),
            )
        figures = conn.execute("SELECT COUNT(*) FROM (SELECT DISTINCT scope, kpi, period FROM figures)").fetchone()
        revisions = conn.execute("SELECT COUNT(*) FROM figures").fetchone()
        return int(figures[0]), int(revisions[0])
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove(temporary: Path) -> None:
    for side in _SIDE_FILES:
        Path(f"{temporary}{side}").unlink(missing_ok=True)


def _failure(file: Path, exc: OSError | sqlite3.Error) -> EgovError:
    """A refusal the user can fix (no right to write there: exit 2), else a failure of the disk (exit 1)."""
    if isinstance(exc, OSError) and exc.errno in _REFUSED:
        return InputError(t("cannot write {path}: {error}", path=file, error=exc.strerror))
    error = exc.strerror if isinstance(exc, OSError) else str(exc)
    return Failure(t("cannot back up to {file}: {error}; nothing was written there", file=file, error=error))
