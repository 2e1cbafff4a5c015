"""Commands that record and read figures: add, import, history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from egovkpi.cli.options import (
    Context,
    DbOption,
    DecimalOption,
    KpiOption,
    LangOption,
    PeriodOption,
    ProvinceOption,
    RecordFormat,
    RecordFormatOption,
    TargetsOption,
    context,
    echo,
    given,
    show_records,
)

if TYPE_CHECKING:
    from egovkpi.provinces import Unit
    from egovkpi.records import Figure
    from egovkpi.targets import Kpi

app = typer.Typer()


@app.command()
def add(
    province: ProvinceOption,
    kpi: KpiOption,
    period: PeriodOption,
    value: Annotated[str | None, typer.Option("--value", help="the figure itself")] = None,
    numerator: Annotated[str | None, typer.Option("--numerator", help="with --denominator: a percent")] = None,
    denominator: Annotated[str | None, typer.Option("--denominator", help="with --numerator")] = None,
    source: Annotated[str, typer.Option("--source", help="where the figure comes from")] = "",
    note: Annotated[str, typer.Option("--note", help="anything a reader should know")] = "",
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            parser=given,
            metavar="<date>",
            help="the day the report was received, YYYY-MM-DD or dd/mm/yyyy; timeliness is judged on it "
            "[default: the day it is recorded, in Việt Nam]",
        ),
    ] = None,
    decimal: DecimalOption = None,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Record a figure; recording the same province, KPI and period again is a revision."""
    from egovkpi.entry import Entry, check, parse_day
    from egovkpi.render.text import recorded_lines
    from egovkpi.settings import user

    ctx = context(db, targets, lang)
    mark = decimal.value if decimal else None
    day = parse_day(received, "--received") if received is not None else None
    entry = Entry(province, kpi, period, value, numerator, denominator, source, note, mark, day)
    figure = check(entry, ctx.units, ctx.targets, ctx.today)
    by = user()
    [done] = ctx.store(writing=True).record([figure], by)
    echo(recorded_lines(done, ctx.units.by_key(figure.scope), ctx.lang))


@app.command()
def withdraw(
    province: ProvinceOption,
    kpi: KpiOption,
    period: PeriodOption,
    reason: Annotated[
        str, typer.Option("--reason", parser=given, metavar="<str>", help="why it is withdrawn, kept in the history")
    ],
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Withdraw a figure: it leaves reports, history keeps it with the reason; recording it again restores it."""
    from egovkpi.entry import locate
    from egovkpi.render.text import withdrawn_line
    from egovkpi.settings import user
    from egovkpi.text import checked_text

    ctx = context(db, targets, lang)
    unit, found, when = locate(province, kpi, period, ctx.units, ctx.targets)
    why, by = checked_text(reason, "--reason"), user()
    done = ctx.store(writing=True).withdraw(unit.key, found.code, str(when), why, by)
    echo(withdrawn_line(done, unit, ctx.lang))


@app.command()
def history(
    province: ProvinceOption,
    kpi: KpiOption,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", parser=given, metavar="<str>", help="YYYY-MM-DD: only the unit the name meant that day"
        ),
    ] = None,
    rollup: Annotated[
        bool,
        typer.Option(
            "--rollup",
            help="the unit of the 34 map, its series continued before July 2025 by roll-ups of the units "
            "that formed it",
        ),
    ] = False,
    chart: Annotated[
        bool, typer.Option("--chart", help="draw the current figures, oldest first, against the target line")
    ] = False,
    db: DbOption = None,
    targets: TargetsOption = None,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
) -> None:
    """Every figure and revision for a province and KPI, oldest first, for every unit the name has meant."""
    from egovkpi.periods import parse_date
    from egovkpi.render.text import HISTORY_COLUMNS, history_records
    from egovkpi.render.words import unit_label

    ctx = context(db, targets, lang)
    code = ctx.targets.kpi(kpi).code
    if rollup:
        _series(province, kpi, fmt, ctx, chart)
        return
    day = parse_date(as_of, "--as-of") if as_of else None
    units = [ctx.units.match(province, on=day)] if day else ctx.units.all_matches(province)
    store = ctx.store()
    labels = [unit_label(unit, ctx.lang, dated=len(units) > 1) for unit in units]
    if chart:
        for unit, label in zip(units, labels, strict=True):
            _chart(label, ctx.targets.kpi(code), unit, list(store.current(unit.key, code)), ctx)
        return
    rows = [
        {"province": label, **row}
        for unit, label in zip(units, labels, strict=True)
        for row in history_records(store.history(unit.key, code))
    ]
    show_records(f"{', '.join(labels)} · {code}", rows, ["province", *HISTORY_COLUMNS], fmt, ctx.lang)


def _chart(title: str, found: Kpi, unit: Unit, figures: list[Figure], ctx: Context) -> None:
    """history --chart: a unit's current figures as bars against the targets that apply to them."""
    from egovkpi.render import console
    from egovkpi.render.charts import can_draw, history_lines

    out = console.console()
    lines = history_lines(found, unit, figures, ctx.lang, out.width, not can_draw(out.encoding))
    echo("\n".join([f"{title} · {found.code}", *lines]))


def _series(province: str, kpi: str, fmt: RecordFormat, ctx: Context, chart: bool = False) -> None:
    """history --rollup: the current figures of the unit the name means on the 34 map, continued backwards."""
    from egovkpi.maps import series
    from egovkpi.provinces import REFORM_DAY
    from egovkpi.render.text import series_records
    from egovkpi.render.words import unit_label

    found = ctx.targets.kpi(kpi)
    unit = ctx.units.match(province, on=max(ctx.today, REFORM_DAY))
    points = series(ctx.units, ctx.store().current, unit, found, 34)
    if chart:
        _chart(unit_label(unit, ctx.lang, dated=True), found, unit, [p.figure for p in points if p.figure], ctx)
        return
    columns = ["period", "value", "numerator", "denominator", "map", "made_from", "source"]
    show_records(
        f"{unit_label(unit, ctx.lang, dated=True)} · {found.code}",
        series_records(points, ctx.lang),
        columns,
        fmt,
        ctx.lang,
    )
