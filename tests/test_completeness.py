"""`egovkpi completeness`: the share of the reports due that came (complete) and came by their due day (on time),
computed by hand for a small case; as a table, JSON, CSV and an HTML heat map."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.cells import cell_len

from egovkpi.completeness import dues, overview, rates, window
from egovkpi.periods import parse_period
from egovkpi.provinces import registry
from egovkpi.render.report_html import report_html
from egovkpi.report import build_report, whole_series
from egovkpi.settings import db_path
from egovkpi.storefile import open_store
from egovkpi.targets import load_targets
from tests.helpers import Run
from tests.test_html_report import PHONE, chromium_only, open_in_chromium
from tests.test_missing import fixed_today

TODAY = dt.date(2025, 8, 20)
NAME = 'Dossiers <b>each</b> quarter & "more"'  # a user's text, to be escaped in HTML
TARGETS = f"""\
kpis:
  q_dossiers:
    name: {{vi: "Hồ sơ theo quý <i>", en: '{NAME}'}}
    unit: count
    direction: higher
    frequency: quarter
    targets:
      - {{scope: "Hà Nội", value: 100, deadline: 2025, basis: "KH UBND TP Hà Nội"}}
      - {{scope: "Thanh Hóa", value: 100, deadline: 2025, basis: "QĐ 1118/QĐ-UBND"}}
  y_portal:
    name: {{vi: "Cổng dịch vụ công", en: "Service portal"}}
    unit: percent
    direction: higher
    due: "day 10 of the following month"
    reported_by: ["Hà Nội"]
    targets:
      - {{scope: national, value: 50, deadline: 2025, basis: "NQ 17/NQ-CP"}}
