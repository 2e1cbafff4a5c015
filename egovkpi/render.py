"""Every output format, from the same result objects. The only module that imports rich."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from egovkpi.attainment import MET, Result
from egovkpi.report import Report
from egovkpi.store import Figure

STATUS_LABELS = {
    "en": {
        "met": "met",
        "missed": "missed",
        "on_track": "on track",
        "behind": "behind",
        "no_data": "no data",
        None: "no target",
    },
    "vi": {
        "met": "đạt",
        "missed": "không đạt",
        "on_track": "đúng tiến độ",
        "behind": "chậm tiến độ",
        "no_data": "chưa có số liệu",
        None: "chưa có chỉ tiêu",
    },
}
STATUS_STYLES = {"met": "green", "missed": "red", "on_track": "cyan", "behind": "yellow", "no_data": "dim"}
HEADERS = {
    "en": ["KPI", "Period", "Actual", "Target", "By", "Attained", "Gap", "Status"],
    "vi": ["Chỉ tiêu", "Kỳ", "Đạt được", "Mục tiêu", "Hạn", "% đạt", "Chênh", "Đánh giá"],
}
WORDS = {
    "en": {
        "title": "{scope}: e-government targets, judged on {day}",
        "overview": "E-government targets by province, judged on {day}",
        "meeting": "Provinces meeting it (of {n})",
        "national": "National",
        "unverified": "* target not verified in the legal text (see targets.yaml)",
        "omitted": "{n} KPIs with no figures for any of these scopes are not shown.",
        "formed": "{name} was formed on 1 July 2025 from {parts}; for their earlier figures, add --period 2025-06",
    },
    "vi": {
        "title": "{scope}: chỉ tiêu Chính phủ điện tử, đánh giá ngày {day}",
        "overview": "Chỉ tiêu Chính phủ điện tử theo tỉnh, đánh giá ngày {day}",
        "meeting": "Số tỉnh đạt (trên {n})",
        "national": "Toàn quốc",
        "unverified": "* chỉ tiêu chưa được kiểm chứng trong văn bản (xem targets.yaml)",
        "omitted": "Không hiển thị {n} chỉ tiêu chưa có số liệu ở các đơn vị này.",
        "formed": "{name} được thành lập ngày 01/7/2025 từ {parts}; xem số liệu trước đó với --period 2025-06",
    },
}
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
    "deadline",
    "basis",
    "verification",
    "attainment",
    "gap",
    "status",
    "source",
]


def number(value: float | None, lang: str, decimals: int = 2, sign: bool = False) -> str:
    """A number as a reader of `lang` writes it: 192.577 and 30,86 in Vietnamese."""
    if value is None:
        return "—"
    text = f"{value:+,.{decimals}f}" if sign else f"{value:,.{decimals}f}"
    if decimals and "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def scope_name(result: Result) -> str:
    return "national" if result.scope.is_national else result.scope.name


def record(result: Result, lang: str) -> dict[str, Any]:
    """One result as plain data for JSON and CSV: numbers with a dot, null where unknown."""
    figure, target = result.figure, result.target
    return {
        "province": scope_name(result),
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
        "deadline": str(target.deadline) if target else None,
        "basis": target.basis if target else None,
        "verification": (target.verification or None) if target else None,
        "attainment": round(result.attainment, 4) if result.attainment is not None else None,
        "gap": round(result.gap, 6) if result.gap is not None else None,
        "status": result.status,
        "source": figure.source if figure else None,
    }


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})
    return buffer.getvalue()


def report_text(report: Report, fmt: str, lang: str) -> str:
    """JSON, CSV or Markdown: text for machines and documents."""
    rows = [record(result, lang) for result in report.results]
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, RECORD_COLUMNS)
    return _markdown(report, lang)


def row_cells(result: Result, lang: str) -> list[str]:
    figure, target, unit = result.figure, result.target, result.kpi.unit
    decimals = 0 if unit == "count" else 2
    mark = "*" if target and target.unverified else ""
    return [
        result.kpi.name(lang),
        figure.period if figure else "—",
        number(figure.value if figure else None, lang, decimals),
        number(target.value, lang, decimals) + mark if target else "—",
        str(target.deadline) if target else "—",
        number(result.attainment, lang, 1) + " %" if result.attainment is not None else "—",
        number(result.gap, lang, decimals, sign=True),
        STATUS_LABELS[lang][result.status],
    ]


def _markdown(report: Report, lang: str) -> str:
    headers = HEADERS[lang]
    lines = []
    for scope in report.scopes:
        results = [r for r in report.results if r.scope.key == scope.key]
        name = WORDS[lang]["national"] if scope.is_national else scope.name
        lines += [f"## {WORDS[lang]['title'].format(scope=name, day=report.day.isoformat())}", ""]
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "|".join("---" for _ in headers) + "|")
        for result in results:
            cells = [cell.replace("|", "\\|") for cell in row_cells(result, lang)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if any(r.target and r.target.unverified for r in report.results):
        lines.append(WORDS[lang]["unverified"])
    return "\n".join(lines).rstrip() + "\n"


SYMBOLS = {"met": "✓", "missed": "✗", "on_track": "↗", "behind": "↘", "no_data": "·", None: "○"}


def console() -> Any:
    """A rich console; when output goes to a file or a pipe, lines may be 120 wide, not 80."""
    import os

    from rich.console import Console

    out = Console()
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(width=120)
    return out


def print_report(report: Report, lang: str, formed_from: Sequence[str] = ()) -> None:
    out = console()
    if report.single:
        out.print(_detail_table(report, lang))
        if formed_from:
            parts = ", ".join(formed_from)
            out.print(WORDS[lang]["formed"].format(name=report.scopes[0].name, parts=parts), style="dim")
    else:
        _print_matrix(out, report, lang)
    if any(r.target and r.target.unverified for r in report.results):
        out.print(WORDS[lang]["unverified"], style="dim")


def _status_text(status: str | None, lang: str, symbol: bool = False) -> Any:
    from rich.text import Text

    label = SYMBOLS[status] if symbol else STATUS_LABELS[lang][status]
    return Text(label, style=STATUS_STYLES.get(status or "", ""))


def _detail_table(report: Report, lang: str) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    scope = report.scopes[0]
    name = WORDS[lang]["national"] if scope.is_national else scope.name
    table = Table(
        title=WORDS[lang]["title"].format(scope=name, day=report.day.isoformat()),
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
        cells: list[Any] = [Text(cell) for cell in row_cells(result, lang)]
        cells[0] = Text.assemble(result.kpi.name(lang), "\n", (result.kpi.code, "dim"))
        cells[-1] = _status_text(result.status, lang)
        table.add_row(*cells)
    return table


def _print_matrix(out: Any, report: Report, lang: str) -> None:
    """Provinces down, KPIs across (numbered, with a legend), a status symbol in each cell."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    kpis = []
    for result in report.results:
        if result.figure is not None and result.kpi not in kpis:
            kpis.append(result.kpi)
    table = Table(title=WORDS[lang]["overview"].format(day=report.day.isoformat()), box=box.SIMPLE_HEAD)
    table.add_column("")
    for number_, _ in enumerate(kpis, 1):
        table.add_column(str(number_), justify="center")
    by_key = {(r.scope.key, r.kpi.code): r for r in report.results}
    provinces = [scope for scope in report.scopes if not scope.is_national]
    for scope in report.scopes:
        name = WORDS[lang]["national"] if scope.is_national else scope.name
        table.add_row(Text(name), *(_status_text(by_key[(scope.key, k.code)].status, lang, True) for k in kpis))
    counts = [str(sum(1 for p in provinces if by_key[(p.key, k.code)].status == MET)) for k in kpis]
    table.add_section()
    table.add_row(WORDS[lang]["meeting"].format(n=len(provinces)), *counts)
    out.print(table)
    for number_, kpi in enumerate(kpis, 1):
        out.print(Text.assemble(f"{number_:>3}  ", (kpi.code, "bold"), f"  {kpi.name(lang)}"))
    legend = "  ".join(f"{SYMBOLS[s]} {STATUS_LABELS[lang][s]}" for s in SYMBOLS)
    out.print(Text(f"     {legend}", style="dim"))
    omitted = len({r.kpi.code for r in report.results}) - len(kpis)
    if omitted:
        out.print(WORDS[lang]["omitted"].format(n=omitted), style="dim")


HISTORY_COLUMNS = [
    "period",
    "revision",
    "value",
    "numerator",
    "denominator",
    "source",
    "note",
    "recorded_at",
    "recorded_by",
]


def history_rows(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    return [{name: getattr(figure, name) for name in HISTORY_COLUMNS} for figure in figures]


WRAPPING = {"source", "note", "basis", "name", "full_name", "formed_from", "merged_into"}


def print_rows(title: str, rows: Sequence[dict[str, Any]], columns: Sequence[str], lang: str) -> None:
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
    if isinstance(value, float):
        return number(value, lang, 0 if value == int(value) else 4)
    return str(value)
