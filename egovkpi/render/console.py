"""Tables on a terminal (or a pipe), fitted to its width: with render/tables.py, the only modules that import rich.

A table's columns are never narrower than their longest word, so a KPI code, a user name or a date is never broken;
records that cannot fit so are printed as blocks of 'field: value' lines instead, and the province-by-KPI overview is
split into blocks of KPI columns, each repeating the province names.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from rich.cells import cell_len

from egovkpi.attainment import MET
from egovkpi.numbers import format_exact
from egovkpi.provinces import LAST_DAY_OF_63, REFORM_DAY, Unit
from egovkpi.render.charts import can_draw, marks, sparkline
from egovkpi.render.tables import Para, block, fit, height, longest_word, wrap
from egovkpi.render.text import Record, escaped, footnotes, row_cells
from egovkpi.render.words import (
    COLUMN_TITLES,
    HEADERS,
    STATUS_LABELS,
    VALUE_WORDS,
    day,
    moment,
    say,
    unit_title,
)
from egovkpi.report import Report

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from egovkpi.render.report_html import Series
    from egovkpi.targets import Kpi

SYMBOLS: dict[str | None, str] = {"met": "✓", "missed": "✗", "on_track": "↗", "behind": "↘", "no_data": "·", None: "○"}
MAP_SYMBOLS: dict[str | None, str] = {"incomplete": "~", "cannot_combine": "≠", "not_on_map": "-"}  # shown if used
STATUS_STYLES = {"met": "green", "missed": "red", "on_track": "cyan", "behind": "yellow", "no_data": "dim"}
NUMBERS = {
    "revision",
    "value",
    "numerator",
    "denominator",
    "target",
    "days_overdue",
    "expected",
    "reports_received",
    "on_time",
    "complete_percent",
    "on_time_percent",
}  # record columns aligned right
DATES = {"valid_from", "valid_to", "deadline", "received"}  # record columns shown as the reader writes a date, when one
GAP = 2  # cells between two columns: the padding and the box's space
FALLBACK_WIDTH = 80
TTY = "CONOUT$" if os.name == "nt" else "/dev/tty"  # the controlling terminal, asked for its width

Cell = tuple[Para, ...]  # a table cell: its paragraphs, each on its own line(s)


@dataclass(frozen=True)
class Column:
    title: str
    right: bool = False  # aligned right, as numbers are
    keep: bool = False  # never broken, not even at a space: a number with its unit ("30,9 %")


def console() -> Console:
    """A rich console as wide as the terminal; through a pipe or into a file, as wide as `pipe_width` says."""
    from rich.console import Console

    out = Console()
    if not out.is_terminal:
        out = Console(width=pipe_width())
    return out


def pipe_width() -> int:
    """The width for output that is not a terminal: COLUMNS if set, else the width of the terminal the command
    runs in (as `egovkpi report | less` needs), else 80."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        handle = os.open(TTY, os.O_RDWR)
    except (OSError, ValueError):
        return FALLBACK_WIDTH
    try:
        return os.get_terminal_size(handle).columns or FALLBACK_WIDTH
    except (OSError, ValueError):
        return FALLBACK_WIDTH
    finally:
        os.close(handle)


def print_report(
    report: Report, lang: str, formed_from: Sequence[Unit] = (), explain: bool = False, series: Series | None = None
) -> None:
    """One scope as a detail table (with where a 2025 unit came from, and each KPI's recent figures as a sparkline
    from `series`), or every scope as a matrix."""
    out = console()
    if report.single:
        _print_detail(out, report, lang, series or {})
        if formed_from:
            parts = ", ".join(scope_labels(formed_from, lang))  # 'Phú Yên, Đắk Lắk (until 30/06/2025)'
            _print_text(out, say(lang, "formed", name=report.scopes[0].name, parts=parts), "dim")
    else:
        _print_matrix(out, report, lang)
    for note in footnotes(report, lang, explain):
        _print_text(out, note, "dim")
    if report.single:
        from egovkpi.render.forecasts import forecast_lines

        for line in forecast_lines(report, lang):
            _print_text(out, line, "")


