"""End-to-end protections of the command line, through CliRunner: numbers, periods, withdrawal, the history of
merged units, the store file, free text, import files, options and province names."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from egovkpi.records import vietnam_today
from tests.helpers import Run, count_figures

COUNT_KPI = "portal_dossiers_received"  # a count: 12.000 fits it either way
THIS_YEAR = vietnam_today().year


def _db(isolated: Path) -> Path:
    return isolated / "figures.db"


def _refused(result: Result, *words: str, code: int = 2) -> str:
    """Assert a refusal: the exit code, nothing on stdout, one `Error:` line on stderr holding every word."""
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "Traceback" not in result.output
    return lines[0]


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _json(result: Result) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(_ok(result).stdout)
    return rows


def _report(run: Run, *args: str) -> list[dict[str, Any]]:
    return _json(run("report", *args, "-f", "json"))


def _row(rows: list[dict[str, Any]], kpi: str) -> dict[str, Any]:
    [found] = [row for row in rows if row["kpi"] == kpi]
    return found


def _history(run: Run, province: str, kpi: str, *extra: str) -> list[dict[str, Any]]:
    return _json(run("history", "-p", province, "-k", kpi, "-f", "json", *extra))


def _csv(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- numbers


def test_an_ambiguous_number_is_refused_naming_both_readings(run: Run, isolated: Path) -> None:
    line = _refused(run.add("--value", "12.000", kpi=COUNT_KPI, period="2020"), "'12.000'", "12000", "--decimal")
    assert re.search(r"(?<![\d.])12(?![\d.])", line), line  # the decimal reading, twelve, on its own
    assert count_figures(_db(isolated)) == 0


@pytest.mark.parametrize(
    ("decimal", "lang", "stored", "shown"),
    [
        ("comma", "en", 12000.0, "12,000 (revision 1)"),
        ("comma", "vi", 12000.0, "12.000 (lần 1)"),
        ("dot", "en", 12.0, "12 (revision 1)"),
    ],
)
def test_the_decimal_option_decides_the_reading(
    run: Run, isolated: Path, decimal: str, lang: str, stored: float, shown: str
) -> None:
    added = _ok(run.add("--value", "12.000", "--decimal", decimal, "--lang", lang, kpi=COUNT_KPI, period="2020"))
    assert f"· {COUNT_KPI} · 2020: {shown}" in added.stdout
    assert count_figures(_db(isolated)) == 1
    assert _row(_report(run, "-p", "Phú Yên"), COUNT_KPI)["actual"] == stored


def test_large_whole_numbers_are_confirmed_digit_for_digit(run: Run) -> None:
    first = _ok(run.add("--value", "1234567", kpi=COUNT_KPI, period="2021"))
    second = _ok(run.add("--value", "1234568", kpi=COUNT_KPI, period="2021"))
    assert f"{COUNT_KPI} · 2021: 1,234,567 (revision 1)" in first.stdout
    assert f"{COUNT_KPI} · 2021: 1,234,568 (revision 2)" in second.stdout
    assert "Previous: 1,234,567 (revision 1" in second.stdout
    assert "e+" not in first.stdout + second.stdout
    assert _row(_report(run, "-p", "Phú Yên"), COUNT_KPI)["actual"] == 1234568


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("9007199254740993", ("'9007199254740993'", "too large")),  # 2**53 + 1: a float would store ...992
        ("1e300", ("'1e300'", "not a number")),
    ],
)
def test_numbers_a_figure_cannot_hold_are_refused(run: Run, isolated: Path, value: str, words: tuple[str, ...]) -> None:
    _refused(run.add("--value", value, kpi=COUNT_KPI, period="2021"), *words)
    assert count_figures(_db(isolated)) == 0


def test_a_decimal_comma_percent_is_read_as_a_fraction(run: Run) -> None:
    _ok(run.add("--value", "30,5", kpi="online_dossiers", period="2021"))
    assert _row(_report(run, "-p", "Phú Yên"), "online_dossiers")["actual"] == 30.5


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize("period", ["2092", str(THIS_YEAR + 1)])
def test_a_period_that_has_not_started_is_refused(run: Run, isolated: Path, period: str) -> None:
    _refused(run.add("--value", "30", province="Hà Nội", period=period), period, "has not started")
    assert count_figures(_db(isolated)) == 0


def test_a_period_under_way_is_flagged_partial(run: Run) -> None:
    _ok(run.add("--value", "30", province="Hà Nội", period=str(THIS_YEAR)))
    _ok(run.add("--value", "40", province="Hà Nội", kpi="e_documents", period="2019"))
    rows = _report(run, "-p", "Hà Nội")
    under_way, ended = _row(rows, "online_dossiers"), _row(rows, "e_documents")
    assert (under_way["period"], under_way["partial"]) == (str(THIS_YEAR), True)
    assert (ended["period"], ended["partial"]) == ("2019", False)
    table = _ok(run("report", "-p", "Hà Nội")).stdout
    assert f"{THIS_YEAR}†" in table and "2019†" not in table
    assert "† the period is not over yet" in table


def test_a_full_year_past_a_merger_is_refused_naming_the_successor(run: Run, isolated: Path) -> None:
    _refused(run.add("--value", "30", period="2025"), "Phú Yên", "2025-06-30", "Đắk Lắk")  # ISO in English
    assert count_figures(_db(isolated)) == 0
    _ok(run.add("--value", "30", period="2025-H1"))
    assert count_figures(_db(isolated)) == 1


# ---------------------------------------------------------------- withdrawal

WITHDRAW = ("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2020")


@pytest.fixture
def withdrawn(run: Run) -> Run:
    """Phú Yên's online_dossiers for 2020, recorded (30) and then withdrawn."""
    _ok(run.add("--value", "30", period="2020"))
    _ok(run(*WITHDRAW, "--reason", "nhập nhầm"))
    return run


