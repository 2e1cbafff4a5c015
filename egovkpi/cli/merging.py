"""The command that merges another egovkpi store into this one: merge."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egovkpi.cli.options import DbOption, LangOption, RecordFormat, RecordFormatOption, context, echo, path

if TYPE_CHECKING:
    from egovkpi.merging import Conflict
    from egovkpi.records import Figure

app = typer.Typer()

CONFLICTS = 3  # the exit code of a merge that found conflicts (and was done)
CONFLICT_COLUMNS = [
    "province",
    "kpi",
    "period",
    "ours",
    "theirs",
    "ours_by",
    "ours_at",
    "theirs_by",
    "theirs_at",
    "current",
    "ours_numerator",
    "ours_denominator",
    "ours_withdrawn",
    "theirs_numerator",
    "theirs_denominator",
    "theirs_withdrawn",
]
TABLE_COLUMNS = CONFLICT_COLUMNS[:10]


class Side(str, Enum):
    ours = "ours"
    theirs = "theirs"
    newest = "newest"


@app.command()
def merge(
    file: Annotated[
        Path,
        typer.Argument(
            parser=path,
            metavar="<store>",
            help="another egovkpi store (a provincial office's .db): read only, never written",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="merge, say what would be added and every conflict, and write nothing")
    ] = False,
    prefer: Annotated[
        Side,
        typer.Option(
            "--prefer",
            case_sensitive=False,
            help="in a conflict, the figure that stays current (both are kept as revisions): ours (this store stays "
            "as it was), theirs, or newest (the one recorded later)",
        ),
    ] = Side.ours,
    fmt: RecordFormatOption = RecordFormat.table,
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Merge another egovkpi store into this one, every revision with who and when; exit 3 if conflicts were found."""
    from egovkpi.merging import Prefer, check_other, merge, read_other
    from egovkpi.messages import t
    from egovkpi.render.words import translate
    from egovkpi.settings import db_path, user
    from egovkpi.storefile import memory_store

    ctx = context(db, None, lang)
    check_other(file, db_path(ctx.db_option))
    theirs = read_other(file, ctx.units)
    by = user()
    store = memory_store() if dry_run and not ctx.store_exists() else ctx.store(writing=True)
    merged = merge(store, theirs, Prefer(prefer.value), by, dry_run=dry_run)
    counts = {"file": file, "new": merged.new, "revisions": merged.revisions, "conflicts": len(merged.conflicts)}
    if dry_run:
        said = t(
            "Dry run of merging {file}: {new} new figure(s), {revisions} revision(s) to add, {conflicts} conflict(s); "
            "nothing was written",
            **counts,
        )
    else:
        said = t("Merged {file}: {new} new figure(s), {revisions} revision(s) added, {conflicts} conflict(s)", **counts)
    if fmt is RecordFormat.table:
        echo(translate(said, ctx.lang))
        if merged.conflicts:
            _print_table(t("Conflicts with {file}", file=file), merged.conflicts, ctx.lang)
    else:
        typer.echo(translate(said, ctx.lang), err=True)  # standard output holds only the JSON or CSV
        _print_machine(merged.conflicts, fmt, ctx.lang)
    if merged.conflicts:
        raise typer.Exit(CONFLICTS)


def _record(conflict: Conflict, lang: str) -> dict[str, Any]:
    """A conflict in the columns of JSON and CSV: numbers as numbers, times as stored (UTC)."""
    from egovkpi.provinces import registry
    from egovkpi.render.words import unit_title

    ours, theirs = conflict.ours, conflict.theirs
    record: dict[str, Any] = {
        "province": unit_title(registry().by_key(ours.scope), lang),
        "kpi": ours.kpi,
        "period": ours.period,
        "ours": ours.value,
        "theirs": theirs.value,
        "ours_by": ours.recorded_by,
        "ours_at": ours.recorded_at,
        "theirs_by": theirs.recorded_by,
        "theirs_at": theirs.recorded_at,
        "current": conflict.current.value,
    }
    for side, figure in (("ours", ours), ("theirs", theirs)):
        record.update(
            {
                f"{side}_numerator": figure.numerator,
                f"{side}_denominator": figure.denominator,
                f"{side}_withdrawn": figure.withdrawn,
            }
        )
    return record


def _print_machine(conflicts: list[Conflict], fmt: RecordFormat, lang: str) -> None:
    from egovkpi.cli.options import show_records

    show_records("", [_record(conflict, lang) for conflict in conflicts], CONFLICT_COLUMNS, fmt, lang)


def _print_table(title: Any, conflicts: list[Conflict], lang: str) -> None:
    """The conflicts as a table in the reader's language: figures written their way, times in Việt Nam's."""
    from egovkpi.cli.options import show_records
    from egovkpi.messages import t
    from egovkpi.render.words import COLUMN_TITLES, moment, translate

    heads = {
        "province": COLUMN_TITLES[lang]["province"],
        "kpi": COLUMN_TITLES[lang]["kpi"],
        "period": COLUMN_TITLES[lang]["period"],
        "ours": translate(t("ours"), lang),
        "theirs": translate(t("theirs"), lang),
        "ours_by": translate(t("ours: by"), lang),
        "ours_at": translate(t("ours: at"), lang),
        "theirs_by": translate(t("theirs: by"), lang),
        "theirs_at": translate(t("theirs: at"), lang),
        "current": translate(t("current"), lang),
    }
    sides = {"ours": heads["ours"], "theirs": heads["theirs"]}
    rows = []
    for conflict in conflicts:
        record = _record(conflict, lang)
        shown = {
            **record,
            "ours": _figure(conflict.ours, lang),
            "theirs": _figure(conflict.theirs, lang),
            "ours_at": moment(conflict.ours.recorded_at, lang),
            "theirs_at": moment(conflict.theirs.recorded_at, lang),
            "current": sides[conflict.current.value],
        }
        rows.append({heads[column]: shown[column] for column in TABLE_COLUMNS})
    show_records(translate(title, lang), rows, list(heads.values()), RecordFormat.table, lang)


def _figure(figure: Figure, lang: str) -> str:
    """'87,18 (167.884/192.577)', and '(withdrawn)' after a withdrawal."""
    from egovkpi.messages import t
    from egovkpi.numbers import format_exact
    from egovkpi.render.words import translate

    text = format_exact(figure.value, lang)
    if figure.numerator is not None and figure.denominator is not None:
        text += f" ({format_exact(figure.numerator, lang)}/{format_exact(figure.denominator, lang)})"
    if figure.withdrawn:
        text = translate(t("{figure} (withdrawn)", figure=text), lang)
    return text
