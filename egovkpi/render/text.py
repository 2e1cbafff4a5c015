"""Numbers as readers write them, and the machine and plain-text formats: JSON, CSV, Markdown, the mail's text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from egovkpi.attainment import Result
from egovkpi.comparators import DEFAULT_COMPARATOR
from egovkpi.maps import Point
from egovkpi.messages import t
from egovkpi.numbers import format_exact
from egovkpi.provinces import Registry, Unit
from egovkpi.records import Figure, Outcome, Recorded
from egovkpi.render.words import HEADERS, STATUS_LABELS, moment, say, translate, unit_name, unit_title
from egovkpi.render.words import day as day_text
from egovkpi.report import Report
from egovkpi.rollup import RolledUp
from egovkpi.targets import Kpi, Target, TargetsFile

Record = dict[str, Any]

RECORD_COLUMNS = [
    "province",
    "province_code",
    "province_valid_from",
    "kpi",
    "kpi_name",
    "unit",
    "period",
    "actual",
    "numerator",
    "denominator",
    "target",
    "comparator",
    "deadline",
    "basis",
    "verification",
    "attainment",
    "gap",
    "status",
    "band",
    "projection",
    "required_rate",
    "observed_rate",
    "source",
    "partial",
    "explanation",
]
HISTORY_COLUMNS = [
    "period",
    "revision",
    "value",
    "numerator",
    "denominator",
    "source",
    "note",
    "received",
    "recorded_at",
    "recorded_by",
    "withdrawn",
]
TARGET_COLUMNS = [
    "kpi",
    "scope",
    "tier",
    "comparator",
    "target",
    "unit",
    "direction",
    "deadline",
    "basis",
    "verification",
]
PROVINCE_COLUMNS = ["code", "name", "full_name", "valid_from", "valid_to", "merged_into", "formed_from"]


def number(value: float | None, lang: str, decimals: int = 2, sign: bool = False) -> str:
    """A computed number (attainment, gap) rounded to `decimals`, as a reader of `lang` writes it: 30,86 in
    Vietnamese, 30.86 in English; `sign` puts + before a positive one."""
    if value is None:
        return "—"
    rounded = round(value, decimals)
    text = format_exact(rounded, lang)
    return f"+{text}" if sign and not text.startswith("-") else text


def partial(result: Result, day: dt.date) -> bool:
    """Whether the figure's period had not ended on the day judged: a figure to date."""
    return result.figure is not None and result.figure.period_end > day.isoformat()


