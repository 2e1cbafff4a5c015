"""Import reads files as offices save them: Excel's Vietnamese CSV, tabs, JSON; refuses what it cannot read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from egovkpi.progress import tracked
from tests.helpers import Run, count_figures


def values(run: Run, kpi: str = "online_dossiers", province: str = "Phú Yên") -> list[tuple[str, float]]:
    rows = json.loads(run("history", "-p", province, "-k", kpi, "-f", "json").output)
    return [(row["period"], row["value"]) for row in rows]


def test_a_csv_saved_by_excel_on_vietnamese_windows(run: Run, isolated: Path) -> None:
    text = "Tỉnh;Chỉ tiêu;Kỳ;Giá trị;Nguồn;Ghi chú\r\nPhú Yên;online_dossiers;2019;30,5;Sở TT&TT;\r\n"
    text += 'phu yen;portal_dossiers_received;2019;12.000;báo cáo;"có; dấu chấm phẩy"\r\n'
    (isolated / "so-lieu.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run("import", "so-lieu.csv")
    assert result.exit_code == 0, result.output
    assert values(run) == [("2019", 30.5)]
    assert values(run, "portal_dossiers_received") == [("2019", 12000.0)]


def test_column_names_forgive_case_and_diacritics(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("TINH,chi tieu,KY,Tu so,mau_so\nPhu Yen,online_dossiers,2019,1,4\n", "utf-8")
    assert run("import", "a.csv").exit_code == 0
    assert values(run) == [("2019", 25.0)]


def test_tabs_and_a_forced_delimiter(run: Run, isolated: Path) -> None:
    (isolated / "a.tsv").write_text("province\tkpi\tperiod\tvalue\nPhú Yên\tonline_dossiers\t2019\t7.5\n", "utf-8")
    assert run("import", "a.tsv").exit_code == 0
    (isolated / "b.csv").write_text("province,kpi;period,value;note\n", "utf-8")
    unclear = run("import", "b.csv")
    assert unclear.exit_code == 2 and "give --delimiter" in unclear.output
    (isolated / "c.csv").write_text("province kpi period value\n", "utf-8")
    assert "cannot tell how the header row's cells are separated" in run("import", "c.csv").output
    (isolated / "d.csv").write_text("province;kpi;period;value\nPhú Yên;online_dossiers;2020;8,5\n", "utf-8")
    assert run("import", "d.csv", "--delimiter", "semicolon").exit_code == 0
    assert values(run) == [("2019", 7.5), ("2020", 8.5)]


def test_ambiguous_numbers_in_a_comma_file_are_refused_with_both_readings(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("province,kpi,period,value\nPhú Yên,portal_dossiers_received,2019,12.000\n")
    result = run("import", "a.csv")
    assert result.exit_code == 2 and "12000" in result.output and "--decimal" in result.output
    assert run("import", "a.csv", "--decimal", "comma").exit_code == 0


def test_code_and_name_must_agree(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("code,kpi,period,value\n54,online_dossiers,2019,10\n", "utf-8")
    assert run("import", "a.csv").exit_code == 0
    (isolated / "b.csv").write_text("province,code,kpi,period,value\nHà Nội,54,online_dossiers,2019,10\n", "utf-8")
    result = run("import", "b.csv")
    assert result.exit_code == 2 and "province 'Hà Nội' is Hà Nội but code 54 is Phú Yên" in result.output


def test_a_value_beside_its_fraction_must_agree(run: Run, isolated: Path) -> None:
    header = "province,kpi,period,value,numerator,denominator\n"
    (isolated / "a.csv").write_text(header + "Phú Yên,online_dossiers,2019,33.33,1,3\n", "utf-8")
    assert run("import", "a.csv").exit_code == 0
    assert values(run) == [("2019", 100 / 3)]
    (isolated / "b.csv").write_text(header + "Phú Yên,online_dossiers,2020,35,1,3\n", "utf-8")
    result = run("import", "b.csv")
    assert result.exit_code == 2 and "the value 35 is not the numerator over the denominator" in result.output


def test_dry_run_writes_nothing(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("province,kpi,period,value\nPhú Yên,online_dossiers,2019,10\n", "utf-8")
    result = run("import", "a.csv", "--dry-run")
    assert result.exit_code == 0 and "Dry run of a.csv: 1 new, 0 revised, 0 unchanged" in result.output
    assert not (isolated / "figures.db").exists()
    assert run("import", "a.csv").exit_code == 0
    (isolated / "a.csv").write_text("province,kpi,period,value\nPhú Yên,online_dossiers,2019,11\n", "utf-8")
    before = (isolated / "figures.db").read_bytes()
    result = run("import", "a.csv", "--dry-run")
    assert "0 new, 1 revised, 0 unchanged; nothing was written" in result.output
    assert (isolated / "figures.db").read_bytes() == before and values(run) == [("2019", 10.0)]


def test_on_duplicate(run: Run, isolated: Path) -> None:
    assert run.add("--value", "10").exit_code == 0
    (isolated / "a.csv").write_text("province,kpi,period,value\nPhú Yên,online_dossiers,2019,11\n", "utf-8")
    kept = run("import", "a.csv", "--on-duplicate", "keep")
    assert kept.exit_code == 0 and "1 differing from the store and kept as stored" in kept.output
    refused = run("import", "a.csv", "--on-duplicate", "refuse")
    assert refused.exit_code == 2 and "stored as 10 (revision 1); this row differs" in refused.output
    assert values(run) == [("2019", 10.0)]
    assert "1 revised" in run("import", "a.csv").output
    assert values(run) == [("2019", 10.0), ("2019", 11.0)]


def test_json_items_are_checked_one_by_one(run: Run, isolated: Path) -> None:
    items = [
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2019", "value": 12.345},
        {"tỉnh": "Phú Yên", "chỉ tiêu": "online_dossiers", "kỳ": 2020, "giá trị": 30},
        ["not", "an", "object"],
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2021", "vaule": 1},
        {"province": "Phú Yên", "kpi": "online_dossiers", "period": "2022", "value": "12.000"},
    ]
    (isolated / "a.json").write_text(json.dumps(items, ensure_ascii=False), "utf-8")
    result = run("import", "a.json")
    assert result.exit_code == 2
    assert "item 3: is not an object" in result.output
    assert "item 4: unknown key(s) vaule" in result.output
    assert "item 5: value '12.000' is ambiguous" in result.output
    assert "3 bad row(s); nothing was imported" in result.output
    (isolated / "a.json").write_text(json.dumps(items[:2], ensure_ascii=False), "utf-8")
    assert run("import", "a.json").exit_code == 0
    assert values(run) == [("2019", 12.345), ("2020", 30.0)]  # a JSON number is a number: no decimal question


FILE_PROBLEMS: list[tuple[str, bytes, str]] = [
    ("dict.json", b'{"province": "x"}', "is not a list of figures"),
    ("broken.json", b'[{"province": ', "is not valid JSON (line 1, column 15"),
    ("empty.json", b"[]", "holds no figures"),
    ("two_names.csv", "province,Tỉnh,kpi,period\n".encode(), "the header names one column twice (province, Tỉnh)"),
    ("no_kpi.csv", b"province,period,value\n", "missing column(s) kpi"),
    ("half_history.csv", b"province,kpi,period,value,revision\n", "a history file needs all of"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old Excel .xls file or a workbook protected"),
    ("cp1258.csv", "province,kpi,period,value\nPhú Yên,online_dossiers,2019,1\n".encode("cp1258"), "CSV UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "message"), FILE_PROBLEMS, ids=[case[0] for case in FILE_PROBLEMS])
def test_files_refused_whole(run: Run, isolated: Path, name: str, content: bytes, message: str) -> None:
    (isolated / name).write_bytes(content)
    result = run("import", name)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.output.count("Error:") == 1 and "Traceback" not in result.output
    assert count_figures(isolated / "figures.db") == 0


def test_sheet_and_delimiter_belong_to_their_formats(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("province,kpi,period,value\n", "utf-8")
    assert "--sheet is for Excel" in run("import", "a.csv", "--sheet", "x").output
    (isolated / "a.json").write_text("[]", "utf-8")
    assert "--delimiter is for CSV" in run("import", "a.json", "--delimiter", "tab").output


def test_import_speaks_vietnamese(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("tỉnh,chỉ tiêu,kỳ,giá trị\nAtlantis,online_dossiers,2019,1\n", "utf-8")
    result = run("import", "a.csv", "--lang", "vi")
    assert "a.csv: dòng 2: không có tỉnh" in result.output or "dòng 2:" in result.output
    assert "Lỗi: a.csv: 1 dòng lỗi; không nhập dòng nào" in result.output


def test_progress_shows_only_on_a_slow_terminal_import() -> None:
    ticks = iter(range(100))
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    items = list(tracked(iter(range(5)), lambda: 3.0, 5.0, "big.csv", console, clock=lambda: float(next(ticks))))
    assert items == [0, 1, 2, 3, 4] and "big.csv" in screen.getvalue()
    quiet = io.StringIO()
    fast = Console(file=quiet, force_terminal=True, width=80)
    assert list(tracked(iter(range(5)), lambda: 0.0, 5.0, "x", fast, clock=lambda: 0.0)) == [0, 1, 2, 3, 4]
    assert quiet.getvalue() == ""


def test_no_progress_in_a_pipe(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("province,kpi,period,value\nPhú Yên,online_dossiers,2019,10\n", "utf-8")
    result = run("import", "a.csv")
    assert result.output == "Imported a.csv: 1 new, 0 revised, 0 unchanged\n"


def test_an_old_file_does_not_bring_back_a_withdrawn_figure(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("province,kpi,period,value,source\nPhú Yên,online_dossiers,2019,10,x\n", "utf-8")
    assert run("import", "a.csv").exit_code == 0
    assert (
        run("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--reason", "sai").exit_code == 0
    )
    again = run("import", "a.csv")
    assert again.exit_code == 0 and "1 withdrawn before and left withdrawn" in again.output
    assert json.loads(run("report", "-p", "Phú Yên", "-f", "json").output)[0]["province"] == "Phú Yên"
    rows = json.loads(run("history", "-p", "Phú Yên", "-k", "online_dossiers", "-f", "json").output)
    assert [row["withdrawn"] for row in rows] == [False, True]


def test_a_failed_import_leaves_no_new_store(run: Run, isolated: Path) -> None:
    (isolated / "a.csv").write_text("province,kpi,period,value\nAtlantis,online_dossiers,2019,10\n", "utf-8")
    result = run("import", "a.csv", "--db", "typo.db")
    assert result.exit_code == 2
    assert [path.name for path in isolated.iterdir() if path.name.startswith("typo")] == []
