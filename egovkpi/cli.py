"""The command line: parse, call the library, hand results to a renderer, map errors to exit codes."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from egovkpi.errors import FAILURE, EgovError, InputError


def _base(name: str) -> type[Exception]:
    """The click exception class typer itself uses (recent typer vendors its own click)."""
    return next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == name)


ClickException: Any = _base("ClickException")
UsageError: Any = _base("UsageError")
_PASS_THROUGH = (ClickException, typer.Exit, typer.Abort)


class OneLineError(ClickException):  # type: ignore[misc]
    """Shown as a single 'Error: …' line on stderr, with its own exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        typer.echo(f"Error: {self.message}", err=True)


def _usage(error: Any) -> OneLineError:
    where = error.ctx.command_path if getattr(error, "ctx", None) else "egovkpi"
    return OneLineError(f"{error.format_message()} (see '{where} --help')", error.exit_code)


def _is_help(error: Exception) -> bool:
    return type(error).__name__ == "NoArgsIsHelpError"


class Group(TyperGroup):
    """Turns every error into one line and an exit code: 2 for usage and input, 1 for failures."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            if _is_help(error):
                raise
            raise _usage(error) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            if _is_help(error):
                raise
            raise _usage(error) from None
        except _PASS_THROUGH:
            raise
        except EgovError as error:
            raise OneLineError(error.message, error.exit_code) from None
        except sqlite3.Error as error:
            raise OneLineError(f"the database failed: {error}", FAILURE) from None
        except Exception as error:
            if os.environ.get("EGOVKPI_DEBUG"):
                raise
            message = f"unexpected failure ({type(error).__name__}: {error}); set EGOVKPI_DEBUG=1 for details"
            raise OneLineError(message, FAILURE) from None


app = typer.Typer(
    cls=Group,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    help="Track Vietnam's e-government KPIs against the targets set by law.",
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite store [env: EGOVKPI_DB; default: in the user's application folder]"),
]
TargetsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets", help="targets file [env: EGOVKPI_TARGETS; default: ./targets.yaml, else the packaged one]"
    ),
]
ProvinceOption = Annotated[
    str, typer.Option("--province", "-p", help="province name (diacritics optional), code, or 'national'")
]
KpiOption = Annotated[str, typer.Option("--kpi", "-k", help="KPI code from targets.yaml")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="output format")]
LangOption = Annotated[
    Lang | None, typer.Option("--lang", help="language [env: EGOVKPI_LANG; default: from the locale]")
]


def _context(targets_option: Path | None) -> tuple[Any, Any]:
    from egovkpi.provinces import registry
    from egovkpi.settings import targets_path
    from egovkpi.targets import load_targets

    units = registry()
    return units, load_targets(targets_path(targets_option), units)


def _store(db: Path | None) -> Any:
    from egovkpi.settings import db_path
    from egovkpi.store import open_store

    return open_store(db_path(db))


def _lang(option: Lang | None) -> str:
    from egovkpi.settings import language

    return language(option.value if option else None)


def _echo(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def add(
    province: ProvinceOption,
    kpi: KpiOption,
    period: Annotated[str, typer.Option("--period", help="2019, 2019-H1, 2019-Q4 or 2019-12")],
    value: Annotated[str | None, typer.Option("--value", help="the figure itself")] = None,
    numerator: Annotated[str | None, typer.Option("--numerator", help="with --denominator: a percent")] = None,
    denominator: Annotated[str | None, typer.Option("--denominator", help="with --numerator")] = None,
    source: Annotated[str, typer.Option("--source", help="where the figure comes from")] = "",
    note: Annotated[str, typer.Option("--note", help="anything a reader should know")] = "",
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Record a figure; recording the same province, KPI and period again is a revision."""
    from egovkpi.figures import Entry, check
    from egovkpi.settings import user

    units, targets_file = _context(targets)
    entry = Entry(province, kpi, period, value, numerator, denominator, source, note)
    figure = check(entry, units, targets_file)
    [done] = _store(db).record([figure], user())
    unit = units.by_key(figure.scope)
    what = f"{'national' if unit.is_national else unit.name} · {figure.kpi} · {figure.period}"
    if done.revision == 0:
        _echo(f"Unchanged: {what} is already {figure.value:g} (revision {done.previous.revision}); nothing stored")
        return
    _echo(f"Stored {what}: {figure.value:g} (revision {done.revision})")
    if done.previous is not None:
        previous = done.previous
        _echo(
            f"Previous: {previous.value:g} (revision {previous.revision}, recorded {previous.recorded_at[:19]} "
            f"by {previous.recorded_by}{', source: ' + previous.source if previous.source else ''})"
        )


