"""contacts.yaml: found where it is said to be, names forgiven, every fault refused in one line with the file and line
(exit 2), before anything is sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from egovkpi.contacts import contacts_path, load_contacts
from egovkpi.errors import InputError
from egovkpi.provinces import registry
from tests.helpers import ROOT, Run

TODAY = dt.date(2026, 1, 15)


def load(tmp_path: Path, text: str) -> dict[str, tuple[str, ...]]:
    path = tmp_path / "contacts.yaml"
    path.write_text(text, encoding="utf-8")
    return dict(load_contacts(path, registry(), TODAY).addresses)


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    return caught.value.message


def test_names_are_forgiven_and_old_units_join_the_unit_answering_today(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        "contacts:\n"
        "  toan quoc: vpcp@example.org\n"
        "  phu yen: [a@example.org, B@example.org, b@example.org]\n"
        "  Tỉnh Đắk Lắk: c@example.org\n"
        "  TP.HCM: d@example.org\n"
        "  '01': e@example.org\n",
    )
    assert found == {
        "national": ("vpcp@example.org",),
        "66@2025-07-01": ("a@example.org", "B@example.org", "c@example.org"),
        "79@2025-07-01": ("d@example.org",),
        "01": ("e@example.org",),
    }


def test_a_code_written_with_a_leading_zero_is_that_code(tmp_path: Path) -> None:
    assert load(tmp_path, "contacts:\n  054: a@example.org\n") == {"66@2025-07-01": ("a@example.org",)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "contacts:\n  national: a@example.org\n  Phu Yenn: b@example.org\n",
            "contacts.yaml: line 3: unknown province 'Phu Yenn'; did you mean 'Phú Yên'",
        ),
        (
            "contacts:\n  Hà Nội: [a@example.org, not-an-address]\n",
            "contacts.yaml: line 2: the address of Hà Nội 'not-an-address' is not an e-mail address",
        ),
        (
            "contacts:\n  Phú Yên: a@example.org\n  national: n@example.org\n  phu yen: b@example.org\n",
            "contacts.yaml: line 4: 'phu yen' is Phú Yên, already given as 'Phú Yên' on line 2; give each unit once",
        ),
        (
            "contacts:\n  Phú Yên: a@example.org\n  Phú Yên: b@example.org\n",
            "contacts.yaml: line 3: duplicate key 'Phú Yên'",
        ),
        ("contacts:\n  Huế:\n", "contacts.yaml: line 2: Huế: give an address or a list of addresses, not None"),
        ("contacts:\n  Huế: []\n", "contacts.yaml: line 2: Huế: give an address or a list of addresses, not [...]"),
        ("Huế: a@example.org\n", "contacts.yaml: expected one key, contacts, mapping each province to its addresses"),
        ("contacts: [a@example.org]\n", "contacts.yaml: expected one key, contacts"),
        ("contacts:\n  Huế: a@example.org\n bad: [\n", "contacts.yaml: line 3, column 2: YAML syntax error"),
    ],
)
def test_each_fault_is_one_line_with_the_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    message = refusal(tmp_path, text)
    assert str(tmp_path / expected.split(":", 1)[0]) + ":" + expected.split(":", 1)[1] in message
    assert "\n" not in message


def test_where_the_file_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        contacts_path(None, {})
    assert caught.value.message == (
        "no contacts file: the addresses reminders go to (give --contacts FILE, set EGOVKPI_CONTACTS, or put "
        "contacts.yaml in the working folder)"
    )
    (tmp_path / "contacts.yaml").write_text("contacts: {}\n", encoding="utf-8")
    (tmp_path / "elsewhere.yaml").write_text("contacts: {}\n", encoding="utf-8")
    assert contacts_path(None, {}) == Path("contacts.yaml")
    assert contacts_path(None, {"EGOVKPI_CONTACTS": str(tmp_path / "elsewhere.yaml")}) == tmp_path / "elsewhere.yaml"
    assert contacts_path(tmp_path / "elsewhere.yaml", {"EGOVKPI_CONTACTS": "nope"}) == tmp_path / "elsewhere.yaml"
    with pytest.raises(InputError, match=r"nope.yaml: no such contacts file \(give --contacts"):
        contacts_path(None, {"EGOVKPI_CONTACTS": "nope.yaml"})


def test_the_shipped_example_is_valid() -> None:
    found = load_contacts(ROOT / "contacts.example.yaml", registry(), TODAY).addresses
    assert "national" in found and len(found) >= 3
    assert all(address.endswith("example.org") for addresses in found.values() for address in addresses)


@pytest.fixture
def with_store(run: Run) -> Run:
    assert run.add("--value", "1").exit_code == 0
    return run


def test_remind_refuses_in_one_line_exit_2(with_store: Run, isolated: Path) -> None:
    result = with_store("remind")
    assert result.exit_code == 2
    assert result.output == (
        "Error: no contacts file: the addresses reminders go to (give --contacts FILE, set EGOVKPI_CONTACTS, or put "
        "contacts.yaml in the working folder)\n"
    )
    result = with_store("remind", "--contacts", "missing.yaml")
    assert result.exit_code == 2 and result.output.startswith("Error: missing.yaml: no such contacts file")
    (isolated / "contacts.yaml").write_text("contacts:\n  Hà Nội: a@example.org\n  Sai Gon: b@x\n", encoding="utf-8")
    result = with_store("remind")
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith("Error: contacts.yaml: line 3: the address of Sai Gon 'b@x' is not an e-mail")


def test_remind_in_vietnamese(with_store: Run, isolated: Path) -> None:
    (isolated / "c.yaml").write_text("contacts:\n  Ha Noi: a@example.org\n  Nowhere: b@example.org\n", encoding="utf-8")
    result = with_store("remind", "--contacts", "c.yaml", "--lang", "vi")
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: c.yaml: dòng 3: không có tỉnh 'Nowhere'")
