"""HTML for people: the summary's text/html part. Every user text is escaped.

One card per KPI rather than a table of eight columns, so that it reads on a phone (360 px) as on a desk and on
paper: the KPI's full name wraps, and under it its status and each figure it has with its heading, kept on one line
each (`white-space: nowrap`), flow onto as many lines as the width needs. Styles are inline, as mail clients need; the
<style> block only adds what printing needs.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from egovkpi.attainment import Result
from egovkpi.maps import Point
from egovkpi.render.charts import result_chart
from egovkpi.render.forecasts import forecast_lines
from egovkpi.render.summary import nfc, not_reported_section, sections, subject
from egovkpi.render.text import footnotes, row_cells
from egovkpi.render.words import HEADERS, day, say, unit_title
from egovkpi.report import Report

if TYPE_CHECKING:
    from egovkpi.reminders import Outstanding

Series = dict[tuple[str, str], list[Point]]


def _until(report: Report) -> dt.date | None:
    return report.period.end if report.period else None


_COLOURS = {"met": "#1a7f37", "missed": "#cf222e", "on_track": "#0969da", "behind": "#9a6700", "no_data": "#6e7781"}
_GREY = "#57606a"
_BODY = (
    "margin: 0; padding: 12px; max-width: 720px; font-family: Arial, Helvetica, sans-serif; font-size: 14px; "
    "line-height: 1.4; color: #1f2328; overflow-wrap: break-word; word-wrap: break-word; "
    "-webkit-text-size-adjust: 100%;"
)
_TABLE = "border-collapse: collapse; width: 100%; max-width: 720px;"
_CARD = "padding: 8px 0; border-bottom: 1px solid #d0d7de; vertical-align: top; page-break-inside: avoid;"
_PAIR = "display: inline-block; white-space: nowrap; margin: 2px 14px 2px 0;"
_PRINT = (
    "<style>@media print { body { font-size: 10pt !important; padding: 0 !important; max-width: none !important; } "
    "tr { page-break-inside: avoid; break-inside: avoid; } h2, h3 { page-break-after: avoid; break-after: avoid; } }"
    "</style>"
)


def summary_html(report: Report, lang: str, series: Series | None = None, gaps: Outstanding | None = None) -> str:
    """The summary as a small HTML page with inline styles, as mail clients need; with `series`, each KPI's card
    carries the same chart as the HTML report (inline SVG), and an overview ends with the top and bottom five; with
    `gaps`, the reports not yet received."""
    esc = html.escape
    title = esc(subject(report, lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>{_PRINT}</head>",
        f'<body style="{_BODY}">',
        f'<h2 style="font-size: 18px; margin: 0 0 4px 0;">{title}</h2>',
        f'<p style="margin: 0 0 8px 0; color: {_GREY};">{esc(nfc(say(lang, "judged", day=day(report.day, lang))))}</p>',
    ]
    for rows in sections(report):
        parts.append(
            f'<h3 style="font-size: 16px; margin: 16px 0 0 0;">{esc(nfc(unit_title(rows[0].scope, lang)))}</h3>'
        )
        parts.append(f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="{_TABLE}">')
        parts += [
            _card(result, report, lang, (series or {}).get((result.scope.key, result.kpi.code))) for result in rows
        ]
        parts.append("</table>")
    for line in forecast_lines(report, lang):
        parts.append(f'<p style="margin: 6px 0 0 0;">{esc(nfc(line))}</p>')
    for heading, entries in _extremes(report, lang):
        parts.append(f'<h3 style="font-size: 16px; margin: 16px 0 4px 0;">{esc(nfc(heading))}</h3>')
        parts += [f'<p style="margin: 0 0 2px 0;">{esc(nfc(entry))}</p>' for entry in entries]
    section = not_reported_section(gaps, lang)
    if section is not None:
        parts.append(f'<h3 class="not-reported" style="font-size: 16px; margin: 16px 0 4px 0;">{esc(section[0])}</h3>')
        parts += [f'<p style="margin: 0 0 2px 0;">{esc(line)}</p>' for line in section[1]]
    parts += [f'<p style="margin: 8px 0 0 0;"><small>{esc(nfc(note))}</small></p>' for note in footnotes(report, lang)]
    parts.append(f'<p style="margin: 8px 0 0 0; color: {_GREY};"><small>{esc(nfc(say(lang, "footer")))}</small></p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _extremes(report: Report, lang: str) -> list[tuple[str, list[str]]]:
    """The summary text's top and bottom five, for an overview (see ranking.py)."""
    from egovkpi.ranking import extremes
    from egovkpi.render.ranking import extreme_lines

    if report.single:
        return []
    top, bottom = extremes(report)
    return extreme_lines(top, bottom, lang) if top else []


def _card(result: Result, report: Report, lang: str, points: Sequence[Point] | None = None) -> str:
    """One KPI: its name, then its status and figures, each a heading and a value that never wrap apart."""
    esc = html.escape
    cells = [nfc(cell) for cell in row_cells(result, lang, report.day)]
    headers = [nfc(h) for h in HEADERS[lang]]
    source = result.figure.source if result.figure else ""
    tooltip = f' title="{esc(source)}"' if source else ""
    colour = _COLOURS.get(result.status or "", _COLOURS["no_data"])
    status = (
        f'<span class="status" style="{_PAIR} font-weight: bold; color: {colour};" '
        f'title="{esc(headers[7])}">{esc(cells[7])}</span>'
    )
    figures = [
        f'<span class="figure" style="{_PAIR}"><span style="color: {_GREY};">{esc(heading)}</span>&nbsp;'
        f'<span class="number" style="white-space: nowrap;">{esc(value)}</span></span>'
        for heading, value in zip(headers[1:7], cells[1:7], strict=True)
        if value != "—"  # nothing to read: the status says why
    ]
    return (
        f'<tr><td style="{_CARD}">'
        f'<div style="font-weight: bold;"{tooltip}>{esc(cells[0])}</div>'
        f"<div>{status} {' '.join(figures)}</div>"
        + (
            f'<div style="max-width: 360px;">{result_chart(result, points, lang, _until(report))}</div>'
            if points
            else ""
        )
        + "</td></tr>"
    )
