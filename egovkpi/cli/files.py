"""Commands that move figures between the store and files: import and export."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from egovkpi.cli.options import (
    DbOption,
    DecimalOption,
    Lang,
    LangOption,
    TargetsOption,
    context,
    echo,
    given,
    path,
)

app = typer.Typer()


class Delimiter(str, Enum):
    comma = "comma"
    semicolon = "semicolon"
    tab = "tab"


class OnDuplicate(str, Enum):
    revise = "revise"
    keep = "keep"
    refuse = "refuse"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command(name="import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            parser=path,
            metavar="<file>",
            help="CSV (comma, semicolon or tab), JSON as export writes it, or Excel .xlsx; columns in English "
            "or Vietnamese: province (tỉnh), kpi (chỉ tiêu), period (kỳ), value (giá trị) or numerator (tử số) "
            "and denominator (mẫu số), source (nguồn), note (ghi chú)",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="check every row and say what would be new, revised or unchanged")
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            parser=given,
            metavar="<name>",
            help="the Excel sheet to read [default: the first]",
        ),
    ] = None,
    delimiter: Annotated[
        Delimiter | None,
        typer.Option(
            "--delimiter", case_sensitive=False, help="a CSV file's separator [default: told from the header]"
        ),
    ] = None,
    on_duplicate: Annotated[
        OnDuplicate,
        typer.Option(
            "--on-duplicate",
            case_sensitive=False,
            help="a row whose figure differs from the one stored: revise it (a new revision, as add does), keep "
            "the stored one, or refuse the file",
        ),
    ] = OnDuplicate.revise,
    decimal: DecimalOption = None,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Import figures from a CSV, JSON or Excel file, all or nothing; every bad row is named with its line."""
    from egovkpi.errors import InputError
    from egovkpi.importing import import_rows
    from egovkpi.messages import t
    from egovkpi.progress import tracked
    from egovkpi.reading import open_rows
    from egovkpi.render.text import imported_line
    from egovkpi.render.words import translate
    from egovkpi.settings import user
    from egovkpi.storefile import memory_store

    ctx = context(db, targets, lang)
    source = open_rows(file, sheet, delimiter.value if delimiter else None)
    if source.history and on_duplicate is not OnDuplicate.revise:
        raise InputError(
            t("{file}: --on-duplicate is for figures; a history's revisions are added as they are", file=file)
        )
    mark = decimal.value if decimal else source.decimal
    existed = ctx.store_exists()
    store = memory_store() if dry_run and not existed else ctx.store(writing=True)
    rows = tracked(source.rows, source.position, source.size, str(file))
    by = user()
    result = import_rows(
        store, rows, ctx.units, ctx.targets, by, ctx.today, mark, dry_run=dry_run, on_duplicate=on_duplicate.value
    )
    if result.bad_rows and not existed and not dry_run:
        ctx.forget_new_store(store)  # a typed --db path is never left behind as an empty store
    if result.bad_rows:
        more = result.bad_rows - len(result.errors)
        said = [*result.errors, *([t("… and {more} more bad row(s)", more=more)] if more else []), *result.hints]
        for line in said:
            typer.echo(f"{file}: {translate(line, ctx.lang)}", err=True)
        raise InputError(t("{file}: {count} bad row(s); nothing was imported", file=file, count=result.bad_rows))
    if not result.total:
        raise InputError(t("{file}: holds no figures; nothing was imported", file=file))
    echo(imported_line(str(file), result.counts, dry_run, ctx.lang))


@app.command()
def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="file format [default: from --output's suffix, else csv]"
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", parser=path, metavar="<file>", help="the file to write [default: stdout]"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="replace the output file if it exists")] = False,
    provinces: Annotated[
        list[str] | None,
        typer.Option(
            "--province",
            "-p",
            parser=given,
            metavar="<province>",
            help="repeatable; every unit the name has meant [default: all]",
        ),
    ] = None,
    kpis: Annotated[
        list[str] | None,
        typer.Option("--kpi", "-k", parser=given, metavar="<kpi>", help="repeatable; a KPI code [default: all]"),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", parser=given, metavar="<period>", help="figures of periods from this one"),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", parser=given, metavar="<period>", help="figures of periods up to this one"),
    ] = None,
    with_history: Annotated[
        bool, typer.Option("--with-history", help="every revision, with when, by whom, and withdrawals")
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            case_sensitive=False,
            help="the file's language: en, or vi (Vietnamese column names; CSV for Vietnamese Excel: semicolons, "
            "decimal comma) [default: en; messages follow EGOVKPI_LANG]",
        ),
    ] = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Export figures as CSV, JSON or Excel, in the columns import reads: a file that imports back as it was."""
    import sys

    from egovkpi.errors import InputError
    from egovkpi.exporting import Selection, check_output, export, writer
    from egovkpi.messages import t
    from egovkpi.periods import parse_period
    from egovkpi.render.words import translate
    from egovkpi.resources import write_file

    ctx = context(db, targets, lang)
    fmt = _format(fmt, output)
    if fmt is ExportFormat.xlsx and output is None:
        raise InputError(t("an Excel file cannot go to the terminal; give --output FILE.xlsx"))
    if output is not None:
        check_output(output, force)
    units = [unit for name in provinces for unit in ctx.units.all_matches(name)] if provinces else None
    codes = [ctx.targets.kpi(kpi).code for kpi in kpis] if kpis else None
    first, last = (parse_period(start) if start else None), (parse_period(end) if end else None)
    if first and last and first.start > last.end:
        raise InputError(t("--from {start} is after --to {end}", start=first, end=last))
    chosen = Selection(units, codes, first, last, with_history)
    found = export(ctx.store(), ctx.units, ctx.targets, chosen, lang.value if lang else "en")
    write = writer(fmt.value)
    if output is None:
        sys.stdout.flush()
        write(found, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        write_file(output, lambda handle: write(found, handle))
    if not found.seen:
        typer.echo(translate(t("no figure matched; the file has only its header"), ctx.lang), err=True)


def _format(fmt: ExportFormat | None, output: Path | None) -> ExportFormat:
    """--format, else the output's suffix (.xlsx, .json, else csv); a suffix that says another format is refused."""
    from egovkpi.errors import InputError
    from egovkpi.messages import t

    suffix = output.suffix.lower().lstrip(".") if output else ""
    said = {"xlsx": ExportFormat.xlsx, "xlsm": ExportFormat.xlsx, "json": ExportFormat.json, "csv": ExportFormat.csv}
    implied = said.get(suffix)
    if fmt is None:
        return implied or ExportFormat.csv
    if implied is not None and implied is not fmt:
        raise InputError(
            t("--format {fmt} does not match the file name {path}", fmt=fmt.value, path=output),
            hint=t("name the file .{fmt}, or leave --format out", fmt=fmt.value),
        )
    return fmt
