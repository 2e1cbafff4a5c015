from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovkpi.attainment import applicable_target, attainment, evaluate, meets
from egovkpi.periods import parse_period
from egovkpi.provinces import NATION, REFORM_DAY, Unit, registry
from egovkpi.records import Figure
from egovkpi.render.summary import judged
from egovkpi.report import Report
from egovkpi.targets import Kpi, Target, applies

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


def figure(period: str, value: float) -> Figure:
    p = parse_period(period)
    return Figure("national", "k", str(p), p.end.isoformat(), p.months, 1, value, None, None, "", "", "", "")


def target(value: float, deadline: str, scope: Unit = NATION, tier: str = "") -> Target:
    return Target(scope, value, parse_period(deadline), "basis", tier=tier)


def kpi(*targets: Target, direction: str = "higher", national_only: bool = False) -> Kpi:
    return Kpi("k", "vi", "en", "percent", direction, tuple(targets), national_only)


@given(positive, positive)
def test_attainment_higher_is_better(actual: float, goal: float) -> None:
    value = attainment(actual, goal, "higher")
    assert value == pytest.approx(100 * actual / goal)
    assert value is not None
    assert (value >= 100) == meets(actual, goal, "higher") or abs(actual - goal) < 1e-9 * goal


@given(positive, positive)
def test_attainment_lower_is_better(actual: float, goal: float) -> None:
    value = attainment(actual, goal, "lower")
    assert value == pytest.approx(100 * goal / actual)


@given(positive)
def test_attainment_is_100_on_target(goal: float) -> None:
    assert attainment(goal, goal, "higher") == pytest.approx(100)
    assert attainment(goal, goal, "lower") == pytest.approx(100)


def test_attainment_undefined_on_zero() -> None:
    assert attainment(5, 0, "higher") is None
    assert attainment(0, 5, "lower") is None


def applicable_value(milestones: list[Target], after: dt.date) -> float | None:
    found = applicable_target(milestones, after)
    return None if found is None else found.value


def test_earliest_deadline_on_or_after_the_figure_else_last() -> None:
    milestones = [target(20, "2020"), target(50, "2025")]
    assert applicable_value(milestones, dt.date(2019, 12, 31)) == 20
    assert applicable_value(milestones, dt.date(2020, 12, 31)) == 20
    assert applicable_value(milestones, dt.date(2021, 3, 31)) == 50
    assert applicable_value(milestones, dt.date(2027, 12, 31)) == 50
    assert applicable_target([], dt.date(2020, 1, 1)) is None


def test_own_milestones_replace_national_ones() -> None:
    thanh_hoa = registry().match("Thanh Hóa")
    k = kpi(target(20, "2020"), target(35, "2020", scope=thanh_hoa))
    assert [t.value for t in k.milestones(thanh_hoa)] == [35]
    assert [t.value for t in k.milestones(registry().match("Phú Yên"))] == [20]


def test_milestones_worked_out_once_are_the_same_each_time_and_a_kpi_replaced_works_them_out_again() -> None:
    phu_yen = registry().match("Phú Yên")
    k = kpi(target(20, "2020"), target(50, "2025"))
    first = k.milestones(phu_yen)
    first.clear()  # a caller's list is its own
    assert [t.value for t in k.milestones(phu_yen)] == [20]  # Phú Yên ended on 30/06/2025: no 2025 target
    changed = replace(k, targets=(target(30, "2020"),))
    assert [t.value for t in changed.milestones(phu_yen)] == [30]
    assert k == replace(k) and hash(k) == hash(replace(k))  # the memo is not part of what a KPI is


TODAY = dt.date(2026, 11, 21)


def test_met() -> None:
    result = evaluate(NATION, kpi(target(30, "2020")), [figure("2020", 30.86)], TODAY)
    assert result.status == "met"
    assert result.gap == pytest.approx(0.86)
    assert result.attainment == pytest.approx(102.8666, rel=1e-4)


def test_missed_when_the_deadline_has_passed() -> None:
    result = evaluate(NATION, kpi(target(80, "2025")), [figure("2025-11", 51.7)], TODAY)
    assert result.status == "missed"


def test_missed_on_the_last_day_of_the_deadline() -> None:
    result = evaluate(NATION, kpi(target(80, "2025")), [figure("2025-11", 51.7)], dt.date(2025, 12, 31))
    assert result.status == "missed"


