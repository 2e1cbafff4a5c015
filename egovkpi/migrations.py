"""Schema changes, append-only: never edit a migration that has shipped; add a new one."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from egovkpi.seriesends import recount_all

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


@migrations(name="m004_browsing")
def m004_browsing(db: Database) -> None:
    """The store read by people (DB Browser for SQLite, Datasette, R, Excel): `units` names every unit key, and two
    views join on it. The store fills `units` from the shipped registry when it is opened for writing (browsing.py).
    The SQL is written out here, frozen: a later migration changes a view by dropping and recreating it."""
    db.table("units").create(
        {
            "key": str,  # as in figures.scope: 'national', '54', '66@2025-07-01'
            "code": str,  # the official code, reused in 2025: '66'
            "name": str,  # 'Phú Yên'; 'Toàn quốc' for the nation
            "full_name": str,  # 'Tỉnh Phú Yên'
            "name_ascii": str,
            "unit_type": str,
            "valid_from": str,  # ISO date; NULL for a unit older than the registry
            "valid_to": str,  # ISO date of the last day; NULL while the unit exists
            "merged_into": str,  # the key of the unit it became part of (or, renamed, became)
            "merged_into_name": str,
        },
        pk="key",
        not_null={"code", "name", "full_name"},
    )
    db.execute(
        """CREATE VIEW current_figures AS
SELECT u.name AS province, COALESCE(u.code, f.scope) AS province_code, f.scope AS unit_key, f.kpi, f.period,
    f.value, f.numerator, f.denominator, f.source, f.note, f.revision, f.recorded_at, f.recorded_by,
    f.period_end, f.period_months
FROM figures AS f LEFT JOIN units AS u ON u.key = f.scope
WHERE f.revision = (SELECT MAX(g.revision) FROM figures AS g
    WHERE g.scope = f.scope AND g.kpi = f.kpi AND g.period = f.period)
  AND NOT f.withdrawn
ORDER BY f.scope, f.kpi, f.period_end, f.period_months"""
    )
    db.execute(
        """CREATE VIEW figure_history AS
SELECT u.name AS province, COALESCE(u.code, f.scope) AS province_code, f.scope AS unit_key, f.kpi, f.period,
    f.revision, f.withdrawn, f.value, f.numerator, f.denominator, f.source, f.note, f.recorded_at, f.recorded_by,
    f.period_end, f.period_months
FROM figures AS f LEFT JOIN units AS u ON u.key = f.scope
ORDER BY f.scope, f.kpi, f.period_end, f.period_months, f.revision"""
    )


@migrations(name="m005_hue_city")
def m005_hue_city(db: Database) -> None:
    """Code 46 is two units since the registry learnt of the 1 January 2025 change: Tỉnh Thừa Thiên Huế ('46') until
    31/12/2024, Thành phố Huế ('46@2025-01-01') after. A store written before then keeps the city's 2025 figures
    under '46'; they move to the city, unless the city already has a figure for that KPI and period (left as is)."""
    db.execute(
        """UPDATE figures SET scope = '46@2025-01-01'
WHERE scope = '46' AND period_end >= '2025-01-01'
  AND NOT EXISTS (SELECT 1 FROM figures AS g
                  WHERE g.scope = '46@2025-01-01' AND g.kpi = figures.kpi AND g.period = figures.period)"""
    )


def _vietnam_day(stamp: object) -> str | None:
    """m006: the day of a stored time in Việt Nam (UTC+7), whatever offset it was written with (a history import
    keeps the file's own); a time with no offset is UTC. Frozen here with its migration."""
    import datetime as dt

    if not isinstance(stamp, str):
        return None
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        try:
            return dt.date.fromisoformat(stamp[:10]).isoformat()
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone(dt.timedelta(hours=7))).date().isoformat()


