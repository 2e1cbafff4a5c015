"""`egovkpi missing`: on a store with gaps, exactly the units that must report and have not, per KPI, with the days
overdue; exit 3 when any is missing, 0 when none is."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

import egovkpi.cli.completeness as commands
from egovkpi.cli import options
from egovkpi.periods import parse_period
from tests.helpers import Run

TODAY = dt.date(2025, 8, 20)  # after the reform: 2025-Q2 (due 15/07/2025) and 2024 (due 15/01/2025) are the latest
TARGETS = """\
kpis:
  q_dossiers:
    name: {vi: "Hồ sơ theo quý", en: "Dossiers each quarter"}
    unit: count
    direction: higher
    frequency: quarter
    targets:
      - {scope: "Phú Yên", value: 100, deadline: 2024, basis: "KH UBND tỉnh Phú Yên"}
      - {scope: "Hà Nội", value: 100, deadline: 2025, basis: "KH UBND TP Hà Nội"}
  y_portal:
    name: {vi: "Cổng dịch vụ công", en: "Service portal"}
    unit: percent
    direction: higher
    reported_by: [national, "Phú Yên", "Đắk Lắk", "Thanh Hóa"]
    targets:
      - {scope: national, value: 50, deadline: 2025, basis: "NQ 17/NQ-CP"}