def test_on_track_when_the_line_reaches_the_target() -> None:
    figures = [figure("2024", 40), figure("2025", 60)]
    result = evaluate(NATION, kpi(target(80, "2026")), figures, dt.date(2026, 1, 15))
    assert result.status == "on_track"


def test_behind_when_the_line_falls_short() -> None:
    figures = [figure("2024", 40), figure("2025", 45)]
    result = evaluate(NATION, kpi(target(80, "2026")), figures, dt.date(2026, 1, 15))
    assert result.status == "behind"


def test_behind_with_a_single_figure() -> None:
    result = evaluate(NATION, kpi(target(80, "2030")), [figure("2025", 45)], TODAY)
    assert result.status == "behind"


def test_no_data() -> None:
    result = evaluate(NATION, kpi(target(80, "2030")), [], TODAY)
    assert result.status == "no_data"
    assert result.target is not None and result.target.value == 80
    assert result.attainment is None and result.gap is None


def test_no_target() -> None:
    result = evaluate(NATION, kpi(), [figure("2025", 45)], TODAY)
    assert result.status is None and result.target is None


def test_lower_is_better() -> None:
    k = kpi(target(70, "2025"), direction="lower")
    assert evaluate(NATION, k, [figure("2024", 65)], TODAY).status == "met"
    assert evaluate(NATION, k, [figure("2020", 86)], TODAY).status == "missed"
    assert evaluate(NATION, k, [figure("2020", 86)], TODAY).attainment == pytest.approx(100 * 70 / 86)


def test_year_figure_wins_the_tie() -> None:
    result = evaluate(NATION, kpi(target(30, "2020")), [figure("2020", 30.86), figure("2020-12", 30.1)], TODAY)
    assert result.figure is not None and result.figure.value == 30.86


ENDED = Unit("54", "Ended", "Tỉnh Ended", "Ended", "Tỉnh", None, dt.date(2025, 6, 30))
FORMED = Unit("66", "Formed", "Tỉnh Formed", "Formed", "Tỉnh", REFORM_DAY, None)
LASTING = Unit("38", "Lasting", "Tỉnh Lasting", "Lasting", "Tỉnh", None, None)


@pytest.mark.parametrize(
    ("unit", "deadline", "expected"),
    [
        (ENDED, "2020", True),
        (ENDED, "2025-H1", True),  # due on 30/06/2025, its last day
        (ENDED, "2025-06", True),
        (ENDED, "2025-Q3", False),
        (ENDED, "2025", False),  # due on 31/12/2025: the unit was gone
        (ENDED, "2030", False),
        (FORMED, "2020", False),  # due before the unit began
        (FORMED, "2025-H1", False),
        (FORMED, "2025-07", True),
        (FORMED, "2025", True),
        (FORMED, "2030", True),
        (LASTING, "2020", True),
        (LASTING, "2030", True),
        (NATION, "2000", True),
        (NATION, "2100", True),
    ],
)
def test_a_milestone_applies_to_a_unit_existing_on_its_deadline_day(unit: Unit, deadline: str, expected: bool) -> None:
    assert applies(target(50, deadline), unit) is expected
    assert (kpi(target(50, deadline)).milestones(unit) != []) is expected


RANK = kpi(target(70, "2025"), target(30, "2030"), direction="lower", national_only=True)


@pytest.mark.parametrize("unit", [NATION, ENDED, FORMED, LASTING, registry().match("Phú Yên")])
@pytest.mark.parametrize("figures", [[], [figure("2020", 86)]], ids=["no-figure", "figure"])
def test_a_national_only_kpi_counts_for_the_nation_alone(unit: Unit, figures: list[Figure]) -> None:
    result = evaluate(unit, RANK, figures, TODAY)
    counted = judged(Report(TODAY, None, True, [result]))
    if unit.is_national:
        assert result.target is not None and result.target.value == (70 if figures else 30)  # 2030's, from today
        assert result.status == ("missed" if figures else "no_data") and counted == [result]
    else:
        assert (result.target, result.status, result.attainment, result.gap) == (None, None, None, None)
        assert counted == []
    assert result.figure == (figures[-1] if figures else None)  # a figure is still listed


