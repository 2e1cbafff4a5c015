"""Commands that show the reference data: targets and provinces."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egovkpi.cli import options
from egovkpi.cli.options import LangOption, RecordFormat, RecordFormatOption, TargetsOption
from egovkpi.messages import Text, t
from egovkpi.render.words import translate

if TYPE_CHECKING:
    from egovkpi.targets import Era, Kpi, TargetsFile

app = typer.Typer()

# A KPI's detail (`targets --kpi`): the KPI's fields, then its milestones
KPI_FIELDS = [
    "kpi",
    "name",
    "unit",
    "direction",
    "applies_to",
    "applies_to_reason",
    "definition",
    "era",
    "figures_from",
    "note",
]
MILESTONE_COLUMNS = ["scope", "tier", "comparator", "target", "deadline", "basis", "source", "verification", "note"]


@app.command(name="targets")
def targets_command(
    check: Annotated[bool, typer.Option("--check", help="only validate the file and summarise it")] = False,
    kpi: Annotated[
        str | None,
        typer.Option(
            "--kpi",
            "-k",
            parser=options.given,
            help="one KPI in detail: its definition, era, where figures come from and every milestone",
        ),
    ] = None,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
    targets: TargetsOption = None,
) -> None:
    """The targets in force and their legal basis; --kpi shows one KPI in detail; --check validates the file."""
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
    if kpi is not None:
        _show_kpi(ctx.targets, ctx.targets.kpi(kpi), fmt, ctx.lang)
        return
    columns = TARGET_COLUMNS if fmt is RecordFormat.table else ["kpi", "name", *TARGET_COLUMNS[1:]]
    options.show_records(str(ctx.targets.path), rows, columns, fmt, ctx.lang)


def kpi_record(kpi: Kpi, lang: str) -> dict[str, Any]:
    """A KPI's own fields as plain data, in `lang` where the file gives both languages; null where it gives none."""
    era = kpi.era
    return {
        "kpi": kpi.code,
        "name": kpi.name(lang),
        "unit": kpi.unit,
        "direction": kpi.direction,
        "applies_to": "national" if kpi.national_only else "all",
        "applies_to_reason": kpi.national_reason or None,
        "definition": kpi.definition(lang) or None,
        "era": None
        if era is None
        else {
            "from": era.start.isoformat() if era.start else None,
            "to": era.end.isoformat() if era.end else None,
            "basis": era.basis or None,
        },
        "figures_from": kpi.figures_from or None,
        "note": kpi.note or None,
    }


def era_text(era: Era, lang: str) -> str:
    """When a definition was in force, as the reader writes dates, with the law it belongs to."""
    when: Text
    if era.start and era.end:
        when = t("from {start} to {end}", start=era.start, end=era.end)
    elif era.start:
        when = t("from {start}", start=era.start)
    else:
        when = t("until {end}", end=era.end)
    said = translate(when, lang)
    return f"{said} ({era.basis})" if era.basis else said


def _show_kpi(targets: TargetsFile, kpi: Kpi, fmt: RecordFormat, lang: str) -> None:
    """One KPI: its fields, then every milestone; as JSON (one object, its milestones in a list), CSV (one row
    per milestone) or a block of fields and a table fitted to the terminal."""
    from egovkpi.render import console
    from egovkpi.render.text import target_records, to_csv

    about = kpi_record(kpi, lang)
    rows = target_records(targets, lang, only=kpi)
    if fmt is RecordFormat.json:
        milestones = [{key: row[key] for key in MILESTONE_COLUMNS} for row in rows]
        options.echo(json.dumps({**about, "milestones": milestones}, ensure_ascii=False, indent=2))
        return
    if fmt is RecordFormat.csv:
        options.echo(to_csv(rows, ["kpi", "unit", "direction", *MILESTONE_COLUMNS]))
        return
    shown = {**about, "era": era_text(kpi.era, lang) if kpi.era else None}
    console.print_fields(f"{kpi.code} · {kpi.name(lang)}", shown, KPI_FIELDS, lang)
    if not rows:
        console.print_line("")
        console.print_line(translate(t("{kpi} has no milestones in {path}", kpi=kpi.code, path=targets.path), lang))
        return
    console.print_line("")
    console.print_records(translate(t("Milestones of {kpi}", kpi=kpi.code), lang), rows, MILESTONE_COLUMNS, lang)
    notes = []
    if any(target.documentation_only for target in kpi.targets):
        notes.append(t("Milestones for ministries, districts or communes are listed, never judged."))
    if len({target.deadline.end for target in kpi.targets}) < len(kpi.targets):
        notes.append(t("Of two milestones due on one day, the stricter is judged."))
    for note in notes:
        console.print_line(translate(note, lang))


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