@migrations(name="m006_received")
def m006_received(db: Database) -> None:
    """The day a report was received (issue 14: timeliness is judged on it, not on the day it was typed in), an
    ISO date; a figure recorded before it has the day it was recorded, in Việt Nam. The views show it. And
    `reminders`, the reminders sent to a unit's recipients, for the reminder command."""
    db.table("figures").add_column("received", str)
    db.conn.create_function("egovkpi_vietnam_day", 1, _vietnam_day, deterministic=True)
    db.execute("UPDATE figures SET received = egovkpi_vietnam_day(recorded_at)")
    db.execute("DROP VIEW IF EXISTS current_figures")
    db.execute("DROP VIEW IF EXISTS figure_history")
    db.execute(
        """CREATE VIEW current_figures AS
SELECT u.name AS province, COALESCE(u.code, f.scope) AS province_code, f.scope AS unit_key, f.kpi, f.period,
    f.value, f.numerator, f.denominator, f.source, f.note, f.revision, f.received, f.recorded_at, f.recorded_by,
    f.period_end, f.period_months
FROM figures AS f LEFT JOIN units AS u ON u.key = f.scope
WHERE f.revision = (SELECT MAX(g.revision) FROM figures AS g
    WHERE g.scope = f.scope AND g.kpi = f.kpi AND g.period = f.period)
  AND NOT f.withdrawn
ORDER BY f.scope, f.kpi, f.period_end, f.period_months"""
    )
    db.execute(
        """CREATE VIEW figure_history AS
SELECT u.name AS province, COALESCE(u.code, f.scope) AS province_code, f.scope AS unit_key, f.kpi, f.period,
    f.revision, f.withdrawn, f.value, f.numerator, f.denominator, f.source, f.note, f.received, f.recorded_at,
    f.recorded_by, f.period_end, f.period_months
FROM figures AS f LEFT JOIN units AS u ON u.key = f.scope
ORDER BY f.scope, f.kpi, f.period_end, f.period_months, f.revision"""
    )
    db.table("reminders").create(
        {
            "id": int,
            "sent_at": str,  # ISO 8601 UTC
            "unit": str,  # the unit key reminded: '54', 'national', '66@2025-07-01'
            "recipients": str,  # sorted, lower-case, comma-separated
            "fingerprint": str,  # hash of the reports the reminder listed as owed
            "subject": str,
            "message_id": str,
        },
        pk="id",
        not_null={"sent_at", "unit", "recipients", "fingerprint"},
    )
    db.table("reminders").create_index(["unit", "id"], index_name="reminders_unit")


@migrations(name="m007_counted")
def m007_counted(db: Database) -> None:
    """An index of the figures given with their counts (numerator and denominator): a unit formed from others has
    a percent's roll-up from the first period all its parts gave counts, and finding it walks only those figures
    (issue 16: a report need not read a unit's whole history to judge it)."""
    db.execute("CREATE INDEX figures_counted ON figures (scope, kpi, period) WHERE denominator IS NOT NULL")


@migrations(name="m008_series_ends")
def m008_series_ends(db: Database) -> None:
    """Each series' (unit and KPI) first and last periods with a current figure, by length, and its first period
    with counts, so that a report of every unit reads where each series begins and ends without walking its
    history (issue 16). The store keeps it on every revision it writes (`seriesends.Ends`: a trigger on INSERT
    cost a million-row import 40 % of its time). `series_ends_state.figures_to` is the highest figure id taken
    in: a figure INSERTed by hand is above it, and an UPDATE or DELETE by hand sets it to -1 (a trigger); either
    way the table is not trusted until egovkpi's next write counts every series again."""
    db.execute(
        """CREATE TABLE series_ends (
    scope TEXT NOT NULL, kpi TEXT NOT NULL, months INTEGER NOT NULL,
    first TEXT NOT NULL, last TEXT NOT NULL, first_counted TEXT,
    PRIMARY KEY (scope, kpi, months)
) WITHOUT ROWID"""
    )
    db.execute("CREATE TABLE series_ends_state (figures_to INTEGER NOT NULL)")
    recount_all(db.conn)
    for change in ("UPDATE OF scope, kpi, period, period_months, revision, withdrawn, denominator", "DELETE"):
        db.execute(  # one cheap statement a row: a DELETE of half a million rows by hand takes seconds, not hours
            f"CREATE TRIGGER series_ends_{change.split()[0].lower()} AFTER {change} ON figures "
            "BEGIN UPDATE series_ends_state SET figures_to = -1; END"
        )
