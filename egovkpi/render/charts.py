"""Charts: SVG for the HTML report and the e-mail, and text (sparklines, bar rows) for a terminal.

Every SVG is a self-contained string (no script, font or stylesheet from outside), scales to its container's width
(`viewBox`, `width="100%"`), and is an image with a text alternative: `role="img"`, a `<title>` and a `<desc>` that
says the numbers in words. Status is never colour alone: the heat map's cells carry the status symbol, points carry
a `<title>` with their period and value, and the projection is dashed as well as coloured.

The plotted points carry `data-period` and `data-value`, and each series chart its scale (`data-y-min`,
`data-y-max`, `data-top`, `data-bottom`), so that a test can read a drawn point back into a figure.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from egovkpi.attainment import Result, applicable_target
from egovkpi.maps import Point
from egovkpi.messages import t
from egovkpi.numbers import format_exact
from egovkpi.provinces import Unit
from egovkpi.records import Figure
from egovkpi.render.text import goal
from egovkpi.render.words import STATUS_LABELS, day, translate, unit_title
from egovkpi.targets import Kpi, Target

STATUS_COLOURS: dict[str | None, str] = {
    "met": "#1a7f37",
    "missed": "#cf222e",
    "on_track": "#0969da",
    "behind": "#9a6700",
    "no_data": "#6e7781",
    None: "#6e7781",
}
TINTS: dict[str | None, str] = {"met": "#dafbe1", "missed": "#ffebe9", "on_track": "#ddf4ff", "behind": "#fff8c5"}
BAND_COLOURS = {"on_track": "#1a7f37", "acceleration_needed": "#9a6700", "limited_progress": "#cf222e"}
SYMBOLS: dict[str | None, str] = {"met": "✓", "missed": "✗", "on_track": "↗", "behind": "↘", "no_data": "·", None: "○"}
MAP_SYMBOLS = {"incomplete": "~", "cannot_combine": "≠", "not_on_map": "-"}
Cell = tuple[str | None, str]  # a heat map cell: its status, and what its tooltip says
BLOCKS = "▁▂▃▄▅▆▇█"
PLAIN_BLOCKS = "_.-:=+*#"  # the same eight levels in ASCII
INK, GREY, RULE = "#1f2328", "#57606a", "#d0d7de"
WIDTH, HEIGHT = 360, 180  # the series chart's viewBox: about a phone's width, so its text reads at 1:1
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 30  # the plot area's margins in the viewBox


@dataclass(frozen=True)
class Mark:
    """One plotted figure: when its period ends, its value, and its period as written (2019, 2020-Q4)."""

    when: dt.date
    value: float
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # what the bar says, beside it: '3/5'
    colour: str = STATUS_COLOURS["met"]


def symbol(status: str | None) -> str:
    return SYMBOLS.get(status) or MAP_SYMBOLS.get(status or "", "?")


def marks(points: Sequence[Point], until: dt.date | None = None) -> list[Mark]:
    """A series' figures as marks, oldest first, up to `until` (the day a report is judged at)."""
    found = [p.figure for p in points if p.figure is not None]
    return [
        Mark(dt.date.fromisoformat(f.period_end), f.value, f.period)
        for f in found
        if until is None or f.period_end <= until.isoformat()
    ]


def ident(*parts: str) -> str:
    """An id for an SVG's title and desc, unique on a page: letters, digits and '-' only."""
    return "c-" + re.sub(r"[^A-Za-z0-9]+", "-", "-".join(parts)).strip("-")


# The series chart ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plot:
    """What a series chart shows: the figures, the target line, the deadline, the projection to it (drawn dashed in
    `colour`), and its text alternative; `name` makes its ids unique on a page."""

    marks: Sequence[Mark]
    target: float | None
    deadline: dt.date | None
    projection: float | None
    colour: str
    title: str
    desc: str
    name: str
    percent: bool = False  # the value axis stops at 100


