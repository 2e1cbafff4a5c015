"""One country, two maps: roll-ups exact or refused, the overview on the 63 and 34 maps, series across July 2025."""

from __future__ import annotations

import json
from typing import Any

from tests.helpers import Run


def ok(result: Any) -> str:
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def row(run: Run, *args: str, kpi: str = "online_dossiers") -> dict[str, Any]:
    rows = json.loads(ok(run("report", "-f", "json", *args)))
    [found] = [r for r in rows if r["kpi"] == kpi]
    assert isinstance(found, dict)
    return found


def two_provinces(run: Run, phu_yen: list[str], dak_lak: list[str], period: str = "2024") -> None:
    ok(run.add(*phu_yen, province="Phú Yên", period=period))
    if dak_lak:
        ok(run.add(*dak_lak, province="Đắk Lắk", period=period))


def test_counts_behind_percentages_roll_up_exactly(run: Run) -> None:
    two_provinces(run, ["--numerator", "100", "--denominator", "400"], ["--numerator", "300", "--denominator", "600"])
    merged = row(run, "-p", "Đắk Lắk", "--period", "2024", "--map", "34")
    assert merged["province_valid_from"] == "2025-07-01"
    assert (merged["actual"], merged["numerator"], merged["denominator"]) == (40.0, 400.0, 1000.0)
    assert merged["status"] == "behind" and merged["target"] == 50  # the 2025 national milestone, due after it formed
    parts = {part["province"]: (part["numerator"], part["denominator"]) for part in merged["parts"]}
    assert parts == {"Phú Yên": (100.0, 400.0), "Đắk Lắk": (300.0, 600.0)}
    assert "together 400/1,000 = 40%" in merged["explanation"]
    old = row(run, "-p", "Đắk Lắk", "--period", "2024")  # 2024 is on the 63 map: the old Đắk Lắk, as itself
    assert (old["province_valid_from"], old["actual"], old["parts"]) == (None, 50.0, None)


def test_bare_percentages_cannot_combine(run: Run) -> None:
    two_provinces(run, ["--value", "25"], ["--value", "50"])
    merged = row(run, "-p", "Đắk Lắk", "--period", "2024", "--map", "34")
    assert merged["actual"] is None and merged["status"] == "cannot_combine"
    assert "Phú Yên, Đắk Lắk gave a percentage without its numerator and denominator" in merged["explanation"]
    vietnamese = row(run, "-p", "Đắk Lắk", "--period", "2024", "--map", "34", "--lang", "vi")
    assert vietnamese["explanation"].startswith("không cộng gộp được")


def test_one_unit_of_two_is_incomplete(run: Run) -> None:
    two_provinces(run, ["--numerator", "100", "--denominator", "400"], [])
    merged = row(run, "-p", "Đắk Lắk", "--period", "2024", "--map", "34")
    assert merged["actual"] is None and merged["status"] == "incomplete"
    assert merged["explanation"].startswith("incomplete: 1 of 2 units reported")
    assert [part["value"] for part in merged["parts"]] == [25.0, None]


def test_counts_are_summed_and_ranks_are_not(run: Run) -> None:
    kpi = "portal_dossiers_received"
    two_provinces(run, ["--value", "1000", "--kpi", kpi], ["--value", "2500", "--kpi", kpi])
    assert row(run, "-p", "Đắk Lắk", "--period", "2024", "--map", "34", kpi=kpi)["actual"] == 3500