@app.command()
def report(
    province: Annotated[
        str | None, typer.Option("--province", "-p", help="one province, or 'national'; default: every scope")
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help="judge as at the end of this period")] = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Show attainment against the targets, for one province or every one with figures."""
    from egovkpi import render
    from egovkpi.periods import parse_period
    from egovkpi.report import build_report

    language = _lang(lang)
    units, targets_file = _context(targets)
    until = parse_period(period) if period else None
    result = build_report(_store(db), units, targets_file, [province] if province else None, until, dt.date.today())
    if fmt is Format.table:
        scope = result.scopes[0] if result.single else None
        day = dt.date(2025, 6, 30)
        formed = [units.match(code, on=day).name for code in scope.predecessor_codes] if scope else []
        render.print_report(result, language, formed)
    else:
        _echo(render.report_text(result, fmt.value, language))


@app.command()
def history(
    province: ProvinceOption,
    kpi: KpiOption,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json or csv")] = Format.table,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Every figure and revision for a province and KPI, oldest first."""
    from egovkpi import render

    language = _lang(lang)
    units, targets_file = _context(targets)
    code = targets_file.kpi(kpi.strip()).code
    unit = units.match(province)
    figures = _store(db).history(unit.key, code)
    rows = render.history_rows(figures)
    title = f"{'national' if unit.is_national else unit.name} · {code}"
    _print_records(title, rows, render.HISTORY_COLUMNS, fmt, language)


def _print_records(title: str, rows: list[dict[str, Any]], columns: list[str], fmt: Format, lang: str) -> None:
    from egovkpi import render

    if fmt is Format.json:
        _echo(render.to_json(rows))
    elif fmt is Format.csv:
        _echo(render.to_csv(rows, columns))
    elif fmt is Format.markdown:
        raise InputError("--format markdown is for reports; use table, json or csv here")
    else:
        render.print_rows(title, rows, columns, lang)