def test_a_withdrawn_figure_leaves_the_report_and_stays_in_history(withdrawn: Run) -> None:
    row = _row(_report(withdrawn, "-p", "Phú Yên"), "online_dossiers")
    assert (row["status"], row["actual"], row["period"]) == ("no_data", None, None)
    history = _history(withdrawn, "Phú Yên", "online_dossiers")
    assert [(h["revision"], h["value"], h["withdrawn"], h["note"]) for h in history] == [
        (1, 30.0, False, ""),
        (2, 30.0, True, "nhập nhầm"),
    ]


def test_withdrawing_twice_is_refused(withdrawn: Run, isolated: Path) -> None:
    _refused(withdrawn(*WITHDRAW, "--reason", "again"), "already withdrawn")
    assert count_figures(_db(isolated)) == 2


def test_recording_a_withdrawn_figure_again_makes_it_current(withdrawn: Run) -> None:
    again = _ok(withdrawn.add("--value", "30", period="2020"))
    assert "(revision 3)" in again.stdout
    history = _history(withdrawn, "Phú Yên", "online_dossiers")
    assert [(h["revision"], h["withdrawn"]) for h in history] == [(1, False), (2, True), (3, False)]
    row = _row(_report(withdrawn, "-p", "Phú Yên"), "online_dossiers")
    assert (row["period"], row["actual"]) == ("2020", 30.0)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2021", "--reason", "x"), ("no figure",)),
        ((*WITHDRAW, "--reason", ""), ("--reason", "empty")),
    ],
    ids=["no-such-figure", "empty-reason"],
)
def test_refused_withdrawals_store_nothing(
    run: Run, isolated: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    _ok(run.add("--value", "30", period="2020"))
    _refused(run(*args), *words)
    assert count_figures(_db(isolated)) == 1
    assert _row(_report(run, "-p", "Phú Yên"), "online_dossiers")["actual"] == 30.0


# ---------------------------------------------------------------- history across 1 July 2025


def test_history_names_each_unit_a_name_has_meant(sample: Run) -> None:
    before = _history(sample, "Hải Phòng", "e_documents")
    old = ("Hải Phòng (until 2025-06-30)", "2019-11", 68.0)  # the city's own figure to the end of 11/2019
    assert old in [(h["province"], h["period"], h["value"]) for h in before]
    _ok(sample("add", "-p", "Hải Phòng", "-k", "e_documents", "--period", "2026-01", "--value", "95"))
    after = [(h["province"], h["period"], h["value"]) for h in _history(sample, "Hải Phòng", "e_documents")]
    assert old in after and ("Hải Phòng (from 2025-07-01)", "2026-01", 95.0) in after
    as_of = _history(sample, "Hải Phòng", "e_documents", "--as-of", "2026-01-01")
    assert [(h["province"], h["period"], h["value"]) for h in as_of] == [("Hải Phòng", "2026-01", 95.0)]


# ---------------------------------------------------------------- the store file


@pytest.mark.parametrize(
    "args",
    [
        ("report",),
        ("history", "-p", "Hà Nội", "-k", "e_documents"),
        ("summary",),
    ],
    ids=["report", "history", "summary"],
)
def test_reading_a_missing_store_is_refused_and_creates_nothing(
    run: Run, isolated: Path, args: tuple[str, ...]
) -> None:
    _refused(run(*args), f"no egovkpi store at {_db(isolated)}")
    assert not _db(isolated).exists()


def test_a_missing_folder_is_not_created(run: Run, isolated: Path) -> None:
    _refused(run.add("--value", "30", "--db", str(isolated / "missing" / "folder" / "x.db")), "does not exist")
    assert not (isolated / "missing").exists()


def _journal_mode(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.parametrize("command", ["report", "add"])
def test_another_programs_database_is_refused_and_left_untouched(run: Run, isolated: Path, command: str) -> None:
    foreign = isolated / "other.db"
    conn = sqlite3.connect(foreign)
    with conn:
        conn.execute("CREATE TABLE figures (name TEXT, amount INTEGER)")
        conn.executemany("INSERT INTO figures VALUES (?, ?)", [("a", 1), ("b", 2), ("c", 3)])
    conn.close()
    before = foreign.read_bytes()
    assert _journal_mode(foreign) == "delete"
    db = str(foreign)
    result = run("report", "--db", db) if command == "report" else run.add("--value", "30", "--db", db)
    _refused(result, "not an egovkpi store")
    assert foreign.read_bytes() == before
    assert _journal_mode(foreign) == "delete"
    assert _tables(foreign) == {"figures"}  # no _sqlite_migrations
    assert sorted(path.name for path in isolated.iterdir()) == ["other.db"]  # no -wal, -shm or journal left


@pytest.mark.parametrize("command", ["report", "add"])
def test_a_text_file_is_refused_and_left_untouched(run: Run, isolated: Path, command: str) -> None:
    text = isolated / "notes.txt"
    text.write_bytes(b"hello, not a database\n")
    result = run("report", "--db", str(text)) if command == "report" else run.add("--value", "30", "--db", str(text))
    _refused(result, "not an egovkpi store")
    assert text.read_bytes() == b"hello, not a database\n"


def test_an_empty_file_becomes_a_store(run: Run, isolated: Path) -> None:
    empty = isolated / "empty.db"
    empty.touch()
    _ok(run.add("--value", "30", "--db", str(empty)))
    assert count_figures(empty) == 1


# ---------------------------------------------------------------- free text


@pytest.mark.parametrize(
    ("source", "user", "named"),
    [
        ("bad\x1b[31mred", "tester", "source"),
        ("ring\x07", "tester", "source"),
        ("", "te\x1bster", "EGOVKPI_USER"),
    ],
    ids=["source-esc", "source-bel", "user-esc"],
)
def test_control_characters_are_refused(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch, source: str, user: str, named: str
) -> None:
    monkeypatch.setenv("EGOVKPI_USER", user)
    _refused(run.add("--value", "30", "--source", source), named, "control character")
    assert count_figures(_db(isolated)) == 0


def test_tab_and_newline_are_kept_exactly_and_shown_escaped(run: Run) -> None:
    _ok(run.add("--value", "30", "--note", "a\tb\nc", province="Hà Nội"))
    [entry] = _history(run, "Hà Nội", "online_dossiers")
    assert entry["note"] == "a\tb\nc"
    table = _ok(run("history", "-p", "Hà Nội", "-k", "online_dossiers")).stdout
    [line] = [line for line in table.splitlines() if line.startswith("Hà Nội ")]
    assert "a\\tb\\nc" in line and "\t" not in table


# ---------------------------------------------------------------- import files

HEADER = "province,kpi,period,value\n"


def test_an_import_with_two_figures_for_one_period_is_refused(run: Run, isolated: Path) -> None:
    rows = "Hà Nội,e_documents,2019,30\nPhú Yên,e_documents,2019,31\nHà Nội,e_documents,2019,40\n"
    result = run("import", _csv(isolated, "dup.csv", HEADER + rows))
    assert result.exit_code == 2, result.output
    [problem] = [line for line in result.stderr.splitlines() if ": line " in line]
    assert "line 4:" in problem and "line 2" in problem
    assert result.stderr.splitlines()[-1].startswith("Error: ") and "nothing was imported" in result.stderr
    assert count_figures(_db(isolated)) == 0


def test_an_import_may_repeat_a_row_exactly(run: Run, isolated: Path) -> None:
    rows = "Hà Nội,e_documents,2019,30\nHà Nội,e_documents,2019,30\n"
    result = _ok(run("import", _csv(isolated, "same.csv", HEADER + rows)))
    assert "1 new, 0 revised, 0 unchanged" in result.stdout
    assert count_figures(_db(isolated)) == 1


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("province,kpi,period,value,value", ("value", "twice")),
        ("province,kpi,,period,value", ("column 3", "no name")),
    ],
    ids=["repeated", "unnamed"],
)
def test_a_bad_header_is_refused(run: Run, isolated: Path, header: str, words: tuple[str, ...]) -> None:
    path = _csv(isolated, "bad.csv", f"{header}\nHà Nội,e_documents,2019,30,30\n")
    _refused(run("import", path), *words)
    assert count_figures(_db(isolated)) == 0