def result_chart(result: Result, points: Sequence[Point], lang: str, until: dt.date | None = None) -> str:
    """The SVG of one KPI for one scope: its figures up to `until`, the target line and deadline, and the projection
    to the deadline dashed in the colour of its band (else of its status)."""
    kpi, target = result.kpi, result.target
    shown = marks(points, until)
    deadline = target.deadline.end if target else None
    projection = result.projection if deadline and shown and shown[-1].when < deadline else None
    figures = "; ".join(f"{m.label}: {format_exact(m.value, lang)}" for m in shown)
    said = [t("Figures: {figures}.", figures=figures) if shown else t("No figures.")]
    if target:
        said.append(t("Target: {target} by {deadline}.", target=goal(kpi, target, lang), deadline=deadline))
    if projection is not None:
        said.append(t("Projected at the deadline: {value}.", value=_number(projection, lang)))
    said.append(t("Status: {status}.", status=STATUS_LABELS[lang].get(result.status, result.status or "")))
    plot = Plot(
        shown,
        target.value if target else None,
        deadline,
        projection,
        BAND_COLOURS.get(result.band or "", STATUS_COLOURS.get(result.status, GREY)),
        translate(t("{kpi} in {scope}", kpi=kpi.name(lang), scope=unit_title(result.scope, lang)), lang),
        " ".join(translate(sentence, lang) for sentence in said),
        ident(result.scope.key, kpi.code),
        kpi.unit == "percent",
    )
    return series_svg(plot, lang)


def series_svg(plot: Plot, lang: str) -> str:
    """A line chart of the figures against a horizontal target line and a vertical deadline; the projection dashed
    from the last figure to the deadline."""
    shown, target, deadline, projection = plot.marks, plot.target, plot.deadline, plot.projection
    low, high = _scale([m.value for m in shown] + [v for v in (target, projection) if v is not None], plot.percent)
    days = [m.when.toordinal() for m in shown] + ([deadline.toordinal()] if deadline else [])
    first, last = (min(days), max(days)) if days else (0, 1)
    if last - first < 180:
        first, last = first - 180, last + 180
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT

    def x(when: dt.date) -> float:
        return round(LEFT + (when.toordinal() - first) / (last - first) * (right - LEFT), 2)

    def y(value: float) -> float:
        return round(bottom - (value - low) / (high - low) * (bottom - TOP), 2)

    esc, name = html.escape, plot.name
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart series" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" style="max-width: {WIDTH * 2}px; height: auto;" aria-labelledby="{name}-t {name}-d" '
        f'data-y-min="{low!r}" data-y-max="{high!r}" data-top="{TOP}" data-bottom="{bottom}" {_FONT} font-size="11">',
        f'<title id="{name}-t">{esc(plot.title)}</title><desc id="{name}-d">{esc(plot.desc)}</desc>',
    ]
    for tick in _ticks(low, high):
        at = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{right}" y1="{at}" y2="{at}" stroke="{RULE}"/>')
        parts.append(_text(LEFT - 4, at + 4, _number(tick, lang), GREY, "end"))
    start, end = dt.date.fromordinal(first).year, dt.date.fromordinal(last).year
    for year in range(start, end + 1, max(1, math.ceil((end - start + 1) / 6))):
        if LEFT <= x(dt.date(year, 7, 1)) <= right:
            parts.append(_text(x(dt.date(year, 7, 1)), bottom + 14, str(year), GREY, "middle"))
    if deadline:
        at = x(deadline)
        parts.append(f'<line class="deadline" x1="{at}" x2="{at}" y1="{TOP}" y2="{bottom}" stroke="{INK}" ')
        parts[-1] += 'stroke-dasharray="1 3"/>'
        parts.append(_text(at, bottom + 27, day(deadline, lang), INK, "end"))
    if target is not None:
        at = y(target)
        parts.append(f'<line class="target" x1="{LEFT}" x2="{right}" y1="{at}" y2="{at}" stroke="{INK}" ')
        parts[-1] += f'stroke-width="1.5" data-value="{target!r}"/>'
        label = translate(t("target {value}", value=format_exact(target, lang)), lang)
        parts.append(_text(LEFT + 4, at - 4 if at - 4 > TOP + 8 else at + 12, label, INK, "start"))
    if shown:
        line = " ".join(f"{x(m.when)},{y(m.value)}" for m in shown)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{INK}" stroke-width="2"/>')
    if projection is not None and deadline and shown:
        end_x, end_y, to_x, to_y = x(shown[-1].when), y(shown[-1].value), x(deadline), y(projection)
        parts.append(
            f'<line class="projection" x1="{end_x}" y1="{end_y}" x2="{to_x}" y2="{to_y}" stroke="{plot.colour}" '
            f'stroke-width="2" stroke-dasharray="6 4" data-value="{projection!r}"/>'
            f'<circle class="projected" cx="{to_x}" cy="{to_y}" r="4" fill="#ffffff" stroke="{plot.colour}" '
            f'stroke-width="2"><title>{esc(_number(projection, lang))}</title></circle>'
        )
    for m in shown:
        tip = f"{esc(m.label)}: {esc(format_exact(m.value, lang))}"
        parts.append(
            f'<circle class="point" cx="{x(m.when)}" cy="{y(m.value)}" r="3.5" fill="{plot.colour}" stroke="{INK}" '
            f'data-period="{esc(m.label)}" data-value="{m.value!r}"><title>{tip}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


_FONT = 'font-family="Arial, Helvetica, sans-serif"'


def _text(x: float, y: float, text: str, fill: str, anchor: str) -> str:
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}">{html.escape(text)}</text>'