@app.command(name="targets")
def targets_command(
    check: Annotated[bool, typer.Option("--check", help="only validate the file and summarise it")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json or csv")] = Format.table,
    lang: LangOption = None,
    targets: TargetsOption = None,
) -> None:
    """The targets in force and their legal basis; --check validates the file."""
    language = _lang(lang)
    _, targets_file = _context(targets)
    kpis = targets_file.kpis.values()
    milestones = [(kpi, target) for kpi in kpis for target in kpi.targets]
    if check:
        unverified = sum(1 for _, target in milestones if target.unverified)
        _echo(f"{targets_file.path}: valid: {len(kpis)} KPIs, {len(milestones)} targets ({unverified} unverified)")
        return
    rows = [
        {
            "kpi": kpi.code,
            "name": kpi.name(language),
            "unit": kpi.unit,
            "direction": kpi.direction,
            "scope": "national" if target.scope.is_national else target.scope.name,
            "target": target.value,
            "deadline": str(target.deadline),
            "basis": target.basis,
            "verification": target.verification or None,
        }
        for kpi, target in milestones
    ]
    columns = ["kpi", "scope", "target", "unit", "direction", "deadline", "basis", "verification"]
    if fmt is not Format.table:
        columns.insert(1, "name")
    _print_records(str(targets_file.path), rows, columns, fmt, language)


@app.command()
def provinces(
    as_of: Annotated[str | None, typer.Option("--as-of", help="a date, YYYY-MM-DD; default: today")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json or csv")] = Format.table,
    lang: LangOption = None,
) -> None:
    """The provincial units in force on a day: 63 until 30 June 2025, 34 from 1 July 2025."""
    from egovkpi.provinces import registry

    language = _lang(lang)
    day = _date(as_of) if as_of else dt.date.today()
    units = registry()
    rows = []
    for unit in units.as_of(day):
        rows.append(
            {
                "code": unit.code,
                "name": unit.name,
                "full_name": unit.full_name,
                "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
                "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
                "merged_into": units.match(unit.successor_code, on=unit.valid_to + dt.timedelta(days=1)).name
                if unit.successor_code and unit.valid_to
                else None,
                "formed_from": ", ".join(
                    units.match(code, on=dt.date(2025, 6, 30)).name for code in unit.predecessor_codes
                )
                or None,
            }
        )
    columns = ["code", "name", "full_name", "valid_from", "valid_to", "merged_into", "formed_from"]
    _print_records(f"{len(rows)} provinces on {day.isoformat()}", rows, columns, fmt, language)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--as-of '{text}' is not a date (accepted: YYYY-MM-DD, e.g. 2025-07-01)") from None


@app.command(name="import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV with province, kpi, period, value or numerator+denominator")],
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Import figures from a CSV file, all or nothing; every bad row is reported with its line."""
    from egovkpi.figures import read_csv
    from egovkpi.settings import user

    units, targets_file = _context(targets)
    store = _store(db)
    errors: list[str] = []
    try:
        done = store.record(_checked(read_csv(file, units, targets_file, errors), errors), user())
    except _BadRows:
        for line in errors:
            typer.echo(f"{file}: {line}", err=True)
        raise InputError(f"{file}: {len(errors)} bad row(s); nothing was imported") from None
    if not done:
        raise InputError(f"{file}: has a header but no rows; nothing was imported")
    new = sum(1 for d in done if d.revision == 1)
    revised = sum(1 for d in done if d.revision > 1)
    unchanged = sum(1 for d in done if d.revision == 0)
    _echo(f"Imported {file}: {new} new, {revised} revised, {unchanged} unchanged")


class _BadRows(Exception):
    pass


def _checked(figures: Any, errors: list[str]) -> Any:
    """Pass figures through; once the file is read, raise if any row was bad (the transaction rolls back)."""
    yield from figures
    if errors:
        raise _BadRows


@app.command()
def summary(
    province: Annotated[
        list[str] | None, typer.Option("--province", "-p", help="repeatable; default: every scope with figures")
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help="judge as at the end of this period")] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="recipient, repeatable [env: EGOVKPI_MAIL_TO]")] = None,
    send: Annotated[bool, typer.Option("--send", help="send it; without this, print it (dry run)")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="also write the message to a .eml file")] = None,
    if_changed: Annotated[
        bool, typer.Option("--if-changed", help="send only if figures or statuses changed since the last summary")
    ] = False,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """The attainment summary as an e-mail: printed (dry run), written to .eml, or sent over SMTP."""
    from egovkpi import mailer
    from egovkpi.periods import parse_period
    from egovkpi.report import build_report

    language = _lang(lang)
    settings = mailer.mail_settings(os.environ, sending=send)
    recipients = mailer.recipients(to or [], os.environ)
    if send and not recipients:
        raise InputError("no recipients: give --to ADDRESS or set EGOVKPI_MAIL_TO (comma-separated)")
    units, targets_file = _context(targets)
    until = parse_period(period) if period else None
    store = _store(db)
    result = build_report(store, units, targets_file, province or None, until, dt.date.today())
    message = mailer.compose(result, language, settings.sender, recipients)
    key = ",".join(sorted(address.lower() for address in recipients))
    fingerprint = mailer.fingerprint(result)
    last = store.last_summary(key) if if_changed else None
    unchanged = last is not None and last[0] == fingerprint
    if output is not None:
        _write_atomically(output, message.as_bytes())
        typer.echo(f"Wrote {output}", err=True)
    if not send:
        if output is None:
            _echo(mailer.readable(message))
        if unchanged and last:
            typer.echo(f"Unchanged since the summary sent on {last[1]}: --send would not send it", err=True)
        return
    if unchanged and last:
        _echo(f"Unchanged since the summary sent to {', '.join(recipients)} on {last[1]}; nothing sent")
        return
    mailer.send(message, settings)
    store.record_summary(key, str(message["Subject"]), str(message["Message-ID"]), fingerprint)
    _echo(f"Sent '{message['Subject']}' to {', '.join(recipients)} ({message['Message-ID']})")


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {error.strerror}") from None


def main() -> None:
    app()
