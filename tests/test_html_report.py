"""`report --format html`: one self-contained page, opened in headless Chromium at a phone's width and measured.

As in test_mail_screenshot.py, the page is put in a 360 px iframe of a probe page whose script writes what it
measured into its <title>, which --dump-dom prints; Chromium's console (--enable-logging=stderr) must stay silent.
Every chart must have a size, a title and a description, and each plotted point, read back through the chart's
scale from where it is drawn, must be the figure of data/figures.csv for its KPI and period.
"""

from __future__ import annotations

import csv
import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from egovkpi.render.charts import Bar, Mark, Plot, bar_chart, bar_rows, can_draw, series_svg, sparkline
from tests.helpers import HEADLESS, ROOT, Run

CHROMIUM = Path("/usr/bin/chromium")
PHONE = 360
chromium_only = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent")

PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>pending</title></head><body style="margin: 0;">
<iframe id="page" style="display: block; width: %dpx; height: 6000px; border: 0;" srcdoc="%s"></iframe>
<script>
window.addEventListener("load", function () {
  var page = document.getElementById("page").contentWindow, doc = page.document;
  var all = function (root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
  var number = function (element, name) { return parseFloat(element.getAttribute(name)); };
  document.title = JSON.stringify({
    clientWidth: doc.documentElement.clientWidth,
    scrollWidth: doc.documentElement.scrollWidth,
    resources: page.performance.getEntriesByType("resource").length,
    charts: all(doc, "svg").map(function (svg) {
      var box = svg.getBoundingClientRect();
      return {kind: svg.getAttribute("class"), width: box.width, height: box.height, right: box.right,
              role: svg.getAttribute("role"), title: (svg.querySelector("title") || {}).textContent || "",
              desc: (svg.querySelector("desc") || {}).textContent || ""};
    }),
    points: all(doc, "figure.kpi").map(function (figure) {
      var svg = figure.querySelector("svg"), low = number(svg, "data-y-min"), high = number(svg, "data-y-max");
      var top = number(svg, "data-top"), bottom = number(svg, "data-bottom");
      var step = (high - low) / (bottom - top);
      return {kpi: figure.getAttribute("data-kpi"), step: step, points: all(svg, "circle.point").map(function (c) {
        return {period: c.getAttribute("data-period"), x: c.cx.baseVal.value,
                value: low + (bottom - c.cy.baseVal.value) / (bottom - top) * (high - low)};
      })};
    }),
    cells: all(doc, "g.cell").length,
    bars: all(doc, "g.bar").length
  });
});
</script></body></html>
"""


def open_in_chromium(page: str, folder: Path) -> dict[str, Any]:
    probe = folder / "probe.html"
    probe.write_text(PROBE % (PHONE, html.escape(page, quote=True)), encoding="utf-8")
    command = [
        str(CHROMIUM),
        *HEADLESS,
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={folder / 'profile'}",
        f"--window-size={PHONE},2000",
        "--dump-dom",
        probe.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], "the page logged to the console"
    found = re.search(r"<title>(.*?)</title>", done.stdout, re.S)
    assert found and found[1] != "pending", done.stdout[:500]
    measured: dict[str, Any] = json.loads(html.unescape(found[1]))
    return measured


def page(run: Run, *args: str) -> str:
    result = run("report", "--format", "html", *args)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("<!DOCTYPE html>")
    return text


def national_figures() -> dict[tuple[str, str], float]:
    with open(ROOT / "data" / "figures.csv", encoding="utf-8") as handle:
        return {
            (row["kpi"], row["period"]): float(
                row["value"] or 100 * float(row["numerator"]) / float(row["denominator"])
            )
            for row in csv.DictReader(handle)
            if row["province"] == "national"
        }


@chromium_only
def test_every_chart_renders_and_plots_the_figures(sample: Run, tmp_path: Path) -> None:
    measured = open_in_chromium(page(sample, "-p", "national"), tmp_path)
    assert measured["resources"] == 0, "the page loads something from outside"
    assert measured["scrollWidth"] <= measured["clientWidth"] <= PHONE, "the page scrolls sideways on a phone"
    charts = measured["charts"]
    assert len(charts) == len(measured["points"]) >= 10
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 80, chart
        assert chart["right"] <= PHONE
        assert chart["role"] == "img" and chart["title"] and chart["desc"]
    plotted: dict[tuple[str, str], float] = {}
    within: dict[tuple[str, str], float] = {}  # what 0.01 of a unit of the viewBox (the coordinates' rounding) is
    for chart in measured["points"]:
        xs = [point["x"] for point in chart["points"]]
        assert xs == sorted(xs), f"{chart['kpi']}: points out of period order"
        plotted.update({(chart["kpi"], point["period"]): point["value"] for point in chart["points"]})
        within.update({(chart["kpi"], point["period"]): chart["step"] * 0.0051 for point in chart["points"]})
    figures = national_figures()
    assert set(plotted) == set(figures)
    for key, value in figures.items():
        assert plotted[key] == pytest.approx(value, abs=within[key]), key


@chromium_only
def test_the_overview_has_a_heat_map_and_a_ranking(sample: Run, tmp_path: Path) -> None:
    text = page(sample, "--lang", "vi")
    assert '<html lang="vi">' in text and "Đánh giá theo tỉnh và chỉ tiêu" in text
    measured = open_in_chromium(text, tmp_path)
    kinds = [chart["kind"] for chart in measured["charts"]]
    assert kinds[:2] == ["chart heat", "chart bars"]
    assert measured["cells"] > 0 and measured["bars"] > 0
    assert all(chart["width"] > 0 and chart["height"] > 0 and chart["desc"] for chart in measured["charts"])
    assert measured["scrollWidth"] <= measured["clientWidth"]


def test_output_writes_the_file(sample: Run) -> None:
    result = sample("report", "-p", "national", "--output", "report.html")
    assert result.exit_code == 0, result.output
    written = Path("report.html").read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in written and "@media print" in written
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", written), "an external asset"
    assert "Wrote report.html" in result.stderr


def test_the_projection_is_dashed_to_the_deadline() -> None:
    import datetime as dt

    plot = Plot(
        [Mark(dt.date(2020, 12, 31), 20.0, "2020"), Mark(dt.date(2022, 12, 31), 40.0, "2022")],
        80.0,
        dt.date(2025, 12, 31),
        70.0,
        "#9a6700",
        "online",
        "Figures: 2020: 20; 2022: 40.",
        "c-test",
        percent=True,
    )
    svg = series_svg(plot, "en")
    [projection] = re.findall(r'<line class="projection"[^>]*>', svg)
    assert 'stroke-dasharray="6 4"' in projection and 'data-value="70.0"' in projection
    [deadline] = re.findall(r'<line class="deadline" x1="([\d.]+)"', svg)
    assert re.search(rf'x2="{deadline}"', projection)
    assert 'role="img"' in svg and "<desc" in svg


def test_text_charts() -> None:
    assert sparkline([1, 2, 3, 8]) == "▁▂▃█"
    assert sparkline([1, 2, 3, 8], plain=True) == "_.-#"
    assert sparkline([5, 5]) == "▅▅"
    assert not can_draw("ascii") and can_draw("utf-8")
    lines = bar_rows([("2019", 10.0, "10", 50.0), ("2020", 60.0, "60", 50.0)], 40, plain=True)
    assert lines[0].startswith("2019  #") and "|" in lines[0] and lines[1].endswith("60")
    assert all(len(line) <= 40 for line in lines)
    assert 'data-value="3"' in bar_chart([Bar("Hà Nội", 3, "3/5")], 5, "t", "d")


def test_history_chart(sample: Run) -> None:
    result = sample("history", "-p", "national", "-k", "un_egov_rank", "--chart")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "National · un_egov_rank"
    assert [line.split()[0] for line in lines[1:7]] == ["2014", "2016", "2018", "2020", "2022", "2024"]
    assert lines[-1] == "│ the target for the period: top 50 by 2025-12-31"


def test_sparkline_in_the_report_table(sample: Run) -> None:
    result = sample("report", "-p", "national")
    assert result.exit_code == 0, result.output
    assert re.search(r"level4_services [▁▂▃▄▅▆▇█]{2,}", result.stdout)
