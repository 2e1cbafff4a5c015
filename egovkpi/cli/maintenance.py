"""Commands that keep the store safe: backup, check."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egovkpi.cli.options import DbOption, LangOption, TargetsOption, context, echo, path

if TYPE_CHECKING:
    from egovkpi.checking import Checked, Problem
    from egovkpi.provinces import Registry

app = typer.Typer()

SHOWN = 50  # problems listed one a line; the rest are counted


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def backup(
    file: Annotated[
        Path,
        typer.Argument(
            parser=path,
            metavar="<file>",
            help="where to write the backup, in a folder that exists; written whole or not at all",
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="overwrite <file> if it exists (never the store itself)")] = (
        False
    ),
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Copy the store to a file while others may be writing to it: a whole copy, checked, or nothing."""
    from egovkpi.backup import back_up
    from egovkpi.messages import t
    from egovkpi.render.words import translate
    from egovkpi.settings import db_path

    ctx = context(db, None, lang)
    made = back_up(db_path(ctx.db_option), file, force=force)
    said = t(
        "Backed up {store} to {file}: {figures} figures, {revisions} revisions; integrity check ok",
        store=made.store,
        file=made.file,
        figures=made.figures,
        revisions=made.revisions,
    )
    echo(translate(said, ctx.lang))


@app.command()
def check(
    fmt: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text: one line a problem (the first 50) and a closing line; json: every problem",
        ),
    ] = CheckFormat.text,
    targets: TargetsOption = None,
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Check the store: SQLite's integrity, then egovkpi's rules (revisions 1..n, every current figure valid);
    exit 1 if a problem is found."""
    from egovkpi.checking import check_store
    from egovkpi.settings import db_path

    ctx = context(db, targets, lang)
    checked = check_store(db_path(ctx.db_option), ctx.units, ctx.targets)
    if fmt is CheckFormat.json:
        record = {
            "ok": checked.ok,
            "figures": checked.figures,
            "revisions": checked.revisions,
            "problems": [_record(problem, ctx.units, ctx.lang) for problem in checked.problems],
        }
        echo(_json(record))
    else:
        echo("\n".join(_lines(checked, ctx.units, ctx.lang)))
    if not checked.ok:
        raise typer.Exit(1)


def _json(record: dict[str, Any]) -> str:
    import json

    return json.dumps(record, ensure_ascii=False, indent=2)


def _where(problem: Problem, units: Registry, lang: str) -> str:
    """'Phú Yên (54) · online_dossiers · 2019 · revision 2', as far as the problem is placed."""
    from egovkpi.messages import t
    from egovkpi.render.words import translate, unit_title

    parts = []
    if problem.scope is not None:
        try:
            unit = units.by_key(problem.scope)
        except KeyError:  # an unknown unit key: the key is all there is
            parts.append(str(problem.scope))
        else:
            title = unit_title(unit, lang)
            parts.append(title if unit.is_national else f"{title} ({problem.scope})")
    parts += [str(part) for part in (problem.kpi, problem.period) if part is not None]
    if problem.revision is not None:
        parts.append(translate(t("revision {revision}", revision=problem.revision), lang))
    return " · ".join(parts)


def _lines(checked: Checked, units: Registry, lang: str) -> list[str]:
    """A line a problem, the first SHOWN of them, then how many more, then the closing line."""
    from egovkpi.messages import t
    from egovkpi.render.words import translate

    lines = []
    for problem in checked.problems[:SHOWN]:
        where = _where(problem, units, lang)
        lines.append(f"[{problem.check}] {where + ': ' if where else ''}{translate(problem.text, lang)}")
    more = len(checked.problems) - SHOWN
    if more > 0:
        lines.append(translate(t("… and {more} more problems (--format json lists them all)", more=more), lang))
    counts = {"figures": checked.figures, "revisions": checked.revisions, "problems": len(checked.problems)}
    if checked.ok:
        closing = t("{figures} figures, {revisions} revisions checked: ok", **counts)
    else:
        closing = t("{figures} figures, {revisions} revisions checked: {problems} problems", **counts)
    return [*lines, translate(closing, lang)]


def _record(problem: Problem, units: Registry, lang: str) -> dict[str, Any]:
    from egovkpi.render.words import translate

    return {
        "check": problem.check,
        "unit": problem.scope,
        "kpi": problem.kpi,
        "period": problem.period,
        "revision": problem.revision,
        "problem": translate(problem.text, lang),
        "where": _where(problem, units, lang),
    }
