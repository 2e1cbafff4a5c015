from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovkpi.errors import InputError
from egovkpi.numbers import LIMIT, format_exact, parse_number

ACCEPTED = [
    ("192577", 192577.0),
    ("30.86", 30.86),
    ("30,86", 30.86),
    ("192.577.000", 192577000.0),
    ("192,577,000", 192577000.0),
    ("1.234,5", 1234.5),
    ("1,234.5", 1234.5),
    ("1.234.567,891", 1234567.891),
    ("1,234,567.891", 1234567.891),
    ("0.125", 0.125),  # no one writes 0 thousand 125
    ("0,125", 0.125),
    ("1234.567", 1234.567),  # four leading digits are no thousands group
    ("12.5", 12.5),
    ("12,3456", 12.3456),
    ("-5", -5.0),
    ("+5", 5.0),
    ("-1.234,5", -1234.5),
    ("  42\t", 42.0),
    ("0", 0.0),
    ("-0", 0.0),
    ("007", 7.0),
    ("9007199254740992", float(2**53)),
    ("-9007199254740992", -float(2**53)),
    ("9.007.199.254.740.992", float(2**53)),
    ("0.000123", 0.000123),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted(text: str, expected: float) -> None:
    assert parse_number(text, "value") == expected


AMBIGUOUS = [
    ("12.000", "12000", "or 12 "),
    ("12,000", "12000", "or 12 "),
    ("1,500", "1500", "or 1.5 "),
    ("1.050", "1050", "or 1.05 "),
    ("192.577", "192577", "192 and 577 thousandths"),
    ("-12.345", "-12345", "-12 and 345 thousandths"),
    ("999,999", "999999", "999 and 999 thousandths"),
]


@pytest.mark.parametrize(("text", "thousands", "decimal"), AMBIGUOUS)
def test_ambiguous_names_both_readings(text: str, thousands: str, decimal: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, "value")
    message = str(caught.value)
    assert f"value '{text}' is ambiguous" in message
    assert thousands in message and decimal in message and "--decimal comma|dot" in message
    assert "\n" not in message


REFUSED = [
    ("", "value is empty"),
    ("   ", "value is empty"),
    ("abc", "is not a number"),
    ("nan", "'nan' is not a number"),
    ("inf", "'inf' is not a number"),
    ("-inf", "is not a number"),
    ("1e300", "is not a number"),
    ("1E5", "is not a number"),
    ("1 000", "is not a number"),
    ("1\u00a0000", "is not a number"),
    ("1_000", "is not a number"),
    ("1'000", "is not a number"),
    ("--5", "is not a number"),
    ("+-5", "is not a number"),
    ("-", "is not a number"),
    ("0x10", "is not a number"),
    ("12%", "is not a number"),
    (".5", "starts or ends with a separator"),
    ("5.", "starts or ends with a separator"),
    (",5", "starts or ends with a separator"),
    ("-.5", "starts or ends with a separator"),
    ("1..5", "two separators in a row"),
    ("1.,5", "two separators in a row"),
    ("1.23.456", "out of place"),
    ("1,23,456", "out of place"),
    ("1234.567.890", "out of place"),
    ("0.125.000", "out of place"),
    ("012.345.678", "out of place"),
    ("1.2345.678", "out of place"),
    ("1,5.000", "out of place"),
    ("12.34,5", "out of place"),
    ("1.234,5,6", "more than one decimal mark"),
    ("9007199254740993", "too large"),
    ("-9007199254740993", "too large"),
    ("9007199254740992.5", "too large"),
    ("9.007.199.254.740.993", "too large"),
    ("1" + "0" * 400, "too large"),
    ("0.1234567890123456789", "more digits than a figure holds exactly"),
    ("1234567890.123456789", "more digits than a figure holds exactly"),
    ("0." + "0" * 400 + "1", "more digits than a figure holds exactly"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused(text: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, "value")
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["\u0661\u0662", "\u00b2", "\uff11\uff12", "\u0967\u0968", "1\u00b2", "\U0001d7cf\U0001d7d0", "\u2212" + "5"],
)
def test_only_ascii_digits(text: str) -> None:
    with pytest.raises(InputError, match="is not a number"):
        parse_number(text, "value")


def test_the_message_says_what_and_what_is_accepted() -> None:
    with pytest.raises(InputError) as caught:
        parse_number("abc", "numerator")
    assert str(caught.value).startswith("numerator 'abc' is not a number (accepted: ")
    assert "30,86" in str(caught.value)


CONVENTIONS = [
    ("12.000", "comma", 12000.0),
    ("12.000", "dot", 12.0),
    ("12,000", "comma", 12.0),
    ("12,000", "dot", 12000.0),
    ("1.500", "comma", 1500.0),
    ("30,86", "comma", 30.86),
    ("30.86", "dot", 30.86),
    ("192.577.000", "comma", 192577000.0),
    ("192,577,000", "dot", 192577000.0),
    ("1.234,5", "comma", 1234.5),
    ("1,234.5", "dot", 1234.5),
    ("192577", "comma", 192577.0),
    ("192577", "dot", 192577.0),
    ("0,125", "comma", 0.125),
    ("-1.234.567,5", "comma", -1234567.5),
]


@pytest.mark.parametrize(("text", "decimal", "expected"), CONVENTIONS)
def test_conventions(text: str, decimal: str, expected: float) -> None:
    assert parse_number(text, "value", decimal) == expected


CONVENTION_REFUSALS = [
    ("30,86", "dot", "',' out of place"),
    ("30.86", "comma", "'.' out of place"),
    ("1.234,5", "dot", "after the decimal mark"),
    ("1,234.5", "comma", "after the decimal mark"),
    ("192.577.000", "dot", "more than one decimal mark '.'"),
    ("192,577,000", "comma", "more than one decimal mark ','"),
    ("1234.567", "comma", "'.' out of place"),
    ("0.125", "comma", "'.' out of place"),
]


@pytest.mark.parametrize(("text", "decimal", "reason"), CONVENTION_REFUSALS)
def test_convention_refusals(text: str, decimal: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, "value", decimal)
    assert reason in str(caught.value) and f"with --decimal {decimal}" in str(caught.value)


def test_unknown_convention() -> None:
    with pytest.raises(InputError, match="'semicolon' is not one of comma, dot"):
        parse_number("1", "value", "semicolon")


def test_bounds() -> None:
    assert parse_number(str(2**53), "value") == 2**53
    assert parse_number(str(2**53 - 1), "value") == 2**53 - 1
    for text in (str(2**53 + 1), str(2**53 + 2), str(2**63)):
        with pytest.raises(InputError, match="too large"):
            parse_number(text, "value")


FORMATS = [
    (1234567.0, "1,234,567", "1.234.567"),
    (30.86, "30.86", "30,86"),
    (0.000123, "0.000123", "0,000123"),
    (1e-05, "0.00001", "0,00001"),
    (-1234.5, "-1,234.5", "-1.234,5"),
    (12.0, "12", "12"),
    (100.0, "100", "100"),
    (0.0, "0", "0"),
    (-0.0, "0", "0"),
    (192577.0, "192,577", "192.577"),
    (float(2**53), "9,007,199,254,740,992", "9.007.199.254.740.992"),
    (1e20, "100,000,000,000,000,000,000", "100.000.000.000.000.000.000"),
    (0.1 + 0.2, "0.30000000000000004", "0,30000000000000004"),
]


@pytest.mark.parametrize(("value", "en", "vi"), FORMATS)
def test_format_exact(value: float, en: str, vi: str) -> None:
    assert format_exact(value, "en") == en
    assert format_exact(value, "vi") == vi


def test_format_exact_rejects_unknown_language() -> None:
    with pytest.raises(KeyError):
        format_exact(1.0, "fr")


whole = st.integers(min_value=-LIMIT, max_value=LIMIT).map(float)
six_places = st.decimals(min_value=-LIMIT, max_value=LIMIT, places=6, allow_nan=False, allow_infinity=False).map(float)
any_float = st.floats(min_value=-LIMIT, max_value=LIMIT, allow_nan=False, allow_infinity=False)


@given(st.one_of(whole, six_places))
def test_round_trip(x: float) -> None:
    assert parse_number(format_exact(x, "vi"), "value", decimal="comma") == x
    assert parse_number(format_exact(x, "en"), "value", decimal="dot") == x


@given(any_float)
def test_round_trip_any_float(x: float) -> None:
    for lang, decimal in (("vi", "comma"), ("en", "dot")):
        text = format_exact(x, lang)
        assert "e" not in text.lower()
        assert parse_number(text, "value", decimal) == x


@given(st.integers(min_value=0, max_value=10**30))
def test_plain_whole_numbers_are_exact_or_refused(n: int) -> None:
    if n <= LIMIT:
        assert parse_number(str(n), "value") == n
    else:
        with pytest.raises(InputError, match="too large"):
            parse_number(str(n), "value")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=8, min_value=-(10**9), max_value=10**9))
def test_parse_never_rounds(d: Decimal) -> None:
    """What is accepted is stored as written: the float's shortest repr is the number typed."""
    text = format(d, "f")
    try:
        value = parse_number(text, "value", decimal="dot")
    except InputError as exc:
        assert "more digits" in str(exc)
    else:
        assert Decimal(repr(value)) == d
