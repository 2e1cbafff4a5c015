"""The floor for `egovkpi import`: Python's `csv` module and `sqlite3` `executemany` of the same rows into an
equivalent indexed table, as fast as Python can put a CSV file into SQLite.

    python benchmarks/bench_floor.py FILE.csv STORE.db

The table has the columns of egovkpi's `figures` table and its indexes (`egovkpi/migrations.py`): the unique one on
(scope, kpi, period, revision) and the partial one of the figures with counts. The database is in WAL mode as the
store is, and all rows go in one transaction. Each row gets the columns egovkpi stores: the period's end and length
(memoised per period), the value (computed from the numerator and denominator when it is blank), revision 1, a time
and an author. No checking: that is egovkpi's work above the floor. Rows are streamed, so memory stays flat. Prints
the number of rows stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

SCHEMA = """
CREATE TABLE "figures" (
   "id" INTEGER PRIMARY KEY,
   "scope" TEXT NOT NULL,
   "kpi" TEXT NOT NULL,
   "period" TEXT NOT NULL,
   "period_end" TEXT NOT NULL,
   "period_months" INTEGER NOT NULL,
   "revision" INTEGER NOT NULL,
   "value" REAL NOT NULL,
   "numerator" REAL,
   "denominator" REAL,
   "source" TEXT,
   "note" TEXT,
   "recorded_at" TEXT NOT NULL,
   "recorded_by" TEXT,
   "withdrawn" INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX "figures_key" ON "figures" ("scope", "kpi", "period", "revision");
CREATE INDEX "figures_counted" ON "figures" ("scope", "kpi", "period") WHERE "denominator" IS NOT NULL;
"""
INSERT = (
    "INSERT INTO figures (scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, "
    "source, note, recorded_at, recorded_by, withdrawn) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)

Values = tuple[str, str, str, str, int, int, float, float | None, float | None, str, str, str, str, int]


@cache
def period_end(period: str) -> tuple[str, int]:
    """2019-12, 2019-Q4, 2019-H2 or 2019: the ISO day it ends and its length in months."""
    year = int(period[:4])
    if len(period) == 4:
        last, months = 12, 12
    elif period[5] == "Q":
        last, months = int(period[6]) * 3, 3
    elif period[5] == "H":
        last, months = int(period[6]) * 6, 6
    else:
        last, months = int(period[5:7]), 1
    following = dt.date(year + last // 12, last % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat(), months


def rows(path: Path, recorded_at: str) -> Iterator[Values]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for province, kpi, period, value, numerator, denominator, source, note in reader:
            end, months = period_end(period)
            top = float(numerator) if numerator else None
            bottom = float(denominator) if denominator else None
            amount = float(value) if value else 100.0 * (top or 0.0) / (bottom or 1.0)
            yield (province, kpi, period, end, months, 1, amount, top, bottom, source, note, recorded_at, "bench", 0)


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(SCHEMA)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
    conn.execute("BEGIN IMMEDIATE")
    cursor = conn.executemany(INSERT, rows(source, now))
    conn.execute("COMMIT")
    print(cursor.rowcount)
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
