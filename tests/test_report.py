from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from egovkpi.storefile import open_store
from tests.helpers import Run


def rows_by_kpi(run: Run, *args: str) -> dict[str, dict[str, Any]]:
    result = run("report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["kpi"]: row for row in json.loads(result.output)}


def test_json_for_phu_yen(sample: Run) -> None:
    rows = rows_by_kpi(sample, "--province", "Phu Yen")
    keys = {"province", "kpi", "period", "actual", "target", "deadline", "attainment", "gap", "status"}
    assert all(keys <= set(row) for row in rows.values())
    assert rows["portal_dossiers_received"]["actual"] == 192577
    assert rows["portal_dossiers_received"]["province"] == "Phú Yên"
    assert rows["portal_dossiers_received"]["status"] is None  # a figure with no target
    assert rows["level4_services"]["status"] == "no_data" and rows["level4_services"]["target"] == 30


def test_national_statuses(sample: Run) -> None:
    rows = rows_by_kpi(sample, "-p", "national")
    assert rows["level4_services"]["actual"] == 30.86 and rows["level4_services"]["status"] == "met"
    assert rows["level4_services"]["gap"] == 0.86
    assert rows["e_documents"]["actual"] == 90.81 and rows["e_documents"]["status"] == "met"
    assert rows["e_documents"]["province"] == "national"
    assert rows["dossiers_fully_online"]["status"] == "missed"
    # QĐ 942's top 50 by 2025 is stricter than QĐ 749's top 70 with the same deadline: the stricter is judged
    assert rows["un_egov_rank"]["target"] == 50 and rows["un_egov_rank"]["status"] == "missed"


def test_period_cut_and_report_date(sample: Run) -> None:
    rows = rows_by_kpi(sample, "-p", "national", "--period", "2020-08")
    level4 = rows["level4_services"]
    assert level4["period"] == "2020-08" and level4["actual"] == 15.9
    # 10.76 for 2019 (at 2019.5), 15.9 for August 2020 (at 2020.625): 41.5 % a year against the 178.8 % needed
    # to reach 30 for 2020 (at 2020.5), a ratio of 0.23: limited progress
    assert (level4["status"], level4["band"]) == ("behind", "limited_progress")
    assert rows["dossiers_fully_online"]["status"] == "no_data"


def test_provincial_target_wins_over_national(run: Run) -> None:
    run("add", "-p", "Hai Phong", "-k", "work_records_online", "--period", "2019", "--value", "65")
    rows = rows_by_kpi(run, "-p", "Hải Phòng", "--period", "2019")
    assert rows["work_records_online"]["target"] == 60
    assert rows["work_records_online"]["status"] == "met"


def test_on_track(run: Run) -> None:
    for period, value in (("2024", "40"), ("2025-H1", "55")):
        run("add", "-p", "Thanh Hóa", "-k", "eid_authenticated", "--period", period, "--value", value)
    rows = rows_by_kpi(run, "-p", "Thanh Hoa", "--period", "2025-H1")
    assert rows["eid_authenticated"]["status"] == "met"  # Thanh Hóa's own 40% by 2025
    run("add", "-p", "Thanh Hóa", "-k", "satisfaction", "--period", "2024", "--value", "80")
    # 80 for 2024 (at 2024.5), 88 for 2025-H1 (at 2025.25): 13.6 % a year against the 12.5 % needed to reach 90 for
    # 2025 (at 2025.5), a ratio of 1.08 (86 would be 10.1 %, a ratio of 0.81: acceleration needed, behind)
    run("add", "-p", "Thanh Hóa", "-k", "satisfaction", "--period", "2025-H1", "--value", "88")
    assert rows_by_kpi(run, "-p", "Thanh Hoa", "--period", "2025-H1")["satisfaction"]["status"] == "on_track"
    assert rows_by_kpi(run, "-p", "Thanh Hoa", "--period", "2025")["satisfaction"]["status"] == "missed"


def test_csv_has_the_same_columns_with_plain_numbers(sample: Run) -> None:
    result = sample("report", "-p", "national", "-f", "csv", "--lang", "vi")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    level4 = next(r for r in rows if r["kpi"] == "level4_services")
    assert level4["actual"] == "30.86" and level4["status"] == "met"
    assert {"province", "kpi", "period", "actual", "target", "deadline", "attainment", "gap", "status"} <= set(rows[0])


def test_table_in_vietnamese_writes_numbers_the_vietnamese_way(sample: Run) -> None:
    result = sample("report", "-p", "Phú Yên", "--lang", "vi")
    assert result.exit_code == 0
    assert "192.577" in result.output and "91,85" in result.output
    assert "chưa có số liệu" in result.output
    english = sample("report", "-p", "Phú Yên", "--lang", "en").output
    assert "192,577" in english and "91.85" in english and "no data" in english


def test_language_from_environment_and_locale(sample: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_LANG", "vi")
    assert "Đánh giá" in sample("report", "-p", "Phú Yên").output
    monkeypatch.delenv("EGOVKPI_LANG")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert "Đánh giá" in sample("report", "-p", "Phú Yên").output
    monkeypatch.setenv("EGOVKPI_LANG", "fr")
    result = sample("report", "-p", "Phú Yên")
    assert result.exit_code == 2 and "accepted: vi, en" in result.output


def test_overview_lists_national_first_and_counts_provinces(sample: Run) -> None:
    result = sample("report", "--map", "63")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    first_scope = next(line for line in lines if "National" in line or "Hà Nội" in line)
    assert "National" in first_scope
    meeting = next(line for line in lines if "Provinces meeting it (of 6, 63-unit map)" in line)
    assert meeting.split()[7] == "2"  # Nam Định and Tiền Giang meet level4_services
    rows = json.loads(sample("report", "-f", "json", "--map", "63").output)
    assert rows[0]["province"] == "national"
    assert {r["province"] for r in rows} >= {"Phú Yên", "Hải Phòng", "Tiền Giang"}
    merged = json.loads(sample("report", "-f", "json").output)  # today: the 34-unit map
    assert {r["province"] for r in merged} >= {"national", "Đắk Lắk", "Hải Phòng", "Đồng Tháp"}
    assert "Phú Yên" not in {r["province"] for r in merged}


def test_markdown(sample: Run) -> None:
    result = sample("report", "-p", "national", "-f", "markdown")
    assert result.output.startswith("## National")
    assert "| Online public services at level 4 | 2020 | 30.86 | 30 | 2020 |" in result.output


def test_no_colour_when_piped(sample: Run) -> None:
    assert "\x1b[" not in sample("report", "-p", "national").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "Atlantis"], "unknown province"),
        (["--period", "2020-13"], "a month is 01 to 12"),
        (["-f", "xml"], "'xml' is not one of"),
        (["--lang", "fr"], "'fr' is not one of"),
    ],
)
def test_report_refusals(sample: Run, args: list[str], message: str) -> None:
    result = sample("report", *args)
    assert result.exit_code == 2 and result.output.startswith("Error:"), result.output
    assert message in result.output and result.output.count("\n") == 1


