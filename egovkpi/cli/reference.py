"""Commands that show the reference data: targets and provinces."""

from typing import Annotated

import typer

from egovkpi.cli import options
from egovkpi.cli.options import LangOption, RecordFormat, RecordFormatOption, TargetsOption
from egovkpi.messages import t
from egovkpi.render.words import translate

app = typer.Typer()


@app.command(name="targets")
def targets_command(
    check: Annotated[bool, typer.Option("--check", help="only validate the file and summarise it")] = False,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
    targets: TargetsOption = None,
) -> None:
    """The targets in force and their legal basis; --check validates the file."""
    from egovkpi.render.text import TARGET_COLUMNS, target_records

    ctx = options.context(targets=targets, lang=lang)
    rows = target_records(ctx.targets, ctx.lang)
    if check:
        unverified = sum(1 for row in rows if row["verification"] == "unverified")
        count = len(ctx.targets.kpis)
        said = t(
            "{path}: valid: {count} KPIs, {targets} targets ({unverified} unverified)",
            path=ctx.targets.path,
            count=count,
            targets=len(rows),
            unverified=unverified,
        )
        options.echo(translate(said, ctx.lang))
        return
    columns = TARGET_COLUMNS if fmt is RecordFormat.table else ["kpi", "name", *TARGET_COLUMNS[1:]]
    options.show_records(str(ctx.targets.path), rows, columns, fmt, ctx.lang)


@app.command()
def provinces(
    as_of: Annotated[
        str | None, typer.Option("--as-of", parser=options.given, help="a date, YYYY-MM-DD; default: today")
    ] = None,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
) -> None:
    """The provincial units in force on a day: 63 until 30 June 2025, 34 from 1 July 2025."""
    from egovkpi.periods import parse_date
    from egovkpi.render.text import PROVINCE_COLUMNS, province_records

    ctx = options.context(lang=lang)
    day = parse_date(as_of, "--as-of") if as_of else ctx.today
    rows = province_records(ctx.units, day)
    title = translate(t("{count} provinces on {day}", count=len(rows), day=day), ctx.lang)
    options.show_records(title, rows, PROVINCE_COLUMNS, fmt, ctx.lang)