def print_records(title: str, rows: Sequence[Record], columns: Sequence[str], lang: str) -> None:
    """Records (history, targets, provinces) as a table, or as blocks of 'field: value' lines when the table
    cannot fit; headers and the values that are words in the reader's language, times in Việt Nam's."""
    heads = [Column(COLUMN_TITLES[lang].get(column, column.replace("_", " ")), column in NUMBERS) for column in columns]
    cells = [[((_plain(column, row.get(column), lang), ""),) for column in columns] for row in rows]
    _print_grid(console(), title, heads, cells)


def print_fields(title: str, record: Record, columns: Sequence[str], lang: str) -> None:
    """One record (a KPI's detail) as 'field: value' lines under its title, wrapped to the terminal; the fields
    without a value are left out."""
    given = [column for column in columns if record.get(column) not in (None, "")]
    labels = [COLUMN_TITLES[lang].get(column, column.replace("_", " ")) for column in given]
    cells: list[Cell] = [((_plain(column, record.get(column), lang), ""),) for column in given]
    _print_blocks(console(), title, labels, [cells])


def print_line(text: str) -> None:
    """A sentence under a table, wrapped at spaces."""
    _print_text(console(), text, "dim")


def scope_labels(scopes: Sequence[Unit], lang: str) -> list[str]:
    """Each scope's name, with when it was valid if the name has meant two units (the old and the new Đắk Lắk)."""
    return [unit_title(scope, lang) for scope in scopes]


def _print_detail(out: Console, report: Report, lang: str, series: Series) -> None:
    """One scope: a row per KPI, its name over its code and the sparkline of its last figures (two or more)."""
    plain = not can_draw(out.encoding)
    [label] = scope_labels(report.scopes[:1], lang)
    title = say(lang, "title", scope=label, day=day(report.day, lang))
    headers = HEADERS[lang]
    columns = [Column(header, 2 <= index <= 6, 1 <= index <= 6) for index, header in enumerate(headers)]
    rows: list[list[Cell]] = []
    for result in report.results:
        cells = row_cells(result, lang, report.day)
        shown = marks(series.get((result.scope.key, result.kpi.code), []), report.period.end if report.period else None)
        spark = sparkline([m.value for m in shown], plain) if len(shown) > 1 else ""
        kpi: Cell = ((result.kpi.name(lang), ""), (f"{result.kpi.code} {spark}".rstrip(), "dim"))
        status: Cell = ((cells[-1], STATUS_STYLES.get(result.status or "", "")),)
        rows.append([kpi, *(((cell, ""),) for cell in cells[1:-1]), status])
    _print_grid(out, title, columns, rows)


def _print_grid(out: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
    """A table whose columns are at least as wide as their longest word, or, when that is too wide, the records
    one after the other as 'field: value' lines."""
    from rich import box
    from rich.table import Table

    mins = [
        max([longest_word(column.title), *(_least(row[index], column.keep) for row in rows)])
        for index, column in enumerate(columns)
    ]
    maxs = [
        max([cell_len(column.title), *(cell_len(text) for row in rows for text, _ in row[index])])
        for index, column in enumerate(columns)
    ]
    known: dict[tuple[int, int], list[int]] = {}

    def lines(index: int, width: int) -> list[int]:  # how many lines each cell of the column takes at this width
        if (index, width) not in known:
            cells = [((columns[index].title, ""),), *(row[index] for row in rows)]
            known[index, width] = [sum(height(text, width) for text, _ in cell) for cell in cells]
        return known[index, width]

    widths = fit(mins, maxs, out.width - GAP * (len(columns) - 1), lines)
    if widths is None:
        _print_blocks(out, title, [column.title for column in columns], rows)
        return
    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False, show_edge=False)
    for column, width in zip(columns, widths, strict=True):
        justify: Literal["left", "right"] = "right" if column.right else "left"
        table.add_column(_text(((column.title, ""),)), width=width, justify=justify, overflow="fold")
    for row in rows:
        table.add_row(*(_text(cell) for cell in row))
    _print_title(out, title, sum(widths) + GAP * (len(widths) - 1))
    out.print(table)


def _least(cell: Cell, keep: bool) -> int:
    """The fewest cells a cell can be wrapped to: its longest word, or its whole width if it is kept whole."""
    return max((cell_len(text) if keep else longest_word(text) for text, _ in cell), default=0)


