"""`report --format html`: one self-contained page (no script, font or stylesheet from outside) that reads on a
phone, on a desk and on paper.

For each scope, the attainment table (on a narrow screen each row becomes a card of 'heading value' lines) and, per
KPI with figures, its series chart (render/charts.py). The overview adds a province-by-KPI heat map and the provinces
ranked by targets met, and, given the reports owed, a heat map of the share of reports received
(render/completeness.py). Statuses are a symbol and a word as well as a colour.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping, Sequence

from egovkpi.attainment import MET, Result
from egovkpi.completeness import Grid, recent
from egovkpi.maps import Point
from egovkpi.messages import t
from egovkpi.render.charts import STATUS_COLOURS, SYMBOLS, Bar, bar_chart, heat_map, result_chart, symbol
from egovkpi.render.completeness import HEAT_STYLE, span
from egovkpi.render.completeness import heat_map as received_map
from egovkpi.render.forecasts import forecast_line
from egovkpi.render.text import footnotes, row_cells
from egovkpi.render.words import HEADERS, STATUS_LABELS, day, say, translate, unit_title
from egovkpi.report import Report

Series = Mapping[tuple[str, str], Sequence[Point]]  # (scope key, KPI code) -> the scope's series for the KPI
JUDGED = {"met", "missed", "on_track", "behind"}
STYLE = (
    """
