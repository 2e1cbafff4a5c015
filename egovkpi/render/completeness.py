"""Who has reported, for people and for machines: the reports missing, and the rates of reports complete and on
time, as records (JSON, CSV), as table rows in the reader's language, and as one HTML page whose heat map (a real
table: the percentage is written in each cell, the colour only repeats it) the overview report shares.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import unicodedata
from collections.abc import Sequence

from egovkpi.completeness import Completeness, Due, Grid, Rate, Window
from egovkpi.messages import Text, t
from egovkpi.periods import Period
from egovkpi.provinces import Unit
from egovkpi.render.text import Record, number
from egovkpi.render.words import COLUMN_TITLES, day, translate, unit_label, unit_name, unit_title

MISSING_COLUMNS = [
    "province",
    "province_code",
    "province_valid_from",
    "former_province",
    "former_province_code",
    "kpi",
    "kpi_name",
    "period",
    "due",
    "days_overdue",
]
MISSING_TABLE = ["province", "kpi", "period", "due", "days_overdue"]
COUNTS = ["expected", "received", "on_time", "complete_percent", "on_time_percent", "total"]
RATE_COLUMNS = {
    "province": ["province", "province_code", "province_valid_from", *COUNTS],
    "kpi": ["kpi", "kpi_name", *COUNTS],
}
RATE_TABLE = ["expected", "reports_received", "complete_percent", "on_time_percent"]  # after the province or KPI
# The heat map's colours, by the least share of reports received (in %) each stands for; the cell says the number.
SCALE = [(100.0, "#aceebb"), (80.0, "#dafbe1"), (50.0, "#fff8c5"), (1.0, "#ffe2c2"), (0.0, "#ffcecb")]
NONE_DUE = "#f6f8fa"
HEAT_STYLE = """
.scroll { overflow-x: auto; max-width: 100%; }
table.heat { width: auto; font-size: 13px; }
table.heat th, table.heat td { border: 1px solid #d0d7de; padding: 2px 5px; text-align: center; white-space: nowrap;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.heat th[scope="row"] { text-align: left; background: #ffffff; position: sticky; left: 0; }
table.heat caption { text-align: left; color: #57606a; font-size: 14px; padding-bottom: 4px; }
ul.scale { list-style: none; padding: 0; font-size: 14px; } ul.scale li { display: inline-block; margin: 0 12px 4px 0; }
.swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #d0d7de; vertical-align: middle; }
table.rates td.n, table.rates th.n { text-align: right; }
@media print { .scroll { overflow: visible; } }
"""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Labels ---------------------------------------------------------------------------------------------------------


def owed_by(due: Due, which: int | None, lang: str) -> str:
    """Who owes a report: the unit; on the 34 map the unit answering for it, with the old unit that owed it
    ('Đắk Lắk (Phú Yên)'; the old Đắk Lắk is 'Đắk Lắk (until 30/06/2025)')."""
    if which != 34:
        return unit_title(due.unit, lang)
    name = unit_name(due.answerable, lang)
    if due.unit.key == due.answerable.key:
        return name
    if due.unit.name == due.answerable.name:
        return unit_label(due.unit, lang, dated=True)
    return f"{name} ({unit_name(due.unit, lang)})"


def row_label(unit: Unit, which: int | None, lang: str) -> str:
    """A unit heading a row: on the 34 map its name alone (every unit is a new one), else dated if its name was
    borne by two units."""
    return unit_name(unit, lang) if which == 34 else unit_title(unit, lang)


def periods_of(found: Sequence[Due]) -> str:
    """The periods the reports are for, in order: '2025, 2026-Q3'."""
    periods = sorted({due.period for due in found}, key=lambda period: (period.end, period.months))
    return ", ".join(str(period) for period in periods)


def span(chosen: Window) -> Text:
    """Which reports a window asks for, as a phrase."""
    if chosen.due_since is not None:
        last = chosen.today - dt.timedelta(days=1)
        return t("the reports due from {start} to {end}", start=chosen.due_since, end=last)
    return t("the periods from {start} to {end}", start=chosen.start, end=chosen.end)


def _percent(value: float | None, lang: str) -> str:
    return number(value, lang, 1)


# Missing reports ------------------------------------------------------------------------------------------------


def missing_records(late: Sequence[Due], today: dt.date, lang: str) -> list[Record]:
    """Each missing report as plain data: the unit answering for it, the unit that owed it if another, the KPI,
    the period, the due day (ISO) and the days overdue."""
    found = []
    for due in late:
        unit, former = due.answerable, due.unit if due.unit.key != due.answerable.key else None
        found.append(
            {
                "province": unit.name,
                "province_code": unit.code,
                "province_valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
                "former_province": former.name if former else None,
                "former_province_code": former.code if former else None,
                "kpi": due.kpi.code,
                "kpi_name": due.kpi.name(lang),
                "period": str(due.period),
                "due": due.due.isoformat(),
                "days_overdue": due.overdue(today),
            }
        )
    return found


def missing_rows(late: Sequence[Due], today: dt.date, which: int | None, lang: str) -> list[Record]:
    """The missing reports' cells, as the reader writes them, by column (MISSING_TABLE)."""
    return [
        {
            "province": owed_by(due, which, lang),
            "kpi": due.kpi.code,
            "period": str(due.period),
            "due": day(due.due, lang),
            "days_overdue": number(float(due.overdue(today)), lang, 0),
        }
        for due in late
    ]


def missing_heading(found: Sequence[Due], late: Sequence[Due], today: dt.date, asked: Period | None, lang: str) -> str:
    """The line over the missing reports: which periods, judged on which day; or that none is missing."""
    if not found:
        if asked is not None:
            said = t("No report for {period} was due by {day}", period=str(asked), day=today)
        else:
            said = t("No report was due by {day} for the KPIs chosen", day=today)
    elif not late:
        said = t(
            "Every report due has been received: {count} for {periods}; judged on {day}",
            count=len(found),
            periods=periods_of(found),
            day=today,
        )
    else:
        said = t("Reports due and not received, for {periods}; judged on {day}", periods=periods_of(found), day=today)
    return translate(said, lang)


def missing_footer(found: Sequence[Due], late: Sequence[Due], lang: str) -> str:
    return translate(t("{missing} of {expected} reports due are missing", missing=len(late), expected=len(found)), lang)


# Rates ----------------------------------------------------------------------------------------------------------


def rate_records(summary: Completeness, lang: str) -> list[Record]:
    """Each province's (or KPI's) rates as plain data, percentages to two decimals, then the total (`total`: true,
    its province or KPI null)."""
    units = {unit.key: unit for unit in summary.grid.units}
    kpis = {kpi.code: kpi for kpi in summary.grid.kpis}
    found = []
    for rate in [*summary.rates, summary.total]:
        if summary.by == "kpi":
            kpi = kpis.get(rate.key)
            row: Record = {"kpi": kpi.code if kpi else None, "kpi_name": kpi.name(lang) if kpi else None}
        else:
            unit = units.get(rate.key)
            row = {
                "province": unit.name if unit else None,
                "province_code": unit.code if unit else None,
                "province_valid_from": unit.valid_from.isoformat() if unit and unit.valid_from else None,
            }
        found.append(row | _counts(rate) | {"total": rate is summary.total})
    return found


def _counts(rate: Rate) -> Record:
    return {
        "expected": rate.expected,
        "received": rate.received,
        "on_time": rate.on_time,
        "complete_percent": round(rate.complete, 2) if rate.complete is not None else None,
        "on_time_percent": round(rate.timely, 2) if rate.timely is not None else None,
    }


def rate_rows(summary: Completeness, lang: str) -> list[Record]:
    """The rates' cells by column (the province or KPI, then RATE_TABLE), the total last."""
    units = {unit.key: unit for unit in summary.grid.units}
    rows = []
    for rate in [*summary.rates, summary.total]:
        if rate is summary.total:
            label = translate(t("Total"), lang)
        elif summary.by == "kpi":
            label = rate.key
        else:
            label = row_label(units[rate.key], summary.which, lang)
        rows.append(
            {
                summary.by: label,
                "expected": number(float(rate.expected), lang, 0),
                "reports_received": number(float(rate.received), lang, 0),
                "complete_percent": _percent(rate.complete, lang),
                "on_time_percent": _percent(rate.timely, lang),
            }
        )
    return rows


def rate_title(summary: Completeness, lang: str) -> str:
    values = {"span": span(summary.window), "day": summary.window.today}
    if summary.by == "kpi":
        return translate(t("Reports received, by KPI: {span}; judged on {day}", **values), lang)
    return translate(t("Reports received, by province: {span}; judged on {day}", **values), lang)


def rate_notes(summary: Completeness, lang: str) -> list[str]:
    """What the rates mean, under the table; or that nothing was due."""
    if not summary.total.expected:
        return [translate(t("No report was due in {span}", span=span(summary.window)), lang)]
    return [
        translate(
            t(
                "Complete: the share of the reports due that were received; on time: the share received by their "
                "due day (the day each report was received, not the day it was typed in)"
            ),
            lang,
        )
    ]


# HTML -----------------------------------------------------------------------------------------------------------


def _colour(share: float) -> str:
    return next(colour for least, colour in SCALE if share >= least)


def heat_map(grid: Grid, which: int | None, lang: str, caption: str) -> str:
    """Provinces down, KPIs across (numbered, with a legend), each cell the share of the reports due that came, in
    words and in colour; a real table, so a screen reader reads each cell with its row and column."""
    esc = html.escape
    if not grid.units:
        return f'<p class="muted">{esc(translate(t("No report was due."), lang))}</p>'
    heads = "".join(
        f'<th scope="col"><abbr title="{esc(kpi.code)}: {esc(nfc(kpi.name(lang)))}">{number}</abbr></th>'
        for number, kpi in enumerate(grid.kpis, 1)
    )
    corner = esc(nfc(COLUMN_TITLES[lang]["province"]))
    rows = [f'<div class="scroll"><table class="heat"><caption>{esc(nfc(caption))}</caption>']
    rows.append(f'<thead><tr><th scope="col">{corner}</th>{heads}</tr></thead><tbody>')
    for unit in grid.units:
        label = nfc(row_label(unit, which, lang))
        cells = [_cell(grid.cells.get((unit.key, kpi.code)), label, kpi.code, lang) for kpi in grid.kpis]
        rows.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
    rows.append("</tbody></table></div>")
    rows.append(_scale(lang))
    rows.append('<ol class="legend">')
    rows += [f"<li><code>{esc(kpi.code)}</code> {esc(nfc(kpi.name(lang)))}</li>" for kpi in grid.kpis]
    rows.append("</ol>")
    return "\n".join(rows)


def _cell(rate: Rate | None, label: str, code: str, lang: str) -> str:
    esc = html.escape
    if rate is None or rate.complete is None:
        tip = translate(t("{unit} · {kpi}: no report due", unit=label, kpi=code), lang)
        return f'<td class="rate none" style="background: {NONE_DUE};" title="{esc(tip)}">—</td>'
    share = rate.complete
    shown = f"{100 if share >= 100 else math.floor(share)}%"  # 99.6 is not all: 99%
    tip = translate(
        t(
            "{unit} · {kpi}: {received} of {expected} reports received, {on_time} on time",
            unit=label,
            kpi=code,
            received=rate.received,
            expected=rate.expected,
            on_time=rate.on_time,
        ),
        lang,
    )
    return (
        f'<td class="rate" style="background: {_colour(share)};" title="{esc(tip)}" '
        f'data-expected="{rate.expected}" data-received="{rate.received}">{esc(shown)}</td>'
    )


def _scale(lang: str) -> str:
    esc = html.escape
    labels = ["100%", "80\u201399%", "50\u201379%", "1\u201349%", "0%"]  # en dashes
    items = [
        f'<li><span class="swatch" style="background: {colour};"></span> {esc(label)}</li>'
        for label, (_, colour) in zip(labels, SCALE, strict=True)
    ]
    none = translate(t("— no report due"), lang)
    items.append(f'<li><span class="swatch" style="background: {NONE_DUE};"></span> {esc(none)}</li>')
    said = translate(t("Share of the reports due that were received:"), lang)
    return f'<ul class="scale"><li>{esc(said)}</li>{"".join(items)}</ul>'


def completeness_html(summary: Completeness, lang: str) -> str:
    """The rates as one self-contained HTML page: the table, then the province-by-KPI heat map."""
    from egovkpi.render.report_html import STYLE

    esc = html.escape
    title = nfc(rate_title(summary, lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    parts += [f'<p class="muted">{esc(nfc(note))}</p>' for note in rate_notes(summary, lang)]
    if summary.total.expected:
        parts.append(_rate_table(summary, lang))
        heading = translate(t("Reports received, by province and KPI"), lang)
        caption = translate(t("Share of the reports due that were received ({span})", span=span(summary.window)), lang)
        parts += [f"<h2>{esc(heading)}</h2>", heat_map(summary.grid, summary.which, lang, caption)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _rate_table(summary: Completeness, lang: str) -> str:
    esc = html.escape
    columns = [summary.by, *RATE_TABLE]
    kinds = ['scope="col"'] + ['scope="col" class="n"'] * len(RATE_TABLE)
    heads = "".join(
        f"<th {kind}>{esc(nfc(COLUMN_TITLES[lang][column]))}</th>" for kind, column in zip(kinds, columns, strict=True)
    )
    rows = rate_rows(summary, lang)
    body = []
    for row in rows[:-1]:
        cells = "".join(f'<td class="n">{esc(str(row[column]))}</td>' for column in RATE_TABLE)
        body.append(f'<tr><th scope="row">{esc(nfc(str(row[summary.by])))}</th>{cells}</tr>')
    total = rows[-1]
    cells = "".join(f'<td class="n"><strong>{esc(str(total[column]))}</strong></td>' for column in RATE_TABLE)
    foot = f'<tfoot><tr><th scope="row">{esc(nfc(str(total[summary.by])))}</th>{cells}</tr></tfoot>'
    return f'<table class="rates"><thead><tr>{heads}</tr></thead><tbody>{"".join(body)}</tbody>{foot}</table>'
