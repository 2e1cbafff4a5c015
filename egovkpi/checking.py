"""`egovkpi check`: is the store whole, and does it keep egovkpi's own rules?

First SQLite's own checks (`PRAGMA integrity_check`, `PRAGMA foreign_key_check`), then, in one pass over every
revision in key order: each unit, KPI and period has revisions 1..n with no gap and no duplicate; every revision's
times can be read; and every current figure that is not withdrawn is one `add` would have accepted: a KPI of
targets.yaml (for a province, one that is not national only), a known unit that existed at the end of the period,
a period written as egovkpi writes it with its end and length stored right, a finite value in the KPI's range, and
a numerator and denominator (both or neither) whose share is the value; and the ends of each series that reports
read (`migrations.m008_series_ends`) are the figures'. The store is read only, never written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from egovkpi.entry import AGREEMENT
from egovkpi.errors import InputError
from egovkpi.messages import Text, t
from egovkpi.numbers import format_exact
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.seriesends import trusted
from egovkpi.storefile import _HEADER, _applied, _connect_read_only
from egovkpi.targets import Kpi, TargetsFile, check_value

Row = tuple[Any, ...]  # scope, kpi, period, period_end, period_months, revision, value, numerator, denominator,
# recorded_at, withdrawn, received: as stored (SQLite keeps whatever a raw UPDATE put there)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the store: which check found it, where, and what."""

    check: str  # integrity, foreign_key, revisions, recorded_at, received, kpi, unit, period, value, ratio, lifetime,
    # series_ends
    text: Text
    scope: str | None = None
    kpi: str | None = None
    period: str | None = None
    revision: int | None = None


@dataclass
class Checked:
    """What `check` found: the figures (unit, KPI, period) and revisions read, and every problem."""

    figures: int = 0
    revisions: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(path: Path, registry: Registry, targets: TargetsFile) -> Checked:
    """Check the store at `path`. Refuse (InputError), untouched, what is not an egovkpi store; a file that is a
    SQLite database but too damaged to be read as one is checked for what can be said: SQLite's integrity."""
    if not path.exists():
        raise InputError(t("there is no egovkpi store at {path}", path=path))
    if path.is_dir():
        raise InputError(t("the store {path} is a folder", path=path))
    refusal: InputError | None = None
    try:
        applied = _applied(path)
    except InputError as error:
        if not _is_sqlite(path):
            raise
        refusal, applied = error, None
    if refusal is None and applied is None:
        raise InputError(t("there is no egovkpi store at {path}", path=path))
    try:
        conn = _connect_read_only(path)
    except sqlite3.DatabaseError as exc:
        if refusal is not None and "malformed" not in str(exc):
            raise refusal from None
        return Checked(problems=[Problem("integrity", t("the store cannot be opened: {error}", error=exc))])
    try:
        checked = Checked(problems=sqlite_checks(conn))
        if refusal is not None:
            if checked.ok:  # a sound database that is not ours
                raise refusal
            return checked  # damaged beyond telling whose it is
        try:
            _check_rules(conn, registry, targets, checked)
        except sqlite3.DatabaseError as exc:
            checked.problems.append(Problem("integrity", t("the figures cannot all be read: {error}", error=exc)))
        return checked
    finally:
        conn.close()


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_HEADER)) == _HEADER
    except OSError:
        return False


def sqlite_checks(conn: sqlite3.Connection) -> list[Problem]:
    """SQLite's own: the file's structure (integrity_check) and its references (foreign_key_check)."""
    problems = []
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        problems.append(Problem("integrity", t("integrity_check failed: {error}", error=exc)))
    else:
        found = [str(row[0]) for row in rows if row[0] != "ok"]
        problems += [Problem("integrity", t("integrity_check: {detail}", detail=detail)) for detail in found]
    try:
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            said = t("foreign_key_check: row {row} of {table} refers to no row of {parent}", row=rowid, table=table,
                     parent=parent)  # fmt: skip
            problems.append(Problem("foreign_key", said))
    except sqlite3.DatabaseError as exc:
        problems.append(Problem("foreign_key", t("foreign_key_check failed: {error}", error=exc)))
    return problems