def test_the_overview_on_both_maps(run: Run) -> None:
    two_provinces(run, ["--numerator", "100", "--denominator", "400"], ["--numerator", "300", "--denominator", "600"])
    two_provinces(run, ["--value", "61"], [], period="2025-06")
    ok(run.add("--value", "70", province="Đắk Lắk", period="2025-Q4"))
    ok(run.add("--value", "55", province="Hà Nội", period="2024"))
    ok(run.add("--value", "65", province="Hà Nội", period="2025-Q4"))

    def provinces(*args: str) -> dict[str, Any]:
        rows = json.loads(ok(run("report", "-f", "json", *args)))
        return {f"{r['province']}@{r['province_valid_from']}": r for r in rows if r["kpi"] == "online_dossiers"}

    old_2024 = provinces("--period", "2024")  # the 63 map: every unit as itself
    assert {key: r["actual"] for key, r in old_2024.items()} == {
        "Hà Nội@None": 55.0, "Phú Yên@None": 25.0, "Đắk Lắk@None": 50.0
    }  # fmt: skip
    new_2024 = provinces("--period", "2024", "--map", "34")
    assert {key: r["actual"] for key, r in new_2024.items()} == {"Hà Nội@None": 55.0, "Đắk Lắk@2025-07-01": 40.0}
    new_q4 = provinces("--period", "2025-Q4")  # the 34 map: the new unit's own figure
    assert {key: r["actual"] for key, r in new_q4.items()} == {"Hà Nội@None": 65.0, "Đắk Lắk@2025-07-01": 70.0}
    old_q4 = provinces("--period", "2025-Q4", "--map", "63")
    assert old_q4["Phú Yên@None"]["status"] == "not_on_map" and old_q4["Phú Yên@None"]["actual"] is None
    assert old_q4["Hà Nội@None"]["actual"] == 65.0  # a unit on both maps is reported on both
    table = ok(run("report", "--period", "2025-Q4", "--map", "63"))
    assert "not on this map" in table and "Phú Yên" in table


def test_history_continues_a_new_unit_backwards(run: Run) -> None:
    two_provinces(run, ["--numerator", "100", "--denominator", "400"], ["--numerator", "300", "--denominator", "600"])
    ok(run.add("--value", "70", province="Đắk Lắk", period="2025-Q4"))
    rows = json.loads(ok(run("history", "-p", "Dak Lak", "-k", "online_dossiers", "--rollup", "-f", "json")))
    assert [(r["period"], r["value"], r["map"]) for r in rows] == [("2024", 40.0, 63), ("2025-Q4", 70.0, 34)]
    assert rows[0]["made_from"].startswith("roll-up of Phú Yên") and rows[1]["made_from"] is None
    table = ok(run("history", "-p", "Dak Lak", "-k", "online_dossiers", "--rollup"))
    assert "Đắk Lắk (from 2025-07-01)" in table


def test_a_renamed_unit_is_one_line(run: Run) -> None:
    ok(run.add("--value", "40", province="Thừa Thiên Huế", period="2024"))
    ok(run.add("--value", "60", province="Huế", period="2025-H1"))
    hue = row(run, "-p", "Huế", "--period", "2025-H1")
    assert hue["actual"] == 60.0 and hue["parts"] is None
    earlier = row(run, "-p", "Huế", "--period", "2024-12", "--map", "63")
    assert earlier["actual"] == 40.0  # the city's line reaches back into the province's figures
    rows = json.loads(ok(run("history", "-p", "Huế", "-k", "online_dossiers", "--rollup", "-f", "json")))
    assert [(r["period"], r["value"]) for r in rows] == [("2024", 40.0), ("2025-H1", 60.0)]
    overview = json.loads(ok(run("report", "-f", "json", "--period", "2024", "--map", "63")))
    assert {r["province"] for r in overview if r["actual"] is not None} == {"Huế"}


def test_explain_under_the_table(run: Run) -> None:
    two_provinces(run, ["--numerator", "100", "--denominator", "400"], ["--numerator", "300", "--denominator", "600"])
    plain = ok(run("report", "-p", "Đắk Lắk", "--period", "2024", "--map", "34"))
    explained = ok(run("report", "-p", "Đắk Lắk", "--period", "2024", "--map", "34", "--explain"))
    assert "roll-up of" not in plain and "roll-up of Phú Yên: 100/400 = 25%" in explained
    vietnamese = ok(run("report", "-p", "Đắk Lắk", "--period", "2024", "--map", "34", "--explain", "--lang", "vi"))
    assert "cộng gộp từ Phú Yên: 100/400 = 25%" in vietnamese
    refused = run("report", "--map", "35")
    assert refused.exit_code == 2 and "'35' is not one of" in refused.output
