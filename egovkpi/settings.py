"""Where things are and how to speak: options first, then the environment, then defaults."""

from __future__ import annotations

import getpass
import os
import re
from pathlib import Path

from egovkpi.errors import InputError
from egovkpi.messages import t
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
    return given if given is not None else default_db_path()


def default_db_path() -> Path:
    """egovkpi.db in the user's application folder, which egovkpi may create."""
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
    raw = os.environ.get("EGOVKPI_LANG", "").strip()
    if raw:
        env = re.split(r"[_.@-]", raw.lower(), maxsplit=1)[0]  # vi_VN.UTF-8 and vi-VN mean vi
        if env not in LANGUAGES:
            raise InputError(
                t("EGOVKPI_LANG='{raw}' is not a language egovkpi speaks", raw=raw), hint=t("accepted: vi, en, vi_VN")
            )
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
        from egovkpi.text import checked_text

        return checked_text(env, "EGOVKPI_USER")
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