def _rows(conn: sqlite3.Connection) -> Iterator[Row]:
    """Every revision, by unit, KPI, period and revision; columns a store written before them lacks read as unset."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(figures)")}
    withdrawn = "withdrawn" if "withdrawn" in columns else "0"
    received = "received" if "received" in columns else "NULL"
    yield from conn.execute(
        "SELECT scope, kpi, period, period_end, period_months, revision, value, numerator, denominator, recorded_at, "
        f"{withdrawn}, {received} FROM figures ORDER BY scope, kpi, period, revision"
    )


def _check_rules(conn: sqlite3.Connection, registry: Registry, targets: TargetsFile, checked: Checked) -> None:
    ends: dict[tuple[str, str, int], list[Any]] = {}  # each series' ends by length, as the figures say
    for (scope, kpi, period), group in itertools.groupby(_rows(conn), key=lambda row: row[:3]):
        rows = list(group)
        checked.figures += 1
        checked.revisions += len(rows)
        where = {"scope": scope, "kpi": kpi, "period": period}
        said = revision_problem([row[5] for row in rows])
        if said is not None:
            checked.problems.append(Problem("revisions", said, **where))
        for row in rows:
            checked.problems += [
                Problem(check, text, **where, revision=row[5]) for check, text in _stamp_problems(row[9], row[11])
            ]
        current = rows[-1]
        if not current[10]:
            checked.problems += [
                Problem(check, text, **where) for check, text in figure_problems(current, registry, targets)
            ]
            found = ends.setdefault((scope, kpi, current[4]), [period, period, None])
            found[1] = period
            if current[8] is not None and found[2] is None:
                found[2] = period
    checked.problems += _ends_problems(conn, ends)


def _ends_problems(conn: sqlite3.Connection, ends: dict[tuple[str, str, int], list[Any]]) -> list[Problem]:
    """Where the series' ends kept for reports (`migrations.m008_series_ends`) differ from the figures."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'series_ends'").fetchone() or not trusted(conn):
        return []  # a store from before them, or changed by hand since: not read, and made again at the next write
    rows = conn.execute("SELECT scope, kpi, months, first, last, first_counted FROM series_ends")
    kept = _by_series({(scope, kpi, months): rest for scope, kpi, months, *rest in rows})
    found = _by_series(ends)
    return [
        Problem(
            "series_ends",
            t(
                "the ends kept for reports ({kept}) are not the figures' ({found})",
                kept=kept.get(series, "—"),
                found=found.get(series, "—"),
            ),
            *series,
        )
        for series in sorted(kept.keys() | found.keys())
        if kept.get(series) != found.get(series)
    ]


def _by_series(ends: dict[tuple[str, str, int], list[Any]]) -> dict[tuple[str, str], str]:
    """(scope, kpi) -> its ends said: '1: 2019-01…2024-12 (2019-03)', a length, its first and last periods, and
    the first with counts; lengths joined by '; '."""
    said: dict[tuple[str, str], list[str]] = {}
    for (scope, kpi, months), (first, last, counted) in sorted(ends.items(), key=lambda item: item[0]):
        said.setdefault((scope, kpi), []).append(f"{months}: {first}…{last}" + (f" ({counted})" if counted else ""))
    return {series: "; ".join(parts) for series, parts in said.items()}


def revision_problem(revisions: Sequence[object]) -> Text | None:
    """What is wrong with one figure's revision numbers, in stored order; None when they are 1..n."""
    if list(revisions) == list(range(1, len(revisions) + 1)):
        return None
    stored = ", ".join(str(number) for number in revisions)
    numbers = [number for number in revisions if isinstance(number, int)]
    duplicated = sorted({number for number in numbers if numbers.count(number) > 1})
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    if missing:
        shown = ", ".join(str(number) for number in missing)
        return t("revisions {stored}: revision {missing} is missing", stored=stored, missing=shown)
    if duplicated:
        shown = ", ".join(str(number) for number in duplicated)
        return t("revisions {stored}: revision {duplicated} is stored more than once", stored=stored, duplicated=shown)
    return t("revisions {stored}: not numbered 1 to {count}", stored=stored, count=len(revisions))


def _stamp_problems(recorded_at: object, received: object) -> Iterator[tuple[str, Text]]:
    """A revision's time of recording must be an ISO 8601 time; its received day, when stored, an ISO date: as the
    store reads them."""
    if not _reads(dt.datetime.fromisoformat, recorded_at):  # as `history` reads it, to order revisions
        yield "recorded_at", t("recorded_at '{stamp}' is not a time", stamp=recorded_at)
    if received is not None and not _reads(dt.date.fromisoformat, received):
        yield "received", t("received '{day}' is not a date", day=received)


def _reads(parse: Callable[[str], object], stored: object) -> bool:
    try:
        return isinstance(stored, str) and parse(stored) is not None
    except ValueError:
        return False