@pytest.mark.parametrize(
    ("unit", "figures", "value", "status"),
    [
        (ENDED, [figure("2024", 45)], 20, "met"),  # the 2025 target is not the ended unit's: its last one is 2020's
        (ENDED, [figure("2019", 10)], 20, "missed"),
        (ENDED, [], 20, "no_data"),
        (FORMED, [figure("2025-H2", 45)], 50, "missed"),  # the 2020 target was its predecessors'
        (FORMED, [], 50, "no_data"),
        (LASTING, [figure("2024", 45)], 50, "missed"),
    ],
)
def test_only_applicable_milestones_are_judged(unit: Unit, figures: list[Figure], value: float, status: str) -> None:
    result = evaluate(unit, kpi(target(20, "2020"), target(50, "2025")), figures, TODAY)
    assert result.target is not None and (result.target.value, result.status) == (value, status)


@pytest.mark.parametrize(
    ("unit", "deadline"), [(ENDED, "2025"), (ENDED, "2030"), (FORMED, "2020"), (FORMED, "2024-Q4")]
)
@pytest.mark.parametrize("figures", [[], [figure("2025-06", 45)]], ids=["no-figure", "figure"])
def test_no_applicable_milestone_is_no_target_and_not_counted(unit: Unit, deadline: str, figures: list[Figure]) -> None:
    result = evaluate(unit, kpi(target(20, deadline)), figures, TODAY)
    assert (result.target, result.status) == (None, None)
    assert judged(Report(TODAY, None, True, [result])) == []


def test_a_kpi_without_any_target_keeps_no_data() -> None:
    assert evaluate(ENDED, kpi(), [], TODAY).status == "no_data"


THANH_HOA = registry().match("Thanh Hóa")
HA_NOI = registry().match("Hà Nội")


@pytest.mark.parametrize("unit", [HA_NOI, FORMED, THANH_HOA])
@pytest.mark.parametrize("figures", [[], [figure("2025-H2", 95)]], ids=["no-figure", "figure"])
def test_a_national_milestone_of_the_province_tier_is_judged_for_a_province(unit: Unit, figures: list[Figure]) -> None:
    k = kpi(
        target(90, "2025", tier="province"), target(80, "2025", tier="district"), target(60, "2025", tier="commune")
    )
    result = evaluate(unit, k, figures, TODAY)
    assert result.target is not None and (result.target.value, result.target.tier) == (90, "province")
    assert result.status == ("met" if figures else "no_data")
    assert judged(Report(TODAY, None, True, [result])) == [result]


@pytest.mark.parametrize("figures", [[], [figure("2025", 95)]], ids=["no-figure", "figure"])
def test_a_national_milestone_of_the_province_tier_is_not_the_nations_own(figures: list[Figure]) -> None:
    k = kpi(target(90, "2025", tier="province"), target(90, "2025", tier="ministry"))
    result = evaluate(NATION, k, figures, TODAY)
    assert (result.target, result.status) == (None, None) and k.excluded(NATION)
    assert judged(Report(TODAY, None, True, [result])) == []


@pytest.mark.parametrize("tier", ["ministry", "district", "commune"])
@pytest.mark.parametrize("unit", [NATION, HA_NOI, THANH_HOA])
def test_a_ministry_district_or_commune_milestone_is_never_judged(tier: str, unit: Unit) -> None:
    k = kpi(target(80, "2025", tier=tier), target(60, "2025", scope=THANH_HOA, tier=tier))
    assert k.milestones(unit) == [] and k.excluded(unit)
    result = evaluate(unit, k, [figure("2025", 95)], TODAY)
    assert (result.target, result.status) == (None, None)


def test_a_milestone_without_tier_keeps_its_meaning() -> None:
    k = kpi(target(50, "2025"))
    assert [m.value for m in k.milestones(NATION)] == [50] and [m.value for m in k.milestones(HA_NOI)] == [50]


def test_a_provinces_own_milestone_still_wins_over_a_national_province_tier_one() -> None:
    k = kpi(target(90, "2025", tier="province"), target(95, "2025", scope=THANH_HOA))
    assert [m.value for m in k.milestones(THANH_HOA)] == [95]
    assert [m.value for m in k.milestones(HA_NOI)] == [90]


def test_a_provinces_own_district_milestone_does_not_hide_the_national_one() -> None:
    k = kpi(target(90, "2025", tier="province"), target(30, "2025", scope=THANH_HOA, tier="district"))
    assert [m.value for m in k.milestones(THANH_HOA)] == [90]


def test_the_stricter_of_a_plain_and_a_province_tier_milestone_due_together() -> None:
    k = kpi(target(80, "2025"), target(90, "2025", tier="province"))
    assert [m.value for m in k.milestones(HA_NOI)] == [90]
    assert [m.value for m in k.milestones(NATION)] == [80]
