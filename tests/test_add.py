from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Run, count_figures


def test_add_stores_and_reports_revision(run: Run, isolated: Path) -> None:
    first = run.add("--value", "12.5", "--source", "Sở TT&TT Phú Yên", province="Phu Yen")
    assert first.exit_code == 0, first.output
    assert "Stored Phú Yên · online_dossiers · 2019: 12.5 (revision 1)" in first.output
    second = run("add", "-p", "54", "-k", "online_dossiers", "--period", "2019", "--value", "13")
    assert second.exit_code == 0
    assert "revision 2" in second.output
    assert "Previous: 12.5 (revision 1" in second.output and "Sở TT&TT Phú Yên" in second.output
    assert count_figures(isolated / "figures.db") == 2


def test_repeating_the_current_figure_stores_nothing(run: Run, isolated: Path) -> None:
    args = ("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "12.5")
    run(*args)
    result = run(*args)
    assert result.exit_code == 0 and "Unchanged" in result.output
    assert count_figures(isolated / "figures.db") == 1


def test_numerator_and_denominator(run: Run, isolated: Path) -> None:
    result = run.add("--numerator", "167884", "--denominator", "192577", kpi="dossiers_on_time")
    assert result.exit_code == 0, result.output
    history = run("history", "-p", "Phú Yên", "-k", "dossiers_on_time", "--format", "json")
    assert '"numerator": 167884.0' in history.output and '"denominator": 192577.0' in history.output
    assert '"value": 87.177' in history.output


REFUSALS = [
    (["-p", "Atlantis", "-k", "online_dossiers", "--period", "2019", "--value", "1"], "unknown province 'Atlantis'"),
    (["-p", "Phu Yenn", "-k", "online_dossiers", "--period", "2019", "--value", "1"], "did you mean 'Phú Yên'"),
    (
        ["-p", "Phú Yên", "-k", "nope", "--period", "2019", "--value", "1"],
        "unknown KPI 'nope' (accepted: level4_services",
    ),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019-13", "--value", "1"], "a month is 01 to 12"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019-Q5", "--value", "1"], "a quarter is Q1 to Q4"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "1999", "--value", "1"], "between 2000 and 2100"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "nan"], "'nan' is not a number"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "inf"], "'inf' is not a number"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "1e999"], "'1e999' is not a number"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "abc"], "'abc' is not a number"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "12.000"], "write 12000 (if '.' groups"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "101"], "outside 0-100"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "-1"], "outside 0-100"),
    (["-p", "Phú Yên", "-k", "portal_dossiers_received", "--period", "2019", "--value", "-5"], "negative"),
    (["-p", "Phú Yên", "-k", "portal_dossiers_received", "--period", "2019", "--value", "12,5"], "whole number"),
    (
        ["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--numerator", "5", "--denominator", "4"],
        "larger than the denominator",
    ),
    (
        ["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--numerator", "5", "--denominator", "0"],
        "the denominator is 0",
    ),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--numerator", "5"], "give both"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019"], "give a value, or a numerator and a denominator"),
    (
        [
            "-p",
            "Phú Yên",
            "-k",
            "online_dossiers",
            "--period",
            "2019",
            "--value",
            "1",
            "--numerator",
            "1",
            "--denominator",
            "2",
        ],
        "is not the numerator over the denominator (50)",
    ),
    (
        [
            "-p",
            "Phú Yên",
            "-k",
            "portal_dossiers_received",
            "--period",
            "2019",
            "--numerator",
            "1",
            "--denominator",
            "2",
        ],
        "this KPI is a count",
    ),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2026", "--value", "1"], "merged into Đắk Lắk"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--value", "1"], "Missing option '--period'"),
    (["-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "1", "--bogus"], "No such option"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_are_one_line_exit_2_and_store_nothing(
    run: Run, isolated: Path, args: list[str], message: str
) -> None:
    result = run("add", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert count_figures(isolated / "figures.db") == 0


def test_database_path_that_is_a_folder(run: Run, isolated: Path) -> None:
    result = run.add("--value", "1", "--db", str(isolated))
    assert result.exit_code == 2 and "is a folder" in result.output


def test_database_that_is_not_sqlite(run: Run, isolated: Path) -> None:
    bogus = isolated / "bogus.db"
    bogus.write_text("not a database at all, just some text " * 50)
    result = run("report", "--db", str(bogus))
    assert result.exit_code == 2 and "is not an egovkpi store (not a SQLite database)" in result.output
