"""Hostile input at every reader and command: arbitrary Unicode, long text, huge and tiny numbers, SQL-, HTML- and
formula-looking text, arbitrary bytes and structures. Never a traceback and never garbage stored: a text accepted
is kept exactly through export and import; one refused is refused with one line saying why. And the limits on
what a file may hold.

Most examples go through the library (the commands' own functions), since a command costs a quarter of a second;
a few go through the commands themselves."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from egovkpi import reading
from egovkpi.contacts import load_contacts
from egovkpi.entry import Entry, check
from egovkpi.errors import InputError
from egovkpi.exporting import Selection, export, writer
from egovkpi.importing import import_rows
from egovkpi.provinces import registry
from egovkpi.reading import jsonfile, open_rows, xlsxfile
from egovkpi.render.words import translate
from egovkpi.store import Store
from egovkpi.storefile import memory_store
from egovkpi.targets import load_targets
from tests.helpers import ROOT, Run, count_figures, shipped

REGISTRY = registry()
TARGETS = shipped()
TODAY = dt.date(2025, 12, 31)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FEW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

NASTY = [
    "'; DROP TABLE figures; --",
    "1 OR 1=1",
    'Robert"); DELETE FROM figures WHERE ("1"="1',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&amp;&lt;",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\uff1d1+1",
    "'=quoted",
    "{{7*7}} ${7*7} %s %n",
    "\u202eevil\u202c",
    "e\u0301",  # NFD: stored as its NFC é
    "\u0000",
    "\x1b[31mred",
    "\r\n",
    "line\nbreak",
    "x" * 40_000,
    "Đắk Lắk;,\"'\t",
    "\ufeffBOM",
    "\U0001f600",
    "\ufffe\uffff\ufdd0",  # not characters: XML, so Excel, has no place for them
]
TEXTS = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(min_size=200, max_size=2000))


def one_line(result: Result) -> str:
    """A refusal: exit 2, one `Error:` line, last (an import lists its bad rows before it), never a traceback or
    an unexpected failure."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unexpected failure" not in result.output, result.output
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
    return errors[0]


def reason(refused: InputError) -> str:
    """A refusal the library raised says why (the command line shows it on one line: see `one_line`)."""
    said = translate(refused.text, "en")
    assert said.strip(), refused
    return said


def sane(result: Result) -> None:
    """Done, or refused in one line."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code != 0:
        one_line(result)


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def texts_of(store: Store) -> list[tuple[str, str]]:
    return [(figure.source, figure.note) for figure in store.every(history=True)]


def reimported(store: Store, fmt: str, lang: str, where: Path) -> Store | InputError:
    """The store exported as `fmt` and imported into a new one; the export's refusal if it refuses."""
    path = where / f"out.{fmt}"
    try:
        with open(path, "wb") as out:
            writer(fmt)(export(store, REGISTRY, TARGETS, Selection(history=True), lang), out)
    except InputError as refused:
        return refused
    other = memory_store()
    source = open_rows(path)
    result = import_rows(other, source.rows, REGISTRY, TARGETS, "tester", TODAY, source.decimal)
    assert result.bad_rows == 0, [translate(error, "en") for error in result.errors]
    return other


# Free text: source and note


@settings(max_examples=40, deadline=None)
@given(source=TEXTS, note=TEXTS)
def test_free_text_is_kept_exactly_through_every_format_or_refused(source: str, note: str) -> None:
    entry = Entry("Phú Yên", "online_dossiers", "2019", value="12.5", source=source, note=note)
    try:
        figure = check(entry, REGISTRY, TARGETS, TODAY)
    except InputError as refused:
        assert "control character" in reason(refused)
        return
    store = memory_store()
    store.record_one(figure, "tester")
    stored = texts_of(store)
    import unicodedata

    assert stored == [(unicodedata.normalize("NFC", source), unicodedata.normalize("NFC", note))]
    with folder() as where:
        for fmt, lang in (("csv", "en"), ("csv", "vi"), ("json", "en"), ("xlsx", "vi")):
            other = reimported(store, fmt, lang, where)
            if isinstance(other, InputError):
                said = translate(other.text, "en")
                assert fmt == "xlsx" and ("more than an Excel cell holds" in said or "Excel file cannot hold" in said)
                continue
            assert texts_of(other) == stored, fmt


