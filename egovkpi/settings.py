"""Where things are and how to speak: options first, then the environment, then defaults."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from egovkpi.errors import InputError
from egovkpi.resources import resource_path

LANGUAGES = ("vi", "en")


def _given(option: Path | None, variable: str) -> Path | None:
    """The option, else the environment variable, else None."""
    if option is not None:
        return option
    env = os.environ.get(variable, "").strip()
    return Path(env).expanduser() if env else None


def db_path(option: Path | None) -> Path:
    given = _given(option, "EGOVKPI_DB")
    if given is not None:
        return given
    import typer

    return Path(typer.get_app_dir("egovkpi")) / "egovkpi.db"


def targets_path(option: Path | None) -> Path:
    given = _given(option, "EGOVKPI_TARGETS")
    if given is not None:
        return given
    local = Path("targets.yaml")
    if local.is_file():
        return local
    return resource_path("targets.yaml")


def language(option: str | None) -> str:
    """--lang, else EGOVKPI_LANG, else the locale (vi_* is Vietnamese), else English."""
    if option:
        return option
    env = os.environ.get("EGOVKPI_LANG", "").strip().lower()
    if env:
        if env not in LANGUAGES:
            raise InputError(f"EGOVKPI_LANG='{env}' is not a language egovkpi speaks (accepted: vi, en)")
        return env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def user() -> str:
    """Who records a figure: EGOVKPI_USER, else the login name."""
    env = os.environ.get("EGOVKPI_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
