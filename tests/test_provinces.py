from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovkpi.errors import InputError
from egovkpi.provinces import NATIONAL, Unit, registry

UNITS = registry().units
BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


def test_counts_before_and_after_the_reorganisation() -> None:
    assert len(registry().as_of(BEFORE)) == 63
    assert len(registry().as_of(AFTER)) == 34


@pytest.mark.parametrize(
    "text",
    ["Phú Yên", "phu yen", "PHU YEN", "  Phú   Yên ", "Tỉnh Phú Yên", "tinh phu yen", "54", "Phu Yen"],
)
def test_forgiving_match(text: str) -> None:
    assert registry().match(text).name == "Phú Yên"


def test_nfd_input_matches() -> None:
    assert registry().match(unicodedata.normalize("NFD", "Thanh Hóa")).code == "38"


@pytest.mark.parametrize(
    ("text", "name"),
    [("TP. Hồ Chí Minh", "Hồ Chí Minh"), ("Thành phố Hải Phòng", "Hải Phòng"), ("TP Da Nang", "Đà Nẵng")],
)
def test_prefixes(text: str, name: str) -> None:
    assert registry().match(text).name == name


def test_reused_code_resolved_by_date() -> None:
    assert registry().match("15", on=dt.date(2019, 12, 31)).name == "Yên Bái"
    assert registry().match("15", on=dt.date(2026, 1, 1)).name == "Lào Cai"


def test_same_name_different_units_by_date() -> None:
    old = registry().match("Hải Phòng", on=dt.date(2020, 12, 31))
    new = registry().match("Hải Phòng", on=dt.date(2026, 1, 1))
    assert old.key == "31" and new.key == "31@2025-07-01"


def test_unchanged_unit_is_one_unit_across_2025() -> None:
    assert registry().match("Thanh Hóa", on=dt.date(2019, 1, 1)) == registry().match(
        "Thanh Hóa", on=dt.date(2026, 1, 1)
    )


def test_former_name_of_hue() -> None:
    assert registry().match("Thua Thien Hue").name == "Huế"


@pytest.mark.parametrize("text", ["national", "Toàn quốc", "toan quoc", "NATIONAL"])
def test_national(text: str) -> None:
    assert registry().match(text).code == NATIONAL


def test_near_miss_suggests() -> None:
    with pytest.raises(InputError, match="did you mean 'Phú Yên'"):
        registry().match("Phu Yenn")


def test_unknown_lists_what_is_accepted() -> None:
    with pytest.raises(InputError, match=r"unknown province 'Atlantis'.*accepted"):
        registry().match("Atlantis")


@given(st.sampled_from(UNITS), st.sampled_from(["NFC", "NFD"]), st.booleans(), st.booleans())
def test_every_unit_matches_in_every_spelling(
    unit: Unit, form: Literal["NFC", "NFD"], upper: bool, ascii_only: bool
) -> None:
    text = unit.name_ascii if ascii_only else unit.name
    text = unicodedata.normalize(form, text.upper() if upper else text)
    found = registry().match(f"  {text} ", on=unit.valid_to or unit.valid_from or dt.date.today())
    assert found.name == unit.name or unit.name in found.former_names


@given(st.text(max_size=20))
def test_any_text_matches_or_is_refused(text: str) -> None:
    try:
        registry().match(text)
    except InputError as error:
        assert "\n" not in str(error)