def _print_blocks(out: Console, title: str, labels: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    from rich.text import Text

    _print_text(out, title, "italic")
    for row in rows:
        out.print()
        for prefix, text, style in block(list(zip(labels, row, strict=True)), out.width):
            out.print(Text.assemble((prefix, "bold"), (text, style)))


def map_of(units: Sequence[Unit], day: dt.date) -> str:
    """Which map a count of provinces is on: the 63 units until 30 June 2025, the 34 from 1 July, or both.

    Units that were on both maps (Hà Nội, Huế...) count on the map in force on the day judged."""
    old = all(unit.valid_on(LAST_DAY_OF_63) for unit in units)
    new = all(unit.valid_on(REFORM_DAY) for unit in units)
    if old and new:
        return "map_63" if day < REFORM_DAY else "map_34"
    if old or new:
        return "map_63" if old else "map_34"
    return "map_both"


def _print_matrix(out: Console, report: Report, lang: str) -> None:
    """Provinces down, KPIs across (numbered, with a legend), a status symbol in each cell; where the KPIs do not
    fit across, in blocks of KPI columns, each repeating the province names."""

    with_figures = {result.kpi.code: result.kpi for result in report.results if result.figure is not None}
    kpis = list(with_figures.values())  # in the order they first have a figure (compared by code: Kpi is deep)
    scopes = report.scopes
    title = say(lang, "overview", day=day(report.day, lang))
    if not scopes:  # nothing recorded yet
        _print_text(out, title, "italic")
        return
    labels = scope_labels(scopes, lang)
    by_key = {(r.scope.key, r.kpi.code): r for r in report.results}
    provinces = [scope for scope in scopes if not scope.is_national]
    meeting = say(lang, "meeting", n=len(provinces), map=say(lang, map_of(provinces, report.day)))
    counts = [str(sum(1 for p in provinces if by_key[(p.key, k.code)].status == MET)) for k in kpis]
    cell = max([2, len(str(len(kpis))), *map(len, counts)])
    names = max([0, *map(cell_len, labels)])
    whole, least = max(names, cell_len(meeting)), max(names, longest_word(meeting))

    def across(first: int) -> int:  # KPI columns that fit beside a first column this wide
        return max(1, (out.width - first) // (cell + GAP))

    first = whole if math.ceil(len(kpis) / across(whole)) <= math.ceil(len(kpis) / across(least)) else least
    if first + GAP + cell > out.width:  # a very narrow terminal: names wrap at spaces
        first = max(max([0, *map(longest_word, [*labels, meeting])]), out.width - GAP - cell)
    parts = max(1, math.ceil(len(kpis) / across(first)))
    base, extra = divmod(len(kpis), parts)  # blocks of even sizes: 18 KPIs in 9 and 9, not 15 and 3
    starts = [index * base + min(index, extra) for index in range(parts + 1)]
    chunks = [range(start, end) for start, end in itertools.pairwise(starts)]
    _print_title(out, title, first + (cell + GAP) * len(chunks[0]))
    for number, chunk in enumerate(chunks):
        if number:
            out.print()
        rows: list[tuple[str, list[Para]]] = [
            (label, [_status_cell(by_key[(scope.key, kpis[index].code)].status) for index in chunk])
            for label, scope in zip(labels, scopes, strict=True)
        ]
        rows.append(("", []))  # the line between the provinces and the count
        rows.append((meeting, [(counts[index], "") for index in chunk]))
        numbers = [str(index + 1) for index in chunk]
        if first + GAP + cell > out.width:  # narrower than a name's longest word: rich folds the words to fit
            out.print(_matrix_table(first, cell, numbers, rows))
        else:
            out.print(_matrix_block(first, cell, numbers, rows), soft_wrap=True)
    _print_legend(out, kpis, lang, {r.status for r in report.results if r.kpi.code in with_figures})
    omitted = len({r.kpi.code for r in report.results}) - len(kpis)
    if omitted:
        _print_text(out, say(lang, "omitted", n=omitted), "dim")


def _matrix_block(first: int, cell: int, numbers: Sequence[str], rows: Sequence[tuple[str, Sequence[Para]]]) -> Text:
    """One block of the overview as lines of text: a names' column `first` wide (wrapped at spaces), a right-aligned
    column `cell` wide per KPI, `GAP` apart, under the KPIs' numbers and a rule; as a rich Table would, in a fifth
    of the time."""
    from rich.text import Text

    width = first + (cell + GAP) * len(numbers)
    pieces: list[tuple[str, str]] = [(" " * first, "")]
    pieces += [piece for number in numbers for piece in ((" " * (GAP + cell - cell_len(number)), ""), (number, "bold"))]
    pieces.append(("\n" + "─" * width, ""))
    for label, cells in rows:
        lines = wrap(label, first) if label else [""]
        pieces.append(("\n" + lines[0] + " " * (first - cell_len(lines[0])), ""))
        for text, style in cells:
            pieces += [(" " * (GAP + cell - cell_len(text)), ""), (text, style)]
        pieces.append((" " * (width - first - (cell + GAP) * len(cells)), ""))
        pieces += [("\n" + line + " " * (width - cell_len(line)), "") for line in lines[1:]]
    return Text.assemble(*pieces, no_wrap=True, overflow="ignore")


def _matrix_table(first: int, cell: int, numbers: Sequence[str], rows: Sequence[tuple[str, Sequence[Para]]]) -> Table:
    """The same block as a rich Table, which folds words wider than the names' column."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False, show_edge=False)
    table.add_column("", width=first, overflow="fold")
    for number in numbers:
        table.add_column(number, width=cell, justify="right")
    for label, cells in rows:
        if label:
            table.add_row(Text(label), *(Text(text, style=style) for text, style in cells))
        else:
            table.add_section()
    return table


def _status_cell(status: str | None) -> Para:
    return _symbol(status), STATUS_STYLES.get(status or "", "")


def _symbol(status: str | None) -> str:
    return SYMBOLS.get(status) or MAP_SYMBOLS.get(status, "?")


def _print_legend(out: Console, kpis: Sequence[Kpi], lang: str, shown: set[str | None]) -> None:
    """The KPIs' numbers, codes and names, then what each symbol means; wrapped at spaces under themselves."""
    from rich.text import Text

    indent = 5
    for index, kpi in enumerate(kpis, 1):
        text = f"{kpi.code}  {kpi.name(lang)}"
        if longest_word(text) > out.width - indent:
            _print_text(out, f"{index}  {text}", "")
            continue
        for number, line in enumerate(wrap(text, out.width - indent)):
            prefix = f"{index:>3}  " if number == 0 else " " * indent
            if number == 0 and line.startswith(kpi.code):
                out.print(Text.assemble(prefix, (kpi.code, "bold"), line[len(kpi.code) :]))
            else:
                out.print(Text(prefix + line))
    used = [*SYMBOLS, *(status for status in MAP_SYMBOLS if status in shown)]
    no_break = [f"{_symbol(s)} {STATUS_LABELS[lang][s]}".replace(" ", "\u00a0") for s in used]
    for line in wrap("  ".join(no_break), max(out.width - indent, 1)):
        out.print(Text(" " * indent + line.replace("\u00a0", " "), style="dim"))


def _print_title(out: Console, title: str, width: int) -> None:
    """A table's title: centred over the table if it fits on one line, else wrapped at spaces in the full width."""
    from rich.text import Text

    lines = wrap(title, out.width)
    for line in lines:
        pad = max(0, (width - cell_len(line)) // 2) if len(lines) == 1 else 0
        out.print(Text(" " * pad + line, style="italic"))


def _print_text(out: Console, text: str, style: str) -> None:
    """A sentence wrapped at spaces."""
    from rich.text import Text

    for line in wrap(text, out.width):
        out.print(Text(line, style=style))


def _text(cell: Cell) -> Text:
    from rich.text import Text

    parts: list[str | tuple[str, str]] = []
    for text, style in cell:
        parts += ["\n", (text, style)] if parts else [(text, style)]
    return Text.assemble(*parts)


def _plain(column: str, value: Any, lang: str) -> str:
    """A record's value as the reader reads it: words in their language, a time in Việt Nam's, a date their way."""
    words = VALUE_WORDS[lang].get(column, {})
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return words.get("yes", "✗") if value else "—"
    if column == "recorded_at":
        return moment(str(value), lang)
    if isinstance(value, float):
        return format_exact(value, lang)
    text = escaped(str(value))
    if column in DATES:
        try:
            return day(dt.date.fromisoformat(text), lang)
        except ValueError:
            pass
    return words.get(text, text)
