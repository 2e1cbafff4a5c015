"""The command that ranks provinces: rank."""

from typing import Annotated

import typer

from egovkpi.cli.options import (
    DbOption,
    LangOption,
    MapOption,
    PeriodCutOption,
    RecordFormat,
    RecordFormatOption,
    TargetsOption,
    context,
    echo,
    given,
)

app = typer.Typer()


@app.command()
def rank(
    kpi: Annotated[
        str | None,
        typer.Option(
            "--kpi",
            "-k",
            parser=given,
            metavar="<str>",
            help="KPI code from targets.yaml [default: the composite, the share of each province's targets met]",
        ),
    ] = None,
    period: PeriodCutOption = None,
    which: MapOption = None,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Rank the provinces on one KPI, or on the share of their targets met, with their movement since the period
    before."""
    from egovkpi.ranking import build_ranking
    from egovkpi.render import ranking as shown
    from egovkpi.render import text

    ctx = context(db, targets, lang)
    found = ctx.targets.kpi(kpi) if kpi is not None else None
    chosen = int(which.value) if which else None
    result = build_ranking(ctx.store(), ctx.units, ctx.targets, found, period, ctx.today, chosen)
    if fmt is RecordFormat.json:
        echo(text.to_json(shown.records(result)))
    elif fmt is RecordFormat.csv:
        echo(text.to_csv(shown.records(result), shown.columns(result)))
    else:
        from egovkpi.render import console

        titles, rows = shown.table_rows(result, ctx.lang)
        console.print_records(shown.title(result, ctx.lang), rows, titles, ctx.lang)
        for note in shown.notes(result, ctx.lang):
            console.print_line(note)
