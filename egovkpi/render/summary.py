"""The summary: its headline, its sections, and its plain text for the mail's text/plain part."""

from __future__ import annotations

from egovkpi.attainment import MET, Result
from egovkpi.render.text import footnotes, row_cells
from egovkpi.render.words import HEADERS, say, unit_name
from egovkpi.report import Report

_NAME_WIDTH = 44  # KPI names are cut to this in the mail's plain text


def judged(report: Report) -> list[Result]:
    """The results that count in a headline: a figure or no figure, judged against a target."""
    return [r for r in report.results if r.status is not None and r.target is not None]


def subject(report: Report, lang: str) -> str:
    """The headline of a summary: who, how many targets met of how many, when."""
    scopes = report.scopes
    if scopes and (report.single or len(scopes) <= 3):
        name = ", ".join(unit_name(scope, lang) for scope in scopes)
    else:
        name = say(lang, "everyone")
    counted = judged(report)
    met = sum(1 for r in counted if r.status == MET)
    when = str(report.period) if report.period else report.day.isoformat()
    return say(lang, "subject", scope=name, met=met, total=len(counted), when=when)


def sections(report: Report) -> list[list[Result]]:
    """Per scope, the results worth a row in a summary (a figure or a target); empty scopes left out."""
    found = []
    for scope in report.scopes:
        rows = [r for r in report.results if r.scope.key == scope.key and (r.figure or r.target)]
        if rows:
            found.append(rows)
    return found


def mail_text(report: Report, lang: str) -> str:
    """The summary as aligned plain text, for the mail's text/plain part."""
    lines = [subject(report, lang), say(lang, "judged", day=report.day.isoformat()), ""]
    headers = HEADERS[lang]
    for rows in sections(report):
        table = [headers] + [_short(row_cells(r, lang, report.day)) for r in rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
        lines += [unit_name(rows[0].scope, lang), ""]
        for index, row in enumerate(table):
            cells = [
                cell.ljust(w) if i in (0, 1, 7) else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
            if index == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append("")
    lines += footnotes(report, lang)
    lines.append(say(lang, "footer"))
    return "\n".join(lines) + "\n"


def _short(cells: list[str]) -> list[str]:
    name = cells[0]
    if len(name) > _NAME_WIDTH:
        name = name[: _NAME_WIDTH - 1].rstrip() + "…"
    return [name, *cells[1:]]
