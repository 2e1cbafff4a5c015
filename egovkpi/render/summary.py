"""The summary: its headline, its sections, and its plain text for the mail's text/plain part.

The plain text keeps to 78 columns (RFC 5322's advice for a line a person reads): each KPI's full name is wrapped
at spaces on its own lines, and its figures follow on an indented row whose numbers are right-aligned under their
headings. Widths are counted in characters of the NFC form, one per Vietnamese letter with its marks.
"""

from __future__ import annotations

import textwrap
import unicodedata
from typing import TYPE_CHECKING

from egovkpi.attainment import MET, Result
from egovkpi.messages import t
from egovkpi.ranking import extremes
from egovkpi.render.forecasts import forecast_lines
from egovkpi.render.ranking import extreme_lines
from egovkpi.render.text import footnotes, number, row_cells
from egovkpi.render.words import HEADERS, day, say, translate, unit_name, unit_title
from egovkpi.report import Report

if TYPE_CHECKING:
    from egovkpi.reminders import Outstanding

WIDTH = 78  # the longest line of the plain text, in characters
_INDENT = "    "  # a KPI's row of figures, under its name
_HANG = "  "  # the second and later lines of a KPI's name
_LEFT = (1, 7)  # period and status read from the left; the numbers between them are right-aligned


def nfc(text: str) -> str:
    """Text in its composed form, as measured: 'ị' is one character, not 'i' and a combining dot."""
    return unicodedata.normalize("NFC", text)


def judged(report: Report) -> list[Result]:
    """The results that count in a headline: a figure or no figure, judged against a target."""
    return [r for r in report.results if r.status is not None and r.target is not None]


def subject(report: Report, lang: str) -> str:
    """The headline of a summary: who, how many targets met of how many, when."""
    scopes = report.scopes
    if scopes and (report.single or len(scopes) <= 3):
        name = ", ".join(unit_title(scope, lang) for scope in scopes)
    else:
        name = say(lang, "everyone")
    counted = judged(report)
    met = sum(1 for r in counted if r.status == MET)
    when = str(report.period) if report.period else day(report.day, lang)
    return nfc(say(lang, "subject", scope=name, met=met, total=len(counted), when=when))


def sections(report: Report) -> list[list[Result]]:
    """Per scope, the results worth a row in a summary (a figure or a target); empty scopes left out."""
    found = []
    for scope in report.scopes:
        rows = [r for r in report.results if r.scope.key == scope.key and (r.figure or r.target)]
        if rows:
            found.append(rows)
    return found


def wrap(text: str, width: int = WIDTH, indent: str = "", hang: str = "") -> list[str]:
    """`text` in lines of at most `width` characters, broken at spaces (a word longer than a line is split);
    the first line starts with `indent`, the others with `indent` and `hang`."""
    return textwrap.wrap(
        nfc(text),
        width,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_on_hyphens=False,
        break_long_words=True,
    ) or [""]


