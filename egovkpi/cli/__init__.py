"""The egovkpi command: the app, and the one place where errors become a line on stderr and an exit code."""

from __future__ import annotations

import importlib
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from egovkpi.errors import FAILURE, EgovError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _fail(message: str, code: int, lang: str) -> NoReturn:
    """One line on stderr, with any control character the user typed shown escaped, and the exit code."""
    shown = _CONTROL.sub(lambda found: repr(found.group())[1:-1], message.replace("\n", " "))
    typer.echo(f"{'Lỗi' if lang == 'vi' else 'Error'}: {shown}", err=True)
    sys.exit(code)


def language_of(args: Sequence[str]) -> str:
    """The language to refuse in: --lang if the command line has it, else the environment, else English."""
    from egovkpi.settings import language

    for index, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        if value is not None and value.strip().lower() in ("vi", "en"):
            return value.strip().lower()
    try:
        return language(None)
    except EgovError:
        return "en"


def run_guarded(work: Callable[[], Any], lang: str) -> NoReturn:
    """Run the command line and exit: 0 done, 2 usage or input at fault, 1 the work failed. Never a traceback."""
    from egovkpi.cli.options import close_stores
    from egovkpi.messages import t
    from egovkpi.render.words import translate, usage_error

    try:
        try:
            outcome = work()
        finally:
            close_stores()
    except typer.TyperException as error:  # the parser's own refusals: unknown option, missing value, ...
        where = str(getattr(getattr(error, "ctx", None), "command_path", None) or "egovkpi")
        _fail(usage_error(error.format_message(), where, lang), error.exit_code, lang)
    except typer.Abort:
        _fail(translate(t("aborted"), lang), FAILURE, lang)
    except EgovError as error:
        hint = f" ({translate(error.hint_text, lang)})" if error.hint else ""
        _fail(translate(error.text, lang) + hint, error.exit_code, lang)
    except sqlite3.Error as error:  # met outside the store's own checks: said by its cause (locked, disk full)
        from egovkpi.storefailures import explained

        said = explained(error, None)
        hint = f" ({translate(said.hint_text, lang)})" if said.hint else ""
        _fail(translate(said.text, lang) + hint, said.exit_code, lang)
    except Exception as error:
        if os.environ.get("EGOVKPI_DEBUG", "").strip().lower() not in ("", "0", "false", "no", "off"):
            raise
        failure = t(
            "unexpected failure ({kind}: {error}); set EGOVKPI_DEBUG=1 for details",
            kind=type(error).__name__,
            error=error,
        )
        _fail(translate(failure, lang), FAILURE, lang)
    sys.exit(outcome if isinstance(outcome, int) else 0)


class Group(TyperGroup):
    """Runs every command through `run_guarded`, under `egovkpi` and under tests' CliRunner alike."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def work() -> Any:
            return super(Group, self).main(
                args, prog_name, complete_var, standalone_mode=False, windows_expand_args=windows_expand_args, **extra
            )

        run_guarded(work, language_of(sys.argv[1:] if args is None else list(args)))


# each command's module: `egovkpi COMMAND` loads and builds that one only (`tests/test_launch.py` checks the table)
ROOMS = {
    **dict.fromkeys(("add", "withdraw", "history"), "figures"),
    **dict.fromkeys(("import", "export"), "files"),
    "merge": "merging",
    **dict.fromkeys(("report", "summary"), "reports"),
    "rank": "ranking",
    **dict.fromkeys(("missing", "completeness"), "completeness"),
    "remind": "reminders",
    **dict.fromkeys(("backup", "check"), "maintenance"),
    **dict.fromkeys(("targets", "provinces"), "reference"),
}


def make_app(rooms: Sequence[str]) -> typer.Typer:
    """The egovkpi command with the commands of `rooms` (modules of egovkpi.cli), in that order."""
    made = typer.Typer(
        name="egovkpi",
        cls=Group,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        help="Track Vietnam's e-government KPIs against the targets set by law.",
    )
    made.callback(invoke_without_command=True)(root)
    for room in rooms:
        made.add_typer(importlib.import_module(f"egovkpi.cli.{room}").app)
    return made


def _version(asked: bool) -> None:
    if asked:
        from egovkpi import __version__

        typer.echo(f"egovkpi {__version__}")
        raise typer.Exit(0)


def root(
    context: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """Without a command: the help, on stderr, exit 2."""
    if context.invoked_subcommand is None:
        typer.echo(context.get_help(), err=True)
        raise typer.Exit(2)


def __getattr__(name: str) -> typer.Typer:
    """`app`: the command with every command, made when first asked for (by the tests, the docs)."""
    if name != "app":
        raise AttributeError(name)
    made = make_app(list(dict.fromkeys(ROOMS.values())))
    globals()["app"] = made
    return made


def main() -> None:
    """Only the module of the command asked for is loaded; anything else (no command, an option, a mistyped
    command) goes to every command, so the help lists them all and a typo is answered with the nearest."""
    args = sys.argv[1:]
    room = ROOMS.get(args[0]) if args else None
    make_app([room] if room else list(dict.fromkeys(ROOMS.values())))()
