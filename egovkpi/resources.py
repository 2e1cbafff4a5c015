"""Files shipped with egovkpi: inside the installed package, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(relative: str) -> Path:
    """`targets.yaml` or `data/provinces.csv`, wherever this installation keeps it."""
    for base in (_PACKAGE, _PACKAGE.parent):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"egovkpi is installed without its {relative}")