def record(result: Result, lang: str, report_day: dt.date) -> Record:
    """One result as plain data for JSON and CSV: numbers with a dot, null where unknown."""
    figure, target = result.figure, result.target
    return {
        "province": result.scope.name,
        "province_code": result.scope.code,
        "province_valid_from": result.scope.valid_from.isoformat() if result.scope.valid_from else None,
        "kpi": result.kpi.code,
        "kpi_name": result.kpi.name(lang),
        "unit": result.kpi.unit,
        "period": figure.period if figure else None,
        "actual": figure.value if figure else None,
        "numerator": figure.numerator if figure else None,
        "denominator": figure.denominator if figure else None,
        "target": target.value if target else None,
        "comparator": result.kpi.comparator(target) if target else None,
        "deadline": str(target.deadline) if target else None,
        "basis": target.basis if target else None,
        "verification": (target.verification or None) if target else None,
        "attainment": round(result.attainment, 4) if result.attainment is not None else None,
        "gap": round(result.gap, 6) if result.gap is not None else None,
        "status": result.status,
        "band": result.band,
        "projection": _rounded(result.projection),
        "required_rate": _rounded(result.required_rate),
        "observed_rate": _rounded(result.observed_rate),
        "source": figure.source if figure else None,
        "partial": partial(result, report_day) if figure else None,
        "explanation": explanation(result, lang),
        "parts": _parts(result),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def explanation(result: Result, lang: str) -> str | None:
    """How a rolled-up figure was made from its parts, or why it could not be: None for a unit's own figure."""
    return rollup_text(result.rollup, lang) if result.rollup else None


def rollup_text(rolled: RolledUp, lang: str) -> str:
    """'roll-up of Phú Yên: 100/400 = 25 %; Đắk Lắk (until 30/06/2025): 300/600 = 50 %; together 400/1,000 = 40 %'."""
    parts = "; ".join(f"{unit_title(part.unit, lang)}: {_part_value(part.figure, lang)}" for part in rolled.parts)
    if rolled.problem is not None:
        return translate(t("{problem} ({parts})", problem=rolled.problem, parts=parts), lang)
    whole = _part_value(rolled.figure, lang)
    return translate(t("roll-up of {parts}; together {whole}", parts=parts, whole=whole), lang)


def _part_value(figure: Figure | None, lang: str) -> str:
    if figure is None:
        return "—"
    value = format_exact(round(figure.value, 6), lang)
    if figure.numerator is not None and figure.denominator is not None:
        counts = f"{format_exact(figure.numerator, lang)}/{format_exact(figure.denominator, lang)}"
        return f"{counts} = {number(figure.value, lang)}%"
    return value


def _parts(result: Result) -> list[Record] | None:
    """The parts of a roll-up, for JSON: each unit and the figure it gave (null where it gave none)."""
    if result.rollup is None:
        return None
    return [
        {
            "province": part.unit.name,
            "province_code": part.unit.code,
            "period": result.rollup.period,
            "value": part.figure.value if part.figure else None,
            "numerator": part.figure.numerator if part.figure else None,
            "denominator": part.figure.denominator if part.figure else None,
        }
        for part in result.rollup.parts
    ]


def recorded_lines(done: Recorded, unit: Unit, lang: str) -> str:
    """What `add` says it did: stored (and what it replaced), or unchanged; numbers exact, as the reader writes them."""
    figure = done.figure
    what = f"{unit_name(unit, lang)} · {figure.kpi} · {figure.period}"
    value = format_exact(figure.value, lang)
    now = {"what": what, "value": value, "revision": done.revision}
    if done.outcome is Outcome.UNCHANGED:
        return translate(t("Unchanged: {what} is already {value} (revision {revision}); nothing stored", **now), lang)
    lines = [translate(t("Stored {what}: {value} (revision {revision})", **now), lang)]
    previous = done.previous
    if previous is not None:
        before = {
            "value": format_exact(previous.value, lang),
            "revision": previous.revision,
            "when": moment(previous.recorded_at, lang),
            "who": escaped(previous.recorded_by),
            "source": escaped(previous.source),
        }
        if previous.withdrawn:
            said = t("Previous: {value} (withdrawn, revision {revision}, recorded {when} by {who})", **before)
        elif previous.source:
            said = t("Previous: {value} (revision {revision}, recorded {when} by {who}, source: {source})", **before)
        else:
            said = t("Previous: {value} (revision {revision}, recorded {when} by {who})", **before)
        lines.append(translate(said, lang))
    return "\n".join(lines)


def imported_line(file: str, counts: dict[Outcome, int], dry_run: bool, lang: str) -> str:
    """'Imported f.csv: 3 new, 1 revised, 0 unchanged', with withdrawals and kept figures when there are any."""
    parts = [t("{new} new, {revised} revised, {unchanged} unchanged", **{o.value: counts[o] for o in Outcome})]
    if counts[Outcome.WITHDRAWN]:
        parts.append(t("{withdrawn} withdrawn", withdrawn=counts[Outcome.WITHDRAWN]))
    if counts[Outcome.LEFT_WITHDRAWN]:
        left = counts[Outcome.LEFT_WITHDRAWN]
        parts.append(t("{left} withdrawn before and left withdrawn (record one with add to restore it)", left=left))
    if counts[Outcome.KEPT]:
        parts.append(t("{kept} differing from the store and kept as stored", kept=counts[Outcome.KEPT]))
    said = ", ".join(translate(part, lang) for part in parts)
    if dry_run:
        return translate(t("Dry run of {file}: {counts}; nothing was written", file=file, counts=said), lang)
    return translate(t("Imported {file}: {counts}", file=file, counts=said), lang)


def withdrawn_line(done: Recorded, unit: Unit, lang: str) -> str:
    """What `withdraw` says it did."""
    figure = done.figure
    said = t(
        "Withdrawn {what}: {value} is no longer reported (revision {revision}); 'egovkpi history' keeps it with "
        "the reason",
        what=f"{unit_name(unit, lang)} · {figure.kpi} · {figure.period}",
        value=format_exact(figure.value, lang),
        revision=done.revision,
    )
    return translate(said, lang)


def escaped(text: str) -> str:
    """Tab and newline as \\t and \\n, so a stored text stays on its line in a table."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def series_records(points: Sequence[Point], lang: str) -> list[Record]:
    """A unit's series on the 34 map, oldest first: rolled-up periods (map 63, with how each was made), then its
    own figures (map 34); the seam is where the map changes."""
    return [
        {
            "period": point.rollup.period if point.rollup else point.figure.period if point.figure else None,
            "value": point.figure.value if point.figure else None,
            "numerator": point.figure.numerator if point.figure else None,
            "denominator": point.figure.denominator if point.figure else None,
            "map": 63 if point.rollup else 34,
            "made_from": rollup_text(point.rollup, lang) if point.rollup else None,
            "source": point.figure.source if point.figure and not point.rollup else None,
        }
        for point in points
    ]


def history_records(figures: Sequence[Figure]) -> list[Record]:
    return [{name: getattr(figure, name) for name in HISTORY_COLUMNS} for figure in figures]


def target_records(targets: TargetsFile, lang: str, only: Kpi | None = None) -> list[Record]:
    """Every milestone of every KPI (or of `only`), with its legal basis: its comparator written out (the
    direction's default where the file gives none), its tier and source null where the file gives none."""
    return [
        {
            "kpi": kpi.code,
            "name": kpi.name(lang),
            "unit": kpi.unit,
            "direction": kpi.direction,
            "scope": target.scope.name,
            "tier": target.tier or None,
            "comparator": kpi.comparator(target),
            "target": target.value,
            "deadline": str(target.deadline),
            "basis": target.basis,
            "source": target.source or None,
            "verification": target.verification or None,
            "note": target.note or None,
        }
        for kpi in ([only] if only else targets.kpis.values())
        for target in kpi.targets
    ]


def province_records(registry: Registry, day: dt.date) -> list[Record]:
    """The units in force on `day`, with what they became or came from."""
    rows = []
    for unit in registry.as_of(day):
        successor = registry.successor(unit)
        rows.append(
            {
                "code": unit.code,
                "name": unit.name,
                "full_name": unit.full_name,
                "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
                "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
                "merged_into": successor.name if successor else None,
                "formed_from": ", ".join(part.name for part in registry.predecessors(unit)) or None,
            }
        )
    return rows


def to_json(rows: Sequence[Record]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2)


def to_csv(rows: Sequence[Record], columns: Sequence[str]) -> str:
    """CSV for a spreadsheet: a text a spreadsheet would run as a formula is quoted (`cells.neutralised`); the
    comparator `=` alone runs nothing and stays as machines read it."""
    from egovkpi.cells import neutralised

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = {key: "" if row.get(key) is None else row[key] for key in columns}
        writer.writerow({key: neutralised(value) if isinstance(value, str) and value != "=" else value
                         for key, value in cells.items()})  # fmt: skip
    return buffer.getvalue()


def report_text(report: Report, fmt: str, lang: str) -> str:
    """JSON, CSV or Markdown: text for machines and documents."""
    rows = [record(result, lang, report.day) for result in report.results]
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, RECORD_COLUMNS)
    return _markdown(report, lang)


def row_cells(result: Result, lang: str, day: dt.date) -> list[str]:
    """The cells of one KPI's row in every human table: terminal, Markdown, mail."""
    figure, target, unit = result.figure, result.target, result.kpi.unit
    decimals = 0 if unit == "count" else 2
    mark = "*" if target and target.unverified else ""
    return [
        result.kpi.name(lang),
        (figure.period + ("†" if partial(result, day) else "")) if figure else "—",
        format_exact(figure.value, lang) if figure else "—",
        goal(result.kpi, target, lang) + mark if target else "—",
        str(target.deadline) if target else "—",
        number(result.attainment, lang, 1) + " %" if result.attainment is not None else "—",
        number(result.gap, lang, decimals, sign=True),
        STATUS_LABELS[lang][result.status],
    ]


def goal(kpi: Kpi, target: Target, lang: str) -> str:
    """A milestone's value with its comparator where it is not the direction's default: 30, >80, =100, top 50."""
    value, comparator = format_exact(target.value, lang), kpi.comparator(target)
    if comparator == DEFAULT_COMPARATOR[kpi.direction]:
        return value
    return f"top {value}" if comparator == "top_n" else f"{comparator}{value}"


def has_unverified(report: Report) -> bool:
    return any(r.target and r.target.unverified for r in report.results)


def footnotes(report: Report, lang: str, explain: bool = False) -> list[str]:
    """The notes under a report's tables: unverified targets, figures for periods not yet over; with `explain`,
    how each rolled-up figure was made."""
    notes = [say(lang, "unverified")] if has_unverified(report) else []
    if explain:
        for result in report.results:
            why = explanation(result, lang)
            if why:
                notes.append(f"{unit_title(result.scope, lang)} · {result.kpi.code}: {why}")
    if any(partial(result, report.day) for result in report.results):
        notes.append(say(lang, "partial"))
    return notes


def _markdown(report: Report, lang: str) -> str:
    headers = HEADERS[lang]
    lines = []
    for scope in report.scopes:
        results = [r for r in report.results if r.scope.key == scope.key]
        lines += [f"## {say(lang, 'title', scope=unit_title(scope, lang), day=day_text(report.day, lang))}", ""]
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "|".join("---" for _ in headers) + "|")
        for result in results:
            cells = [cell.replace("|", "\\|") for cell in row_cells(result, lang, report.day)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += footnotes(report, lang, explain=True)
    return "\n".join(lines).rstrip() + "\n"
