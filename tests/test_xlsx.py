"""Excel files: export writes a workbook that imports back exactly; import reads what officials type in Excel."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import Result

from egovkpi.reading.xlsxfile import read_xlsx
from tests.helpers import ROOT, Run, count_figures

SAMPLE = ROOT / "data" / "figures.csv"
HEADER_VI = ["Kỳ", "Chỉ tiêu", "Tỉnh", "Giá trị", "Nguồn"]


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _refused(result: Result, *words: str) -> str:
    """Exit 2, nothing on stdout, nothing stored is checked by the caller; one `Error:` line holding every word."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "Traceback" not in result.output
    return result.stderr


def _figures(run: Run, *args: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The stored figures by province, KPI and period, as export writes them in JSON."""
    rows = json.loads(_ok(run("export", "-f", "json", *args)).stdout)
    return {(row["province"], row["kpi"], row["period"]): row for row in rows}


def _workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]], formats: dict[str, str] | None = None) -> Path:
    """A workbook as someone builds it by hand: `sheets` by title, rows of values; `formats` maps a cell of the
    last sheet ('D2') to its number format."""
    book = Workbook()
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = book.worksheets[0] if index == 0 else book.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(list(row))
        for where, shown in (formats or {}).items():
            sheet[where].number_format = shown
    book.save(path)
    return path


def _patched(path: Path, old: bytes, new: bytes, part: str = "xl/worksheets/sheet1.xml") -> None:
    """Rewrite one part of a workbook's zip, as another program than openpyxl would have written it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert old in parts[part], parts[part]
    parts[part] = parts[part].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.fixture
def revised(sample: Run) -> Run:
    """The sample, with a revision, a withdrawal, a value of 17 significant digits and notes Excel would misread."""
    _ok(sample.add("--value", "12,5", "--note", "=1+1", period="2020"))
    _ok(sample.add("--value", "13", "--note", "  #N/A\n\tsecond line ", period="2020"))
    _ok(sample.add("--value", "10", period="2021"))
    _ok(sample("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2021", "--reason", "nhầm"))
    _ok(sample.add("--numerator", "1", "--denominator", "3", kpi="dossiers_on_time", period="2020"))
    _ok(sample.add("--value", "20", "--received", "05/01/2023", period="2022"))  # typed in late
    return sample


ROUND_TRIPS = [(), ("--with-history",), ("--lang", "vi"), ("--with-history", "--lang", "vi")]


@pytest.mark.parametrize("options", ROUND_TRIPS, ids=["figures", "history", "vi", "history-vi"])
def test_export_imports_back_exactly(revised: Run, isolated: Path, options: tuple[str, ...]) -> None:
    history = ("--with-history",) if "--with-history" in options else ()
    _ok(revised("export", "-f", "xlsx", "-o", "f.xlsx", *options))
    _ok(revised("export", "-o", "first.csv", *history))
    _ok(revised("import", "f.xlsx", "--db", "other.db"))
    _ok(revised("export", "-o", "again.csv", "--db", "other.db", *history))
    first = (isolated / "first.csv").read_bytes()
    assert (isolated / "again.csv").read_bytes() == first
    assert b"33.33333333333333" in first and b"#N/A" in first  # the digits and a text Excel would misread
    assert b",2023-01-05" in first  # the day received, read back from a date cell


def test_the_written_workbook(revised: Run, isolated: Path) -> None:
    _ok(revised("export", "-f", "xlsx", "-o", "f.xlsx", "--with-history"))
    expected = json.loads(_ok(revised("export", "-f", "json", "--with-history")).stdout)
    book = load_workbook(isolated / "f.xlsx")
    assert book.sheetnames == ["Figures", "Targets"]
    sheet = book["Figures"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header == list(expected[0])
    assert all(cell.font.bold for cell in sheet[1])
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    for row in expected:  # every value exact: the same types, floats to the last bit, an empty text as no cell
        row.update(source=row["source"] or None, note=row["note"] or None)
        row.update(received=dt.datetime.fromisoformat(row["received"]))  # a date cell: openpyxl reads a datetime
    assert rows == expected
    cells = {(row[0].value, row[2].value, row[4].value, row[11].value): row for row in sheet.iter_rows(min_row=2)}
    count = cells[("Phú Yên", "portal_dossiers_received", "2019", 1)]
    assert (count[5].value, count[5].number_format) == (192577, "#,##0")
    assert (count[4].data_type, count[4].number_format) == ("s", "@")  # the period is text
    hanoi = cells[("Hà Nội", "level34_services", "2017-09", 1)]
    assert (hanoi[1].value, hanoi[1].number_format) == ("01", "@")  # a code keeps its leading zero
    assert (hanoi[4].value, hanoi[12].number_format) == ("2017-09", "@")
    percent = cells[("Phú Yên", "dossiers_on_time", "2019", 1)]
    assert (percent[5].value, percent[5].number_format) == (91.85, "0.00")
    ratio = cells[("Phú Yên", "dossiers_on_time", "2020", 1)]
    assert [cell.number_format for cell in ratio[5:8]] == ["0.00", "#,##0", "#,##0"]  # the parts are counts
    twelve_and_a_half = cells[("Phú Yên", "online_dossiers", "2020", 1)]
    assert (twelve_and_a_half[5].value, twelve_and_a_half[5].number_format) == (12.5, "0.00")
    assert (twelve_and_a_half[9].value, twelve_and_a_half[9].data_type) == ("=1+1", "s")  # a note, not a formula
    withdrawn = cells[("Phú Yên", "online_dossiers", "2021", 2)]
    assert withdrawn[14].value is True and withdrawn[11].number_format == "0"
    late = cells[("Phú Yên", "online_dossiers", "2022", 1)]
    assert (late[10].value, late[10].number_format) == (dt.datetime(2023, 1, 5), "dd/mm/yyyy")  # a date cell
    targets = book["Targets"]
    assert targets.freeze_panes == "A2"
    assert [cell.value for cell in targets[1]][:8] == [
        "province", "code", "kpi", "kpi_name", "unit", "comparator", "target", "deadline"
    ]  # fmt: skip
    shown = {(row[0].value, row[2].value, row[7].value): row for row in targets.iter_rows(min_row=2)}
    percent = shown[("Toàn quốc", "e_documents", "2025")]
    assert (percent[6].value, percent[6].number_format, percent[7].number_format) == (100, "0.00", "@")
    rank = shown[("Toàn quốc", "un_egov_rank", "2030")]
    assert (rank[4].value, rank[5].value, rank[6].value, rank[6].number_format) == (
        "count",
        "rank in the top",
        30,
        "#,##0",
    )


def test_vietnamese_workbook_names_its_sheets_and_columns(sample: Run, isolated: Path) -> None:
    _ok(sample("export", "-f", "xlsx", "-o", "f.xlsx", "--lang", "vi"))
    book = load_workbook(isolated / "f.xlsx", read_only=True)
    assert book.sheetnames == ["Số liệu", "Mục tiêu"]
    first = next(book["Số liệu"].iter_rows(max_row=1, values_only=True))
    assert first[:5] == ("Tỉnh", "Mã tỉnh", "Chỉ tiêu", "Tên chỉ tiêu", "Kỳ")
    targets = next(book["Mục tiêu"].iter_rows(max_row=1, values_only=True))
    assert targets[4:8] == ("Đơn vị tính", "Phép so sánh", "Mục tiêu", "Thời hạn")
    book.close()


def _hand_made(isolated: Path) -> Path:
    notes = [["Hướng dẫn"], ["Bảng số liệu năm 2019, nhập tay"]]
    figures: list[list[Any]] = [
        [],
        HEADER_VI,
        [2019, "dossiers_on_time", "Phú Yên", 0.9185, "tự nhập"],  # shown as 91.85%
        [dt.datetime(2017, 9, 1), "level34_services", "Hà Nội", "30,5", None],  # a month Excel made a date
        ["2019", "portal_dossiers_received", "Hà Nội", "12.000", None],  # twelve thousand, or twelve?
        [2019.0, "agencies_online_services", "Phú Yên", 143, None, None, None],  # trailing empty cells
        ["2019", "e_documents", "Phú Yên", 35.5, None],  # a percent sign typed as text in the format
    ]
    formats = {"D3": "0.00%", "D7": '0.0"%"'}
    return _workbook(isolated / "tay.xlsx", {"Hướng dẫn": notes, "Số liệu 2019": figures}, formats)


def test_a_workbook_made_by_hand(run: Run, isolated: Path) -> None:
    path = _hand_made(isolated)
    _refused(run("import", str(path)), "tay.xlsx, sheet Hướng dẫn: unknown column(s) Hướng dẫn")
    refused = _refused(run("import", str(path), "--sheet", "Số liệu 2019"), "1 bad row(s)")
    assert "sheet Số liệu 2019, row 5: value '12.000' is ambiguous" in refused
    assert count_figures(isolated / "figures.db") == 0
    imported = _ok(run("import", str(path), "--sheet", "so lieu 2019", "--decimal", "comma"))
    assert "5 new" in imported.output
    figures = _figures(run)
    assert figures[("Phú Yên", "dossiers_on_time", "2019")]["value"] == 91.85
    assert figures[("Phú Yên", "dossiers_on_time", "2019")]["source"] == "tự nhập"
    assert figures[("Hà Nội", "level34_services", "2017-09")]["value"] == 30.5
    assert figures[("Hà Nội", "portal_dossiers_received", "2019")]["value"] == 12000
    assert figures[("Phú Yên", "agencies_online_services", "2019")]["value"] == 143
    assert figures[("Phú Yên", "e_documents", "2019")]["value"] == 35.5


def test_a_missing_sheet_is_refused_naming_the_sheets(run: Run, isolated: Path) -> None:
    path = _hand_made(isolated)
    _refused(run("import", str(path), "--sheet", "Nope"), "has no sheet 'Nope'", "'Hướng dẫn', 'Số liệu 2019'")


def test_a_hidden_first_sheet_is_passed_over(run: Run, isolated: Path) -> None:
    rows: list[list[Any]] = [HEADER_VI, ["2019", "e_documents", "Phú Yên", 50]]
    path = _workbook(isolated / "f.xlsx", {"Tính toán": [["x"]], "Số liệu": rows})
    book = load_workbook(path)
    book["Tính toán"].sheet_state = "hidden"
    book.save(path)
    assert "1 new" in _ok(run("import", str(path))).output


def test_a_formula_gives_its_saved_value(run: Run, isolated: Path) -> None:
    path = _workbook(isolated / "f.xlsx", {"Sheet": [HEADER_VI, ["2019", "e_documents", "Phú Yên", "=61*0.5"]]})
    _refused(run("import", str(path)), "sheet Sheet, row 2: cell D2 holds a formula with no saved value")
    _patched(path, b"<f>61*0.5</f><v />", b"<f>61*0.5</f><v>30.5</v>")  # as Excel saves it
    _ok(run("import", str(path)))
    assert _figures(run)[("Phú Yên", "e_documents", "2019")]["value"] == 30.5


def test_a_wrong_dimension_loses_no_row(run: Run, isolated: Path) -> None:
    rows: list[list[Any]] = [HEADER_VI, *[[f"{year}", "e_documents", "Phú Yên", 50] for year in (2017, 2018, 2019)]]
    path = _workbook(isolated / "f.xlsx", {"Sheet": rows})
    _patched(path, b'<dimension ref="A1:E4" />', b'<dimension ref="A1:A1" />')  # some programs write this
    assert "3 new" in _ok(run("import", str(path))).output


BAD_ROWS = [
    (["2019", "e_documents", "Atlantis", 50], "row 2: unknown province 'Atlantis'"),
    (["2019", "e_documents", "Phú Yên", 50, None, None, "extra"], "row 2: cell G2 is right of the header's last"),
    (["2019", "e_documents", "Phú Yên", "#DIV/0!"], "row 2: cell D2 holds the Excel error #DIV/0!"),
    ([dt.datetime(2019, 12, 5), "e_documents", "Phú Yên", 50], "row 2: the period cell holds the date 2019-12-05"),
    (["2019", "e_documents", "Phú Yên", dt.datetime(2019, 1, 1)], "row 2: value holds 2019-01-01T00:00:00"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS, ids=["province", "extra", "error", "date", "value"])
def test_bad_rows_are_named_by_sheet_and_row(run: Run, isolated: Path, row: list[Any], message: str) -> None:
    good = ["2018", "e_documents", "Phú Yên", 40]
    path = _workbook(isolated / "f.xlsx", {"Dữ liệu": [HEADER_VI[:4], row, good]})
    _refused(run("import", str(path)), f"f.xlsx: sheet Dữ liệu, {message}", "1 bad row(s); nothing was imported")
    assert count_figures(isolated / "figures.db") == 0


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<document/>")


BAD_FILES = [
    ("corrupt", lambda path: path.write_bytes(b"PK\x03\x04" + b"\x00" * 200), "is not an Excel workbook"),
    ("docx", _docx, "is not an Excel workbook that can be read"),
    ("encrypted", lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500), "password"),
    ("empty", lambda path: Workbook().save(path), "sheet Sheet: is empty; expected a header row"),
    ("header only", lambda path: _workbook(path, {"S": [HEADER_VI]}), "holds no figures"),
    ("bad header", lambda path: _workbook(path, {"S": [["Tỉnh", "Chỉ tiêu", "Năm"]]}), "unknown column(s) Năm"),
]


@pytest.mark.parametrize(("kind", "make", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_files_are_refused(run: Run, isolated: Path, kind: str, make: Any, message: str) -> None:
    path = isolated / "bad.xlsx"
    make(path)
    stderr = _refused(run("import", str(path)), message)
    assert len(stderr.splitlines()) == 1, stderr
    assert count_figures(isolated / "figures.db") == 0


def test_an_excel_file_needs_an_output_and_is_not_overwritten(sample: Run, isolated: Path) -> None:
    _refused(sample("export", "-f", "xlsx"), "give --output")
    existing = isolated / "f.xlsx"
    existing.write_bytes(b"mine")
    _refused(sample("export", "-f", "xlsx", "-o", str(existing)), "exists; give --force")
    assert existing.read_bytes() == b"mine"
    _ok(sample("export", "-f", "xlsx", "-o", str(existing), "--force"))
    assert existing.read_bytes().startswith(b"PK") and not list(isolated.glob(".f.xlsx.*"))


def test_a_text_longer_than_a_cell_holds_is_refused(run: Run, isolated: Path) -> None:
    _ok(run.add("--value", "50", "--note", "x" * 32768))
    _refused(run("export", "-f", "xlsx", "-o", "f.xlsx"), "column 'note' has 32768 characters", "CSV or JSON")
    assert list(isolated.glob("*.xlsx")) == [] and list(isolated.glob(".f.xlsx*")) == []


def test_the_reader_streams_and_closes_the_file(isolated: Path) -> None:
    rows: list[list[Any]] = [HEADER_VI, *[[f"{year}", "e_documents", "Phú Yên", 50] for year in range(2010, 2020)]]
    path = _workbook(isolated / "f.xlsx", {"Sheet": rows})
    source = read_xlsx(path, None)
    assert source.size == 11 and not source.history and source.decimal is None
    first = next(source.rows)
    assert str(first.where) == "sheet Sheet, row 2" and source.position() == 2
    assert len(list(source.rows)) == 9 and source.position() == 11
    if sys.platform == "linux":
        opened = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
        assert str(path.resolve()) not in opened


@pytest.mark.parametrize("args", [("report", "-p", "Phú Yên"), ("export", "-f", "csv")])
def test_reports_and_csv_never_load_openpyxl(sample: Run, isolated: Path, args: tuple[str, ...]) -> None:
    found = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "egovkpi", *args],
        capture_output=True,
        text=True,
        cwd=isolated,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    imported = re.findall(r"\|\s+(\S+)$", found.stderr, re.MULTILINE)
    assert "egovkpi.cli" in imported
    assert not [name for name in imported if name.startswith("openpyxl")]