"""
# 2 provinces x 4 quarters of 2024 = 8 reports due, each 15 days after its quarter: 15/04, 15/07, 15/10, 15/01.
# Hà Nội: all four came, three by their due day (Q2 on the due day itself), Q4 late.
# Thanh Hóa: Q1 on time, Q2 late, Q3 and Q4 never.  Together: 6 of 8 came (75%), 4 of 8 on time (50%).
RECEIVED = [
    ("Hà Nội", "q_dossiers", "2024-Q1", "2024-04-10"),
    ("Hà Nội", "q_dossiers", "2024-Q2", "2024-07-15"),
    ("Hà Nội", "q_dossiers", "2024-Q3", "2024-10-01"),
    ("Hà Nội", "q_dossiers", "2024-Q4", "2025-01-16"),
    ("Thanh Hóa", "q_dossiers", "2024-Q1", "2024-04-15"),
    ("Thanh Hóa", "q_dossiers", "2024-Q2", "2024-08-01"),
    # y_portal 2024, Hà Nội alone, due on 10/01/2025: came late
    ("Hà Nội", "y_portal", "2024", "2025-01-11"),
]


@pytest.fixture
def store(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    monkeypatch.setenv("EGOVKPI_TARGETS", str(path))
    for province, kpi, period, received in RECEIVED:
        result = run.add("--value", "60", "--received", received, province=province, kpi=kpi, period=period)
        assert result.exit_code == 0, result.output
    fixed_today(monkeypatch, TODAY)
    yield run


def records(run: Run, *args: str) -> list[dict[str, object]]:
    result = run("completeness", "--format", "json", "--from", "2024-Q1", "--to", "2024-Q4", *args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    return found


def counts(row: dict[str, object]) -> tuple[object, ...]:
    return tuple(row[key] for key in ("expected", "received", "on_time", "complete_percent", "on_time_percent"))


def test_two_provinces_by_four_quarters(store: Run) -> None:
    found = records(store, "--kpi", "q_dossiers")
    assert [(row["province"], counts(row), row["total"]) for row in found] == [
        ("Hà Nội", (4, 4, 3, 100.0, 75.0), False),
        ("Thanh Hóa", (4, 2, 1, 50.0, 25.0), False),
        (None, (8, 6, 4, 75.0, 50.0), True),
    ]


def test_by_kpi(store: Run) -> None:
    found = records(store, "--by", "kpi")
    assert [(row["kpi"], counts(row)) for row in found] == [
        ("q_dossiers", (8, 6, 4, 75.0, 50.0)),
        ("y_portal", (1, 1, 0, 100.0, 0.0)),  # 11/01/2025 is a day after its due day
        (None, (9, 7, 4, 77.78, 44.44)),
    ]
    assert found[0]["kpi_name"] == NAME


def test_by_province_over_both_kpis(store: Run) -> None:
    found = records(store)
    assert [(row["province"], counts(row)) for row in found] == [
        ("Hà Nội", (5, 5, 3, 100.0, 60.0)),
        ("Thanh Hóa", (4, 2, 1, 50.0, 25.0)),
        (None, (9, 7, 4, 77.78, 44.44)),
    ]


def test_the_library_gives_the_same_rates(store: Run) -> None:
    units = registry()
    targets = load_targets(Path("targets.yaml"), units)
    opened = open_store(db_path(None), writing=False)
    found = dues(opened, units, targets, window(TODAY, parse_period("2024"), parse_period("2024")))
    by_kpi, total = rates(found, "kpi")
    assert [(rate.key, rate.complete, rate.timely) for rate in by_kpi] == [
        ("q_dossiers", 75.0, 50.0),
        ("y_portal", 100.0, 0.0),
    ]
    assert (total.expected, total.received, total.on_time) == (9, 7, 4)


def test_csv(store: Run) -> None:
    result = store("completeness", "--from", "2024", "--to", "2024", "--format", "csv", "--by", "kpi")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["kpi", "kpi_name", "expected", "received", "on_time", "complete_percent", "on_time_percent", "total"],
        ["q_dossiers", NAME, "8", "6", "4", "75.0", "50.0", "False"],
        ["y_portal", "Service portal", "1", "1", "0", "100.0", "0.0", "False"],
        ["", "", "9", "7", "4", "77.78", "44.44", "True"],
    ]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("width", [60, 80])
def test_the_table(store: Run, monkeypatch: pytest.MonkeyPatch, lang: str, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = store("completeness", "--from", "2024-Q1", "--to", "2024-Q4", "--lang", lang)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    text = " ".join(result.stdout.split())
    if lang == "en":
        assert "Reports received, by province: the periods from 2024-01-01 to 2024-12-31; judged on 2025-08-20" in text
        assert re.search(r"Hà Nội +5 +5 +100 +60", result.stdout)
        assert re.search(r"Total +9 +7 +77\.8 +44\.4", result.stdout)
    else:
        assert "Báo cáo đã nhận, theo tỉnh: các kỳ từ 01/01/2024 đến 31/12/2024; đánh giá ngày 20/08/2025" in text
        assert re.search(r"Tổng cộng +9 +7 +77,8 +44,4", result.stdout)
        assert "% đúng hạn" in result.stdout


def test_the_default_is_the_reports_due_in_the_last_twelve_months(store: Run) -> None:
    result = store("completeness", "--by", "kpi", "--format", "json")
    assert result.exit_code == 0, result.output
    # due from 20/08/2024 to 19/08/2025: 2024-Q2 (15/07/2024) is out; 2024-Q3 to 2025-Q2 in, and 2024 (10/01/2025)
    quarterly, yearly, total = json.loads(result.stdout)
    assert counts(quarterly)[:3] == (8, 2, 1) and counts(yearly)[:3] == (1, 1, 0) and total["expected"] == 9
    table = store("completeness")
    assert "the reports due from 2024-08-20 to 2025-08-19" in " ".join(table.stdout.split())


def test_to_alone_is_the_twelve_months_up_to_its_end(store: Run) -> None:
    assert records(store) == json.loads(store("completeness", "--to", "2024", "-f", "json").stdout)


def test_nothing_due(store: Run) -> None:
    result = store("completeness", "--from", "2026", "--to", "2026")
    assert result.exit_code == 0, result.output
    assert result.stdout == "No report was due in the periods from 2026-01-01 to 2026-12-31\n"
    result = store("completeness", "--from", "2025", "--to", "2024")
    assert result.exit_code == 2 and "the range begins on 2025-01-01, after it ends on 2024-12-31" in result.output


class Page(HTMLParser):
    """The heat map's cells, by row label, and the text of every element."""

    def __init__(self) -> None:
        super().__init__()
        self.table: list[list[str]] = []
        self.titles: list[str] = []
        self.depth = 0  # inside table.heat
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("class") == "heat":
            self.depth = 1
        elif self.depth and tag == "tr":
            self.table.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []
            if found.get("title"):
                self.titles.append(found["title"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth = 0
        elif self.cell is not None and tag in ("td", "th"):
            self.table[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def heat(page: str) -> Page:
    parsed = Page()
    parsed.feed(page)
    return parsed


def escaped(page: str) -> None:
    """The KPI's name is never markup: escaped wherever it is."""
    assert "<b>each</b>" not in page and "<i>" not in page
    assert "Dossiers &lt;b&gt;each&lt;/b&gt; quarter &amp; &quot;more&quot;" in page


def test_the_html_heat_map(store: Run, tmp_path: Path) -> None:
    result = store("completeness", "--from", "2024", "--to", "2024", "-o", str(tmp_path / "rates.html"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "rates.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    parsed = heat(page)
    assert parsed.table == [["province", "1", "2"], ["Hà Nội", "100%", "100%"], ["Thanh Hóa", "50%", "—"]]
    assert "Hà Nội · q_dossiers: 4 of 4 reports received, 3 on time" in parsed.titles
    assert "Thanh Hóa · y_portal: no report due" in parsed.titles
    assert '<td class="rate" style="background: #fff8c5;"' in page  # 50%: the colour repeats the number
    assert "<caption>" in page and "80\u201399%" in page  # a caption and the legend of the colours
    escaped(page)
    vietnamese = store("completeness", "--from", "2024", "--to", "2024", "-f", "html", "--lang", "vi").stdout
    assert heat(vietnamese).table[0] == ["tỉnh", "1", "2"] and "Hồ sơ theo quý &lt;i&gt;" in vietnamese


def test_the_overview_report_has_the_heat_map(store: Run) -> None:
    units = registry()
    targets = load_targets(Path("targets.yaml"), units)
    opened = open_store(db_path(None), writing=False)
    result = build_report(opened, units, targets, None, None, TODAY)
    grid = overview(opened, units, targets, TODAY, result.map)
    page = report_html(result, "en", whole_series(result), grid)
    assert "Reports received, by province and KPI" in page
    assert "the reports due from 2024-08-20 to 2025-08-19" in page
    assert heat(page).table == [["province", "1", "2"], ["Hà Nội", "50%", "100%"], ["Thanh Hóa", "0%", "—"]]
    escaped(page)
    assert "Reports received" not in report_html(result, "en", whole_series(result))  # only when given


@chromium_only
def test_the_page_reads_on_a_phone(store: Run, tmp_path: Path) -> None:
    page = store("completeness", "--from", "2024", "--to", "2024", "-f", "html", "--lang", "vi").stdout
    measured = open_in_chromium(page, tmp_path)
    assert measured["resources"] == 0, "the page loads something from outside"
    assert measured["scrollWidth"] <= measured["clientWidth"] <= PHONE, "the page scrolls sideways on a phone"
