"""Files: those shipped with egovkpi (in the installed package or a source checkout), and writing the user's."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from egovkpi.errors import Failure, InputError
from egovkpi.messages import t

_PACKAGE = Path(__file__).resolve().parent


def resource_path(relative: str) -> Path:
    """`targets.yaml` or `data/provinces.csv`, wherever this installation keeps it."""
    for base in (_PACKAGE, _PACKAGE.parent):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"egovkpi is installed without its {relative}")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (see `write_file`)."""
    write_file(path, lambda handle: handle.write(data))


def _mode(path: Path) -> int:
    """The mode `path` has, or a new file's (0666 less the umask): not the temporary file's owner-only 0600."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_file(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write` into a temporary file beside `path`, then rename it into place: `path` is whole or untouched."""
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed or removed
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as exc:
        if not path.parent.is_dir():
            raise InputError(
                t("the folder {folder} does not exist", folder=path.parent), hint=t("create it first")
            ) from None
        raise InputError(t("cannot write {path}: {error}", path=path, error=exc.strerror)) from None
    try:
        os.chmod(handle.name, _mode(path))
        with handle:
            write(cast(BinaryIO, handle))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except OSError as exc:
        Path(handle.name).unlink(missing_ok=True)
        raise Failure(t("cannot write {path}: {error}", path=path, error=exc.strerror)) from None
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
