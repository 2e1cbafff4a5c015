"""Commands that record and read figures: add, import, history."""

from pathlib import Path
from typing import Annotated

import typer

from egovkpi.cli.options import (
    DbOption,
    KpiOption,
    LangOption,
    ProvinceOption,
    RecordFormat,
    RecordFormatOption,
    TargetsOption,
    context,
    echo,
    show_records,
)

app = typer.Typer()


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
    from egovkpi.entry import Entry, check
    from egovkpi.render.text import recorded_lines
    from egovkpi.settings import user

    ctx = context(db, targets)
    figure = check(Entry(province, kpi, period, value, numerator, denominator, source, note), ctx.units, ctx.targets)
    [done] = ctx.store().record([figure], user())
    echo(recorded_lines(done, ctx.units.by_key(figure.scope)))


@app.command(name="import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV with province, kpi, period, value or numerator+denominator")],
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Import figures from a CSV file, all or nothing; every bad row is reported with its line."""
    from egovkpi.errors import InputError
    from egovkpi.importing import import_rows, read_csv
    from egovkpi.records import Outcome
    from egovkpi.settings import user

    ctx = context(db, targets)
    result = import_rows(ctx.store(), read_csv(file), ctx.units, ctx.targets, user())
    if result.errors:
        for line in result.errors:
            typer.echo(f"{file}: {line}", err=True)
        raise InputError(f"{file}: {len(result.errors)} bad row(s); nothing was imported")
    if not result.total:
        raise InputError(f"{file}: has a header but no rows; nothing was imported")
    new, revised, unchanged = (result.counts[outcome] for outcome in Outcome)
    echo(f"Imported {file}: {new} new, {revised} revised, {unchanged} unchanged")


@app.command()
def history(
    province: ProvinceOption,
    kpi: KpiOption,
    db: DbOption = None,
    targets: TargetsOption = None,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
) -> None:
    """Every figure and revision for a province and KPI, oldest first."""
    from egovkpi.render.text import HISTORY_COLUMNS, history_records
    from egovkpi.render.words import unit_name

    ctx = context(db, targets, lang)
    code = ctx.targets.kpi(kpi.strip()).code
    unit = ctx.units.match(province)
    rows = history_records(ctx.store().history(unit.key, code))
    show_records(f"{unit_name(unit, ctx.lang)} · {code}", rows, HISTORY_COLUMNS, fmt, ctx.lang)
