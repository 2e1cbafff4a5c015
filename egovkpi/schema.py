"""The names of the store's migrations, known without loading sqlite-utils: a store that has them all is opened
with the standard library alone (a test checks these against `migrations.py`, where each is written)."""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "egovkpi"
MIGRATIONS = (
    "m001_figures",
    "m002_summaries",
    "m003_withdrawn",
    "m004_browsing",
    "m005_hue_city",
    "m006_received",
    "m007_counted",
    "m008_series_ends",
)


def up_to_date(conn: sqlite3.Connection) -> bool:
    """Whether the store on `conn` has had every migration of this version (a cheap read, no lock taken)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'")
    if found.fetchone() is None:
        return False
    rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))
    return {row[0] for row in rows} >= set(MIGRATIONS)