body { margin: 0 auto; padding: 12px; max-width: 980px; font: 15px/1.45 Arial, Helvetica, sans-serif;
  color: #1f2328; overflow-wrap: break-word; -webkit-text-size-adjust: 100%; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; }
.muted { color: #57606a; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
.status { font-weight: bold; white-space: nowrap; }
.code { color: #57606a; font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 14px; margin-top: 2px; }
svg { display: block; }
ol.legend { font-size: 14px; padding-left: 28px; } .legend code { font-size: 13px; }
@media (max-width: 600px) {
  table.results thead { display: none; }
  table.results tr { display: block; border-bottom: 1px solid #d0d7de; padding: 6px 0; }
  table.results td { display: inline-block; border: 0; padding: 1px 12px 1px 0; text-align: left; }
  table.results td:first-child { display: block; }
  table.results td[data-label]::before { content: attr(data-label) " "; color: #57606a; }
  .charts { grid-template-columns: 1fr; }
}
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; } tr { break-inside: avoid; page-break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
}
"""
    + HEAT_STYLE
)


def report_html(report: Report, lang: str, by_result: Series, received: Grid | None = None) -> str:
    """The report as one HTML page in `lang`; `by_result` holds the series charted for each result, and `received`
    (for an overview) the reports each unit owed in the twelve months before the day judged, as a heat map."""
    esc = html.escape
    title = say(lang, "title", scope=unit_title(report.scopes[0], lang), day=day(report.day, lang))
    if not report.single:
        title = say(lang, "overview", day=day(report.day, lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(nfc(title))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(nfc(title))}</h1>",
    ]
    if not report.single and report.scopes:
        parts += _overview(report, lang)
    if not report.single and received is not None:
        parts += _received(report, received, lang)
    for scope in report.scopes:
        results = [r for r in report.results if r.scope.key == scope.key]
        parts.append(f"<section><h2>{esc(nfc(unit_title(scope, lang)))}</h2>")
        parts.append(_table(results, report, lang))
        ahead = [line for line in map(lambda r: forecast_line(r, lang), results) if line]
        parts += [f'<p class="forecast">{esc(nfc(line))}</p>' for line in ahead]
        charts = [_figure(result, by_result.get((scope.key, result.kpi.code), []), report, lang) for result in results]
        if any(charts):
            parts.append(f'<div class="charts">{"".join(charts)}</div>')
        parts.append("</section>")
    parts += [f'<p class="muted"><small>{esc(nfc(note))}</small></p>' for note in footnotes(report, lang, True)]
    parts.append(f'<p class="muted"><small>{esc(nfc(_legend(lang)))}</small></p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _legend(lang: str) -> str:
    return "  ".join(f"{SYMBOLS[s]} {STATUS_LABELS[lang][s]}" for s in SYMBOLS)


def _status(result: Result, lang: str) -> str:
    """A status as a symbol and a word, in its colour."""
    colour = STATUS_COLOURS.get(result.status, STATUS_COLOURS[None])
    label = STATUS_LABELS[lang].get(result.status, result.status or "")
    shown = html.escape(f"{symbol(result.status)} {label}")
    return f'<span class="status" style="color: {colour};">{shown}</span>'


def _table(results: Sequence[Result], report: Report, lang: str) -> str:
    esc = html.escape
    headers = [nfc(h) for h in HEADERS[lang]]
    heads = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    rows = [f"<thead><tr>{heads}</tr></thead><tbody>"]
    for result in results:
        cells = [nfc(cell) for cell in row_cells(result, lang, report.day)]
        name = f'{esc(cells[0])}<br><span class="code">{esc(result.kpi.code)}</span>'
        middle = "".join(
            f'<td class="n" data-label="{esc(h)}">{esc(c)}</td>' for h, c in zip(headers[1:7], cells[1:7], strict=True)
        )
        rows.append(f"<tr><td>{name}</td>{middle}<td>{_status(result, lang)}</td></tr>")
    return f'<table class="results">{"".join(rows)}</tbody></table>'


def _figure(result: Result, points: Sequence[Point], report: Report, lang: str) -> str:
    """A KPI's chart with its name and status under it; nothing for a KPI without figures."""
    if not any(point.figure for point in points):
        return ""
    esc = html.escape
    until = report.period.end if report.period else None
    svg = result_chart(result, points, lang, until)
    return (
        f'<figure class="kpi" data-scope="{esc(result.scope.key)}" data-kpi="{esc(result.kpi.code)}">{svg}'
        f"<figcaption>{esc(nfc(result.kpi.name(lang)))} {_status(result, lang)}</figcaption></figure>"
    )


def _received(report: Report, received: Grid, lang: str) -> list[str]:
    """The share of the reports due in the twelve months before the day judged that came, by unit and KPI."""
    heading = translate(t("Reports received, by province and KPI"), lang)
    caption = translate(t("Share of the reports due that were received ({span})", span=span(recent(report.day))), lang)
    return [f"<h2>{html.escape(heading)}</h2>", received_map(received, report.map, lang, caption)]


def _overview(report: Report, lang: str) -> list[str]:
    """The heat map of statuses (KPIs with a figure somewhere, numbered, with a legend) and the provinces ranked by
    targets met."""
    esc = html.escape
    kpis = list({r.kpi.code: r.kpi for r in report.results if r.figure is not None}.values())
    by_key = {(r.scope.key, r.kpi.code): r for r in report.results}
    labels = [nfc(unit_title(scope, lang)) for scope in report.scopes]
    cells = [
        [
            (
                by_key[scope.key, kpi.code].status,
                f"{label} · {kpi.code}: {STATUS_LABELS[lang].get(by_key[scope.key, kpi.code].status, '')}",
            )
            for kpi in kpis
        ]
        for scope, label in zip(report.scopes, labels, strict=True)
    ]
    heading = translate(t("Status by province and KPI"), lang)
    said = t(
        "{scopes} scopes by {kpis} KPIs; each cell's symbol is its status: {legend}.",
        scopes=len(labels),
        kpis=len(kpis),
        legend=_legend(lang),
    )
    numbers = [str(n) for n in range(1, len(kpis) + 1)]
    parts = [f"<h2>{esc(heading)}</h2>", heat_map(labels, numbers, cells, heading, translate(said, lang))]
    parts.append('<ol class="legend">')
    parts += [f"<li><code>{esc(k.code)}</code> {esc(nfc(k.name(lang)))}</li>" for k in kpis]
    parts.append("</ol>")
    bars, most = [], 1
    for scope, label in zip(report.scopes, labels, strict=True):
        if scope.is_national:
            continue
        judged = [r for r in report.results if r.scope.key == scope.key and r.status in JUDGED]
        met = sum(1 for r in judged if r.status == MET)
        bars.append(Bar(label, met, f"{met}/{len(judged)}"))
        most = max(most, len(judged))
    if bars:
        bars.sort(key=lambda bar: (-bar.value, bar.label))
        heading = translate(t("Targets met, by province"), lang)
        listed = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
        desc = translate(t("Targets met of those judged: {list}.", list=listed), lang)
        parts += [f"<h2>{esc(heading)}</h2>", bar_chart(bars, most, heading, desc)]
    return parts