@FEW
@given(source=TEXTS, note=TEXTS)
def test_add_keeps_the_text_or_refuses_in_one_line(run: Run, source: str, note: str) -> None:
    with folder() as where:
        db = str(where / "f.db")
        result = run.add("--value", "12.5", f"--source={source}", f"--note={note}", "--db", db)
        sane(result)
        if result.exit_code == 0:
            [item] = json.loads(run("export", "-f", "json", "--db", db).stdout)
            import unicodedata

            assert (item["source"], item["note"]) == tuple(unicodedata.normalize("NFC", x) for x in (source, note))
        else:
            assert count_figures(Path(db)) == 0


def test_recorded_by_from_the_environment_is_checked(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_USER", "<script>\x1b[2J")
    sane(run.add("--value", "12.5"))
    monkeypatch.setenv("EGOVKPI_USER", "=HYPERLINK(1)")
    assert run.add("--value", "12.5").exit_code == 0
    assert "'=HYPERLINK(1)" in run("export", "-f", "csv", "--with-history").stdout


# Numbers

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=0, max_value=100).map(repr),
    st.from_regex(r"-?[0-9]{1,25}([.,][0-9]{1,25})?([eE][-+]?[0-9]{1,4})?", fullmatch=True),
    st.sampled_from(["1" * 5000, "1e309", "-1e309", "1e-400", "NaN", "inf", "-0", "0x10", "1_000", "١٢", "12,5.3"]),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(typed=NUMBERS)
def test_a_value_is_stored_exactly_or_refused(typed: str) -> None:
    entry = Entry("Phú Yên", "e_documents", "2019", value=typed, decimal="dot")
    try:
        figure = check(entry, REGISTRY, TARGETS, TODAY)
    except InputError as refused:
        reason(refused)
        return
    assert math.isfinite(figure.value) and 0 <= figure.value <= 100
    try:
        exact = float(typed)
    except ValueError:
        return
    assert figure.value == exact


@FEW
@given(typed=NUMBERS)
def test_add_with_any_value_is_sane(run: Run, typed: str) -> None:
    with folder() as where:
        sane(run.add(f"--value={typed}", "--decimal", "dot", "--db", str(where / "f.db")))


# Files through import

HEADER = "province,kpi,period,value,numerator,denominator,source,note\n"
CELLS = st.one_of(TEXTS, NUMBERS, st.sampled_from(["Phú Yên", "online_dossiers", "2019", "12.5", ""]))


def imported(path: Path) -> tuple[Store, InputError | None, int]:
    """`path` imported into a store holding one figure: the store, the refusal if any, the rows refused."""
    store = memory_store()
    figure = check(Entry("Hà Nội", "online_dossiers", "2019", value="50"), REGISTRY, TARGETS, TODAY)
    store.record_one(figure, "tester")
    try:
        source = open_rows(path)
        result = import_rows(store, source.rows, REGISTRY, TARGETS, "tester", TODAY, source.decimal)
    except InputError as refused:
        reason(refused)
        assert len(list(store.every(history=True))) == 1  # store unchanged
        return store, refused, 0
    if result.bad_rows:
        assert len(list(store.every(history=True))) == 1
        assert all(translate(error, "en").strip() for error in result.errors)
    return store, None, result.bad_rows


@FAST
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_are_read_or_refused(data: bytes) -> None:
    with folder() as where:
        for head in (b"", HEADER.encode(), b"[", b"PK\x03\x04"):
            path = where / "in.file"
            path.write_bytes(head + data)
            imported(path)


@FAST
@given(rows=st.lists(st.lists(CELLS, min_size=8, max_size=9), max_size=4), delimiter=st.sampled_from([",", ";"]))
def test_arbitrary_csv_cells_are_read_or_refused(rows: list[list[str]], delimiter: str) -> None:
    import csv

    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=delimiter)
    out.writerow(HEADER.strip().split(","))
    out.writerows(rows)
    with folder() as where:
        path = where / "in.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        imported(path)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXTS | NUMBERS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)
JSON_ITEMS = st.fixed_dictionaries(
    {"province": CELLS | JSON_VALUES, "kpi": CELLS, "period": CELLS | JSON_VALUES, "value": JSON_VALUES},
    optional={"note": JSON_VALUES, "source": JSON_VALUES, "revision": JSON_VALUES, "bogus": JSON_VALUES},
)


