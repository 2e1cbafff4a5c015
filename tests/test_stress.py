"""Many writers at once through the installed command: 8 processes record 1,600 figures with `add` and `import`,
on a new store and on an existing one, while a large import and a merge run alongside; every figure is kept and
none is refused as "database is locked" (WAL, a busy timeout, BEGIN IMMEDIATE)."""

from __future__ import annotations

import datetime as dt
import random
import shlex
import subprocess
import time
from pathlib import Path

import pytest

from egovkpi.periods import parse_period
from egovkpi.provinces import registry
from egovkpi.records import NewFigure
from egovkpi.storefile import open_store
from tests.processes import (
    by_marker,
    connect,
    count,
    egovkpi,
    environment,
    integrity,
    monthly_rows,
    seed,
    start,
    write_rows,
)

ADDERS, ADDS = 4, 2  # processes that run `egovkpi add`, and how many times each
IMPORTERS, IMPORTS, ROWS = 4, 2, 199  # processes that run `egovkpi import`, how many files each, rows a file
FIGURES = ADDERS * ADDS + IMPORTERS * IMPORTS * ROWS
SIDE_ROWS, MERGED = 400, 600  # the import and the merge that run alongside
VALUE, OLD_VALUE = 60, 10
OTHER_OFFICE = "other-office"  # who recorded the merged store's figures


def _script(commands: list[list[str]]) -> list[str]:
    """One writer: its commands one after the other, stopping at the first that fails."""
    return ["sh", "-c", "set -e\n" + "\n".join(shlex.join(command) for command in commands)]


def _other_store(path: Path) -> None:
    """The store merged alongside: MERGED figures of units no writer touches, recorded by another office."""
    units = [unit.key for unit in registry().as_of(dt.date(2020, 1, 1))[40:50]]
    periods = [f"{year}-{month:02d}" for year in range(2015, 2020) for month in range(1, 13)]
    figures = [NewFigure(u, "e_documents", parse_period(p), 70.0) for u in units for p in periods][:MERGED]
    store = open_store(path, writing=True)
    store.record(figures, OTHER_OFFICE)
    store.conn.close()


def _existing(path: Path, cells: list[tuple[str, str, str]]) -> None:
    """An existing store: every cell the writers will record, at an older value (so each is revised)."""
    units = registry()
    figures = [
        NewFigure(units.match(province, on=parse_period(period).end).key, kpi, parse_period(period), float(OLD_VALUE))
        for province, kpi, period in cells
    ]
    store = open_store(path, writing=True)
    store.record(figures, "earlier")
    store.conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("existing", [False, True], ids=["new store", "existing store"])
def test_eight_writers_an_import_and_a_merge_at_once_lose_nothing(tmp_path: Path, existing: bool) -> None:
    rng = random.Random(chosen := seed())
    said = f"seed {chosen} (EGOVKPI_TEST_SEED={chosen} replays it)"
    db, other = tmp_path / "figures.db", tmp_path / "other.db"
    rows = monthly_rows(FIGURES + SIDE_ROWS, "", VALUE, first_year=2010)
    rng.shuffle(rows)
    cells = [(str(p), str(k), str(m)) for p, k, m, *_ in rows]
    writers: list[list[str]] = []
    expected: dict[str, int] = {}
    at = 0
    for number in range(ADDERS):
        commands = []
        for done in range(ADDS):
            province, kpi, period = cells[at]
            at += 1
            marker = f"adder{number}-{done}"
            expected[marker] = 1
            value = ["--value", str(VALUE), "--note", marker]
            commands.append([egovkpi(), "add", "-p", province, "-k", kpi, "--period", period, *value])
        writers.append(_script(commands))
    for number in range(IMPORTERS):
        commands = []
        for done in range(IMPORTS):
            marker = f"importer{number}-{done}"
            expected[marker] = ROWS
            chosen_rows = [(*cell, VALUE, "stress", marker) for cell in cells[at : at + ROWS]]
            at += ROWS
            commands.append([egovkpi(), "import", str(write_rows(tmp_path / f"{marker}.csv", chosen_rows))])
        writers.append(_script(commands))
    assert at == FIGURES and len(writers) == 8
    side = [(*cell, VALUE, "stress", "side-import") for cell in cells[FIGURES:]]
    expected["side-import"] = SIDE_ROWS
    _other_store(other)
    if existing:
        _existing(db, cells[:FIGURES])
    rng.shuffle(writers)
    env = environment(db)
    started = time.monotonic()
    processes = [subprocess.Popen(w, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for w in writers]  # fmt: skip
    time.sleep(rng.uniform(0.0, 1.5))  # the import and the merge join while the writers write
    alongside = [
        start(["import", str(write_rows(tmp_path / "side.csv", side))], env, tmp_path),
        start(["merge", str(other)], env, tmp_path),
    ]
    outcomes = [process.communicate(timeout=300) for process in [*processes, *alongside]]
    took = time.monotonic() - started
    for process, (stdout, stderr) in zip([*processes, *alongside], outcomes, strict=True):
        assert "locked" not in stderr, f"{said}: {stderr}"
        assert process.returncode == 0 and stderr == "", f"{said}: exit {process.returncode}: {stderr}{stdout}"
    adds = sum(line.startswith("Stored ") for stdout, _ in outcomes for line in stdout.splitlines())
    assert adds == ADDERS * ADDS, f"{said}: {outcomes}"
    found = by_marker(db)
    assert {marker: found.get(marker, 0) for marker in expected} == expected, said
    assert count(db, "recorded_by = ?", OTHER_OFFICE) == MERGED, said
    conn = connect(db)
    try:
        current = conn.execute(
            "SELECT revision, value FROM figures f WHERE note != '' AND revision = "
            "(SELECT MAX(revision) FROM figures g WHERE g.scope = f.scope AND g.kpi = f.kpi AND g.period = f.period)"
        ).fetchall()
    finally:
        conn.close()
    assert len(current) == FIGURES + SIDE_ROWS, said  # every figure is current, none shadowed by another
    assert {value for _, value in current} == {VALUE}, said
    revised = sum(revision == 2 for revision, _ in current)
    assert revised == (FIGURES if existing else 0), f"{said}: {revised} revised"  # each over its older figure
    assert count(db, "revision = 1 AND value = ?", OLD_VALUE) == (FIGURES if existing else 0), said
    assert integrity(db) == "ok", said
    conn = connect(db)
    try:
        gaps = conn.execute(
            "SELECT scope, kpi, period FROM figures GROUP BY scope, kpi, period "
            "HAVING COUNT(*) != MAX(revision) OR COUNT(DISTINCT revision) != COUNT(*)"
        ).fetchall()
    finally:
        conn.close()
    assert gaps == [], f"{said}: revisions not numbered 1..n: {gaps[:5]}"
    print(
        f"{said}: {len(processes) + len(alongside)} processes, {FIGURES + SIDE_ROWS + MERGED} figures in {took:.1f} s"
    )
