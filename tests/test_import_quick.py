"""The quick ways of an import give what the general ones give: `plain_number` what `parse_number` reads,
`Checker.quick` what `check` of the row makes of it, and the table of earlier rows the same repeats when hashes
collide, whatever the batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egovkpi import importing, importseen
from egovkpi.cells import given as given_cells
from egovkpi.entry import QUICK, Checker
from egovkpi.errors import InputError
from egovkpi.importing import ImportResult, import_rows
from egovkpi.numbers import parse_number, plain_number
from egovkpi.provinces import registry
from egovkpi.reading import open_rows
from egovkpi.render.words import translate
from egovkpi.storefile import memory_store
from tests.helpers import shipped

REGISTRY = registry()
TARGETS = shipped()
TODAY = dt.date(2025, 12, 31)
SOME = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

NUMBER_TEXTS = st.one_of(
    st.text(alphabet="0123456789.,-+ ", max_size=20),
    st.from_regex(r"[0-9]{1,18}([.,][0-9]{1,18})?", fullmatch=True),
    st.sampled_from(["12.000", "12,000", "0.125", "1.5", "007", "9007199254740993", "1٢", "²", "", " 1"]),
)


@SOME
@given(NUMBER_TEXTS, st.sampled_from([None, "dot", "comma", "other"]))
def test_plain_number_reads_as_the_rules_do(text: str, decimal: str | None) -> None:
    quick = plain_number(text, decimal)
    if quick is not None:
        assert parse_number(text, "value", decimal) == quick


CELL = {
    "province": st.sampled_from(["Phú Yên", "phu yen", " Hà  Nội ", "Hà Tây", "Atlantis", "national", "", "54"]),
    "kpi": st.sampled_from(["online_dossiers", "Online-Dossiers ", "level4_services", "nope", ""]),
    "period": st.sampled_from(["2019", "2024-Q4", "Quý 3/2020", "2030", "2025-07", "2019-13", "", "2008"]),
    "value": st.one_of(NUMBER_TEXTS, st.sampled_from(["50", "100", "100.5", "-1", "12.5"])),
    "numerator": st.sampled_from(["", "", "3", "5", "0", "x", " "]),
    "denominator": st.sampled_from(["", "", "4", "0", "2", "1,5"]),
    "source": st.sampled_from(["", "Sở TT&TT", "a\x07b", "=1+1"]),
    "note": st.sampled_from(["", "ước tính", "\x1b[31m"]),
    "code": st.sampled_from(["", "", "54"]),
    "received": st.sampled_from(["", "", "2025-01-02"]),
}


@SOME
@given(st.fixed_dictionaries(CELL), st.sampled_from([None, "dot", "comma"]))
def test_quick_checks_a_row_as_check_does(cells: dict[str, str], decimal: str | None) -> None:
    checker = Checker(REGISTRY, TARGETS, TODAY)
    quick = checker.quick(tuple(cells.get(name, "") for name in QUICK), decimal)
    if quick is None:
        return
    figure, period = quick
    assert figure == Checker(REGISTRY, TARGETS, TODAY).check(given_cells(cells, decimal).entry)
    assert period == str(figure.period)


def _rows(count: int) -> list[str]:
    """Rows with repeats near and far, alike and not: the same figure again, another value, another note."""
    lines = []
    for number in range(count):  # each a figure of its own
        month = 1 + number // 5 % 12
        year = 2019 + number // 60
        province = ["Phú Yên", "Hà Nội", "Cà Mau", "Đà Nẵng", "An Giang"][number % 5]
        lines.append(f"{province},online_dossiers,{year}-{month:02d},{number % 90}.5,,,Sở,")
    lines += [lines[3], lines[150].replace(".5,", ".25,"), lines[7].replace("Sở,", "Sở,khác"), lines[299], lines[0]]
    lines += ["Atlantis,online_dossiers,2019,5,,,,", lines[42]]
    return lines


def _imported(path: Path) -> tuple[ImportResult, list[str]]:
    store = memory_store()
    source = open_rows(path)
    result = import_rows(store, source.rows, REGISTRY, TARGETS, "tester", TODAY, source.decimal)
    return result, [translate(error, "en") for error in result.errors + result.hints]


def test_repeats_are_found_when_hashes_collide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "figures.csv"
    path.write_text("province,kpi,period,value,numerator,denominator,source,note\n" + "\n".join(_rows(300)) + "\n")
    expected = _imported(path)
    assert expected[0].bad_rows == 3 and len(expected[1]) == 4  # two repeats that differ, an unknown unit
    monkeypatch.setattr(importing, "BATCH", 7)
    monkeypatch.setattr(importseen, "BITS", 16)
    monkeypatch.setattr(importseen, "GROUP", 3)
    monkeypatch.setattr(importseen, "KEPT_GROUPS", 2)
    assert _imported(path) == expected
    monkeypatch.setattr(importseen, "key_hash", lambda key: len(key[2]) % 3)  # every key collides with many
    assert _imported(path) == expected


def test_a_refused_row_is_refused_the_same_by_either_way() -> None:
    checker = Checker(REGISTRY, TARGETS, TODAY)
    cells = {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2019", "value": "12.000"}
    assert checker.quick(tuple(cells.get(name, "") for name in QUICK), None) is None
    with pytest.raises(InputError, match="ambiguous"):
        checker.check(given_cells(cells, None).entry)
