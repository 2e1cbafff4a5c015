"""The egovkpi command: the app, and the one place where errors become a line on stderr and an exit code."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from egovkpi.cli import figures, reference, reports
from egovkpi.errors import FAILURE, EgovError


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _usage_hint(error: typer.TyperException) -> str:
    context = getattr(error, "ctx", None)
    where = str(getattr(context, "command_path", None) or "egovkpi")
    return f"{error.format_message()} (see '{where} --help')"


def run_guarded(work: Callable[[], Any]) -> NoReturn:
    """Run the command line and exit: 0 done, 2 usage or input at fault, 1 the work failed. Never a traceback."""
    try:
        outcome = work()
    except typer.TyperException as error:  # the parser's own refusals: unknown option, missing value, ...
        _fail(_usage_hint(error), error.exit_code)
    except typer.Abort:
        _fail("aborted", FAILURE)
    except EgovError as error:
        _fail(error.message, error.exit_code)
    except sqlite3.Error as error:
        _fail(f"the database failed: {error}", FAILURE)
    except Exception as error:
        if os.environ.get("EGOVKPI_DEBUG", "").strip().lower() not in ("", "0", "false", "no", "off"):
            raise
        _fail(f"unexpected failure ({type(error).__name__}: {error}); set EGOVKPI_DEBUG=1 for details", FAILURE)
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

        run_guarded(work)


app = typer.Typer(
    name="egovkpi",
    cls=Group,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Track Vietnam's e-government KPIs against the targets set by law.",
)


def _version(asked: bool) -> None:
    if asked:
        from egovkpi import __version__

        typer.echo(f"egovkpi {__version__}")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
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


for room in (figures, reports, reference):
    app.add_typer(room.app)


def main() -> None:
    app()
