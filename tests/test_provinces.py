from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import unicodedata
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovkpi.errors import InputError
from egovkpi.provinces import NATION, NATIONAL, Registry, Unit, registry
from egovkpi.text import DASHES, fold_words
from tests.helpers import ROOT

UNITS = registry().units
BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)
with open(ROOT / "data" / "aliases.csv", encoding="utf-8", newline="") as _handle:
    ALIAS_ROWS = list(csv.DictReader(_handle))


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


def test_hue_is_the_province_of_thua_thien_hue_until_2025() -> None:
    assert registry().match("Thua Thien Hue", on=dt.date(2019, 12, 31)).name == "Thừa Thiên Huế"
    assert registry().match("Thua Thien Hue", on=dt.date(2026, 1, 1)).name == "Huế"
    assert registry().match("Huế", on=dt.date(2019, 12, 31)).key == "46"


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


# As officials type them: short forms, other spellings, any hyphen or dash, dots, codes with leading zeros.
# (text, unit name, day: None for "any day", the unit being the same one before and after 1 July 2025)
SPELLINGS: list[tuple[str, str, dt.date | None]] = [
    ("TP.HCM", "Hồ Chí Minh", None),
    ("TP HCM", "Hồ Chí Minh", None),
    ("Tp. HCM", "Hồ Chí Minh", None),
    ("HCM", "Hồ Chí Minh", None),
    ("hcm", "Hồ Chí Minh", None),
    ("TPHCM", "Hồ Chí Minh", None),
    ("HCMC", "Hồ Chí Minh", None),
    ("Thành phố HCM", "Hồ Chí Minh", None),
    ("Ho Chi Minh City", "Hồ Chí Minh", None),
    ("Hochiminh", "Hồ Chí Minh", None),
    ("Sài Gòn", "Hồ Chí Minh", None),
    ("Saigon", "Hồ Chí Minh", None),
    ("SAI GON", "Hồ Chí Minh", None),
    ("Hanoi", "Hà Nội", None),
    ("HANOI", "Hà Nội", None),
    ("Ha-Noi", "Hà Nội", None),
    ("Daklak", "Đắk Lắk", None),
    ("Dak Lak", "Đắk Lắk", None),
    ("Đăk Lăk", "Đắk Lắk", None),
    ("ĐắkLắk", "Đắk Lắk", None),
    ("Daknong", "Đắk Nông", BEFORE),
    ("Đăk Nông", "Đắk Nông", BEFORE),
    ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", BEFORE),
    ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", BEFORE),
    ("Bà Rịa \u2013 Vũng Tàu", "Bà Rịa - Vũng Tàu", BEFORE),  # en dash
    ("Bà Rịa\u2014Vũng Tàu", "Bà Rịa - Vũng Tàu", BEFORE),  # em dash, no spaces
    ("Bà Rịa \u2010 Vũng Tàu", "Bà Rịa - Vũng Tàu", BEFORE),  # Unicode hyphen
    ("Ba Ria Vung Tau", "Bà Rịa - Vũng Tàu", BEFORE),
    ("BR-VT", "Bà Rịa - Vũng Tàu", BEFORE),
    ("BR \u2013 VT", "Bà Rịa - Vũng Tàu", BEFORE),  # en dash
    ("BRVT", "Bà Rịa - Vũng Tàu", BEFORE),
    ("Tỉnh BR-VT", "Bà Rịa - Vũng Tàu", BEFORE),
    ("Phu-Yen", "Phú Yên", BEFORE),
    ("Phú\u2011Yên", "Phú Yên", BEFORE),  # non-breaking hyphen
    ("Phu Yen Province", "Phú Yên", BEFORE),
    ("phu_yen", "Phú Yên", BEFORE),
    ("TT Huế", "Thừa Thiên Huế", None),  # the province, which ended on 31/12/2024 (then Thành phố Huế)
    ("TT-Huế", "Thừa Thiên Huế", None),
    ("T.T. Huế", "Thừa Thiên Huế", None),
    ("Thừa Thiên - Huế", "Huế", None),
    ("Thua Thien Hue", "Huế", None),
    ("TP Huế", "Huế", None),
    ("HP", "Hải Phòng", None),
    ("Haiphong", "Hải Phòng", None),
    ("Danang", "Đà Nẵng", None),
    ("Cantho", "Cần Thơ", None),
    ("Bắc Cạn", "Bắc Kạn", BEFORE),
    ("Hòa Bình", "Hòa Bình", BEFORE),
    ("Hoà Bình", "Hòa Bình", BEFORE),  # the old placement of the tone mark still matches
    ("Thanh Hoá", "Thanh Hóa", None),
    ("054", "Phú Yên", BEFORE),
    ("54", "Phú Yên", BEFORE),
    ("1", "Hà Nội", None),
    ("01", "Hà Nội", None),
    ("001", "Hà Nội", None),
    ("079", "Hồ Chí Minh", None),
    ("4", "Cao Bằng", None),
]


