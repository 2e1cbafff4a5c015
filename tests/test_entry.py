from __future__ import annotations

from pathlib import Path

import pytest

from egovkpi.entry import Entry, check
from egovkpi.errors import InputError
from egovkpi.provinces import Registry, registry
from egovkpi.records import NewFigure
from egovkpi.targets import TargetsFile, load_targets

TARGETS = Path(__file__).parent.parent / "targets.yaml"


@pytest.fixture(scope="module")
def units() -> Registry:
    return registry()


@pytest.fixture(scope="module")
def targets(units: Registry) -> TargetsFile:
    return load_targets(TARGETS, units)


def checked(units: Registry, targets: TargetsFile, entry: Entry) -> NewFigure:
    return check(entry, units, targets)


def count(value: str, decimal: str | None = None) -> Entry:
    return Entry("Phú Yên", "portal_dossiers_received", "2019", value, decimal=decimal)


def percent(value: str | None = None, numerator: str | None = None, denominator: str | None = None) -> Entry:
    return Entry("Phú Yên", "online_dossiers", "2019", value, numerator, denominator)


def refusal(units: Registry, targets: TargetsFile, entry: Entry) -> str:
    with pytest.raises(InputError) as caught:
        check(entry, units, targets)
    return str(caught.value)


def test_twelve_thousand_is_never_stored_as_twelve(units: Registry, targets: TargetsFile) -> None:
    message = refusal(units, targets, count("12.000"))
    assert "'12.000' is ambiguous" in message and "12000" in message and "or 12 " in message


@pytest.mark.parametrize(("decimal", "expected"), [("comma", 12000.0), ("dot", 12.0)])
def test_the_convention_decides(units: Registry, targets: TargetsFile, decimal: str, expected: float) -> None:
    assert checked(units, targets, count("12.000", decimal)).value == expected


@pytest.mark.parametrize("text", ["192577", "192.577.000", "192,577,000"])
def test_counts(units: Registry, targets: TargetsFile, text: str) -> None:
    assert checked(units, targets, count(text)).value == float(text.replace(".", "").replace(",", ""))


@pytest.mark.parametrize(
    ("text", "decimal"), [("12,5", None), ("1.234,5", None), ("12.000,5", "comma"), ("12.5", "dot")]
)
def test_a_count_must_be_whole(units: Registry, targets: TargetsFile, text: str, decimal: str | None) -> None:
    assert "not a whole number" in refusal(units, targets, count(text, decimal))


def test_a_decimal_comma_percent(units: Registry, targets: TargetsFile) -> None:
    assert checked(units, targets, percent("30,86")).value == 30.86
    assert checked(units, targets, percent("30.86")).value == 30.86


def test_numerator_and_denominator_the_vietnamese_way(units: Registry, targets: TargetsFile) -> None:
    figure = checked(units, targets, percent(numerator="1.234,5", denominator="2.469,0"))
    assert (figure.numerator, figure.denominator, figure.value) == (1234.5, 2469.0, 50.0)


def test_numerator_and_denominator_follow_the_convention(units: Registry, targets: TargetsFile) -> None:
    entry = Entry("Phú Yên", "online_dossiers", "2019", None, "167.884", "192.577", decimal="comma")
    figure = checked(units, targets, entry)
    assert (figure.numerator, figure.denominator) == (167884.0, 192577.0)
    message = refusal(units, targets, percent(numerator="167.884", denominator="192.577"))
    assert "numerator '167.884' is ambiguous" in message


def test_messages_show_the_exact_numbers(units: Registry, targets: TargetsFile) -> None:
    message = refusal(units, targets, percent(numerator="1.234.567", denominator="1.000.000"))
    assert message == "the numerator (1,234,567) is larger than the denominator (1,000,000)"


def test_refusals_keep_their_words(units: Registry, targets: TargetsFile) -> None:
    assert "outside 0-100" in refusal(units, targets, percent("101"))
    assert "'abc' is not a number" in refusal(units, targets, percent("abc"))
    assert "too large" in refusal(units, targets, count("9007199254740993"))


def test_positional_construction_still_works(units: Registry, targets: TargetsFile) -> None:
    entry = Entry("Phú Yên", "online_dossiers", "2019", "12.5", None, None, "source", "note")
    figure = checked(units, targets, entry)
    assert (entry.decimal, figure.value, figure.source, figure.note) == (None, 12.5, "source", "note")