@FAST
@given(items=st.one_of(st.lists(JSON_ITEMS, max_size=4), JSON_VALUES))
def test_arbitrary_json_is_read_or_refused(items: Any) -> None:
    with folder() as where:
        path = where / "in.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        imported(path)


@FEW
@given(data=st.binary(max_size=200), items=st.lists(JSON_ITEMS, max_size=3))
def test_import_command_is_sane(run: Run, isolated: Path, data: bytes, items: Any) -> None:
    with folder() as where:
        db = where / "f.db"
        assert run.add("--value", "12.5", "--db", str(db)).exit_code == 0
        for name, content in (("a.csv", HEADER.encode() + data), ("b.json", json.dumps(items).encode())):
            (where / name).write_bytes(content)
            result = run("import", str(where / name), "--db", str(db))
            sane(result)
            if result.exit_code != 0:
                assert count_figures(db) == 1


def test_a_huge_whole_number_in_json_is_refused(run: Run, isolated: Path) -> None:
    for value, said in (("1" + "0" * 400, "value holds a number too large"), ("1" + "0" * 5000, "not valid JSON")):
        (isolated / "big.json").write_text(
            f'[{{"province": "Phú Yên", "kpi": "e_documents", "period": "2019", "value": {value}}}]'
        )
        result = run("import", "big.json")
        one_line(result)
        assert said in result.stderr
    revision = '"revision": 1' + "0" * 30 + ', "recorded_at": "2025-01-31T08:00:00+00:00", "recorded_by": "x"'
    (isolated / "rev.json").write_text(
        f'[{{"province": "Phú Yên", "kpi": "e_documents", "period": "2019", "value": 1, {revision}, '
        '"withdrawn": false}]'
    )
    result = run("import", "rev.json")
    one_line(result)
    assert "is more than the 1,000,000,000 revisions a figure may have" in result.stderr


# Limits on what a file may hold


