"""Files: those shipped with egovkpi (in the installed package or a source checkout), and writing the user's."""

from __future__ import annotations

from pathlib import Path

from egovkpi.errors import InputError
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
    """Write `path` whole or not at all: a temporary file beside it, then a rename."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(t("cannot write {path}: {error}", path=path, error=error.strerror)) from None
