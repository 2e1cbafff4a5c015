"""The `egovkpi` command's entry point. `egovkpi --help` and `egovkpi COMMAND --help` are answered from the help
saved with the package (`help.json`, made from the commands themselves by `python -m egovkpi.cli.docs`; a test
fails when it is stale), without loading the command-line library: an answer in a few tens of milliseconds instead
of a fifth of a second. Everything else, and a terminal narrower than the 80 columns the help was saved at, goes to
the commands (`egovkpi.cli`)."""

from __future__ import annotations

import os
import sys

SAVED_WIDTH = 80
_HELP = ("--help", "-h")


def saved_help(args: list[str]) -> str | None:
    """The saved help these arguments ask for, or None when they ask for something else."""
    if not args or args[-1] not in _HELP or len(args) > 2 or (len(args) == 2 and args[0].startswith("-")):
        return None
    if _columns() < SAVED_WIDTH:
        return None
    import json

    try:
        with open(os.path.join(os.path.dirname(__file__), "help.json"), encoding="utf-8") as handle:
            saved = json.load(handle)
    except (OSError, ValueError):
        return None
    found = saved.get(args[0] if len(args) == 2 else "") if isinstance(saved, dict) else None
    return found if isinstance(found, str) else None


def _columns() -> int:
    """The terminal's width as click measures it (COLUMNS, else the terminal, else 80)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else SAVED_WIDTH
    except (AttributeError, ValueError, OSError):
        return SAVED_WIDTH


def main() -> None:
    text = saved_help(sys.argv[1:])
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from egovkpi.cli import main as commands

    commands()