def test_many_bad_rows_are_listed_up_to_fifty_and_the_hint_once(run: Run, isolated: Path) -> None:
    path = _csv(isolated, "bad.csv", HEADER + "Hà Nội,nope,2019,30\n" * 120)
    result = run("import", path)
    assert result.exit_code == 2, result.output
    listed = re.findall(r"^\S+: line (\d+): ", result.stderr, flags=re.MULTILINE)
    assert listed == [str(line) for line in range(2, 52)]
    assert f"{path}: … and 70 more bad row(s)" in result.stderr.splitlines()
    assert result.stderr.count("level4_services") == 1
    assert result.stderr.splitlines()[-1] == f"Error: {path}: 120 bad row(s); nothing was imported"
    assert count_figures(_db(isolated)) == 0


def test_a_semicolon_file_reads_a_decimal_comma(run: Run, isolated: Path) -> None:
    path = _csv(isolated, "semi.csv", "province;kpi;period;value\nHà Nội;online_dossiers;2019;30,5\n")
    _ok(run("import", path))
    assert _row(_report(run, "-p", "Hà Nội"), "online_dossiers")["actual"] == 30.5


# ---------------------------------------------------------------- options


def test_version(run: Run) -> None:
    result = _ok(run("--version"))
    assert result.stdout == "egovkpi 0.1.0\n"


