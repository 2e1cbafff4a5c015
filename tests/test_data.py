"""The shipped data: every milestone sourced, every sample figure sourced and in range, Huế's two names by date."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from egovkpi.periods import parse_period
from egovkpi.provinces import registry
from egovkpi.targets import check_value
from tests.helpers import ROOT, Run, raw_kpis, shipped

VERIFICATION = {"verified", "secondary_summary", "secondary_quote", "seed_article", "unverified"}
COMPARATORS = {">=", ">", "<=", "<", "=", "top_n"}
TIERS = {"ministry", "province", "district", "commune"}
FIGURES = ROOT / "data" / "figures.csv"
COLUMNS = ["province", "kpi", "period", "value", "numerator", "denominator", "source", "note"]


def milestones() -> list[tuple[str, dict[str, Any]]]:
    return [(code, entry) for code, body in raw_kpis().items() for entry in body.get("targets") or []]


def figure_rows() -> list[dict[str, str]]:
    with open(FIGURES, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def _id(item: tuple[str, dict[str, Any]]) -> str:
    code, entry = item
    return f"{code}-{entry['scope']}-{entry['deadline']}-{entry.get('tier', '')}-{entry['value']}"


def test_the_shipped_targets_load() -> None:
    assert shipped().kpis


@pytest.mark.parametrize("item", milestones(), ids=[_id(item) for item in milestones()])
def test_every_milestone_has_basis_source_and_verification(item: tuple[str, dict[str, Any]]) -> None:
    code, entry = item
    for key in ("basis", "source"):
        assert isinstance(entry.get(key), str) and entry[key].strip(), f"{code}: no {key}"
    source = entry["source"]
    assert source.startswith(("http://", "https://", "seeds/")), f"{code}: source {source!r} is not a URL or seeds/00N"
    assert entry.get("verification") in VERIFICATION, f"{code}: verification {entry.get('verification')!r}"
    assert entry.get("comparator", ">=") in COMPARATORS
    assert entry.get("tier", "province") in TIERS


def test_the_loaded_milestones_keep_their_verification() -> None:
    loaded = [target for kpi in shipped().kpis.values() for target in kpi.targets]
    assert len(loaded) == len(milestones())
    assert all(target.basis and target.verification in VERIFICATION for target in loaded)


@pytest.mark.parametrize("code", sorted(raw_kpis()))
def test_every_kpi_is_defined_in_both_languages(code: str) -> None:
    body = raw_kpis()[code]
    for key in ("name", "definition"):
        assert isinstance(body.get(key), dict), f"{code}: no {key}"
        assert body[key].get("vi", "").strip() and body[key].get("en", "").strip(), f"{code}: {key} needs vi and en"


def test_a_rank_target_says_top_n() -> None:
    for code, entry in milestones():
        if code.startswith("un_") and code.endswith("_rank"):
            assert entry["comparator"] == "top_n", code


def test_satisfaction_is_more_than_eighty() -> None:
    [national] = [entry for code, entry in milestones() if code == "satisfaction" and entry["scope"] == "national"]
    assert (national["value"], national["comparator"]) == (80, ">")


def test_the_national_fifty_percent_of_online_dossiers_is_unverified() -> None:
    found = [e for c, e in milestones() if c == "online_dossiers" and e["scope"] == "national" and e["value"] == 50]
    assert [entry["verification"] for entry in found] == ["unverified"]
    assert "Thanh Hóa" in found[0]["note"]


FIGURE_ROWS = figure_rows()


@pytest.mark.parametrize("row", FIGURE_ROWS, ids=[f"{r['province']}-{r['kpi']}-{r['period']}" for r in FIGURE_ROWS])
def test_every_figure_has_a_source_and_lies_in_its_kpis_range(row: dict[str, str]) -> None:
    assert row["source"].strip(), "a figure without a source"
    kpi = shipped().kpi(row["kpi"])
    period = parse_period(row["period"])
    unit = registry().match(row["province"], on=period.end)
    assert unit.valid_on(period.end), f"{unit.name} did not exist at the end of {period}"
    if row["value"].strip():
        value = float(row["value"])
        assert not (row["numerator"].strip() or row["denominator"].strip())
    else:
        numerator, denominator = float(row["numerator"]), float(row["denominator"])
        assert 0 <= numerator <= denominator and denominator > 0
        assert kpi.unit == "percent"
        value = 100.0 * numerator / denominator
    check_value(value, kpi.unit)  # raises for a figure outside its KPI's range
    if kpi.national_only:
        assert unit.is_national, f"{kpi.code} is national-only"


def test_the_sample_figures_import(run: Run) -> None:
    result = run("import", str(FIGURES))
    assert result.exit_code == 0, result.output
    assert f"{len(FIGURE_ROWS)} new" in result.output


def test_no_two_figures_share_a_unit_kpi_and_period() -> None:
    keys = [
        (registry().match(r["province"], on=parse_period(r["period"]).end).key, r["kpi"], r["period"])
        for r in FIGURE_ROWS
    ]
    assert len(keys) == len(set(keys))


# ---------------------------------------------------------------- Huế: Thừa Thiên Huế until 31/12/2024


def test_a_2019_thua_thien_hue_is_the_province_of_that_name() -> None:
    unit = registry().match("Thừa Thiên Huế", on=dt.date(2019, 12, 31))
    assert (unit.code, unit.name, unit.full_name, unit.unit_type) == (
        "46",
        "Thừa Thiên Huế",
        "Tỉnh Thừa Thiên Huế",
        "Tỉnh",
    )
    assert unit.valid_to == dt.date(2024, 12, 31)
    assert registry().match("46", on=dt.date(2019, 12, 31)) == unit


def test_hue_is_the_city_from_2025_with_the_same_code() -> None:
    city = registry().match("Huế", on=dt.date(2025, 1, 1))
    assert (city.code, city.full_name, city.valid_from) == ("46", "Thành phố Huế", dt.date(2025, 1, 1))
    assert "Thừa Thiên Huế" in city.former_names
    assert registry().match("Thừa Thiên Huế", on=dt.date(2026, 1, 1)) == city
    old = registry().match("Thừa Thiên Huế", on=dt.date(2024, 12, 31))
    assert registry().successor(old) == city


def test_a_2019_thua_thien_hue_figure_is_stored_for_that_province(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "hue.csv"
    path.write_text(",".join(COLUMNS) + "\nThừa Thiên Huế,e_documents,2019,50,,,test,\n", encoding="utf-8")
    imported = run("import", str(path))
    assert imported.exit_code == 0, imported.output
    history = run("history", "-p", "Thừa Thiên Huế", "-k", "e_documents", "--as-of", "2019-12-31", "-f", "json")
    assert history.exit_code == 0, history.output
    rows = json.loads(history.output)
    assert [(row["period"], row["value"]) for row in rows] == [("2019", 50.0)]
    assert all("Thừa Thiên Huế" in row["province"] for row in rows)


def test_hoa_binh_is_spelled_as_in_the_appendix_and_still_matches_the_old_spelling() -> None:
    unit = registry().match("Hoà Bình", on=dt.date(2020, 1, 1))
    assert (unit.code, unit.name, unit.full_name) == ("17", "Hòa Bình", "Tỉnh Hòa Bình")
