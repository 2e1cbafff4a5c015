"""HTML for people: the summary's text/html part. Every user text is escaped."""

from __future__ import annotations

import html

from egovkpi.render.summary import sections, subject
from egovkpi.render.text import footnotes, row_cells
from egovkpi.render.words import HEADERS, say, unit_name
from egovkpi.report import Report

_COLOURS = {"met": "#1a7f37", "missed": "#cf222e", "on_track": "#0969da", "behind": "#9a6700", "no_data": "#6e7781"}
_CELL = 'style="padding: 4px 8px; border-bottom: 1px solid #ddd;"'


def summary_html(report: Report, lang: str) -> str:
    """The summary as a small HTML page with inline styles, as mail clients need."""
    esc = html.escape
    title = esc(subject(report, lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>',
        '<body style="font-family: Arial, sans-serif; font-size: 14px;">',
        f"<h2>{title}</h2>",
        f"<p>{esc(say(lang, 'judged', day=report.day.isoformat()))}</p>",
    ]
    for rows in sections(report):
        parts.append(f"<h3>{esc(unit_name(rows[0].scope, lang))}</h3>")
        parts.append('<table style="border-collapse: collapse;">')
        parts.append("<tr>" + "".join(f'<th {_CELL} align="left">{esc(h)}</th>' for h in HEADERS[lang]) + "</tr>")
        for result in rows:
            cells = row_cells(result, lang, report.day)
            source = result.figure.source if result.figure else ""
            tooltip = f' title="{esc(source)}"' if source else ""
            tds = [f"<td {_CELL}{tooltip}>{esc(cells[0])}</td>"]
            tds += [f'<td {_CELL} align="right">{esc(text)}</td>' for text in cells[1:7]]
            colour = _COLOURS.get(result.status or "", "#6e7781")
            tds.append(f'<td {_CELL}><strong style="color: {colour};">{esc(cells[7])}</strong></td>')
            parts.append("<tr>" + "".join(tds) + "</tr>")
        parts.append("</table>")
    parts += [f"<p><small>{esc(note)}</small></p>" for note in footnotes(report, lang)]
    parts.append(f"<p><small>{esc(say(lang, 'footer'))}</small></p></body></html>")
    return "\n".join(parts) + "\n"
