"""Tables on a terminal (or a pipe): the only module that imports rich."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from egovkpi.attainment import MET
from egovkpi.numbers import format_exact
from egovkpi.provinces import Unit
from egovkpi.render.text import Record, escaped, footnotes, row_cells
from egovkpi.render.words import HEADERS, STATUS_LABELS, say, unit_name
from egovkpi.report import Report

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

SYMBOLS: dict[str | None, str] = {"met": "✓", "missed": "✗", "on_track": "↗", "behind": "↘", "no_data": "·", None: "○"}
STATUS_STYLES = {"met": "green", "missed": "red", "on_track": "cyan", "behind": "yellow", "no_data": "dim"}
WRAPPING = {"source", "note", "basis", "name", "full_name", "formed_from", "merged_into"}


def console() -> Console:
    """A rich console; when output goes to a file or a pipe, lines may be 120 wide, not 80."""
    from rich.console import Console

    out = Console()
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(width=120)
    return out


def print_report(report: Report, lang: str, formed_from: Sequence[Unit] = ()) -> None:
    """One scope as a detail table (with where a 2025 unit came from), or every scope as a matrix."""
    out = console()
    if report.single:
        out.print(_detail_table(report, lang))
        if formed_from:
            parts = ", ".join(unit.name for unit in formed_from)
            out.print(say(lang, "formed", name=report.scopes[0].name, parts=parts), style="dim")
    else:
        _print_matrix(out, report, lang)
    for note in footnotes(report, lang):
        out.print(note, style="dim")


def _status_text(status: str | None, lang: str, symbol: bool = False) -> Text:
    from rich.text import Text

    label = SYMBOLS[status] if symbol else STATUS_LABELS[lang][status]
    return Text(label, style=STATUS_STYLES.get(status or "", ""))


def _detail_table(report: Report, lang: str) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    scope = report.scopes[0]
    table = Table(
        title=say(lang, "title", scope=unit_name(scope, lang), day=report.day.isoformat()),
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
        show_edge=False,
    )
    for index, header in enumerate(HEADERS[lang]):
        if index == 0:
            table.add_column(header, min_width=16, ratio=1, overflow="fold")
        elif index == len(HEADERS[lang]) - 1:
            table.add_column(header, min_width=7, overflow="fold")
        else:
            table.add_column(header, justify="right" if 2 <= index <= 6 else "left", no_wrap=True)
    for result in report.results:
        cells: list[Text] = [Text(cell) for cell in row_cells(result, lang, report.day)]
        cells[0] = Text.assemble(result.kpi.name(lang), "\n", (result.kpi.code, "dim"))
        cells[-1] = _status_text(result.status, lang)
        table.add_row(*cells)
    return table


def _print_matrix(out: Console, report: Report, lang: str) -> None:
    """Provinces down, KPIs across (numbered, with a legend), a status symbol in each cell."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    kpis = []
    for result in report.results:
        if result.figure is not None and result.kpi not in kpis:
            kpis.append(result.kpi)
    table = Table(title=say(lang, "overview", day=report.day.isoformat()), box=box.SIMPLE_HEAD)
    table.add_column("")
    for index, _ in enumerate(kpis, 1):
        table.add_column(str(index), justify="center")
    by_key = {(r.scope.key, r.kpi.code): r for r in report.results}
    provinces = [scope for scope in report.scopes if not scope.is_national]
    for scope in report.scopes:
        symbols = (_status_text(by_key[(scope.key, k.code)].status, lang, True) for k in kpis)
        table.add_row(Text(unit_name(scope, lang)), *symbols)
    counts = [str(sum(1 for p in provinces if by_key[(p.key, k.code)].status == MET)) for k in kpis]
    table.add_section()
    table.add_row(say(lang, "meeting", n=len(provinces)), *counts)
    out.print(table)
    for index, kpi in enumerate(kpis, 1):
        out.print(Text.assemble(f"{index:>3}  ", (kpi.code, "bold"), f"  {kpi.name(lang)}"))
    legend = "  ".join(f"{SYMBOLS[s]} {STATUS_LABELS[lang][s]}" for s in SYMBOLS)
    out.print(Text(f"     {legend}", style="dim"))
    omitted = len({r.kpi.code for r in report.results}) - len(kpis)
    if omitted:
        out.print(say(lang, "omitted", n=omitted), style="dim")


def print_records(title: str, rows: Sequence[Record], columns: Sequence[str], lang: str) -> None:
    """A plain table of records (history, targets, provinces); long texts wrap, short ones do not."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False, show_edge=False)
    for column in columns:
        if column in WRAPPING:
            table.add_column(column, overflow="fold", ratio=1, min_width=10)
        else:
            table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_plain(column, row.get(column), lang)) for column in columns))
    console().print(table)


def _plain(column: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if column == "recorded_at":
        return str(value)[:16].replace("T", " ")
    if isinstance(value, bool):
        return "✗" if value else "—"
    if isinstance(value, float):
        return format_exact(value, lang)
    return escaped(str(value))
