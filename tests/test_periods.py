from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovkpi.errors import InputError
from egovkpi.periods import Period, parse_period, stored_months
from tests.helpers import Run

periods = st.one_of(
    st.builds(Period, st.integers(2000, 2100), st.just("Y"), st.just(1)),
    st.builds(Period, st.integers(2000, 2100), st.just("H"), st.integers(1, 2)),
    st.builds(Period, st.integers(2000, 2100), st.just("Q"), st.integers(1, 4)),
    st.builds(Period, st.integers(2000, 2100), st.just("M"), st.integers(1, 12)),
)


@pytest.mark.parametrize(
    ("text", "canonical", "end"),
    [
        ("2019", "2019", dt.date(2019, 12, 31)),
        ("2019-H1", "2019-H1", dt.date(2019, 6, 30)),
        ("2019-h2", "2019-H2", dt.date(2019, 12, 31)),
        ("2019-Q4", "2019-Q4", dt.date(2019, 12, 31)),
        ("2020-q1", "2020-Q1", dt.date(2020, 3, 31)),
        ("2020-02", "2020-02", dt.date(2020, 2, 29)),
        ("2019-2", "2019-02", dt.date(2019, 2, 28)),
        (" 2019-12 ", "2019-12", dt.date(2019, 12, 31)),
    ],
)
def test_valid_periods(text: str, canonical: str, end: dt.date) -> None:
    period = parse_period(text)
    assert str(period) == canonical
    assert period.end == end


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2019-13", "a month is 01 to 12"),
        ("2019-00", "a month is 01 to 12"),
        ("2019-Q5", "a quarter is Q1 to Q4"),
        ("2019-H3", "a half is H1 or H2"),
        ("1999", "between 2000 and 2100"),
        ("2101", "between 2000 and 2100"),
        ("19", "is not a period"),
        ("2019/12", "is not a period"),
        ("", "is not a period"),
        ("\uff12\uff10\uff11\uff19", "is not a period"),  # full-width digits
    ],
)
def test_invalid_periods(text: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        parse_period(text)


@given(periods)
def test_round_trip(period: Period) -> None:
    assert parse_period(str(period)) == period
    assert parse_period(str(period).lower()) == period


@given(periods)
def test_a_stored_period_s_length_is_read_as_parsing_gives_it(period: Period) -> None:
    assert stored_months(str(period)) == period.months


@given(periods)
def test_period_bounds(period: Period) -> None:
    assert period.start <= period.end
    assert period.start.year == period.end.year == period.year
    assert (period.end - period.start).days + 1 in range(28 * period.months, 31 * period.months + 1)


@given(st.text(max_size=12))
def test_anything_parses_or_is_refused(text: str) -> None:
    try:
        period = parse_period(text)
    except InputError as error:
        assert str(error)
    else:
        assert 2000 <= period.year <= 2100


def test_year_wins_a_tie_with_its_last_quarter_and_month() -> None:
    ordered = sorted([parse_period(p) for p in ("2020", "2020-12", "2020-Q4", "2020-H2")], key=lambda p: p.latest_key)
    assert str(ordered[-1]) == "2020"
    assert str(ordered[0]) == "2020-12"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Quý 3/2020", "2020-Q3"),
        ("quý III năm 2020", "2020-Q3"),
        ("Q4/2019", "2019-Q4"),
        ("Tháng 12/2019", "2019-12"),
        ("T12/2019", "2019-12"),
        ("tháng 6 năm 2021", "2021-06"),
        ("12/2019", "2019-12"),
        ("1/2020", "2020-01"),
        ("6 tháng đầu năm 2020", "2020-H1"),
        ("6 tháng cuối năm 2020", "2020-H2"),
        ("Năm 2019", "2019"),
    ],
)
def test_periods_as_vietnamese_reports_write_them(written: str, canonical: str) -> None:
    assert str(parse_period(written)) == canonical


@pytest.mark.parametrize("written", ["13/2019", "Quý 5/2020", "32/12/2019", "Tháng 0/2019"])
def test_spoken_periods_that_do_not_exist_are_refused(written: str) -> None:
    with pytest.raises(InputError):
        parse_period(written)


def test_a_csv_saved_with_spoken_periods_imports(run: Run, isolated: Path) -> None:
    text = (
        "Tỉnh;Chỉ tiêu;Kỳ;Giá trị\r\nPhú Yên;online_dossiers;Quý 3/2020;30,5\r\nPhú Yên;online_dossiers;12/2019;20\r\n"
    )
    (isolated / "a.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run("import", "a.csv").exit_code == 0
    assert "2020-Q3" in run("history", "-p", "Phú Yên", "-k", "online_dossiers").output