@pytest.mark.parametrize(("text", "name", "day"), SPELLINGS)
def test_spellings_officials_use(text: str, name: str, day: dt.date | None) -> None:
    for on in [day] if day else [BEFORE, AFTER]:
        assert registry().match(text, on=on).name == name, on


@pytest.mark.parametrize(
    ("text", "day", "key"),
    [
        ("HCM", BEFORE, "79"),
        ("TP.HCM", AFTER, "79@2025-07-01"),
        ("Daklak", BEFORE, "66"),
        ("Daklak", AFTER, "66@2025-07-01"),
        ("HP", BEFORE, "31"),
        ("HP", AFTER, "31@2025-07-01"),
        ("015", BEFORE, "15"),
        ("015", AFTER, "15@2025-07-01"),
        ("Hue", dt.date(2019, 12, 31), "46"),  # Tỉnh Thừa Thiên Huế until 31/12/2024
        ("Hue", AFTER, "46@2025-01-01"),  # Thành phố Huế from 1/1/2025
        ("BR-VT", AFTER, "77"),  # ended: the most recent unit, which `add` then refuses as merged
    ],
)
def test_aliases_and_codes_follow_the_date_rule(text: str, day: dt.date, key: str) -> None:
    assert registry().match(text, on=day).key == key


@pytest.mark.parametrize(
    "text", ["0", "00", "000", "99", pytest.param("9" * 5000, id="5000-digits"), "٥٤", "5 4", "HN.", "TP", "Thành phố"]
)
def test_codes_and_short_forms_that_mean_nothing_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="unknown province"):
        registry().match(text)


@pytest.mark.parametrize("text", ["Việt Nam", "Viet-Nam", "Vietnam", "VN", "Cả nước", "Toàn-quốc"])
def test_national_spellings(text: str) -> None:
    assert registry().match(text) is NATION


@given(st.sampled_from([unit for unit in UNITS if " " in unit.name]), st.sampled_from(DASHES), st.booleans())
def test_any_dash_between_the_words_of_a_name(unit: Unit, dash: str, spaced: bool) -> None:
    text = unit.name.replace(" ", f" {dash} " if spaced else dash)
    day = unit.valid_to or unit.valid_from or dt.date.today()
    assert registry().match(text, on=day).key == unit.key


def test_the_alias_file_has_its_columns() -> None:
    assert list(ALIAS_ROWS[0]) == ["alias", "name", "note"]
    assert all(row["alias"].strip() and row["name"].strip() for row in ALIAS_ROWS)


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=[row["alias"] for row in ALIAS_ROWS])
def test_every_alias_names_exactly_one_existing_unit_name(row: dict[str, str]) -> None:
    assert row["name"] in {unit.name for unit in UNITS}, f"{row['name']!r} is not a name in data/provinces.csv"
    meant = registry().all_matches(row["alias"])
    assert {unit.name for unit in meant} == {row["name"]}
    assert meant == [unit for unit in UNITS if unit.name == row["name"]]
    for day in (BEFORE, AFTER):
        assert registry().match(row["alias"], on=day).name == row["name"]


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=[row["alias"] for row in ALIAS_ROWS])
def test_no_alias_is_initials_shared_with_another_unit(row: dict[str, str]) -> None:
    """'HP' is only Hải Phòng; 'HN' (Hà Nội, Hà Nam) or 'QN' (three units) could never be an alias."""
    compact = fold_words(row["alias"]).replace(" ", "")
    names = {unit.name for unit in UNITS} | {name for unit in UNITS for name in unit.former_names}
    sharing = {name for name in names if "".join(word[0] for word in fold_words(name).split()) == compact}
    assert sharing <= {
        row["name"],
        *(former for unit in UNITS if unit.name == row["name"] for former in unit.former_names),
    }


def test_aliases_are_unique() -> None:
    keys = [fold_words(row["alias"]) for row in ALIAS_ROWS]
    assert len(keys) == len(set(keys))


def test_no_spelling_of_the_shipped_data_is_ambiguous() -> None:
    spellings = {text for unit in UNITS for text in (unit.name, unit.full_name, unit.name_ascii, *unit.former_names)}
    for text in sorted(spellings | {row["alias"] for row in ALIAS_ROWS}):
        for day in (dt.date(2019, 1, 1), BEFORE, AFTER, dt.date(2030, 1, 1)):
            registry().match(text, on=day)  # never "could mean ... or ..."