def figure_problems(row: Row, registry: Registry, targets: TargetsFile) -> list[tuple[str, Text]]:
    """Why `add` would not have stored this current figure, as (check, what); none when it would have."""
    scope, code, written, period_end, period_months, _, value, numerator, denominator = row[:9]
    problems: list[tuple[str, Text]] = []
    kpi = targets.kpis.get(code)
    if kpi is None:
        problems.append(("kpi", t("unknown KPI '{code}': it is not in {targets}", code=code, targets=targets.path)))
    unit: Unit | None = None
    try:
        unit = registry.by_key(scope)
    except KeyError:
        problems.append(("unit", t("unknown unit key '{key}'", key=scope)))
    period = _period(written)
    if period is None:
        problems.append(("period", t("'{period}' is not a period as egovkpi writes one", period=written)))
    else:
        if period_end != period.end.isoformat():
            said = t("period_end {stored} does not match {period}, which ends on {end}", stored=period_end,
                     period=period, end=period.end.isoformat())  # fmt: skip
            problems.append(("period", said))
        if period_months != period.months:
            said = t("period_months {stored} does not match {period}, which is {months} month(s) long",
                     stored=period_months, period=period, months=period.months)  # fmt: skip
            problems.append(("period", said))
        if unit is not None and not unit.valid_on(period.end):
            problems.append(("lifetime", _lifetime(unit, period)))
    if unit is not None and kpi is not None and not kpi.counts_for(unit):
        problems.append(("kpi", t("{kpi} is national only, and this figure is a province's", kpi=kpi.code)))
    problems += [("value", said) for said in _value_problems(value, kpi)]
    ratio = ratio_problem(value, numerator, denominator, kpi)
    if ratio is not None:
        problems.append(("ratio", ratio))
    return problems


def _period(written: object) -> Period | None:
    """The stored period, if it is one as egovkpi writes it (canonical: 2019, 2019-H1, 2019-Q4, 2019-12)."""
    if not isinstance(written, str):
        return None
    try:
        period = parse_period(written)
    except InputError:
        return None
    return period if str(period) == written else None


def _lifetime(unit: Unit, period: Period) -> Text:
    """The unit did not exist at the end of the period, as `add` would have refused."""
    start = unit.valid_from.isoformat() if unit.valid_from else "…"
    end = unit.valid_to.isoformat() if unit.valid_to else "…"
    return t("{unit} ({key}) existed from {start} to {end}, not at the end of {period}", unit=unit.name,
             key=unit.key, start=start, end=end, period=period)  # fmt: skip


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value_problems(value: object, kpi: Kpi | None) -> list[Text]:
    if not _is_number(value):
        return [t("the value {value} is not a number", value=repr(value))]
    assert isinstance(value, (int, float))
    try:
        check_value(float(value), kpi.unit if kpi else "")
    except InputError as exc:
        return [t("value for {kpi}: {problem}", kpi=kpi.code if kpi else "?", problem=exc.text)]
    return []


def ratio_problem(value: object, numerator: object, denominator: object, kpi: Kpi | None) -> Text | None:
    """A numerator and denominator are stored both or neither, for a percent KPI only, and make the value."""
    if numerator is None and denominator is None:
        return None
    if numerator is None or denominator is None:
        return t("only one of numerator and denominator is stored")
    if kpi is not None and kpi.unit != "percent":
        return t("a numerator and denominator are stored, but {kpi} is a {unit}, not a percent", kpi=kpi.code,
                 unit=kpi.unit)  # fmt: skip
    if not (_is_number(numerator) and _is_number(denominator) and _is_number(value)):
        return t("the numerator {n} or the denominator {d} is not a number", n=repr(numerator), d=repr(denominator))
    assert isinstance(numerator, (int, float)) and isinstance(denominator, (int, float))
    assert isinstance(value, (int, float))
    if not (math.isfinite(numerator) and math.isfinite(denominator)) or numerator < 0 or denominator < 0:
        return t("numerator and denominator must be 0 or more")
    if denominator == 0:
        return t("the denominator is 0: a share of nothing has no value")
    if numerator > denominator:
        return t("the numerator ({n}) is larger than the denominator ({d})", n=format_exact(float(numerator), "en"),
                 d=format_exact(float(denominator), "en"))  # fmt: skip
    share = 100.0 * numerator / denominator
    if math.isfinite(value) and abs(value - share) > AGREEMENT + 1e-9:
        return t("the value {value} is not the numerator over the denominator ({share})",
                 value=format_exact(float(value), "en"), share=format_exact(round(share, 4), "en"))  # fmt: skip
    return None