def test_json_nesting_is_limited(run: Run, isolated: Path) -> None:
    (isolated / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    assert "nested deeper than 32 levels" in one_line(run("import", "deep.json"))
    (isolated / "deep.json").write_text('[{"note": ' + "[" * 40 + "]" * 40 + "}]")
    assert "nested deeper than 32 levels" in one_line(run("import", "deep.json"))
    (isolated / "text.json").write_text(
        '[{"province": "Phú Yên", "kpi": "e_documents", "period": "2019", "value": 1, "note": "' + "[" * 100 + '"}]'
    )
    assert run("import", "text.json").exit_code == 0  # brackets inside a text are text


def test_json_size_is_limited(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonfile, "MAX_BYTES", 100)
    (isolated / "big.json").write_text("[" + ", ".join(["{}"] * 100) + "]")
    assert "more than the 100 a JSON file may hold" in one_line(run("import", "big.json"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rows_are_limited(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    for year in range(2015, 2020):
        assert run.add("--value", "12.5", period=str(year)).exit_code == 0
    assert run("export", "-f", fmt, "-o", f"out.{fmt}").exit_code == 0
    monkeypatch.setattr(reading, "MAX_ROWS", 4)
    other = str(isolated / "other.db")
    assert "has more than 4 rows, the most one import reads" in one_line(run("import", f"out.{fmt}", "--db", other))
    assert count_figures(Path(other)) == 0
    monkeypatch.setattr(reading, "MAX_ROWS", 6)
    assert run("import", f"out.{fmt}", "--db", other).exit_code == 0


def test_xlsx_unpacked_size_is_limited(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run.add("--value", "12.5").exit_code == 0
    assert run("export", "-f", "xlsx", "-o", "out.xlsx").exit_code == 0
    monkeypatch.setattr(xlsxfile, "MAX_UNPACKED", 1000)
    assert "more than the 1,000 an Excel workbook may have" in one_line(run("import", "out.xlsx"))
    monkeypatch.setattr(xlsxfile, "MAX_PARTS", 3)
    assert "parts, more than the 3 an Excel workbook may have" in one_line(run("import", "out.xlsx"))


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_it_is_opened(run: Run, isolated: Path) -> None:
    """A workbook with a part of 1.1 GB of zeros (about 1 MB packed): refused from the archive's directory."""
    assert run.add("--value", "12.5").exit_code == 0
    assert run("export", "-f", "xlsx", "-o", "out.xlsx").exit_code == 0
    with (
        zipfile.ZipFile(isolated / "out.xlsx", "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/bomb.bin", "w", force_zip64=True) as part,
    ):
        zeros = bytes(1 << 24)
        for _ in range(66):
            part.write(zeros)
    assert (isolated / "out.xlsx").stat().st_size < 5_000_000
    assert "unpacks to 1,107," in one_line(run("import", "out.xlsx"))


# targets.yaml and contacts.yaml

YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3),
    max_leaves=8,
)
SHIPPED = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*here, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*here, index))
    return found


SHIPPED_KPI = {"kpis": {"online_dossiers": SHIPPED["kpis"]["online_dossiers"]}}
PATHS = _paths(SHIPPED_KPI)


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


@FAST
@given(path=st.sampled_from(PATHS), new=YAML_VALUES)
def test_targets_file_with_any_value_anywhere_loads_or_refuses(path: tuple[Any, ...], new: Any) -> None:
    with folder() as where:
        file = where / "targets.yaml"
        file.write_text(yaml.safe_dump(_replaced(SHIPPED_KPI, path, new), allow_unicode=True), encoding="utf-8")
        try:
            load_targets(file, REGISTRY)
        except InputError as refused:
            reason(refused)


@FAST
@given(text=st.one_of(st.text(max_size=200), YAML_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_yaml_files_of_any_text_load_or_refuse(text: str) -> None:
    with folder() as where:
        file = where / "any.yaml"
        file.write_text(text, encoding="utf-8")
        for load in (lambda: load_targets(file, REGISTRY), lambda: load_contacts(file, REGISTRY, TODAY)):
            try:
                load()
            except InputError as refused:
                reason(refused)


@FAST
@given(contacts=st.dictionaries(st.sampled_from(["Huế", "Hà Nội", "national", "Phú Yên"]) | TEXTS, YAML_VALUES))
def test_contacts_with_any_value_load_or_refuse(contacts: dict[Any, Any]) -> None:
    with folder() as where:
        file = where / "contacts.yaml"
        file.write_text(yaml.safe_dump({"contacts": contacts}, allow_unicode=True), encoding="utf-8")
        try:
            load_contacts(file, REGISTRY, TODAY)
        except InputError as refused:
            reason(refused)


@FEW
@given(contacts=YAML_VALUES, targets=YAML_VALUES)
def test_targets_and_remind_commands_are_sane(run: Run, contacts: Any, targets: Any) -> None:
    with folder() as where:
        (where / "c.yaml").write_text(yaml.safe_dump({"contacts": contacts}, allow_unicode=True), encoding="utf-8")
        sane(run("remind", "-p", "Huế", "--period", "2025-H1", "--contacts", str(where / "c.yaml")))
        (where / "t.yaml").write_text(yaml.safe_dump({"kpis": targets}, allow_unicode=True), encoding="utf-8")
        sane(run("targets", "--targets", str(where / "t.yaml")))


@pytest.mark.parametrize("name", ["targets.yaml", "contacts.yaml"])
def test_yaml_is_read_only_by_the_safe_loader(run: Run, isolated: Path, name: str) -> None:
    pwned = isolated / "pwned"
    (isolated / name).write_text(f'!!python/object/apply:os.system ["touch {pwned}"]\n', encoding="utf-8")
    command = ["targets"] if name == "targets.yaml" else ["remind", "-p", "Huế", "--period", "2025-H1"]
    one_line(run(*command))
    assert not pwned.exists()


@pytest.mark.parametrize("name", ["targets.yaml", "contacts.yaml"])
def test_yaml_nesting_and_aliases_are_limited(run: Run, isolated: Path, name: str) -> None:
    command = ["targets"] if name == "targets.yaml" else ["remind", "-p", "Huế", "--period", "2025-H1"]
    (isolated / name).write_text("a: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    assert "nested deeper than 64 levels" in one_line(run(*command))
    laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(8)]
    (isolated / name).write_text("\n".join(laughs) + "\n", encoding="utf-8")
    assert "once aliases are expanded" in one_line(run(*command))