def test_empty_store_reports_no_data(run: Run, isolated: Path) -> None:
    open_store(isolated / "figures.db", writing=True)
    rows = rows_by_kpi(run, "-p", "Phú Yên")
    from egovkpi.provinces import registry
    from egovkpi.settings import targets_path
    from egovkpi.targets import Kpi, load_targets

    phu_yen = registry().match("Phú Yên")
    kpis = load_targets(targets_path(None), registry()).kpis

    # not judged: national-only, or every milestone tiered for another level or due after Phú Yên ended (30/06/2025)
    def concerns(kpi: Kpi) -> bool:  # it has its own milestone or a national one: else it is not its KPI at all
        return any(target.scope.is_national or target.scope.key == phu_yen.key for target in kpi.targets)

    not_judged = {
        code for code, kpi in kpis.items() if kpi.national_only or (concerns(kpi) and not kpi.milestones(phu_yen))
    }
    assert {"un_egov_rank", "work_records_online", "dossiers_fully_online"} <= not_judged
    assert {kpi for kpi, row in rows.items() if row["status"] is None} == not_judged
    assert {row["status"] for kpi, row in rows.items() if kpi not in not_judged} == {"no_data"}
    assert json.loads(run("report", "-f", "json").output) == []


OLD, NEW = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


@pytest.mark.parametrize(
    ("units", "day", "expected"),
    [
        ([("Phú Yên", OLD), ("Nam Định", OLD)], dt.date(2024, 12, 31), "map_63"),
        ([("Đắk Lắk", NEW), ("Ninh Bình", NEW)], dt.date(2026, 1, 1), "map_34"),
        ([("Hà Nội", OLD)], dt.date(2024, 12, 31), "map_63"),
        ([("Hà Nội", NEW)], dt.date(2026, 1, 1), "map_34"),
        ([("Phú Yên", OLD), ("Đắk Lắk", NEW)], dt.date(2026, 1, 1), "map_both"),
    ],
)
def test_a_count_of_provinces_says_which_map_it_is_on(
    units: list[tuple[str, dt.date]], day: dt.date, expected: str
) -> None:
    from egovkpi.provinces import registry
    from egovkpi.render.console import map_of

    chosen = [registry().match(name, on=on) for name, on in units]
    assert map_of(chosen, day) == expected


def test_a_name_two_units_bore_is_dated_in_every_report(run: Run) -> None:
    for period, value in (("2024", "40"), ("2026-01", "50")):
        assert run.add("--value", value, province="Đắk Lắk", period=period).exit_code == 0
    for which, title in (("63", "## Đắk Lắk (until 2025-06-30)"), ("34", "## Đắk Lắk (from 2025-07-01)")):
        shown = run("report", "-f", "markdown", "--map", which).output.splitlines()
        assert [line.split(":")[0] for line in shown if line.startswith("## ")] == [title]
    both = run("report", "-p", "Đắk Lắk", "-p", "66", "--map", "63", "-f", "markdown").output
    assert "## Đắk Lắk (until 2025-06-30)" in both
    summary = run("summary", "--lang", "vi").output
    assert "Tiêu đề: Đắk Lắk (từ 01/07/2025): đạt" in summary
