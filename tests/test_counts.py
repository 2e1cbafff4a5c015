"""Honest counts: a headline counts only the targets that apply to the unit it is about.

A national-only KPI (`applies_to: national`) never counts for a province; a milestone counts for a unit only
if the unit exists on the milestone's deadline day (Phú Yên ended on 30/06/2025; the 2025 units began on
01/07/2025). The expected counts are worked out here from targets.yaml itself, not from egovkpi's code.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from egovkpi.attainment import evaluate
from egovkpi.provinces import REFORM_DAY, registry
from tests.helpers import Run, raw_kpis, shipped

END_OF_63 = dt.date(2025, 6, 30)
TODAY = dt.date(2026, 11, 26)
# The provinces of data/figures.csv and Thanh Hóa (its own targets), with the day each ceased to exist
# (None: still in force), written out by hand.
PROVINCES: dict[str, dt.date | None] = {
    "Phú Yên": END_OF_63,
    "Nam Định": END_OF_63,
    "Tiền Giang": END_OF_63,
    "Hải Phòng": END_OF_63,  # the city before 01/07/2025, with its own 2020 target
    "Hà Nội": None,
    "Thanh Hóa": None,
}
NEW_UNITS = ["Đắk Lắk", "Hải Phòng", "Lào Cai", "Ninh Bình", "Đồng Tháp"]  # formed or re-formed on 01/07/2025


def applicable_count(province: str, ended: dt.date | None) -> int:
    """How many KPIs have a target for `province` on the sample data, straight from the YAML: not national-only,
    the province's own targets if it has any, else the national ones, each with a deadline (a year in the
    shipped file) ending on or before the day the province ended."""
    count = 0
    for body in raw_kpis().values():
        if body.get("applies_to") == "national":
            continue
        targets = body.get("targets") or []
        own = [entry for entry in targets if entry["scope"] == province]
        chosen = own or [entry for entry in targets if entry["scope"] == "national"]
        assert all(isinstance(entry["deadline"], int) for entry in chosen), "a deadline that is not a plain year"
        if any(ended is None or dt.date(entry["deadline"], 12, 31) <= ended for entry in chosen):
            count += 1
    return count


def with_national_targets() -> int:
    """KPIs with a national milestone that is not a tier of another level: those the nation itself is judged on."""
    return sum(
        1
        for body in raw_kpis().values()
        if any(e["scope"] == "national" and not e.get("tier") for e in body.get("targets") or [])
    )


def headline(run: Run, *args: str) -> tuple[int, int]:
    result = run("summary", *args)
    assert result.exit_code == 0, result.output
    found = re.search(r"^Subject: .+: (\d+)/(\d+) e-government targets met", result.output, re.MULTILINE)
    assert found, result.output
    return int(found.group(1)), int(found.group(2))


def test_phu_yen_counts_only_its_applicable_targets(sample: Run) -> None:
    expected = applicable_count("Phú Yên", END_OF_63)
    assert headline(sample, "-p", "Phú Yên") == (0, expected)
    assert expected < with_national_targets()  # before, every KPI with a national target counted: 0/12


@pytest.mark.parametrize(("province", "ended"), list(PROVINCES.items()))
def test_each_province_counts_its_applicable_targets(sample: Run, province: str, ended: dt.date | None) -> None:
    day = ["--period", "2025-06"] if ended else []  # the unit of that name on a day it existed
    assert headline(sample, "-p", province, *day)[1] == applicable_count(province, ended)


def test_the_nation_counts_every_kpi_with_a_target(sample: Run) -> None:
    assert headline(sample, "-p", "national")[1] == with_national_targets()


@pytest.mark.parametrize("code", sorted(raw_kpis()))
def test_an_ended_unit_has_no_milestone_after_it_ended(code: str) -> None:
    phu_yen = registry().match("Phú Yên")
    assert phu_yen.valid_to == END_OF_63
    assert all(m.deadline.end <= END_OF_63 for m in shipped().kpis[code].milestones(phu_yen))


@pytest.mark.parametrize("name", NEW_UNITS)
@pytest.mark.parametrize("code", sorted(raw_kpis()))
def test_a_2025_unit_has_no_2020_milestone(name: str, code: str) -> None:
    unit = registry().match(name, on=REFORM_DAY)
    assert unit.valid_from == REFORM_DAY
    assert all(m.deadline.end >= REFORM_DAY for m in shipped().kpis[code].milestones(unit))


def test_a_2025_unit_is_judged_on_the_2025_national_targets() -> None:
    unit = registry().match("Đắk Lắk", on=REFORM_DAY)
    targets = shipped()
    assert [m.value for m in targets.kpis["online_dossiers"].milestones(unit)] == [50]
    assert targets.kpis["level4_services"].milestones(unit) == []  # its only target was for 2020
    result = evaluate(unit, targets.kpis["level4_services"], [], TODAY)
    assert (result.target, result.status) == (None, None)


@pytest.mark.parametrize("code", ["un_egov_rank", "data_sharing_platform"])
def test_the_national_only_kpis_of_the_shipped_file(code: str) -> None:
    kpi = shipped().kpis[code]
    assert kpi.national_only and raw_kpis()[code]["applies_to"] == "national"
    assert all(t.scope.is_national for t in kpi.targets)


@pytest.mark.parametrize("province", ["Phú Yên", "Hà Nội", "Thanh Hóa"])
def test_a_national_only_kpi_is_listed_for_a_province_but_not_judged(sample: Run, province: str) -> None:
    result = sample("report", "-p", province, "--format", "json")
    rows = {row["kpi"]: row for row in json.loads(result.output)}
    assert rows["un_egov_rank"]["status"] is None and rows["un_egov_rank"]["target"] is None
    national = {row["kpi"]: row for row in json.loads(sample("report", "-p", "national", "-f", "json").output)}
    # QĐ 942's top 50 by 2025 is stricter than QĐ 749's top 70 for the same deadline, so it is the one judged
    assert national["un_egov_rank"]["target"] == 50 and national["un_egov_rank"]["status"] == "missed"


def test_only_kpis_that_exist_only_nationally_are_national_only() -> None:
    national_only = sorted(code for code, kpi in shipped().kpis.items() if kpi.national_only)
    assert national_only == [
        "data_sharing_platform",  # a share of ministries and provinces: a province has one or not
        "mobile_service_portals",
        "national_databases",
        "national_portal_accounts",
        "national_portal_dossiers_synced",
        "national_portal_services",
        "national_portal_visits",
        "procedures_cut",  # procedures are set nationally
        "service_portals_connected",
        "specialised_network",
        "un_asean_rank",  # the UN ranks countries
        "un_egov_rank",
        "un_egov_rank_gain",
        "un_eparticipation_rank",
        "un_open_data_rank",
        "units_meeting_level4_target",  # a count of ministries and provinces
    ]