def mail_text(report: Report, lang: str, gaps: Outstanding | None = None) -> str:
    """The summary as plain text of at most 78 columns, for the mail's text/plain part; with `gaps`, the reports
    not yet received."""
    lines = [*wrap(subject(report, lang)), *wrap(say(lang, "judged", day=day(report.day, lang))), ""]
    for rows in sections(report):
        title = nfc(unit_title(rows[0].scope, lang))
        lines += [*wrap(title), "=" * min(len(title), WIDTH), ""]
        lines += _section(rows, lang, report)
        lines.append("")
    lines += extremes_text(report, lang)
    ahead = forecast_lines(report, lang)
    for line in ahead:
        lines += wrap(line, hang="  ")
    lines += [""] if ahead else []
    section = not_reported_section(gaps, lang)
    if section is not None:
        heading, said = section
        lines += [*wrap(heading), "=" * min(len(heading), WIDTH), ""]
        for line in said:
            lines += wrap(line, hang="  ")
        lines.append("")
    for note in [*footnotes(report, lang), say(lang, "footer")]:
        lines += wrap(note)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def not_reported_section(gaps: Outstanding | None, lang: str) -> tuple[str, list[str]] | None:
    """The heading and the two or three lines of the national summary's 'not yet reported': how many reports due in
    the last twelve months are missing, the rates received and on time, the provinces with the most missing."""
    if gaps is None or not gaps.expected:
        return None

    def percent(value: float | None) -> str:
        return f"{number(value, lang, 1)} %"

    heading = t("Not yet reported (reports due since {day})", day=gaps.since)
    lines = [
        t(
            "{missing} of {expected} reports due are missing; received: {complete}, on time: {timely}.",
            missing=number(gaps.missing, lang, 0),
            expected=number(gaps.expected, lang, 0),
            complete=percent(gaps.complete),
            timely=percent(gaps.timely),
        )
    ]
    if gaps.most:
        named = ", ".join(f"{unit_name(unit, lang)} {number(count, lang, 0)}" for unit, count in gaps.most)
        lines.append(t("Most missing: {provinces}.", provinces=named))
    lines.append(t("Each province is reminded with: egovkpi remind --send"))
    return nfc(translate(heading, lang)), [nfc(translate(line, lang)) for line in lines]


def extremes_text(report: Report, lang: str) -> list[str]:
    """For an overview, the top and bottom five provinces on the composite (see ranking.py), under headings;
    nothing for one scope, or when no province has a figure against its targets."""
    if report.single:
        return []
    top, bottom = extremes(report)
    if not top:
        return []
    lines: list[str] = []
    for heading, entries in extreme_lines(top, bottom, lang):
        lines += [*wrap(heading), "=" * min(len(nfc(heading)), WIDTH), ""]
        for entry in entries:
            lines += wrap(entry, hang="     ")
        lines.append("")
    return lines


def _section(rows: list[Result], lang: str, report: Report) -> list[str]:
    headers = [nfc(h) for h in HEADERS[lang]]
    return kpi_lines(headers, [[nfc(cell) for cell in row_cells(result, lang, report.day)] for result in rows])


def kpi_lines(headers: list[str], cells: list[list[str]]) -> list[str]:
    """One scope's KPIs: each name, then its figures in a row of aligned columns; if the rows would be wider than
    the line, each figure on a line of its own."""
    columns = range(1, len(headers))
    widths = {i: max(len(row[i]) for row in [headers, *cells]) for i in columns}
    if len(_INDENT) + sum(widths.values()) + 2 * (len(widths) - 1) > WIDTH:
        return _listed(headers, cells)

    def aligned(row: list[str]) -> str:
        return _INDENT + "  ".join(row[i].ljust(widths[i]) if i in _LEFT else row[i].rjust(widths[i]) for i in columns)

    lines = [*wrap(headers[0]), aligned(headers), _INDENT + "  ".join("-" * widths[i] for i in columns)]
    for row in cells:
        lines += wrap(row[0], hang=_HANG)
        lines.append(aligned(row))
    return lines


def _listed(headers: list[str], cells: list[list[str]]) -> list[str]:
    """Figures too wide for one row: each on its own line under the KPI's name, its heading on the left and the
    numbers right-aligned under one another."""
    numbers = [i for i in range(1, len(headers)) if i not in _LEFT]
    label_width = max(len(h) for h in headers[1:])
    value_width = min(max(len(row[i]) for row in cells for i in numbers), WIDTH - len(_INDENT) - label_width - 2)
    lines: list[str] = []
    for row in cells:
        lines += wrap(row[0], hang=_HANG)
        for i in range(1, len(headers)):
            value = row[i] if i in _LEFT else row[i].rjust(value_width)
            lines += wrap(f"{headers[i].ljust(label_width)}  {value}", indent=_INDENT, hang=" " * (label_width + 2))
    return lines
