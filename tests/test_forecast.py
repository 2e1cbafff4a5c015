"""The progress method (forecast.py): growth rates between the base and the latest figure, their ratio, the bands,
the natural limit, the projection, and what the report says about them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovkpi.attainment import Result, evaluate
from egovkpi.forecast import (
    ACCELERATION_NEEDED,
    ACHIEVED,
    BANDS,
    DETERIORATION,
    INSUFFICIENT_DATA,
    LIMITED_PROGRESS,
    ON_TRACK,
    UNABLE_TO_ASSESS,
    assess,
    midpoint,
    scaling,
)
from egovkpi.periods import parse_period
from egovkpi.provinces import NATION
from egovkpi.records import Figure
from egovkpi.render.words import BAND_LABELS
from egovkpi.targets import Kpi, Target
from tests.helpers import Run

BEFORE = dt.date(2023, 12, 31)  # judged before every deadline below


def figure(period: str, value: float) -> Figure:
    p = parse_period(period)
    return Figure("national", "k", str(p), p.end.isoformat(), p.months, 1, value, None, None, "", "", "", "")


def kpi(*targets: tuple[float, str, str], unit: str = "percent", direction: str = "higher") -> Kpi:
    """A KPI with milestones (value, deadline, comparator)."""
    milestones = tuple(Target(NATION, v, parse_period(d), "basis", comparator=c) for v, d, c in targets)
    return Kpi("k", "vi", "en", unit, direction, milestones)


def judged(k: Kpi, *figures: Figure, day: dt.date = BEFORE) -> Result:
    return evaluate(NATION, k, list(figures), day)


# The worked example of the README, by hand. online_dossiers (percent, higher is better): 20 for 2021, 30 for 2023,
# the national 50 by 2025. Each figure and the deadline stand at the middle of their year: t0 = 2021.5,
# t = 2023.5, T = 2025.5.
#   observed = (30/20)^(1/2) - 1 = 1.2247449 - 1 = 0.2247449 (22.47 % a year)
#   required = (50/20)^(1/4) - 1 = 1.2574334 - 1 = 0.2574334 (25.74 % a year)
#   ratio    = 0.2247449 / 0.2574334 = 0.8730 (0.60 <= R < 0.95): acceleration needed, status behind
#   projection for 2025 = 30 x 1.2247449^2 = 30 x 1.5 = 45.0 (short of 50)
def test_the_worked_example() -> None:
    k = kpi((50, "2025", ">="))
    result = judged(k, figure("2021", 20), figure("2023", 30))
    assert result.observed_rate == pytest.approx(0.2247449, abs=1e-7)
    assert result.required_rate == pytest.approx(0.2574334, abs=1e-7)
    assert result.observed_rate / result.required_rate == pytest.approx(0.8730, abs=1e-4)  # type: ignore[operator]
    assert result.projection == pytest.approx(45.0)
    assert (result.band, result.status) == (ACCELERATION_NEEDED, "behind")


def test_the_worked_example_in_the_report(run: Run) -> None:
    for period, value in (("2021", "20"), ("2023", "30")):
        assert run.add("--value", value, province="Hà Nội", period=period).exit_code == 0
    result = run("report", "-p", "Hà Nội", "--period", "2023", "-f", "json")
    assert result.exit_code == 0, result.output
    [row] = [r for r in json.loads(result.output) if r["kpi"] == "online_dossiers"]
    expected = {"target": 50, "status": "behind", "band": "acceleration_needed", "projection": 45.0}
    assert {key: row[key] for key in expected} == expected
    assert (row["observed_rate"], row["required_rate"]) == (0.224745, 0.257433)
    rows = list(csv.DictReader(io.StringIO(run("report", "-p", "Hà Nội", "--period", "2023", "-f", "csv").output)))
    [line] = [r for r in rows if r["kpi"] == "online_dossiers"]
    assert (line["band"], line["projection"], line["observed_rate"]) == ("acceleration_needed", "45.0", "0.224745")


@pytest.mark.parametrize(
    ("period", "months", "expected"),
    [
        ("2024", 12, 2024.5),
        ("2024-H2", 6, 2024.75),
        ("2024-Q1", 3, 2024.125),
        ("2024-12", 1, 2024 + 11.5 / 12),
    ],
)
def test_a_period_stands_at_its_midpoint(period: str, months: int, expected: float) -> None:
    p = parse_period(period)
    assert p.months == months
    assert midpoint(p.end, p.months) == pytest.approx(expected)


def test_quarterly_figures_at_their_midpoints() -> None:
    # 40 for 2024-Q1 (at 2024.125), 44 for 2024-Q3 (at 2024.625): half a year, (1.1)^2 - 1 = 21 % a year.
    # 60 by 2025, met by the quarter ending on its last day, 2025-Q4 (at 2025.875), needs (60/40)^(1/1.75) - 1 =
    # 26.07 % a year: a ratio of 0.805, acceleration needed.
    result = judged(kpi((60, "2025", ">=")), figure("2024-Q1", 40), figure("2024-Q3", 44), day=dt.date(2024, 9, 30))
    assert result.observed_rate == pytest.approx(0.21)
    assert result.required_rate == pytest.approx(1.5 ** (1 / 1.75) - 1)
    assert result.band == ACCELERATION_NEEDED
    assert result.projection == pytest.approx(44 * 1.21**1.25)  # from 2024.625 to 2025.875


def test_monthly_figures_in_the_deadline_year() -> None:
    # 39.98 for October 2025, 51.7 for November: 80 by 2025 is met by December's figure (at 2025 + 11.5/12), two
    # months after October's: it needs (80/39.98)^6 - 1 a year, and a month of (51.7/39.98) is ^12 - 1 a year
    k = kpi((80, "2025", ">="))
    result = judged(k, figure("2025-10", 39.98), figure("2025-11", 51.7), day=dt.date(2025, 11, 30))
    assert result.observed_rate == pytest.approx((51.7 / 39.98) ** 12 - 1)
    assert result.required_rate == pytest.approx((80 / 39.98) ** 6 - 1)
    assert result.band == LIMITED_PROGRESS  # a ratio of 0.33
    assert result.projection == pytest.approx(51.7 * 51.7 / 39.98)  # one more month at the observed rate


def test_a_single_figure_invents_no_trend() -> None:
    result = judged(kpi((80, "2030", ">=")), figure("2023", 45))
    assert (result.band, result.status) == (INSUFFICIENT_DATA, "behind")
    assert result.observed_rate is None and result.projection is None
    assert result.required_rate == pytest.approx((80 / 45) ** (1 / 7) - 1)  # what it needs, from 2023.5 to 2030.5


def test_a_zero_base_has_no_growth_rate() -> None:
    result = judged(kpi((100, "2025", ">="), unit="count"), figure("2021", 0), figure("2023", 40))
    assert (result.band, result.status) == (UNABLE_TO_ASSESS, "behind")
    assert result.observed_rate is None and result.required_rate is None and result.projection is None


def test_decline_is_deterioration() -> None:
    result = judged(kpi((80, "2025", ">=")), figure("2021", 60), figure("2022", 50))
    assert result.band == DETERIORATION and result.status == "behind"
    assert result.observed_rate == pytest.approx(50 / 60 - 1)
    assert result.projection == pytest.approx(50 * (5 / 6) ** 3)


def test_achieved_whatever_the_trend() -> None:
    result = judged(kpi((50, "2025", ">=")), figure("2021", 70), figure("2022", 60))
    assert (result.band, result.status) == (ACHIEVED, "met")
    assert result.observed_rate is not None and result.observed_rate < 0


def test_the_projection_stops_at_100_percent() -> None:
    result = judged(kpi((100, "2030", ">=")), figure("2022", 90), figure("2023", 99))
    assert result.band == ON_TRACK and result.projection == 100.0


def test_at_the_limit_without_a_target_holding_it_is_on_track() -> None:
    # C = 1 - (100/100)^4.44 = 0: every threshold above 0 becomes 0, so keeping 100 % is on track
    assert scaling(100, 100) == 0
    assert judged(kpi(), figure("2022", 100), figure("2023", 100)).band == ON_TRACK
    assert judged(kpi(), figure("2022", 100), figure("2023", 99)).band == DETERIORATION


def test_near_the_limit_the_thresholds_are_scaled() -> None:
    # 95 to 96 in a year: 1.05 % a year, under the 1.5 % of a KPI with no limit (a count: acceleration needed); near
    # 100 % the thresholds are scaled by C = 1 - 0.95^4.44 = 0.2036, to 0.31 % and 0.10 %: on track
    assert scaling(95, 100) == pytest.approx(1 - 0.95**4.44)
    assert judged(kpi(), figure("2022", 95), figure("2023", 96)).band == ON_TRACK
    assert judged(kpi(unit="count"), figure("2022", 95), figure("2023", 96)).band == ACCELERATION_NEEDED


@pytest.mark.parametrize(
    ("latest", "band"),
    [(110.25, ON_TRACK), (101, ACCELERATION_NEEDED), (100.2, LIMITED_PROGRESS), (100, LIMITED_PROGRESS)],
)
def test_without_a_target_the_band_is_the_growth_alone(latest: float, band: str) -> None:
    result = judged(kpi(unit="count"), figure("2021", 100), figure("2023" if latest == 110.25 else "2022", latest))
    assert (result.band, result.status, result.required_rate, result.projection) == (band, None, None, None)
    lower = judged(kpi(unit="count", direction="lower"), figure("2021", 100), figure("2022", latest)).band
    assert lower == (DETERIORATION if latest > 100 else LIMITED_PROGRESS)


def test_a_rank_in_the_top_n() -> None:
    # Rank 86 (2022) to 70 (2024): (70/86)^(1/2) - 1 = -9.78 % a year; the top 50 by 2030 needs
    # (50/86)^(1/8) - 1 = -6.55 % a year. Lower is better (d = -1): R = 0.0978 / 0.0655 = 1.49, on track.
    k = kpi((50, "2030", "top_n"), unit="count", direction="lower")
    result = judged(k, figure("2022", 86), figure("2024", 70), day=dt.date(2025, 1, 1))
    assert result.observed_rate == pytest.approx((70 / 86) ** 0.5 - 1)
    assert result.required_rate == pytest.approx((50 / 86) ** (1 / 8) - 1)
    assert (result.band, result.status) == (ON_TRACK, "on_track")
    assert result.projection == pytest.approx(70 * (70 / 86) ** 3)  # six years at the observed rate
    best = judged(k, figure("2022", 3), figure("2024", 2), day=dt.date(2025, 1, 1))
    assert best.projection == 1.0  # no rank above the first


def test_less_than_where_lower_is_better() -> None:
    # 20 days (2024) to 18 (2025): -10 % a year; under 10 by 2027 needs (10/20)^(1/3) - 1 = -20.6 % a year:
    # R = 0.10 / 0.206 = 0.48, limited progress
    k = kpi((10, "2027", "<"), unit="days", direction="lower")
    result = judged(k, figure("2024", 20), figure("2025", 18), day=dt.date(2026, 1, 1))
    assert result.required_rate == pytest.approx(0.5 ** (1 / 3) - 1)
    assert (result.band, result.status) == (LIMITED_PROGRESS, "behind")


def test_a_target_of_zero_counts_as_a_thousandth() -> None:
    k = kpi((0, "2027", "<="), unit="count", direction="lower")
    result = judged(k, figure("2024", 20), figure("2025", 10))
    assert result.required_rate == pytest.approx((0.001 / 20) ** (1 / 3) - 1)
    assert result.band == LIMITED_PROGRESS  # halving a year against the 96 % a year that 0.001 needs


def test_counts_compare_periods_of_one_length() -> None:
    # A month's count is not a year's: the base of a yearly count is the earliest yearly figure
    figures = [figure("2021-06", 10), figure("2021", 100), figure("2023", 121)]
    result = assess(kpi(unit="count"), figures, None)
    assert result.observed_rate == pytest.approx(0.1)
    percent = assess(kpi(), [figure("2021-06", 10), figure("2021", 20), figure("2023", 40)], None)
    assert percent.observed_rate == pytest.approx(4 ** (1 / 2.0416667) - 1)  # a share: from June 2021 on


def test_a_deadline_before_the_base_cannot_be_assessed() -> None:
    result = judged(kpi((50, "2020", ">=")), figure("2021", 20), figure("2022", 30), day=dt.date(2023, 1, 1))
    assert (result.band, result.status, result.projection) == (UNABLE_TO_ASSESS, "missed", None)


rates = st.floats(min_value=-0.5, max_value=2.0, allow_nan=False)
values = st.floats(min_value=0.5, max_value=1e5, allow_nan=False)


@given(values, rates, st.integers(1, 4), st.integers(1, 6))
def test_growing_at_the_required_rate_is_on_track_and_lands_on_the_target(
    base: float, rate: float, elapsed: int, ahead: int
) -> None:
    target = base * (1 + rate) ** (elapsed + ahead)
    latest = base * (1 + rate) ** elapsed
    if math.isclose(target, base) or math.isclose(latest, target):
        return
    k = kpi((target, str(2020 + elapsed + ahead), ">=" if rate > 0 else "<="), unit="count")
    if rate < 0:
        k = kpi((target, str(2020 + elapsed + ahead), "<="), unit="count", direction="lower")
    result = assess(k, [figure("2020", base), figure(str(2020 + elapsed), latest)], k.targets[0])
    assert result.band == ON_TRACK
    assert result.projection == pytest.approx(target, rel=1e-6)


def test_every_band_has_its_words() -> None:
    for lang in ("en", "vi"):
        assert set(BAND_LABELS[lang]) == {*BANDS, None}


def test_the_report_says_why_in_words_everywhere(run: Run) -> None:
    """The worked example's forecast under the terminal table, in the mail's text and HTML, and in the HTML page."""
    for period, value in (("2021", "20"), ("2023", "30")):
        assert run.add("--value", value, province="Hà Nội", period=period).exit_code == 0
    said = "online_dossiers: acceleration needed: 22.47 % a year observed, 25.74 % needed; projected 45 by 2025"
    table = run("report", "-p", "Hà Nội", "--period", "2023")
    assert said in " ".join(table.stdout.split())
    vietnamese = run("report", "-p", "Hà Nội", "--period", "2023", "--lang", "vi")
    assert "cần tăng tốc: tăng 22,47 %/năm, cần 25,74 %/năm; dự báo 45 vào 2025" in " ".join(vietnamese.stdout.split())
    mail = run("summary", "-p", "Hà Nội", "--period", "2023")
    assert said in " ".join(mail.stdout.split())
    page = run("report", "-p", "Hà Nội", "--period", "2023", "-f", "html")
    assert said in page.stdout