@pytest.mark.parametrize(
    ("args", "usage"), [(("-h",), "Usage: egovkpi [OPTIONS]"), (("add", "-h"), "Usage: egovkpi add")]
)
def test_short_help(run: Run, args: tuple[str, ...], usage: str) -> None:
    assert _ok(run(*args)).stdout.startswith(usage)


def test_choices_take_any_case(sample: Run) -> None:
    assert _row(_report(sample, "-p", "Phú Yên"), COUNT_KPI)["actual"] == 192577
    assert _json(sample("report", "-p", "Phú Yên", "-f", "JSON"))
    assert "Đánh giá" in _ok(sample("report", "-p", "Phú Yên", "--lang", "VI")).stdout


def test_a_locale_style_language_setting_is_understood(sample: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_LANG", "vi_VN.UTF-8")
    assert "Đánh giá" in _ok(sample("report", "-p", "Phú Yên")).stdout
    monkeypatch.setenv("EGOVKPI_LANG", "fr")
    _refused(sample("report", "-p", "Phú Yên"), "EGOVKPI_LANG='fr'")


def test_several_provinces_in_one_report(sample: Run) -> None:
    rows = _report(sample, "-p", "Phú Yên", "-p", "Hà Nội")
    assert {row["province"] for row in rows} == {"Phú Yên", "Hà Nội"}


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("add", "-p", "Hà Nội", "-k", "e_documents", "--period", "", "--value", "30"), "'--period'"),
        (("add", "-p", "", "-k", "e_documents", "--period", "2019", "--value", "30"), "'--province'"),
        (("summary", "--output", ""), "'--output'"),
        (("report", "--db", ""), "'--db'"),
    ],
    ids=["period", "province", "output", "db"],
)
def test_an_empty_value_is_refused(run: Run, isolated: Path, args: tuple[str, ...], option: str) -> None:
    _refused(run(*args), option, "is empty")
    assert not _db(isolated).exists()


