"""`egovkpi check`: SQLite's integrity and the store's own rules; each kind of damage named, exit 1; what is not a
store refused untouched, exit 2."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.helpers import Run

PAGE = 4096


def db_of(isolated: Path) -> Path:
    return isolated / "figures.db"


def damage(db: Path, *statements: str) -> None:
    """Change the store behind egovkpi's back, as a raw SQL session (or a bug) could."""
    with closing(sqlite3.connect(db)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def a_page_of_figures(db: Path) -> int:
    """A page holding figures themselves (a leaf of their table), not the schema's or another table's."""
    with closing(sqlite3.connect(db)) as conn:
        leaves = [
            row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'figures' AND pagetype = 'leaf'")
        ]
    assert len(leaves) >= 3
    return int(leaves[len(leaves) // 2])


def junk_pages(db: Path, first: int, count: int) -> None:
    """Overwrite `count` pages from page `first` (1 is the header's) with junk bytes, as a failing disk could."""
    with open(db, "r+b") as handle:
        handle.seek((first - 1) * PAGE)
        handle.write(bytes((index * 73 + 41) % 256 for index in range(count * PAGE)))


@pytest.fixture
def store(sample: Run, isolated: Path) -> Run:
    """The sample figures, and Phú Yên's online_dossiers for 2019 recorded twice: revisions 1 and 2."""
    for value in ("10", "20"):
        assert sample.add("--value", value).exit_code == 0
    return sample


def _counts(db: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(db)) as conn:
        figures = conn.execute("SELECT COUNT(*) FROM (SELECT DISTINCT scope, kpi, period FROM figures)").fetchone()[0]
        revisions = conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
    return int(figures), int(revisions)


def test_a_good_store_is_ok(store: Run, isolated: Path) -> None:
    figures, revisions = _counts(db_of(isolated))
    result = store("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{figures} figures, {revisions} revisions checked: ok\n"
    assert result.stderr == ""
    assert json.loads(store("check", "-f", "json").stdout) == {
        "ok": True,
        "figures": figures,
        "revisions": revisions,
        "problems": [],
    }


OURS = "scope = '54' AND kpi = 'online_dossiers' AND period = '2019'"  # Phú Yên: revisions 1 (10) and 2 (20)

DAMAGES = {
    "a gap in revisions": (
        [f"UPDATE figures SET revision = 3 WHERE {OURS} AND revision = 2"],
        "[revisions] Phú Yên (54) · online_dossiers · 2019: revisions 1, 3: revision 2 is missing",
    ),
    "a duplicate revision, once the unique index is dropped": (
        ["DROP INDEX figures_key", f"UPDATE figures SET revision = 1 WHERE {OURS} AND revision = 2"],
        "[revisions] Phú Yên (54) · online_dossiers · 2019: revisions 1, 1: revision 1 is stored more than once",
    ),
    "150 for a percent KPI": (
        [f"UPDATE figures SET value = 150 WHERE {OURS} AND revision = 2"],
        "[value] Phú Yên (54) · online_dossiers · 2019: value for online_dossiers: 150 is outside 0-100 for a "
        "percent KPI",
    ),
    "an unknown KPI code": (
        [f"UPDATE figures SET kpi = 'online_dosiers' WHERE {OURS}"],
        "[kpi] Phú Yên (54) · online_dosiers · 2019: unknown KPI 'online_dosiers': it is not in",
    ),
    "an unknown unit key": (
        [f"UPDATE figures SET scope = '99' WHERE {OURS}"],
        "[unit] 99 · online_dossiers · 2019: unknown unit key '99'",
    ),
    "a period_end that does not match": (
        [f"UPDATE figures SET period_end = '2019-06-30' WHERE {OURS} AND revision = 2"],
        "[period] Phú Yên (54) · online_dossiers · 2019: period_end 2019-06-30 does not match 2019, which ends on "
        "2019-12-31",
    ),
    "a period_months that does not match": (
        [f"UPDATE figures SET period_months = 3 WHERE {OURS} AND revision = 2"],
        "[period] Phú Yên (54) · online_dossiers · 2019: period_months 3 does not match 2019, which is 12 month(s) "
        "long",
    ),
    "a period that is not one": (
        [f"UPDATE figures SET period = '2019-q4' WHERE {OURS}"],
        "[period] Phú Yên (54) · online_dossiers · 2019-q4: '2019-q4' is not a period as egovkpi writes one",
    ),
    "a numerator and denominator that do not make the value": (
        [f"UPDATE figures SET numerator = 1, denominator = 4 WHERE {OURS} AND revision = 2"],
        "[ratio] Phú Yên (54) · online_dossiers · 2019: the value 20 is not the numerator over the denominator (25)",
    ),
    "a unit that did not exist at the end of the period": (
        [f"UPDATE figures SET period = '2026', period_end = '2026-12-31' WHERE {OURS}"],
        "[lifetime] Phú Yên (54) · online_dossiers · 2026: Phú Yên (54) existed from … to 2025-06-30, not at the end "
        "of 2026",
    ),
    "a time of recording that is not a time": (
        [f"UPDATE figures SET recorded_at = 'yesterday' WHERE {OURS} AND revision = 1"],
        "[recorded_at] Phú Yên (54) · online_dossiers · 2019 · revision 1: recorded_at 'yesterday' is not a time",
    ),
}


@pytest.mark.parametrize("name", list(DAMAGES))
def test_each_kind_of_damage_is_named(store: Run, isolated: Path, name: str) -> None:
    statements, line = DAMAGES[name]
    damage(db_of(isolated), *statements)
    result = store("check")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(line), lines
    assert lines[-1].endswith(f"revisions checked: {len(lines) - 1} problems")
    assert result.stderr == "" and "Traceback" not in result.output


def test_the_unique_index_prevents_a_duplicate_revision(store: Run, isolated: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        damage(db_of(isolated), f"UPDATE figures SET revision = 1 WHERE {OURS} AND revision = 2")


def test_a_withdrawn_figure_is_not_judged_but_its_revisions_are(store: Run, isolated: Path) -> None:
    """A withdrawal keeps the value it took back; only the figure reports use must be valid."""
    withdrawn = store("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--reason", "x")
    assert withdrawn.exit_code == 0
    damage(db_of(isolated), f"UPDATE figures SET value = 150 WHERE {OURS}")
    assert store("check").exit_code == 0
    damage(db_of(isolated), f"UPDATE figures SET revision = 4 WHERE {OURS} AND revision = 3")
    assert "revision 3 is missing" in store("check").stdout


def test_many_problems_are_capped_at_50_lines_and_counted(store: Run, isolated: Path) -> None:
    damage(db_of(isolated), "UPDATE figures SET kpi = kpi || '_x'")
    figures, revisions = _counts(db_of(isolated))
    result = store("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 52 and all(line.startswith("[kpi] ") for line in lines[:50])
    assert lines[50] == f"… and {figures - 50} more problems (--format json lists them all)"
    assert lines[51] == f"{figures} figures, {revisions} revisions checked: {figures} problems"
    found = json.loads(store("check", "--format", "json").stdout)
    assert found["ok"] is False and len(found["problems"]) == figures
    assert {problem["check"] for problem in found["problems"]} == {"kpi"}


def test_problems_are_said_in_vietnamese(store: Run, isolated: Path) -> None:
    damage(db_of(isolated), f"UPDATE figures SET value = 150 WHERE {OURS} AND revision = 2")
    result = store("check", "--lang", "vi")
    assert result.exit_code == 1
    assert "giá trị của online_dossiers: 150" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("lần sửa: 1 lỗi")


def _not_a_store(folder: Path) -> Path:
    other = folder / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
        conn.execute("INSERT INTO people VALUES ('Lan')")
        conn.commit()
    return other


@pytest.mark.parametrize("kind", ["text", "sqlite"])
def test_a_file_that_is_not_a_store_is_refused_untouched(run: Run, isolated: Path, kind: str) -> None:
    if kind == "text":
        target = isolated / "notes.db"
        target.write_text("tỉnh,chỉ tiêu\n", encoding="utf-8")
    else:
        target = _not_a_store(isolated)
    before, names = target.read_bytes(), sorted(os.listdir(isolated))
    result = run("check", "--db", str(target))
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert "is not an egovkpi store" in result.stderr and "left unchanged" in result.stderr
    assert target.read_bytes() == before and sorted(os.listdir(isolated)) == names


def test_a_missing_store_is_refused(run: Run, isolated: Path) -> None:
    result = run("check", "--db", str(isolated / "nowhere.db"))
    assert result.exit_code == 2 and "there is no egovkpi store" in result.stderr
    assert not (isolated / "nowhere.db").exists()


def test_a_corrupted_store_names_its_integrity(store: Run, isolated: Path) -> None:
    db = db_of(isolated)
    damage(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    with closing(sqlite3.connect(db)) as conn:  # a page of the figures themselves, not of the schema
        leaves = [
            row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'figures' AND pagetype = 'leaf'")
        ]
    assert len(leaves) >= 3
    junk_pages(db, leaves[len(leaves) // 2], 1)
    before = db.read_bytes()
    result = store("check")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("[integrity] integrity_check"), result.stdout
    assert result.stdout.splitlines()[-1].endswith("problems")
    assert "Traceback" not in result.output and result.stderr == ""
    assert db.read_bytes() == before
    found = json.loads(store("check", "-f", "json").stdout)
    assert found["ok"] is False and found["problems"][0]["check"] == "integrity"


def test_a_store_damaged_from_its_first_pages_is_damaged_not_foreign(store: Run, isolated: Path) -> None:
    """A file that is a SQLite database but whose schema is junk: exit 1 (damaged), not 2 (not a store)."""
    db = db_of(isolated)
    damage(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    junk_pages(db, 2, db.stat().st_size // PAGE - 1)
    result = store("check")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("[integrity] ") and "Traceback" not in result.output


def test_a_store_of_an_earlier_schema_is_checked_as_it_is(run: Run, isolated: Path) -> None:
    """check only reads: a store written before withdrawals and received days is checked, not upgraded."""
    from sqlite_utils import Database

    from egovkpi.migrations import migrations

    old = isolated / "old.db"
    database = Database(old)
    migrations.apply(database, stop_before="m002_summaries")
    database.execute(
        "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, source, note, "
        "recorded_at, recorded_by) VALUES ('54', 'online_dossiers', '2019', '2019-12-31', 12, 1, 30.5, 's', '', "
        "'2020-01-01T00:00:00+00:00', 'old')"
    )
    database.conn.commit()
    database.close()
    before = old.read_bytes()
    result = run("check", "--db", str(old))
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 figures, 1 revisions checked: ok\n"
    assert old.read_bytes() == before
