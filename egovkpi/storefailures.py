"""Why the store could not be opened, read or written, in one sentence naming the cause, and how long a command waits
for a store another program holds (EGOVKPI_BUSY_TIMEOUT)."""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
from pathlib import Path

from egovkpi.errors import EgovError, Failure, InputError
from egovkpi.messages import Text, t

BUSY_TIMEOUT_SECONDS = 30.0  # how long a command waits for a store another program holds; EGOVKPI_BUSY_TIMEOUT
_FULL_BELOW = 1 << 20  # free bytes under which a disk that failed a write is said to be full
EXPLAINED = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN")


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