@pytest.mark.parametrize("port", ["²", "١٢"])
def test_a_port_in_other_digits_is_refused(run: Run, monkeypatch: pytest.MonkeyPatch, port: str) -> None:
    monkeypatch.delenv("EGOVKPI_SMTP_SECURITY", raising=False)
    monkeypatch.setenv("EGOVKPI_SMTP_PORT", port)
    _refused(run("summary", "--send", "--to", "a@example.org"), f"EGOVKPI_SMTP_PORT='{port}'", "not a port")


@pytest.mark.parametrize("debug", ["0", "off", ""])
def test_debug_off_keeps_errors_to_one_line(run: Run, monkeypatch: pytest.MonkeyPatch, debug: str) -> None:
    monkeypatch.setenv("EGOVKPI_DEBUG", debug)
    _refused(run.add("--value", "30", period="2019-13"), "2019-13")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    _ok(run.add("--value", "30"))
    monkeypatch.setattr("egovkpi.report.build_report", broken)
    _refused(run("report"), "unexpected failure (RuntimeError: boom)", "EGOVKPI_DEBUG=1", code=1)


def test_debug_on_shows_the_failure(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    _ok(run.add("--value", "30"))
    monkeypatch.setattr("egovkpi.report.build_report", broken)
    monkeypatch.setenv("EGOVKPI_DEBUG", "1")
    result = run("report")
    assert isinstance(result.exception, RuntimeError) and str(result.exception) == "boom"


# ---------------------------------------------------------------- province names and KPI codes


@pytest.mark.parametrize(
    ("name", "unit"),
    [("TP.HCM", "Hồ Chí Minh"), ("Daklak", "Đắk Lắk"), ("054", "Phú Yên")],
)
def test_province_spellings(run: Run, isolated: Path, name: str, unit: str) -> None:
    result = _ok(run.add("--value", "30", province=name, kpi="e_documents"))
    assert result.stdout.startswith(f"Stored {unit} · e_documents · 2019: 30 (revision 1)")
    assert count_figures(_db(isolated)) == 1


def test_a_kpi_code_in_upper_case(run: Run, isolated: Path) -> None:
    result = _ok(run.add("--value", "30", kpi="ONLINE_DOSSIERS"))
    assert result.stdout.startswith("Stored Phú Yên · online_dossiers · 2019: 30 (revision 1)")
    assert count_figures(_db(isolated)) == 1


def test_a_mistyped_kpi_code_gets_a_suggestion(run: Run, isolated: Path) -> None:
    _refused(run.add("--value", "30", kpi="online_dosiers"), "'online_dosiers'", "did you mean 'online_dossiers'")
    assert count_figures(_db(isolated)) == 0
