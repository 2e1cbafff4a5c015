"""Terminal tables fit the width they are shown in, lose no character, and speak the reader's language."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len

from egovkpi.provinces import LAST_DAY_OF_63, REFORM_DAY, registry
from egovkpi.records import vietnam_today
from egovkpi.render import console
from egovkpi.render.tables import block, fit, height, wrap
from egovkpi.render.text import HISTORY_COLUMNS, PROVINCE_COLUMNS, TARGET_COLUMNS
from egovkpi.render.words import COLUMN_TITLES, HEADERS, unit_label
from egovkpi.settings import targets_path
from egovkpi.targets import load_targets
from tests.helpers import Run

WIDTHS = [60, 80, 100]
LANGS = ["vi", "en"]
URL = "https://baophapluat.vn/kien-tao-vi-dan-o-thanh-pho-hoa-phuong-do-post329462.html"
USERS = ["nguyenvanan", "Nguyễn Văn An"]
RECORD_COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "history": (["history", "-p", "Hải Phòng", "-k", "e_documents"], ["province", *HISTORY_COLUMNS]),
    "targets": (["targets"], TARGET_COLUMNS),
    "provinces": (["provinces"], PROVINCE_COLUMNS),
    "provinces-2025-06-30": (["provinces", "--as-of", "2025-06-30"], PROVINCE_COLUMNS),
}
# What a reader of English would see as a header; none of it may reach a reader of Vietnamese.
ENGLISH_HEADERS = sorted({*COLUMN_TITLES["en"].values(), *COLUMN_TITLES["en"], "percent", "higher", "lower"})
KPIS = load_targets(targets_path(None), registry()).kpis
KPI_CODES = sorted(KPIS)
PROVINCIAL_CODES = [code for code in KPI_CODES if not KPIS[code].national_only]  # the nation alone has the others


def whole(word: str, output: str) -> bool:
    """Whether `word` is in `output` unbroken, not as part of a longer word."""
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", output) is not None


def fits(output: str, width: int) -> None:
    long = [line for line in output.splitlines() if cell_len(line) > width]
    assert not long, f"{len(long)} lines wider than {width}: {long[:3]}"


def missing(words: list[str], output: str) -> list[str]:
    return [word for word in words if not whole(word, output)]


@pytest.fixture
def shown(sample: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The sample figures, with revisions recorded by two users for the history."""
    for user, value in zip(USERS, ("86", "87"), strict=True):
        monkeypatch.setenv("EGOVKPI_USER", user)
        result = sample("add", "-p", "Hải Phòng", "-k", "e_documents", "--period", "2025-H2", "--value", value)
        assert result.exit_code == 0, result.output
    return sample


