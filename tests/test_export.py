"""Export writes what import reads: round trips byte for byte, history restored, filters, and safe output files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run, count_figures

SAMPLE = str(ROOT / "data" / "figures.csv")


def exported(run: Run, *args: str) -> bytes:
    result = run("export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def with_revisions(run: Run) -> None:
    """The sample, a revision, a withdrawal, and a value whose fraction has three digits."""
    assert run("import", SAMPLE).exit_code == 0
    assert run.add("--value", "12.5", "--source", "first", "--received", "2020-01-15").exit_code == 0
    assert run.add("--value", "13", "--source", "corrected", "--note", "dòng 2\tcó tab").exit_code == 0
    assert run.add("--value", "12.345", "--decimal", "dot", period="2018").exit_code == 0
    assert (
        run.add("--numerator", "2", "--denominator", "3", "--received", "15/01/2020", kpi="dossiers_on_time").exit_code
        == 0
    )
    withdrawn = run("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2018", "--reason", "sai số")
    assert withdrawn.exit_code == 0, withdrawn.output


ROUND_TRIPS = [
    ["--format", "csv"],
    ["--format", "csv", "--lang", "vi"],
    ["--format", "json"],
    ["--format", "csv", "--with-history"],
    ["--format", "csv", "--with-history", "--lang", "vi"],
    ["--format", "json", "--with-history"],
]


@pytest.mark.parametrize("options", ROUND_TRIPS, ids=[" ".join(o) for o in ROUND_TRIPS])
def test_export_import_export_is_byte_identical(run: Run, isolated: Path, options: list[str]) -> None:
    with_revisions(run)
    first = exported(run, *options)
    path = isolated / "out.file"
    path.write_bytes(first)
    other = str(isolated / "other.db")
    result = run("import", str(path), "--db", other)
    assert result.exit_code == 0, result.output
    assert exported(run, *options, "--db", other) == first
    again = run("import", str(path), "--db", other)
    assert again.exit_code == 0 and "0 new, 0 revised" in again.output, again.output


def test_history_import_reproduces_every_revision(run: Run, isolated: Path) -> None:
    with_revisions(run)
    (isolated / "h.json").write_bytes(exported(run, "-f", "json", "--with-history"))
    other = str(isolated / "other.db")
    result = run("import", "h.json", "--db", other)
    assert result.exit_code == 0 and "1 withdrawn" in result.output, result.output
    for kpi in ("online_dossiers", "dossiers_on_time"):
        wanted = run("history", "-p", "Phú Yên", "-k", kpi, "-f", "json").output
        assert run("history", "-p", "Phú Yên", "-k", kpi, "-f", "json", "--db", other).output == wanted
    assert count_figures(Path(other)) == count_figures(isolated / "figures.db")


def test_csv_has_exact_numbers_and_the_vietnamese_way(run: Run) -> None:
    with_revisions(run)
    english = exported(run, "--province", "Phú Yên", "--with-history").decode()
    assert english.startswith("province,code,kpi,kpi_name,period,value,")
    assert ",2018,12.3450,,," in english  # three decimals padded: never read as twelve thousand
    assert ",66.66666666666667,2,3,,,2020-01-15," in english  # the day received, ISO
    assert ",yes\r\n" in english and "sai số" in english
    vietnamese = exported(run, "--province", "Phú Yên", "--with-history", "--lang", "vi").decode("utf-8")
    assert vietnamese.startswith("\ufeffTỉnh;Mã tỉnh;Chỉ tiêu;Tên chỉ tiêu;Kỳ;Giá trị;")
    assert ";2018;12,3450;;;" in vietnamese and ";có\r\n" in vietnamese
    assert ";Ghi chú;Ngày nhận;Lần sửa;" in vietnamese and ";2;3;;;15/01/2020;" in vietnamese
    assert "Tỷ lệ" in vietnamese  # KPI names in the reader's language


def test_current_export_leaves_withdrawn_figures_out(run: Run) -> None:
    with_revisions(run)
    rows = json.loads(exported(run, "-f", "json", "-p", "Phú Yên", "-k", "online_dossiers"))
    assert [(row["period"], row["value"], row["source"]) for row in rows] == [("2019", 13.0, "corrected")]


def test_filters(run: Run) -> None:
    assert run("import", SAMPLE).exit_code == 0
    everything = json.loads(exported(run, "-f", "json"))
    assert len(everything) == 77
    keys = [(row["code"], row["kpi"]) for row in everything]
    assert keys == sorted(keys, key=lambda key: (key[0] if key[0] != "national" else "~", key[1]))
    national = json.loads(exported(run, "-f", "json", "-p", "national", "-k", "un_egov_rank"))
    assert [row["period"] for row in national] and all(row["kpi"] == "un_egov_rank" for row in national)
    windowed = json.loads(exported(run, "-f", "json", "--from", "2019", "--to", "2020-H1"))
    assert windowed and all("2019" <= row["period"][:4] <= "2020" for row in windowed)
    assert not any(row["period"] in ("2020", "2020-H2", "2020-Q3", "2020-12") for row in windowed)
    two_units = exported(run, "-p", "Đắk Lắk").decode()
    assert two_units.splitlines()[0].startswith("province,")
    refused = run("export", "--from", "2021", "--to", "2020")
    assert refused.exit_code == 2 and "--from 2021 is after --to 2020" in refused.output


def test_a_name_two_units_bore_exports_both(run: Run) -> None:
    assert run.add("--value", "40", province="Đắk Lắk", period="2024").exit_code == 0
    assert run.add("--value", "60", province="Đắk Lắk", period="2025-Q3").exit_code == 0
    assert run.add("--value", "20", province="Phú Yên", period="2024").exit_code == 0
    rows = json.loads(exported(run, "-f", "json", "-p", "Dak Lak"))
    assert [(row["province"], row["code"], row["period"]) for row in rows] == [
        ("Đắk Lắk", "66", "2024"),
        ("Đắk Lắk", "66", "2025-Q3"),
    ]


def test_output_files(run: Run, isolated: Path) -> None:
    assert run("import", SAMPLE).exit_code == 0
    assert run("export", "-o", "out.csv").exit_code == 0
    assert (isolated / "out.csv").stat().st_mode & 0o777 == 0o666 & ~current_umask()
    before = (isolated / "out.csv").read_bytes()
    assert before == exported(run)
    again = run("export", "-o", "out.csv", "-p", "national")
    assert again.exit_code == 2 and "out.csv exists; give --force" in again.output
    assert (isolated / "out.csv").read_bytes() == before
    assert run("export", "-o", "out.csv", "-p", "national", "--force").exit_code == 0
    assert (isolated / "out.csv").read_bytes() != before
    missing = run("export", "-o", "nowhere/out.csv")
    assert missing.exit_code == 2 and "the folder nowhere does not exist" in missing.output
    folder = run("export", "-o", ".")
    assert folder.exit_code == 2 and "is a folder" in folder.output
    excel = run("export", "-f", "xlsx")
    assert excel.exit_code == 2 and "give --output" in excel.output
    assert sorted(path.name for path in isolated.iterdir() if path.name.startswith(".")) == []


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_export_leaves_the_old_file(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("import", SAMPLE).exit_code == 0
    (isolated / "out.csv").write_text("old\n", encoding="utf-8")

    def broken(export: object, out: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("egovkpi.exporting.csvfile.write_csv", broken)
    result = run("export", "-o", "out.csv", "--force")
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert (isolated / "out.csv").read_text(encoding="utf-8") == "old\n"
    assert [path.name for path in isolated.iterdir() if path.name.endswith(".tmp")] == []


def test_without_a_store(run: Run, isolated: Path) -> None:
    result = run("export")
    assert result.exit_code == 2 and "there is no egovkpi store" in result.output
    assert not (isolated / "figures.db").exists()


def test_export_speaks_vietnamese(run: Run) -> None:
    result = run("export", "-f", "xlsx", "--lang", "vi")
    assert result.exit_code == 2 and "Lỗi: không thể in tệp Excel ra màn hình" in result.output


def test_the_file_name_says_the_format(run: Run, isolated: Path) -> None:
    assert run("import", SAMPLE).exit_code == 0
    assert run("export", "-o", "so-lieu.xlsx").exit_code == 0
    assert (isolated / "so-lieu.xlsx").read_bytes()[:4] == b"PK\x03\x04"
    assert run("export", "-o", "x.json").exit_code == 0 and (isolated / "x.json").read_text("utf-8").startswith("[")
    clash = run("export", "-f", "csv", "-o", "wrong.xlsx")
    assert clash.exit_code == 2 and "--format csv does not match the file name wrong.xlsx" in clash.output
    assert not (isolated / "wrong.xlsx").exists()


def test_the_file_language_is_english_unless_asked(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("import", SAMPLE).exit_code == 0
    monkeypatch.setenv("EGOVKPI_LANG", "vi")
    assert exported(run).startswith(b"province,code,kpi,")  # a scheduled backup is the same on every machine
    assert exported(run, "--lang", "vi").startswith("\ufeffTỉnh;".encode())


def test_an_export_that_matches_nothing_says_so(run: Run) -> None:
    assert run("import", SAMPLE).exit_code == 0
    result = run("export", "-p", "Bắc Ninh")
    assert result.exit_code == 0 and "no figure matched" in result.stderr
    assert result.stdout.startswith("province,code,")
