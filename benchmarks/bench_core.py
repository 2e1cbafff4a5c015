"""Benchmarks for the core tracker: start-up, import and report, with their numbers.

    python benchmarks/bench_core.py [--rows 100000]

Prints one line per measurement. Not part of the test suite: speed is measured here, not asserted in tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KPIS = ["level4_services", "online_dossiers", "e_documents", "satisfaction", "eid_authenticated"]


def egovkpi() -> str:
    return str(Path(sys.executable).with_name("egovkpi"))


def timed(args: list[str], env: dict[str, str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def write_csv(path: Path, rows: int) -> list[tuple[str, str, str, float]]:
    with open(ROOT / "data" / "provinces.csv", encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle) if row["valid_to"]]
    periods = [f"{year}-{month:02d}" for year in range(2000, 2025) for month in range(1, 13)]
    random.seed(1)
    records = []
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["province", "kpi", "period", "value", "source"])
        seen = set()
        while len(records) < rows:
            key = (random.choice(codes), random.choice(KPIS), random.choice(periods))
            if key in seen:
                continue
            seen.add(key)
            value = round(random.uniform(0, 100), 2)
            writer.writerow([*key, value, "benchmark"])
            records.append((*key, value))
    return records


def raw_sqlite(path: Path, records: list[tuple[str, str, str, float]]) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE f (scope TEXT, kpi TEXT, period TEXT, value REAL, source TEXT)")
    with conn:
        conn.executemany("INSERT INTO f VALUES (?,?,?,?,?)", [(*r, "benchmark") for r in records])
    conn.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {**os.environ, "EGOVKPI_DB": str(tmp / "bench.db"), "COLUMNS": "120"}
        print(f"start-up  egovkpi --help: {timed([egovkpi(), '--help'], env) * 1000:.0f} ms (best of 5)")
        records = write_csv(tmp / "in.csv", rows)
        start = time.perf_counter()
        subprocess.run([egovkpi(), "import", str(tmp / "in.csv")], env=env, check=True, capture_output=True)
        ours = time.perf_counter() - start
        raw = raw_sqlite(tmp / "raw.db", records)
        print(f"import    {rows} rows: {ours:.2f} s ({rows / ours:,.0f} rows/s); raw sqlite3 executemany {raw:.2f} s")
        one = timed([egovkpi(), "report", "--province", "Phú Yên", "--format", "json"], env)
        print(f"report    one province over {rows} figures: {one * 1000:.0f} ms (best of 5)")
        every = timed([egovkpi(), "report", "--format", "json"], env, repeat=1)
        print(f"report    every province over {rows} figures: {every * 1000:.0f} ms")


if __name__ == "__main__":
    main()