@pytest.fixture
def everything(run: Run, tmp_path: Path) -> Run:
    """A figure for every KPI in every unit: the 63 of 2024 and the 34 of the second half of 2025, and the nation."""
    path = tmp_path / "everything.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["province", "kpi", "period", "value"])
        writer.writerows(["national", code, "2024", "50"] for code in KPI_CODES)
        for day, period in ((dt.date(2024, 12, 31), "2024"), (REFORM_DAY, "2025-H2")):
            units = registry().as_of(day)
            writer.writerows([unit.code, code, period, "50"] for unit in units for code in PROVINCIAL_CODES)
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    return run


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_overview_of_every_kpi_and_province(
    everything: Run, monkeypatch: pytest.MonkeyPatch, width: int, lang: str
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("EGOVKPI_LANG", lang)
    units = registry().units
    reused = {name for name, count in Counter(unit.name for unit in units).items() if count > 1}
    for which, day in (("34", REFORM_DAY), ("63", LAST_DAY_OF_63)):
        result = everything("report", "--map", which, "--period", "2025-H2" if which == "34" else "2025-06")
        assert result.exit_code == 0, result.output
        output = result.output
        fits(output, width)
        assert "…" not in output
        assert not missing(KPI_CODES, output)
        lines = output.splitlines()
        on_map = registry().as_of(day)
        labels = [unit_label(unit, lang, dated=unit.name in reused) for unit in on_map]
        assert len(labels) == (34 if which == "34" else 63)
        assert [label for label in labels if not any(label in line for line in lines)] == []
        headers = [line.split() for line in lines if line.split() and all(part.isdigit() for part in line.split())]
        assert sorted(int(number) for header in headers for number in header) == list(range(1, len(KPI_CODES) + 1))
        assert len(headers) >= (2 if width <= 100 else 1)  # the KPIs do not fit across the width: blocks of columns
        assert max(map(len, headers)) - min(map(len, headers)) <= 1  # blocks of even sizes
        assert sum(1 for line in lines if line.startswith(labels[0])) == len(headers)  # every block repeats names


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_sample_overview_and_detail(shown: Run, monkeypatch: pytest.MonkeyPatch, width: int, lang: str) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("EGOVKPI_LANG", lang)
    overview = shown("report", "--map", "63")
    assert overview.exit_code == 0, overview.output
    fits(overview.output, width)
    codes = ["level4_services", "dossiers_fully_online", "portal_dossiers_received", "dossiers_resolved_on_time"]
    assert not missing(codes, overview.output)
    detail = shown("report", "-p", "Phú Yên")
    assert detail.exit_code == 0, detail.output
    fits(detail.output, width)
    words = [word for header in HEADERS[lang] for word in header.split()]
    assert not missing([*KPI_CODES, *words, "192.577" if lang == "vi" else "192,577"], detail.output)


@pytest.mark.parametrize("lang", LANGS)
def test_a_name_two_units_had_is_dated(sample: Run, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("EGOVKPI_LANG", lang)
    monkeypatch.setenv("COLUMNS", "80")
    new = next(unit for unit in registry().units if unit.name == "Đắk Lắk" and unit.valid_from == REFORM_DAY)
    result = sample("report", "-p", "Đắk Lắk")
    assert result.exit_code == 0, result.output
    assert unit_label(new, lang, dated=True) in result.output.splitlines()[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", list(RECORD_COMMANDS))
def test_record_tables(shown: Run, monkeypatch: pytest.MonkeyPatch, command: str, width: int, lang: str) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("EGOVKPI_LANG", lang)
    args, columns = RECORD_COMMANDS[command]
    result = shown(*args)
    assert result.exit_code == 0, result.output
    output = result.output
    fits(output, width)
    headers = [word for column in columns for word in COLUMN_TITLES[lang][column].split()]
    assert not missing(headers, output)
    if lang == "vi":
        assert [word for word in ENGLISH_HEADERS if whole(word, output)] == []
    if command == "history":
        assert not missing(["e_documents", *(word for user in USERS for word in user.split())], output)
        assert "(GMT+7)" in output
        assert URL in output or width < len(URL)
    elif command == "targets":
        assert not missing(["1118/QĐ-UBND", "942/QĐ-TTg", "level4_services", "dossiers_fully_online"], output)
    else:
        day = dt.date(2025, 6, 30) if command.endswith("06-30") else vietnam_today()
        names = [word for unit in registry().as_of(day) for word in f"{unit.name} {unit.full_name}".split()]
        assert not missing(names, output)
        if day < REFORM_DAY:
            assert whole("30/06/2025" if lang == "vi" else "2025-06-30", output)


def test_vietnamese_values(shown: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_LANG", "vi")
    targets = shown("targets").output
    assert "càng cao càng tốt" in " ".join(targets.split()) and "Toàn quốc" in targets
    assert "percent" not in targets and "secondary_summary" not in targets and "seed_article" not in targets
    history = shown("history", "-p", "Hải Phòng", "-k", "e_documents").output
    assert re.search(r"\d\d/\d\d/\d{4}", history) and re.search(r"\d\d:\d\d \(GMT\+7\)", history)  # may wrap
    result = shown("withdraw", "-p", "Hải Phòng", "-k", "e_documents", "--period", "2025-H2", "--reason", "nhầm")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("COLUMNS", "80")  # the source's URL makes blocks of fields
    history = shown("history", "-p", "Hải Phòng", "-k", "e_documents").output
    assert re.findall(r"^đã rút: +(\S.*)$", history, re.MULTILINE) == ["—", "—", "—", "đã rút"]


def test_a_table_too_wide_becomes_blocks_of_fields(shown: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("EGOVKPI_LANG", "en")
    lines = shown("history", "-p", "Hải Phòng", "-k", "e_documents").output.splitlines()
    assert URL in lines  # too long for a column: alone on its line, whole
    assert "recorded by: nguyenvanan" in lines and "recorded by: Nguyễn Văn An" in lines
    assert lines.count("") == 3  # a blank line before each record


@pytest.mark.parametrize(("columns", "width"), [("100", 100), ("60", 60), (None, 80)])
def test_piped_output_is_as_wide_as_columns_else_80(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, columns: str | None, width: int
) -> None:
    monkeypatch.setattr(console, "TTY", str(tmp_path / "no-terminal"))
    if columns is None:
        monkeypatch.delenv("COLUMNS")
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert console.pipe_width() == width
    result = run("provinces")  # wider than 100 columns if it could be: it fills the width exactly
    assert result.exit_code == 0, result.output
    assert max(cell_len(line) for line in result.output.splitlines()) == width


def test_piped_output_is_as_wide_as_the_terminal_it_runs_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tty = tmp_path / "tty"
    tty.touch()
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(console, "TTY", str(tty))
    monkeypatch.setattr(os, "get_terminal_size", lambda handle: os.terminal_size((123, 40)))
    assert console.pipe_width() == 123
    monkeypatch.setattr(os, "get_terminal_size", lambda handle: os.terminal_size((0, 0)))
    assert console.pipe_width() == 80


@pytest.mark.parametrize("width", [1, 5, 12, 30])
@pytest.mark.parametrize(
    "text", ["", "Tỷ lệ hồ sơ  dossiers_fully_online", URL, "  a b", "Đắk Lắk (đến 30/06/2025)", "x" * 31]
)
def test_wrap_breaks_only_at_spaces(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert len(lines) == height(text, width)
    assert all(cell_len(line) <= width for line in lines)
    for word in text.split():
        assert word in lines or cell_len(word) > width or any(whole(word, line) for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(
    ("mins", "maxs", "room", "widths"),
    [
        ([3, 4], [5, 6], 20, [5, 6]),  # everything fits
        ([3, 4], [5, 30], 20, [5, 15]),  # the short column keeps its whole text
        ([10, 10], [50, 50], 19, None),  # not even the longest words fit
        ([2, 2, 2], [40, 3, 40], 30, [14, 3, 13]),
    ],
)
def test_fit(mins: list[int], maxs: list[int], room: int, widths: list[int] | None) -> None:
    assert fit(mins, maxs, room) == widths


def test_fit_saves_lines() -> None:
    texts = [["a short note"] * 3, ["a much longer text that wraps over many lines in any narrow column"] * 3]

    def lines(column: int, width: int) -> list[int]:
        return [height(text, width) for text in texts[column]]

    widths = fit([5, 5], [12, 66], 40, lines)
    assert widths is not None and widths[0] == 12  # one line for the short text rather than three
    assert sum(widths) == 40


def test_block_aligns_values_and_puts_a_long_word_on_its_own_line() -> None:
    lines = block([("source", [(URL, "")]), ("by", [("Nguyễn Văn An", "")])], 80)
    assert lines == [("source:", "", ""), ("", URL, ""), ("by:     ", "Nguyễn Văn An", "")]
