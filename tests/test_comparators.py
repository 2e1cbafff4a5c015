"""Comparators: how a figure meets a milestone (>=, >, <=, <, =, top_n), the stricter of two milestones due on one
day, and what the report says about them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from egovkpi.attainment import MET, MISSED, ON_TRACK, attainment, evaluate, meets, status
from egovkpi.comparators import COMPARATORS, DEFAULT_COMPARATOR, FITTING
from egovkpi.periods import parse_period
from egovkpi.provinces import NATION
from egovkpi.records import Figure
from egovkpi.render.text import goal
from egovkpi.targets import Kpi, Target
from tests.helpers import Run

TODAY = dt.date(2026, 11, 26)


def figure(period: str, value: float) -> Figure:
    p = parse_period(period)
    return Figure("national", "k", str(p), p.end.isoformat(), p.months, 1, value, None, None, "", "", "", "")


def milestone(value: float, comparator: str = "", deadline: str = "2025") -> Target:
    return Target(NATION, value, parse_period(deadline), "basis", comparator=comparator)


def kpi(*targets: Target, direction: str = "higher", unit: str = "percent") -> Kpi:
    return Kpi("k", "vi", "en", unit, direction, tuple(targets))


# (comparator, direction, met at the value, met just below it, met just above it)
AT_BELOW_ABOVE = [
    (">=", "higher", True, False, True),
    (">", "higher", False, False, True),
    ("=", "higher", True, False, False),
    ("<=", "lower", True, True, False),
    ("<", "lower", False, True, False),
    ("=", "lower", True, False, False),
    ("top_n", "lower", True, True, False),
    ("", "higher", True, False, True),  # the default of higher is >=
    ("", "lower", True, True, False),  # the default of lower is <=
]


@pytest.mark.parametrize(("comparator", "direction", "at", "below", "above"), AT_BELOW_ABOVE)
@pytest.mark.parametrize("value", [50.0, 80.0])
def test_each_comparator_at_just_below_and_just_above_the_value(
    comparator: str, direction: str, at: bool, below: bool, above: bool, value: float
) -> None:
    assert meets(value, value, direction, comparator) is at
    assert meets(value - 0.01, value, direction, comparator) is below
    assert meets(value + 0.01, value, direction, comparator) is above


@pytest.mark.parametrize(("comparator", "direction", "at", "below", "above"), AT_BELOW_ABOVE)
def test_status_follows_the_comparator(comparator: str, direction: str, at: bool, below: bool, above: bool) -> None:
    k = kpi(milestone(80, comparator, "2020"), direction=direction)
    for actual, expected in ((80, at), (79.99, below), (80.01, above)):
        assert status(k, [figure("2020", actual)], k.targets[0], TODAY) == (MET if expected else MISSED)


def test_every_comparator_fits_a_direction_and_the_defaults_fit_theirs() -> None:
    assert set(COMPARATORS) == {*FITTING["higher"], *FITTING["lower"]}
    assert all(DEFAULT_COMPARATOR[direction] in FITTING[direction] for direction in FITTING)


@pytest.mark.parametrize(
    ("rank", "met", "attained"), [(86, False, 100 * 50 / 86), (50, True, 100.0), (25, True, 200.0)]
)
def test_a_rank_in_the_top_n(rank: int, met: bool, attained: float) -> None:
    k = kpi(milestone(50, "top_n", "2025"), direction="lower", unit="count")
    result = evaluate(NATION, k, [figure("2024", rank)], TODAY)
    assert (result.status == MET) is met
    assert result.attainment == pytest.approx(attained)
    assert attainment(rank, 50, "higher", "top_n") == pytest.approx(attained)  # a rank whatever the direction says


def test_exactly_is_on_track_when_the_line_reaches_the_value() -> None:
    k = kpi(milestone(100, "=", "2030"))
    figures = [figure("2024", 80), figure("2025", 90)]  # the line passes 100 before 2030
    assert status(k, figures, k.targets[0], TODAY) == ON_TRACK


def test_more_than_is_met_strictly_but_on_track_by_the_ratio() -> None:
    # The progress method judges the trend by the ratio of growth rates, not by where a line lands: 98 (2025) to 99
    # (2026) grows 1.02 % a year, 100 by 2027 needs 1.015 % a year from 98, a ratio of 1.005 for > as for >=.
    figures = [figure("2025", 98), figure("2026", 99)]
    for comparator in (">", ">="):
        k = kpi(milestone(100, comparator, "2027"))
        assert status(k, figures, k.targets[0], TODAY) == ON_TRACK
    at = [figure("2025", 98), figure("2026", 100)]
    k = kpi(milestone(100, ">", "2027"))
    assert status(k, at, k.targets[0], TODAY) == ON_TRACK  # 100 is not more than 100: not met, still on track
    k = kpi(milestone(100, ">=", "2027"))
    assert status(k, at, k.targets[0], TODAY) == MET


# (direction, the two milestones due on one day as (value, comparator), the one judged)
STRICTER = [
    ("higher", [(80, ">="), (90, ">=")], (90, ">=")),
    ("higher", [(90, ">="), (80, ">=")], (90, ">=")),
    ("higher", [(80, ">="), (80, ">")], (80, ">")),
    ("higher", [(100, "="), (100, ">=")], (100, "=")),
    ("lower", [(70, "top_n"), (50, "top_n")], (50, "top_n")),
    ("lower", [(50, "top_n"), (70, "top_n")], (50, "top_n")),
    ("lower", [(10, "<="), (10, "<")], (10, "<")),
    ("lower", [(5, "<="), (10, "<")], (5, "<=")),
]


@pytest.mark.parametrize(("direction", "pair", "judged"), STRICTER)
def test_the_stricter_of_two_milestones_due_on_one_day(
    direction: str, pair: list[tuple[float, str]], judged: tuple[float, str]
) -> None:
    k = kpi(
        *(milestone(value, comparator) for value, comparator in pair), milestone(30, "", "2030"), direction=direction
    )
    [first, later] = k.milestones(NATION)
    assert (first.value, k.comparator(first)) == judged
    assert later.deadline.year == 2030


def test_the_stricter_applies_to_days_not_to_period_names() -> None:
    k = kpi(milestone(80, ">=", "2025"), milestone(85, ">=", "2025-H2"), milestone(60, ">=", "2025-H1"))
    assert [(m.value, str(m.deadline)) for m in k.milestones(NATION)] == [(60, "2025-H1"), (85, "2025-H2")]


@pytest.mark.parametrize(
    ("direction", "comparator", "value", "lang", "shown"),
    [
        ("higher", ">=", 30, "en", "30"),
        ("higher", ">", 80, "en", ">80"),
        ("higher", "=", 100, "en", "=100"),
        ("higher", ">", 80.5, "vi", ">80,5"),
        ("lower", "top_n", 50, "en", "top 50"),
        ("lower", "<=", 5, "en", "5"),
        ("lower", "<", 5, "en", "<5"),
    ],
)
def test_the_target_cell_shows_a_comparator_that_is_not_the_default(
    direction: str, comparator: str, value: float, lang: str, shown: str
) -> None:
    target = milestone(value, comparator)
    assert goal(kpi(target, direction=direction), target, lang) == shown


SATISFACTION = """\
kpis:
  satisfaction:
    name: {vi: "Mức độ hài lòng", en: "Satisfaction"}
    unit: percent
    direction: higher
    targets:
      - scope: national
        value: 80
        comparator: ">"
        deadline: 2020
        basis: "Nghị quyết 30c/NQ-CP"
  un_egov_rank:
    name: {vi: "Xếp hạng", en: "UN rank"}
    unit: count
    direction: lower
    applies_to: national
    targets:
      - {scope: national, value: 50, comparator: top_n, deadline: 2025, basis: "QĐ 942/QĐ-TTg"}
      - {scope: national, value: 70, comparator: top_n, deadline: 2025, basis: "QĐ 749/QĐ-TTg"}