"""
RECEIVED = [  # (province, KPI, period): the gaps are Phú Yên 2025-Q2, Hà Nội 2024-Q3 and Q4, Phú Yên and
    # Thanh Hóa 2024 (yearly)
    *(("Phú Yên", "q_dossiers", f"2024-Q{quarter}") for quarter in range(1, 5)),
    ("Hà Nội", "q_dossiers", "2024-Q1"),
    ("Hà Nội", "q_dossiers", "2024-Q2"),
    ("Hà Nội", "q_dossiers", "2025-Q1"),
    ("Hà Nội", "q_dossiers", "2025-Q2"),
    ("Phú Yên", "q_dossiers", "2025-Q1"),
    ("national", "y_portal", "2024"),
    ("Đắk Lắk", "y_portal", "2024"),
]


def fixed_today(monkeypatch: pytest.MonkeyPatch, today: dt.date) -> None:
    """The commands judge on `today` instead of the real day."""
    real = options.context

    def context(*args: Any, **values: Any) -> options.Context:
        return dataclasses.replace(real(*args, **values), today=today)

    monkeypatch.setattr(commands, "context", context)


@pytest.fixture
def gaps(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    monkeypatch.setenv("EGOVKPI_TARGETS", str(path))
    for province, kpi, period in RECEIVED:
        received = parse_period(period).end + dt.timedelta(days=10)
        result = run.add("--value", "60", "--received", str(received), province=province, kpi=kpi, period=period)
        assert result.exit_code == 0, result.output
    fixed_today(monkeypatch, TODAY)
    yield run


def listed(run: Run, *args: str) -> tuple[int, list[tuple[str, str, str, int]]]:
    """The exit code and (province, KPI, period, days overdue) of each report `missing --format json` lists."""
    result = run("missing", "--format", "json", *args)
    assert result.exit_code in (0, 3), result.output
    rows = json.loads(result.stdout)
    return result.exit_code, [(r["province"], r["kpi"], r["period"], r["days_overdue"]) for r in rows]


def test_the_latest_period_due_of_a_quarterly_and_a_yearly_kpi(gaps: Run) -> None:
    code, found = listed(gaps)
    assert code == 3
    assert found == [
        ("Thanh Hóa", "y_portal", "2024", 217),  # due 15/01/2025
        ("Phú Yên", "q_dossiers", "2025-Q2", 36),  # due 15/07/2025
        ("Phú Yên", "y_portal", "2024", 217),
    ]


def test_the_json_record(gaps: Run) -> None:
    result = gaps("missing", "--format", "json", "--kpi", "q_dossiers")
    assert result.exit_code == 3
    assert json.loads(result.stdout) == [
        {
            "province": "Phú Yên",
            "province_code": "54",
            "province_valid_from": None,
            "former_province": None,
            "former_province_code": None,
            "kpi": "q_dossiers",
            "kpi_name": "Dossiers each quarter",
            "period": "2025-Q2",
            "due": "2025-07-15",
            "days_overdue": 36,
        }
    ]


def test_the_table(gaps: Run) -> None:
    result = gaps("missing")
    assert result.exit_code == 3
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0].strip() == "Reports due and not received, for 2024, 2025-Q2; judged on 2025-08-20"
    rows = [line.split() for line in lines[3:-1]]
    assert rows == [
        ["Thanh", "Hóa", "y_portal", "2024", "2025-01-15", "217"],
        ["Phú", "Yên", "q_dossiers", "2025-Q2", "2025-07-15", "36"],
        ["Phú", "Yên", "y_portal", "2024", "2025-01-15", "217"],
    ]
    assert lines[-1] == "3 of 6 reports due are missing"


def test_the_table_in_vietnamese(gaps: Run) -> None:
    result = gaps("missing", "--lang", "vi")
    assert result.exit_code == 3
    assert "Báo cáo đã đến hạn nhưng chưa nhận, kỳ 2024, 2025-Q2; đánh giá ngày 20/08/2025" in result.stdout
    assert "15/07/2025" in result.stdout and "hạn nộp" in result.stdout and "số ngày" in result.stdout
    assert "Còn thiếu 3 trên 6 báo cáo đến hạn" in result.stdout


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("width", [60, 80])
def test_the_table_fits(gaps: Run, monkeypatch: pytest.MonkeyPatch, lang: str, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = gaps("missing", "--map", "34", "--period", "2024", "--lang", lang)
    assert result.exit_code == 3
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width
    assert "q_dossiers" in result.stdout and "y_portal" in result.stdout


def test_nothing_missing_exits_0(gaps: Run) -> None:
    result = gaps("missing", "--province", "Hà Nội")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Every report due has been received: 1 for 2025-Q2; judged on 2025-08-20\n"
    assert listed(gaps, "--province", "ha noi") == (0, [])


def test_once_received_it_is_no_longer_missing(gaps: Run) -> None:
    for province in ("Phú Yên", "Thanh Hóa"):
        done = gaps.add("--value", "60", "--received", "2025-08-19", province=province, kpi="y_portal", period="2024")
        assert done.exit_code == 0, done.output
    assert listed(gaps, "-k", "Y_PORTAL") == (0, [])
    assert gaps("withdraw", "-p", "Thanh Hóa", "-k", "y_portal", "--period", "2024", "--reason", "x").exit_code == 0
    assert listed(gaps, "-k", "y_portal") == (3, [("Thanh Hóa", "y_portal", "2024", 217)])


def test_a_longer_period_covers_every_period_of_the_frequency_inside_it(gaps: Run) -> None:
    code, found = listed(gaps, "--period", "2024")
    assert code == 3
    assert found == [
        ("Hà Nội", "q_dossiers", "2024-Q3", 309),  # due 15/10/2024
        ("Hà Nội", "q_dossiers", "2024-Q4", 217),
        ("Thanh Hóa", "y_portal", "2024", 217),
        ("Phú Yên", "y_portal", "2024", 217),
    ]


def test_a_shorter_period_skips_the_kpis_reported_for_longer_ones(gaps: Run) -> None:
    assert listed(gaps, "--period", "2024-Q3") == (3, [("Hà Nội", "q_dossiers", "2024-Q3", 309)])
    assert listed(gaps, "--period", "2024-Q2") == (0, [])
    result = gaps("missing", "--period", "2024-05")  # no KPI is monthly
    assert result.exit_code == 0 and result.stdout == "No report for 2024-05 was due by 2025-08-20\n"


def test_a_period_not_yet_due(gaps: Run) -> None:
    assert listed(gaps, "--period", "2025-Q3") == (0, [])


def test_the_34_map_shows_the_new_province_with_its_old_unit(gaps: Run) -> None:
    result = gaps("missing", "--map", "34", "--period", "2024")
    assert result.exit_code == 3
    assert "Đắk Lắk (Phú Yên)" in result.stdout and "y_portal" in result.stdout
    rows = json.loads(gaps("missing", "--map", "34", "--period", "2024", "-f", "json").stdout)
    assert [(r["province"], r["province_valid_from"], r["former_province"], r["period"]) for r in rows] == [
        ("Hà Nội", None, None, "2024-Q3"),
        ("Hà Nội", None, None, "2024-Q4"),
        ("Thanh Hóa", None, None, "2024"),
        ("Đắk Lắk", "2025-07-01", "Phú Yên", "2024"),
    ]


def test_a_province_on_the_34_map_selects_the_units_that_became_it(gaps: Run) -> None:
    code, found = listed(gaps, "--map", "34", "--period", "2024", "--province", "Dak Lak")
    assert (code, found) == (3, [("Đắk Lắk", "y_portal", "2024", 217)])  # Phú Yên's, answered by Đắk Lắk
    # without a map the name means the units called Đắk Lắk, each in its own periods: the old one reported
    assert listed(gaps, "--period", "2024", "--province", "Dak Lak") == (0, [])
    assert listed(gaps, "--period", "2024", "-p", "Phú Yên", "-p", "Thanh Hóa") == (
        3,
        [("Thanh Hóa", "y_portal", "2024", 217), ("Phú Yên", "y_portal", "2024", 217)],
    )


def test_the_63_map_asks_only_for_periods_before_the_reform(gaps: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_today(monkeypatch, dt.date(2026, 2, 1))  # 2025 is due (15/01/2026), not on the 63 map
    code, found = listed(gaps, "--map", "63")
    assert code == 3 and {period for _, _, period, _ in found} == {"2024", "2025-Q2"}  # the latest on it
    code, found = listed(gaps)
    assert {period for _, _, period, _ in found} == {"2025", "2025-Q4"}
    assert ("Đắk Lắk", "y_portal", "2025", 17) in found  # the merged one now
    assert ("Phú Yên", "y_portal", "2025", 17) not in found


def test_csv(gaps: Run) -> None:
    result = gaps("missing", "--format", "csv", "--kpi", "y_portal")
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        "province,province_code,province_valid_from,former_province,former_province_code,kpi,kpi_name,period,due,"
        "days_overdue",
        "Thanh Hóa,38,,,,y_portal,Service portal,2024,2025-01-15,217",
        "Phú Yên,54,,,,y_portal,Service portal,2024,2025-01-15,217",
    ]


def test_refusals(gaps: Run) -> None:
    result = gaps("missing", "--kpi", "q_dosiers")
    assert result.exit_code == 2 and "did you mean 'q_dossiers'" in result.output
    result = gaps("missing", "--province", "Nowhere")
    assert result.exit_code == 2 and "unknown province 'Nowhere'" in result.output
    result = gaps("missing", "--period", "2024-Q5")
    assert result.exit_code == 2 and "2024-Q5" in result.output
