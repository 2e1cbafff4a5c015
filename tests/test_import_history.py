from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run, count_figures

HEADER = "province,kpi,period,value,numerator,denominator,source,note\n"


def test_sample_import_is_idempotent(run: Run, isolated: Path) -> None:
    first = run("import", str(ROOT / "data" / "figures.csv"))
    assert first.exit_code == 0 and "77 new" in first.output
    again = run("import", str(ROOT / "data" / "figures.csv"))
    assert "0 new, 0 revised, 77 unchanged" in again.output
    assert count_figures(isolated / "figures.db") == 77


def test_bad_rows_are_all_reported_and_nothing_is_stored(run: Run, isolated: Path) -> None:
    path = isolated / "in.csv"
    path.write_text(
        HEADER
        + "Phú Yên,online_dossiers,2019,12,,,src,\n"
        + "Atlantis,online_dossiers,2019,12,,,,\n"
        + "\n"
        + "Phú Yên,online_dossiers,2019-13,12,,,,\n"
        + "Phú Yên,online_dossiers,2020,,5,0,,\n"
        + "Phú Yên,online_dossiers,2021,12,,,,,extra\n",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "line 3: unknown province 'Atlantis'" in result.output
    assert "line 5:" in result.output and "a month is 01 to 12" in result.output
    assert "line 6: the denominator is 0" in result.output
    assert "line 7: 9 cells" in result.output
    assert "4 bad row(s); nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert count_figures(isolated / "figures.db") == 0


def test_numerator_denominator_and_bom(run: Run, isolated: Path) -> None:
    path = isolated / "in.csv"
    path.write_text(
        "\ufeffProvince, KPI ,Period,Numerator,Denominator\nPhu Yen,dossiers_on_time,2019,1,4\n", encoding="utf-8"
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    rows = json.loads(run("history", "-p", "Phú Yên", "-k", "dossiers_on_time", "-f", "json").output)
    assert rows[0]["value"] == 25.0 and rows[0]["numerator"] == 1.0


FILE_PROBLEMS: list[tuple[str, bytes | None, str]] = [
    ("missing.csv", None, "no such file"),
    ("empty.csv", b"", "is empty"),
    ("header_only.csv", HEADER.encode(), "holds no figures"),
    ("unknown_col.csv", b"province,kpi,period,vaule\n", "unknown column(s) vaule"),
    ("no_period.csv", b"province,kpi,value\n", "missing column(s) period"),
    ("latin1.csv", (HEADER + "Ph\xfa Y\xean,online_dossiers,2019,1,,,,\n").encode("latin-1"), "is not UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "message"), FILE_PROBLEMS, ids=[case[0] for case in FILE_PROBLEMS])
def test_file_problems(run: Run, isolated: Path, name: str, content: bytes | None, message: str) -> None:
    path = isolated / name
    if content is not None:
        path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 2, (name, result.output)
    assert message in result.output, (name, result.output)
    assert "Traceback" not in result.output
    assert count_figures(isolated / "figures.db") == 0


def test_history_keeps_every_revision_oldest_first(run: Run) -> None:
    for value, source in (("10", "first report"), ("12", "corrected"), ("12.5", "final")):
        run("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", value, "--source", source)
    rows = json.loads(run("history", "-p", "phu yen", "-k", "online_dossiers", "-f", "json").output)
    assert [(r["revision"], r["value"], r["source"]) for r in rows] == [
        (1, 10.0, "first report"),
        (2, 12.0, "corrected"),
        (3, 12.5, "final"),
    ]
    assert all(r["recorded_by"] == "tester" and r["recorded_at"] for r in rows)
    table = run("history", "-p", "phu yen", "-k", "online_dossiers")
    assert table.exit_code == 0 and "corrected" in table.output
    report = json.loads(run("report", "-p", "Phú Yên", "-f", "json").output)
    assert next(r for r in report if r["kpi"] == "online_dossiers")["actual"] == 12.5


def test_history_refusals(run: Run) -> None:
    result = run("history", "-p", "Phú Yên", "-k", "nope")
    assert result.exit_code == 2 and "unknown KPI 'nope'" in result.output
    result = run("history", "-p", "Phú Yên", "-k", "online_dossiers", "-f", "markdown")
    assert result.exit_code == 2 and "'markdown' is not one of 'table', 'json', 'csv'" in result.output


def test_source_text_with_markup_survives(run: Run) -> None:
    run.add("--value", "1", "--source", "[bold]Báo cáo[/bold] <b>số 5</b>")
    table = run("history", "-p", "Phú Yên", "-k", "online_dossiers")
    assert "[bold]Báo cáo[/bold] <b>số 5</b>" in table.output


def test_provinces_listing(run: Run) -> None:
    before = json.loads(run("provinces", "--as-of", "2025-06-30", "-f", "json").output)
    after = json.loads(run("provinces", "--as-of", "2025-07-01", "-f", "json").output)
    assert len(before) == 63 and len(after) == 34
    phu_yen = next(p for p in before if p["name"] == "Phú Yên")
    assert phu_yen["merged_into"] == "Đắk Lắk" and phu_yen["valid_to"] == "2025-06-30"
    lao_cai = next(p for p in after if p["code"] == "15")
    assert lao_cai["name"] == "Lào Cai" and lao_cai["formed_from"] == "Lào Cai, Yên Bái"
    bad = run("provinces", "--as-of", "2025-13-01")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


HISTORY = "province,kpi,period,value,revision,recorded_at,recorded_by,withdrawn"


def test_a_history_keeps_its_received_days(run: Run, isolated: Path) -> None:
    path = isolated / "h.csv"
    path.write_text(
        f"{HISTORY},received\n"
        "Phú Yên,online_dossiers,2019,10,1,2020-01-20T09:00:00+07:00,a,no,10/01/2020\n"
        "Phú Yên,online_dossiers,2019,12,2,2020-02-01T20:00:00-05:00,b,no,\n",  # 08:00 on 2 February in Hà Nội
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    rows = json.loads(run("history", "-p", "Phú Yên", "-k", "online_dossiers", "-f", "json").output)
    assert [(row["revision"], row["received"]) for row in rows] == [(1, "2020-01-10"), (2, "2020-02-02")]


def test_a_history_from_before_received_days_gets_the_day_recorded(run: Run, isolated: Path) -> None:
    path = isolated / "old-backup.csv"
    path.write_text(f"{HISTORY}\nPhú Yên,online_dossiers,2019,10,1,2020-01-19T18:00:00+00:00,a,no\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    rows = json.loads(run("history", "-p", "Phú Yên", "-k", "online_dossiers", "-f", "json").output)
    assert [row["received"] for row in rows] == ["2020-01-20"]


def test_a_history_received_after_it_was_recorded_is_refused(run: Run, isolated: Path) -> None:
    path = isolated / "h.csv"
    path.write_text(
        f"{HISTORY},ngày nhận\nPhú Yên,online_dossiers,2019,10,1,2020-01-20T09:00:00+07:00,a,no,2020-01-21\n",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "line 2: received 2020-01-21 is after the day it was recorded; give a day from 2019-01-01 to 2020-01-20" in (
        result.output
    )
    assert count_figures(isolated / "figures.db") == 0