def test_a_bad_alias_is_refused_when_the_registry_is_built() -> None:
    with pytest.raises(ValueError, match="'Hanoi City' is not the name of a unit"):
        Registry(UNITS, {"HNC": "Hanoi City"})
    with pytest.raises(ValueError, match="already a spelling of Phú Yên"):
        Registry(UNITS, {"Phu-Yen": "Hà Nội"})
    with pytest.raises(ValueError, match="not empty or a code"):
        Registry(UNITS, {"054": "Phú Yên"})


def _twin(name: str, code: str, like: str) -> Unit:
    """A made-up unit named `name`, valid when the real unit `like` was."""
    model = registry().match(like, on=BEFORE)
    return dataclasses.replace(model, code=code, name=name, full_name=f"Tỉnh {name}", name_ascii=fold_words(name))


def test_text_that_could_mean_two_units_on_one_day_is_refused_naming_both() -> None:
    """'Hanam' could be Hà Nam or a made-up Hàn Am: never guessed."""
    units = [*UNITS, _twin("Hàn Am", "98", "Hà Nam")]
    made_up = Registry(units)
    assert made_up.match("Hà Nam", on=BEFORE).code == "35"
    assert made_up.match("Hàn Am", on=BEFORE).code == "98"
    with pytest.raises(InputError, match=r"'Hanam' could mean Hà Nam \(code 35\) or Hàn Am \(code 98\) on 2025-06-30"):
        made_up.match("Hanam", on=BEFORE)
    assert {unit.code for unit in made_up.all_matches("Hanam")} == {"35", "98"}


def test_an_alias_for_a_name_two_units_bear_on_one_day_is_refused() -> None:
    units = [*UNITS, _twin("Sông Lam", "97", "Nghệ An"), _twin("Sông Lam", "98", "Hà Tĩnh")]
    made_up = Registry(units, {"SL": "Sông Lam"})
    with pytest.raises(InputError, match=r"could mean Sông Lam \(code 97\) or Sông Lam \(code 98\)") as info:
        made_up.match("SL", on=BEFORE)
    assert info.value.hint.startswith("accepted:")


def test_two_ended_units_of_one_name_are_refused_after_they_ended() -> None:
    ended = dataclasses.replace(_twin("Sông Lam", "97", "Hà Nam"), valid_to=BEFORE)
    made_up = Registry([*UNITS, ended, dataclasses.replace(ended, code="98")])
    with pytest.raises(InputError, match=r"'Song Lam' could mean Sông Lam \(code 97\) or Sông Lam \(code 98\);"):
        made_up.match("Song Lam", on=AFTER)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Hải Phòng", ["31", "31@2025-07-01"]),
        ("HP", ["31", "31@2025-07-01"]),
        ("15", ["15", "15@2025-07-01"]),
        ("015", ["15", "15@2025-07-01"]),
        ("Lào Cai", ["10", "15@2025-07-01"]),
        ("Thanh Hóa", ["38"]),
        ("Yên Bái", ["15"]),
        ("TT Huế", ["46"]),  # Thừa Thiên Huế: the province, until 31/12/2024
        ("Huế", ["46", "46@2025-01-01"]),
    ],
)
def test_all_matches_oldest_first(text: str, keys: list[str]) -> None:
    assert [unit.key for unit in registry().all_matches(text)] == keys


def test_all_matches_names_what_code_15_has_meant() -> None:
    old, new = registry().all_matches("15")
    assert (old.name, old.valid_to, new.name, new.valid_from) == ("Yên Bái", BEFORE, "Lào Cai", AFTER)


def test_all_matches_national_and_unknown() -> None:
    assert registry().all_matches("Toàn quốc") == [NATION]
    with pytest.raises(InputError, match="unknown province 'Atlantis'") as info:
        registry().all_matches("Atlantis")
    assert info.value.hint.startswith("accepted:")


def test_unknown_province_puts_what_is_accepted_in_the_hint() -> None:
    with pytest.raises(InputError) as info:
        registry().match("Phu Yenn")
    assert info.value.problem.startswith("unknown province 'Phu Yenn'; did you mean 'Phú Yên'")
    assert info.value.hint.startswith("accepted: a province name") and "TP.HCM" in info.value.hint
    assert str(info.value) == f"{info.value.problem} ({info.value.hint})"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("HN", "'Hà Nội' or 'Hà Nam'"),
        ("QN", "'Quảng Ninh' or 'Quảng Nam' or 'Quảng Ngãi'"),
        ("Saigonn", "'Hồ Chí Minh'"),
    ],
)
def test_unknown_short_forms_suggest_every_unit_they_may_stand_for(text: str, names: str) -> None:
    with pytest.raises(InputError) as info:
        registry().match(text)
    assert info.value.problem == f"unknown province '{text}'; did you mean {names}?"