def _number(value: float, lang: str) -> str:
    return format_exact(round(value, 2), lang)


def _scale(values: Sequence[float], percent: bool) -> tuple[float, float]:
    """The value axis: from 0 (or the least value, if negative) to a round number above the greatest."""
    low = min([0.0, *values])
    top = max([0.0, *values])
    high = _round_up(top * 1.08) if top > 0 else 1.0
    if percent and top <= 100:
        high = min(high, 100.0)
    if high <= low:
        high = low + 1
    return (low, high)


def _round_up(value: float) -> float:
    step = 10.0 ** math.floor(math.log10(value)) / 2
    return float(math.ceil(value / step) * step)


def _ticks(low: float, high: float) -> list[float]:
    """About four round values on the axis."""
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw)
    first = math.ceil(low / step) * step
    return [round(first + i * step, 10) for i in range(int((high - first) / step + 1e-9) + 1)]


# The overview: a heat map and a ranked bar chart --------------------------------------------------------------------


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[tuple[str | None, str]]],
    title: str,
    desc: str,
) -> str:
    """Scopes down, KPIs (numbered) across; each cell the status symbol on its tint, `cells[row][column]` being
    (status, what the cell's tooltip says)."""
    esc = html.escape
    size, first = 26, max([60, *(7 * len(label) + 8 for label in rows)])
    width, height = first + size * len(columns) + 4, size * (len(rows) + 1) + 4
    parts = [_open("heat", width, height, "heat", title, desc)]
    parts += [
        _text(first + size * index + size / 2, size - 8, column, GREY, "middle") for index, column in enumerate(columns)
    ]
    for row, (label, line) in enumerate(zip(rows, cells, strict=True)):
        top = size * (row + 1)
        parts.append(_text(first - 6, top + size / 2 + 4, label, INK, "end"))
        for index, (status, tip) in enumerate(line):
            left, fill = first + size * index, TINTS.get(status, "#f6f8fa")
            parts.append(
                f'<g class="cell" data-status="{esc(status or "")}"><title>{esc(tip)}</title>'
                f'<rect x="{left + 1}" y="{top + 1}" width="{size - 2}" height="{size - 2}" fill="{fill}" '
                f'stroke="{RULE}"/>{_text(left + size / 2, top + size / 2 + 5, symbol(status), INK, "middle")}</g>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(bars: Sequence[Bar], maximum: float, title: str, desc: str, name: str = "bars") -> str:
    """Horizontal bars in the order given, each with its label before it and its text after it."""
    esc = html.escape
    size, first, room = 20, max([60, *(7 * len(bar.label) + 8 for bar in bars)]), 200
    parts = [_open("bars", first + room + 48, size * len(bars) + 4, name, title, desc)]
    for row, bar in enumerate(bars):
        top = size * row + 2
        length = round(room * bar.value / maximum, 2) if maximum > 0 else 0
        parts.append(
            f'<g class="bar" data-value="{bar.value!r}"><title>{esc(bar.label)}: {esc(bar.text)}</title>'
            f"{_text(first - 6, top + 13, bar.label, INK, 'end')}"
            f'<rect x="{first}" y="{top + 2}" width="{length}" height="{size - 6}" fill="{bar.colour}"/>'
            f"{_text(first + length + 4, top + 13, bar.text, INK, 'start')}</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(kind: str, width: float, height: float, name: str, title: str, desc: str) -> str:
    """An SVG's opening tag, as wide as its container up to 1.5 times its own size, with its title and desc."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width: {width * 1.5:.0f}px; height: auto;" aria-labelledby="{name}-t {name}-d" '
        f'{_FONT} font-size="12"><title id="{name}-t">{html.escape(title)}</title>'
        f'<desc id="{name}-d">{html.escape(desc)}</desc>'
    )


# Text charts for a terminal -----------------------------------------------------------------------------------------


def can_draw(encoding: str) -> bool:
    """Whether a console in this encoding shows block characters."""
    try:
        (BLOCKS + "│").encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


SPARKLINE_FIGURES = 8  # a sparkline shows a series' last eight figures
OVERVIEW_CHART_FIGURES = 24  # a chart in a report of every unit (and its summary): the last 24 periods


def sparkline(values: Sequence[float], plain: bool = False, most: int = SPARKLINE_FIGURES) -> str:
    """The last `most` values as one character each, lowest ▁ to highest █ (or _ to # in plain characters)."""
    levels = PLAIN_BLOCKS if plain else BLOCKS
    values = list(values)[-most:]
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return levels[len(levels) // 2] * len(values)
    return "".join(levels[round((v - low) / (high - low) * (len(levels) - 1))] for v in values)


def bar_rows(rows: Sequence[tuple[str, float, str, float | None]], width: int, plain: bool = False) -> list[str]:
    """A text chart, one row per figure: its label, a bar as long as its value, its value, and `│` (`|`) where the
    target that applies to it stands; rows are (label, value, value as written, target or None)."""
    if not rows:
        return []
    full, mark = ("#", "|") if plain else ("█", "│")
    label_width = max(len(label) for label, *_ in rows)
    text_width = max(len(text) for _, _, text, _ in rows)
    room = max(10, width - label_width - text_width - 4)
    top = max(v for _, value, _, target in rows for v in (value, target or 0.0)) or 1.0
    lines = []
    for label, value, text, target in rows:
        length = round(max(value, 0.0) / top * room)
        cells = [full if i < length else " " for i in range(room)]
        if target is not None:
            at = min(room - 1, max(0, round(target / top * room) - 1))
            cells[at] = mark
        lines.append(f"{label:<{label_width}}  {''.join(cells)}  {text:>{text_width}}")
    return lines


def history_lines(kpi: Kpi, unit: Unit, figures: Sequence[Figure], lang: str, width: int, plain: bool) -> list[str]:
    """`history --chart`: a unit's current figures oldest first as bars, each marked where the milestone that
    applies to its period stands, then which milestones those are."""
    milestones = kpi.milestones(unit)
    rows: list[tuple[str, float, str, float | None]] = []
    used: list[Target] = []
    for figure in sorted(figures, key=lambda f: f.latest_key):
        target = applicable_target(milestones, dt.date.fromisoformat(figure.period_end))
        if target is not None and target not in used:
            used.append(target)
        rows.append((figure.period, figure.value, format_exact(figure.value, lang), target.value if target else None))
    if not rows:
        return [translate(t("No figures."), lang)]
    lines = bar_rows(rows, width, plain)
    if used:
        goals = "; ".join(
            translate(t("{target} by {deadline}", target=goal(kpi, m, lang), deadline=day(m.deadline.end, lang)), lang)
            for m in used
        )
        lines.append(
            translate(t("{mark} the target for the period: {targets}", mark="|" if plain else "│", targets=goals), lang)
        )
    else:
        lines.append(translate(t("No target applies to {unit}.", unit=unit_title(unit, lang)), lang))
    return lines