"""


def report_rows(run: Run, path: Path, *figures: tuple[str, str, str]) -> dict[str, dict[str, Any]]:
    for kpi_code, period, value in figures:
        added = run(
            "add", "-p", "national", "-k", kpi_code, "--period", period, "--value", value, "--targets", str(path)
        )
        assert added.exit_code == 0, added.output
    result = run("report", "-p", "national", "-f", "json", "--targets", str(path))
    assert result.exit_code == 0, result.output
    return {row["kpi"]: row for row in json.loads(result.output)}


@pytest.mark.parametrize(("value", "expected"), [("80", "missed"), ("80.01", "met"), ("79.99", "missed")])
def test_satisfaction_of_exactly_80_does_not_meet_more_than_80(
    run: Run, tmp_path: Path, value: str, expected: str
) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(SATISFACTION, encoding="utf-8")
    row = report_rows(run, path, ("satisfaction", "2020", value))["satisfaction"]
    assert (row["target"], row["comparator"], row["status"]) == (80, ">", expected)


def test_the_report_judges_a_rank_against_the_stricter_top_n(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(SATISFACTION, encoding="utf-8")
    row = report_rows(run, path, ("un_egov_rank", "2024", "71"))["un_egov_rank"]
    assert (row["target"], row["comparator"], row["status"]) == (50, "top_n", "missed")
    assert row["attainment"] == pytest.approx(100 * 50 / 71, abs=1e-4)
    table = run("report", "-p", "national", "--targets", str(path), "--lang", "en")
    assert "top 50" in table.output and ">80" in table.output
    csv_header = run("report", "-p", "national", "-f", "csv", "--targets", str(path)).output.splitlines()[0]
    assert ",target,comparator,deadline," in csv_header
