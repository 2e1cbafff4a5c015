"""egovkpi rank: provinces ranked on one KPI or on the composite, with their movement; the summary's top and bottom."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from egovkpi.periods import Period, parse_period
from egovkpi.ranking import previous_period
from tests.helpers import Run
from tests.test_vietnamese import english_words

TARGETS = """\
kpis:
  level4_services:
    name: {vi: "Tỷ lệ dịch vụ công trực tuyến mức độ 4", en: "Online public services at level 4"}
    unit: percent
    direction: higher
    targets:
      - {scope: national, value: 30, deadline: 2020, basis: "Nghị quyết 17/NQ-CP ngày 07/3/2019"}
  processing_days:
    name: {vi: "Số ngày giải quyết hồ sơ", en: "Days to handle a dossier"}
    unit: days
    direction: lower
    targets:
      - {scope: national, value: 10, deadline: 2020, basis: "Nghị quyết 17/NQ-CP ngày 07/3/2019"}
  waiting_days:
    name: {vi: "Số ngày chờ", en: "Days waiting"}
    unit: days
    direction: lower
    targets: []
  portal_visits:
    name: {vi: "Lượt truy cập cổng", en: "Portal visits"}
    unit: count
    direction: higher
    targets: []
"""


@pytest.fixture
def custom(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Targets of two KPIs (one lower-is-better) and two KPIs without."""
    (isolated / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    monkeypatch.setenv("EGOVKPI_TARGETS", str(isolated / "targets.yaml"))
    return run


@pytest.fixture
def ranked(custom: Run) -> Run:
    """Figures of five provinces in 2019 and 2020."""
    run = custom
    figures = [
        ("Hà Nội", "level4_services", "2019", "20"),
        ("Hà Nội", "processing_days", "2019", "8"),
        ("Hà Nội", "level4_services", "2020", "40"),
        ("Hà Nội", "processing_days", "2020", "5"),
        ("Hải Phòng", "level4_services", "2019", "40"),
        ("Hải Phòng", "processing_days", "2019", "12.5"),
        ("Hải Phòng", "level4_services", "2020", "40"),
        ("Hải Phòng", "processing_days", "2020", "12.5"),  # 80 % of the target: a tie-break of 90
        ("Đà Nẵng", "level4_services", "2020", "60"),
        ("Đà Nẵng", "processing_days", "2020", "20"),  # 50 %: a tie-break of 75
        ("Cần Thơ", "level4_services", "2020", "15"),
        ("Cần Thơ", "processing_days", "2020", "10"),  # met; level4 at 50 %: a tie-break of 75, tied with Đà Nẵng
        ("Cao Bằng", "waiting_days", "2020", "3"),
        ("Cao Bằng", "portal_visits", "2020", "1000"),
        ("Hà Nội", "waiting_days", "2020", "7"),
        ("Hà Nội", "portal_visits", "2020", "5000"),
        ("Hải Phòng", "waiting_days", "2020", "3"),
    ]
    for province, kpi, period, value in figures:
        result = run.add("--value", value, province=province, kpi=kpi, period=period)
        assert result.exit_code == 0, result.output
    return run


def rows(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("rank", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    return found


def ranks(found: list[dict[str, Any]]) -> list[tuple[str, int | None]]:
    """The ranked provinces, in order, with their ranks."""
    return [(row["province"], row["rank"]) for row in found if row["rank"] is not None]


def test_one_kpi_by_attainment_ties_share_a_rank(ranked: Run) -> None:
    found = rows(ranked, "--kpi", "level4_services", "--period", "2020")
    assert ranks(found) == [("Đà Nẵng", 1), ("Hà Nội", 2), ("Hải Phòng", 2), ("Cần Thơ", 4)]
    assert found[0]["attainment"] == 200.0 and found[0]["status"] == "met"


def test_provinces_without_data_are_last_and_unranked(ranked: Run) -> None:
    found = rows(ranked, "--kpi", "level4_services", "--period", "2020", "--map", "63")
    assert len(found) == 63  # every province of the map
    unranked = found[4:]
    assert all(row["rank"] is None and row["status"] == "no_data" and row["movement"] is None for row in unranked)
    assert "Cao Bằng" in [row["province"] for row in unranked]


def test_lower_is_better_by_attainment(ranked: Run) -> None:
    found = rows(ranked, "--kpi", "processing_days", "--period", "2020")
    assert ranks(found) == [("Hà Nội", 1), ("Cần Thơ", 2), ("Hải Phòng", 3), ("Đà Nẵng", 4)]
    assert [row["attainment"] for row in found[:4]] == [200.0, 100.0, 80.0, 50.0]


def test_by_value_without_a_target_in_the_kpis_direction(ranked: Run) -> None:
    lower = rows(ranked, "--kpi", "waiting_days", "--period", "2020")
    assert ranks(lower) == [("Cao Bằng", 1), ("Hải Phòng", 1), ("Hà Nội", 3)]
    higher = rows(ranked, "--kpi", "portal_visits", "--period", "2020")
    assert ranks(higher) == [("Hà Nội", 1), ("Cao Bằng", 2)]
    assert higher[0]["value"] == 5000 and higher[0]["target"] is None and higher[0]["attainment"] is None


def test_the_composite(ranked: Run) -> None:
    found = rows(ranked, "--period", "2020")
    assert ranks(found) == [("Hà Nội", 1), ("Hải Phòng", 2), ("Đà Nẵng", 3), ("Cần Thơ", 3)]
    first, second = found[0], found[1]
    assert (first["met"], first["applicable"], first["share_met"], first["mean_attainment"]) == (2, 2, 100.0, 100.0)
    assert (second["met"], second["share_met"], second["mean_attainment"]) == (1, 50.0, 90.0)
    cao_bang = next(row for row in found if row["province"] == "Cao Bằng")
    assert cao_bang["rank"] is None and cao_bang["status"] == "no_data"  # figures, but none against a target


def test_movement_since_the_previous_period(ranked: Run) -> None:
    found = {row["province"]: row for row in rows(ranked, "--kpi", "level4_services", "--period", "2020")}
    assert (found["Hải Phòng"]["previous_rank"], found["Hải Phòng"]["movement"]) == (1, "-1")
    assert (found["Hà Nội"]["previous_rank"], found["Hà Nội"]["movement"]) == (2, "0")
    assert (found["Đà Nẵng"]["previous_rank"], found["Đà Nẵng"]["movement"]) == (None, "new")
    earlier = rows(ranked, "--kpi", "level4_services", "--period", "2019")
    assert ranks(earlier) == [("Hải Phòng", 1), ("Hà Nội", 2)]


@pytest.mark.parametrize(
    ("period", "before"),
    [("2020", "2019"), ("2020-H1", "2019-H2"), ("2020-Q3", "2020-Q2"), ("2020-Q1", "2019-Q4"), ("2020-01", "2019-12")],
)
def test_the_previous_period_is_of_the_same_kind(period: str, before: str) -> None:
    assert str(previous_period(parse_period(period), dt.date(2026, 5, 1))) == before


def test_without_a_period_the_movement_is_since_last_year() -> None:
    assert previous_period(None, dt.date(2026, 5, 1)) == Period(2025, "Y")


def test_the_63_and_34_maps(run: Run) -> None:
    for province, numerator, denominator in [("Phú Yên", "100", "400"), ("Đắk Lắk", "300", "600")]:
        assert (
            run.add("--numerator", numerator, "--denominator", denominator, province=province, period="2024").exit_code
            == 0
        )
    assert run.add("--value", "45", province="Hà Nội", period="2024").exit_code == 0
    old = rows(run, "--kpi", "online_dossiers", "--period", "2024", "--map", "63")
    new = rows(run, "--kpi", "online_dossiers", "--period", "2024", "--map", "34")
    assert (len(old), len(new)) == (63, 34)
    # on the 63 map the old units, ended before the 2025 deadline, are judged by the 2020 milestone (20 %)
    assert [(row["province"], row["value"], row["attainment"]) for row in old if row["rank"]] == [
        ("Đắk Lắk", 50.0, 250.0),
        ("Phú Yên", 25.0, 125.0),
        ("Hà Nội", 45.0, 90.0),
    ]
    assert [(row["province"], row["value"]) for row in new if row["rank"]] == [("Hà Nội", 45.0), ("Đắk Lắk", 40.0)]
    assert next(row for row in new if row["province"] == "Đắk Lắk")["province_valid_from"] == "2025-07-01"


def test_csv_and_table(ranked: Run) -> None:
    result = ranked("rank", "--kpi", "level4_services", "--period", "2020", "--format", "csv", "--map", "34")
    assert result.exit_code == 0, result.output
    found = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(found[0]) == [
        "rank",
        "province",
        "province_code",
        "period",
        "value",
        "target",
        "attainment",
        "status",
        "previous_rank",
        "movement",
    ]
    assert len(found) == 34 and found[-1]["rank"] == "" and found[-1]["status"] == "no_data"
    table = ranked("rank", "--period", "2020")
    assert table.exit_code == 0, table.output
    assert "Provinces by the share of their targets met, judged on 2020-12-31 (63-unit map)" in table.stdout
    assert "Movement: places gained (+) or lost (-) since 2019" in table.stdout
    [line] = [line for line in table.stdout.splitlines() if "Hải Phòng" in line]
    assert line.split()[:6] == ["2", "Hải", "Phòng", "(until", "2025-06-30)", "1"]


def test_vietnamese_has_no_english(ranked: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    for args in [("--period", "2020"), ("--kpi", "level4_services", "--period", "2020"), ("-k", "waiting_days")]:
        result = ranked("rank", *args, "--lang", "vi")
        assert result.exit_code == 0, result.output
        assert not english_words(result.stdout), (args, english_words(result.stdout))
    assert "mới" in ranked("rank", "-k", "level4_services", "--period", "2020", "--lang", "vi").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kpi", "nope"), "Error: unknown KPI 'nope'"),
        (("--period", "2019-13"), "Error: '2019-13' does not exist"),
        (("--period", "soon"), "Error: 'soon' is not a period"),
        (("--map", "40"), "Error: Invalid value for '--map'"),
    ],
)
def test_bad_input_is_one_error_line(ranked: Run, args: tuple[str, ...], message: str) -> None:
    result = ranked("rank", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(message)


def test_the_summary_has_the_top_and_bottom_five(custom: Run) -> None:
    run = custom
    values = ["29", "27", "25", "23", "21", "19", "17", "15", "13", "11", "9"]  # none met: by mean attainment
    provinces = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Cao Bằng", "Lạng Sơn", "Sơn La", "Lai Châu"]
    provinces += ["Điện Biên", "Quảng Ninh", "Thanh Hóa"]
    for province, value in zip(provinces, values, strict=True):
        assert run.add("--value", value, province=province, kpi="level4_services", period="2020").exit_code == 0
    result = run("summary", "--lang", "en", "--period", "2020")
    assert result.exit_code == 0, result.output
    text = result.stdout.split("--- text/plain ---")[1].split("--- text/html ---")[0]
    top = text.split("Top five provinces, by the share of their targets met")[1].split("Bottom five provinces")[0]
    bottom = text.split("Bottom five provinces")[1]
    assert [line.split(":")[0].strip() for line in top.splitlines() if line.strip(" =")] == [
        "1. Hà Nội",
        "2. Hải Phòng (until 2025-06-30)",  # dated, as the summary names a name two units have borne
        "3. Đà Nẵng (until 2025-06-30)",
        "4. Cần Thơ (until 2025-06-30)",
        "5. Cao Bằng",
    ]
    assert "11. Thanh Hóa" in bottom and "7. Sơn La" in bottom and "6. Lạng Sơn" not in bottom
    assert all(len(line) <= 78 for line in text.splitlines())
    vi = run("summary", "--lang", "vi", "--period", "2020").stdout
    assert "Năm tỉnh dẫn đầu" in vi and "Năm tỉnh cuối bảng" in vi


def test_one_provinces_summary_has_no_ranking(run: Run) -> None:
    assert run.add("--value", "50", province="Hà Nội", kpi="level4_services", period="2020").exit_code == 0
    result = run("summary", "-p", "Hà Nội", "--lang", "en", "--period", "2020")
    assert result.exit_code == 0, result.output
    assert "Top five" not in result.stdout
