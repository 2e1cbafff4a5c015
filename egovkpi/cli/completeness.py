"""Commands about who has reported: missing, completeness."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from egovkpi.cli.options import (
    DbOption,
    LangOption,
    MapOption,
    RecordFormat,
    RecordFormatOption,
    TargetsOption,
    context,
    echo,
    given,
    path,
)
from egovkpi.periods import Period, parse_period

app = typer.Typer()
MISSING = 3  # the exit code of `missing` when a report is missing (cron acts on it)


class RateFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


class By(str, Enum):
    province = "province"
    kpi = "kpi"


KpisOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kpi", "-k", parser=given, metavar="<str>", help="KPI code from targets.yaml, repeatable [default: every KPI]"
    ),
]
UnitsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--province",
        "-p",
        parser=given,
        metavar="<str>",
        help="repeatable; a name means every unit it has meant, or with --map the unit it means on that map (on the "
        "34 map with the units that became it) [default: every unit that must report]",
    ),
]


@app.command()
def missing(
    period: Annotated[
        Period | None,
        typer.Option(
            "--period",
            parser=parse_period,
            metavar="<period>",
            help="the reports for every period of a KPI's frequency inside this one (a KPI reported for longer "
            "periods is skipped) [default: each KPI's latest period due]",
        ),
    ] = None,
    kpi: KpisOption = None,
    province: UnitsOption = None,
    which: MapOption = None,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """List the reports due and not received: each unit that must report a KPI and has not, with the days overdue;
    exit 3 when a report is missing, 0 when none is."""
    from egovkpi import completeness as owed
    from egovkpi.render import completeness as shown
    from egovkpi.render import text

    ctx = context(db, targets, lang)
    chosen = int(which.value) if which else None
    kpis = [ctx.targets.kpi(code) for code in kpi] if kpi else None
    units = owed.chosen_units(ctx.units, province, chosen, ctx.today) if province else None
    frame = owed.window(ctx.today, period, period, latest_only=period is None)
    found = owed.dues(ctx.store(), ctx.units, ctx.targets, frame, kpis, units, chosen)
    late = owed.missing(found)
    if fmt is RecordFormat.json:
        echo(text.to_json(shown.missing_records(late, ctx.today, ctx.lang)))
    elif fmt is RecordFormat.csv:
        echo(text.to_csv(shown.missing_records(late, ctx.today, ctx.lang), shown.MISSING_COLUMNS))
    else:
        from egovkpi.render import console

        heading = shown.missing_heading(found, late, ctx.today, period, ctx.lang)
        if late:
            rows = shown.missing_rows(late, ctx.today, chosen, ctx.lang)
            console.print_records(heading, rows, shown.MISSING_TABLE, ctx.lang)
            console.print_line(shown.missing_footer(found, late, ctx.lang))
        else:
            echo(heading)
    if late:
        raise typer.Exit(MISSING)


@app.command()
def completeness(
    first: Annotated[
        Period | None,
        typer.Option(
            "--from",
            parser=parse_period,
            metavar="<period>",
            help="the periods from this one [default: the reports due in the last 12 months]",
        ),
    ] = None,
    last: Annotated[
        Period | None,
        typer.Option(
            "--to",
            parser=parse_period,
            metavar="<period>",
            help="the periods up to this one [default: today; without --from, the 12 months up to its end]",
        ),
    ] = None,
    by: Annotated[
        By, typer.Option("--by", case_sensitive=False, help="one row per province or per KPI [default: province]")
    ] = By.province,
    kpi: KpisOption = None,
    province: UnitsOption = None,
    which: MapOption = None,
    fmt: Annotated[RateFormat, typer.Option("--format", "-f", case_sensitive=False, help="output format")] = (
        RateFormat.table
    ),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            parser=path,
            metavar="<path>",
            help="write it to this file (without --format: the format its name ends in, .html if none)",
        ),
    ] = None,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """The share of the reports due that were received (complete) and received by their due day (on time), per
    province or per KPI, over a range of periods."""
    from egovkpi import completeness as owed
    from egovkpi.render import completeness as shown
    from egovkpi.render import text

    ctx = context(db, targets, lang)
    chosen = int(which.value) if which else None
    kpis = [ctx.targets.kpi(code) for code in kpi] if kpi else None
    units = owed.chosen_units(ctx.units, province, chosen, ctx.today) if province else None
    frame = owed.window(ctx.today, first, last)
    found = owed.dues(ctx.store(), ctx.units, ctx.targets, frame, kpis, units, chosen)
    summary = owed.build(found, by.value, frame, chosen, ctx.targets.kpis.values())
    if fmt is RateFormat.table and output is not None:  # a table into a file: the format its name says
        suffixes = {".html": RateFormat.html, ".htm": RateFormat.html, ".json": RateFormat.json, ".csv": RateFormat.csv}
        fmt = suffixes.get(output.suffix.lower(), RateFormat.html)
    if fmt is RateFormat.table:
        from egovkpi.render import console

        if summary.total.expected:
            rows = shown.rate_rows(summary, ctx.lang)
            console.print_records(shown.rate_title(summary, ctx.lang), rows, [by.value, *shown.RATE_TABLE], ctx.lang)
        for note in shown.rate_notes(summary, ctx.lang):
            console.print_line(note)
        return
    if fmt is RateFormat.html:
        written = shown.completeness_html(summary, ctx.lang)
    elif fmt is RateFormat.json:
        written = text.to_json(shown.rate_records(summary, ctx.lang))
    else:
        written = text.to_csv(shown.rate_records(summary, ctx.lang), shown.RATE_COLUMNS[by.value])
    if output is None:
        echo(written)
        return
    from egovkpi.messages import t
    from egovkpi.render.words import translate
    from egovkpi.resources import write_atomically

    write_atomically(output, (written if written.endswith("\n") else written + "\n").encode("utf-8"))
    typer.echo(translate(t("Wrote {path}", path=output), ctx.lang), err=True)
