"""Schema changes, append-only: never edit a migration that has shipped; add a new one."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("egovkpi")


@migrations(name="m001_figures")
def m001_figures(db: Database) -> None:
    db.table("figures").create(
        {
            "id": int,
            "scope": str,  # unit key: 'national', '54', '31@2025-07-01'
            "kpi": str,
            "period": str,  # canonical: 2019, 2019-H1, 2019-Q4, 2019-12
            "period_end": str,  # ISO date the period ends, for ordering
            "period_months": int,  # 12, 6, 3 or 1: a year wins a tie on period_end
            "revision": int,  # 1, 2, ... per (scope, kpi, period)
            "value": float,
            "numerator": float,
            "denominator": float,
            "source": str,
            "note": str,
            "recorded_at": str,  # ISO 8601 UTC
            "recorded_by": str,
        },
        pk="id",
        not_null={"scope", "kpi", "period", "period_end", "period_months", "revision", "value", "recorded_at"},
    )
    db.table("figures").create_index(["scope", "kpi", "period", "revision"], unique=True, index_name="figures_key")


@migrations(name="m002_summaries")
def m002_summaries(db: Database) -> None:
    db.table("summaries").create(
        {
            "id": int,
            "sent_at": str,  # ISO 8601 UTC
            "recipients": str,  # sorted, lower-case, comma-separated: the key for --if-changed
            "subject": str,
            "message_id": str,
            "fingerprint": str,  # hash of the figures and statuses the summary showed
        },
        pk="id",
        not_null={"sent_at", "recipients", "subject", "message_id", "fingerprint"},
    )
    db.table("summaries").create_index(["recipients", "id"], index_name="summaries_recipients")


@migrations(name="m003_withdrawn")
def m003_withdrawn(db: Database) -> None:
    """A withdrawal is a revision: it keeps the withdrawn value and the reason (in note), and leaves reports."""
    db.table("figures").add_column("withdrawn", int, not_null_default=0)
