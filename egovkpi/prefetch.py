"""The reads that judging every series of a report needs, made for all the series at once.

Judging one unit's KPI (`maps.judged_points`) asks for the latest period with a figure, the figures of that year,
the earliest period with a figure like the latest, the first period every unit it was formed from has one, and those
years' figures. Asked series by series that is some 14,000 small queries for a national report, each year read
whole, and the cost grows with the store. `Prefetched` answers the same questions for every series from a few
statements of a few hundred series each, and reads only the figures judging uses (`forecast.assess`: the latest
figure, and the base figure: the one of the earliest midpoint among those like the latest). Where each series begins
and ends, by length of period, is read from `series_ends` (kept on every write: `seriesends.py`), and the figures
judging uses are looked up by period, chosen from the periods' text: the latest, and the base (the first of the
earliest midpoint; for a count, the first of each length, since its base is of the latest's length). The first
period all a unit's parts have a figure in is walked from the latest of their first periods. Any other question goes
to the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from egovkpi.forecast import when_ended
from egovkpi.periods import stored_end, stored_months
from egovkpi.provinces import REFORM_DAY
from egovkpi.records import Figure
from egovkpi.rollup import combinable
from egovkpi.store import _COLUMNS, _CURRENT, Store, _latest_key, _read
from egovkpi.targets import Kpi

_AT_ONCE = 300  # rows of one VALUES list, each of at most 3 values: under SQLite's oldest limit of 999 values
_F_COLUMNS = ", ".join(f"f.{name.strip()}" for name in _COLUMNS.split(","))
_MONTHS = (  # a period's length in months, from its text ('2019', '2019-H2', '2019-Q4', '2019-12'): on the index
    "CASE WHEN length(f.period) = 4 THEN 12 WHEN substr(f.period, 6, 1) = 'H' THEN 6 "
    "WHEN substr(f.period, 6, 1) = 'Q' THEN 3 ELSE 1 END"
)
# where each series (scope, kpi) begins and ends, by length: kept on every write (`migrations.m008_series_ends`)
_SERIES_ENDS = (
    "WITH asked(scope, kpi) AS (VALUES {values}) SELECT e.scope, e.kpi, e.months, e.first, e.last, e.first_counted "
    "FROM asked JOIN series_ends e ON e.scope = asked.scope AND e.kpi = asked.kpi"
)
# every current figure of each window (a unit's KPI in a year)
_WHOLE = (
    f"WITH windows(scope, kpi, year, before) AS (VALUES {{values}}) SELECT windows.year, {_F_COLUMNS} "
    "FROM windows CROSS JOIN figures f ON f.scope = windows.scope AND f.kpi = windows.kpi "
    f"AND f.period >= windows.year AND f.period < windows.before AND {_CURRENT}"
)
_PARTS_AT_MOST = 4


# of each unit formed from two to four others (one key each): the first period from units.since up to
# units.before (of units.months, unless 0) in which every part has a current figure, with its counts if `counted`
# (then on the index of the figures with counts: `migrations.m007_counted`)
def _together_sql(counted: bool) -> str:
    counts = "AND {0}.denominator IS NOT NULL " if counted else ""
    return (
        "WITH units(n, kpi, months, since, before, p1, p2, p3, p4) AS (VALUES {values}) SELECT units.n, "
        "(SELECT f.period FROM figures f WHERE f.scope = units.p1 AND f.kpi = units.kpi AND f.period >= units.since "
        f"AND f.period < units.before AND (units.months = 0 OR {_MONTHS} = units.months) {counts.format('f')}"
        f"AND {_CURRENT} AND "
        + " AND ".join(
            f"(units.p{n} IS NULL OR EXISTS (SELECT 1 FROM figures o WHERE o.scope = units.p{n} AND o.kpi = f.kpi "
            f"AND o.period = f.period {counts.format('o')}AND {_CURRENT.replace('f.', 'o.')}))"
            for n in range(2, _PARTS_AT_MOST + 1)
        )
        + " ORDER BY f.period LIMIT 1) FROM units"
    )


_TOGETHER = {counted: _together_sql(counted) for counted in (False, True)}
BEFORE_REFORM = str(REFORM_DAY.year + 1)  # no roll-up for a period of a later year: `maps.judged_points`' bound

Window = tuple[str, str, str]  # (scope, kpi, year)
Span = tuple[str, str, str | None]  # a series' first and last periods of a length, and its first with counts
Together = tuple[tuple[str, ...], str, bool, int, str, str]  # (parts, kpi, counted, months, since, before)


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _in_order(figures: Iterable[Figure]) -> list[Figure]:
    """The figures of one window, each once, in period order: told apart by period and revision, rather than by
    hashing all fifteen fields of each."""
    return sorted({(f.period, f.revision): f for f in figures}.values(), key=_latest_key)


def _latest_period_key(period: str) -> tuple[str, int]:
    """`_latest_key` of the figure of a period, from the period's text."""
    return stored_end(period), stored_months(period)


def _base_key(period: str) -> tuple[float, str, int]:
    """Orders periods as `forecast.assess` picks its base among figures of any length: the earliest midpoint, and
    of two with one midpoint the one first in period order (2019-02 before 2019-Q1)."""
    end, months = _latest_period_key(period)
    return when_ended(end, months), end, months


def _next_year(period: str) -> str:
    return str(int(period[:4]) + 1)


class _Series:
    """One series to judge: its unit keys (its own, then each part's) and its KPI."""

    def __init__(self, own: Sequence[str], by_part: Sequence[Sequence[str]], kpi: Kpi) -> None:
        self.own, self.by_part, self.kpi = list(own), [list(part) for part in by_part], kpi
        self.keys = [*own, *(key for part in by_part for key in part)]
        self.rule = rule = combinable(kpi, len(by_part)) if by_part else False
        self.counted = rule is None
        self.last = ""  # its latest year
        self.months: int | None = None  # the length of its latest figure, for a count
        # how `first_together` is asked about its parts; None if it is not asked, or not answered here
        self.together: tuple[tuple[str, ...], str, bool] | None = None
        if rule is not False and len(by_part) <= _PARTS_AT_MOST and all(len(part) == 1 for part in by_part):
            self.together = tuple(part[0] for part in by_part), kpi.code, self.counted


class Prefetched:
    """`Store.current`, `edge_period` and `first_together` for the series of `groups`, read in a few statements.

    Each group is a series: the unit keys of the unit and those it continues, those of each unit it was formed from
    (on the 34 map), and its KPI. Read: the latest year of each series, its latest figure and the first of each
    length (every figure, if before the reform and the unit was formed from others: its latest point may be a
    roll-up); the earliest period of each unit like the series' latest figure; the first period of each length its
    parts all have a figure in; and, in the years of those, the first figure of each length of each unit. A
    window (unit, KPI, year) read so holds what judging uses of it, not every figure: only `maps.judged_points`
    may ask for it."""

    def __init__(self, store: Store, groups: Iterable[tuple[Sequence[str], Sequence[Sequence[str]], Kpi]]) -> None:
        self.store = store
        series = [_Series(*group) for group in groups]
        self.counts = {one.kpi.code for one in series if one.kpi.unit == "count"}  # judged on the latest's length
        self.ends = self._series_ends({(key, one.kpi.code) for one in series for key in one.keys})
        self.edges = self._edges({(key, one.kpi.code, 0) for one in series for key in one.keys})
        self.years: dict[Window, list[Figure]] = {}
        # (scope, kpi) -> the keys of its series; a series asked a question not foreseen is asked of the store only
        self.series_of = {(key, one.kpi.code): one.keys for one in series for key in one.keys}
        self.untrusted: set[tuple[str, str]] = set()
        ends: set[Window] = set()
        whole: set[Window] = set()
        for one in series:
            latests = [latest for key in one.keys if (latest := self.edges[(key, one.kpi.code, 0)][0])]
            if latests:
                one.last = max(latests)[:4]
                wanted = whole if one.by_part and one.last < BEFORE_REFORM else ends
                wanted.update((key, one.kpi.code, one.last) for key in one.keys)
        self._read_whole(whole)
        self._read_ends(dict.fromkeys(ends, 0), last=True)
        series = [one for one in series if one.last]
        for one in series:
            if one.kpi.unit == "count":
                # the latest point: an own figure, or a part's in a roll-up (of a period before the reform)
                own = [f for key in one.own for f in self.years[(key, one.kpi.code, one.last)]]
                rolled = [f for key in one.keys[len(one.own) :] for f in self.years[(key, one.kpi.code, one.last)]]
                figures = [*own, *(f for f in rolled if f.period_end < REFORM_DAY.isoformat())]
                one.months = max(figures, key=_latest_key).period_months if figures else None
        self.alike = self._edges({(key, one.kpi.code, one.months) for one in series if one.months for key in one.keys})
        # first_together as judging asks it: from the start, of the latest figure's length for a count
        self.series = {one.together: one for one in series if one.together}
        self.asked = {(*one.together, one.months or 0, "", BEFORE_REFORM) for one in series if one.together}
        self.together = self._together(self.asked)
        heads: dict[Window, int] = {}
        in_year: set[Together] = set()
        for one in series:  # the year judging starts its search for the base figure in, as `judged_points` does
            code, months = one.kpi.code, one.months or 0
            starts = [period for key in one.own if (period := self._earliest(key, code, months))]
            if one.together and (first := self.together.get((*one.together, months, "", BEFORE_REFORM))):
                starts.append(first)
            if not starts or min(starts)[:4] >= one.last:  # none before the latest year, read with it
                continue
            year = min(starts)[:4]
            heads.update(((key, code, year), months) for key in one.own)  # the first figure like the latest
            if one.together or one.rule is False:  # a part's figures count only in a roll-up with all the others'
                self.years.update(((key, code, year), []) for part in one.by_part for key in part)
            if one.together and year < BEFORE_REFORM:  # the first roll-up of each length that year
                lengths = (months,) if months else (1, 3, 6, 12)
                in_year.update((*one.together, length, year, _next_year(year)) for length in lengths)
        self._read_ends(heads, last=False)
        answered = {asked: self._in_first(asked) for asked in in_year}
        found = self._together({asked for asked, known in answered.items() if known is None})
        found.update((asked, known[0]) for asked, known in answered.items() if known is not None and known[0])
        self._read_periods(  # those of each part and the unit for the first roll-ups: into the years read
            {
                (key, asked[1], period)
                for asked, period in found.items()
                for one in [self.series[asked[:3]]]
                for key in one.keys
            }
        )

    def _earliest(self, key: str, kpi: str, months: int) -> str | None:
        return (self.alike if months else self.edges)[(key, kpi, months)][1]

    def _series_ends(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], dict[int, Span]]:
        """(scope, kpi) -> its lengths' (first, last, first with counts) periods; a series with no figure is absent."""
        ends: dict[tuple[str, str], dict[int, Span]] = {}
        for chunk in _chunks(sorted(pairs), _AT_ONCE):
            query = _SERIES_ENDS.format(values=",".join("(?,?)" for _ in chunk))
            for scope, kpi, months, first, last, counted in self.store.conn.execute(
                query, [v for p in chunk for v in p]
            ):
                ends.setdefault((scope, kpi), {})[months] = (first, last, counted)
        return ends

    def _edges(self, wanted: set[tuple[str, str, int]]) -> dict[tuple[str, str, int], tuple[str | None, str | None]]:
        """(scope, kpi, months) -> its latest period with a current figure, and its earliest (of `months`, unless 0)."""
        edges: dict[tuple[str, str, int], tuple[str | None, str | None]] = {}
        for scope, kpi, months in wanted:
            by = self.ends.get((scope, kpi), {})
            latest = max((last for _, last, _ in by.values()), default=None)
            firsts = [first for length, (first, _, _) in by.items() if months in (0, length)]
            edges[(scope, kpi, months)] = (latest, min(firsts, default=None))
        return edges

    def _read_ends(self, windows: dict[Window, int], last: bool) -> None:
        """Of each window (scope, kpi, year): its series' first figure of each length (of the length it maps to,
        unless 0) if that is in the year, and if `last` its latest figure in the year; looked up by period, from
        where each length of the series begins and ends (`series_ends`). Which of those judging uses is known from
        the periods' text, so only it is looked up: the latest of the lasts; and of the firsts, for a KPI other than
        a count (whose base figure is of any length), the one `forecast.assess` takes as its base."""
        wanted: dict[Window, set[str]] = {}
        for window, months in windows.items():
            year = window[2]
            ends = [(first, final) for length, (first, final, _) in self.ends.get(window[:2], {}).items()
                    if months in (0, length)]  # fmt: skip
            firsts = {first for first, _ in ends if first[:4] == year}
            if len(firsts) > 1 and months == 0 and window[1] not in self.counts:
                firsts = {min(firsts, key=_base_key)}
            finals = [final for _, final in ends if final[:4] == year] if last else []
            wanted[window] = firsts | ({max(finals, key=_latest_period_key)} if finals else set())
        keys = {(*window[:2], period) for window, periods in wanted.items() for period in periods}
        found = {key: figure for key, figure in self.store.latest_of(keys).items() if not figure.withdrawn}
        for window, periods in wanted.items():
            self.years[window] = _in_order(found[key] for period in periods if (key := (*window[:2], period)) in found)

    def _read_whole(self, windows: set[Window]) -> None:
        """Every current figure of each window (scope, kpi, year)."""
        read: dict[Window, list[Figure]] = {}
        for chunk in _chunks(sorted(windows), _AT_ONCE // 4 * 3):
            query = _WHOLE.format(values=",".join("(?,?,?,?)" for _ in chunk))
            bounds = [(*window, _next_year(window[2])) for window in chunk]
            for row in self.store.conn.execute(query, [value for bound in bounds for value in bound]):
                read.setdefault((row[1], row[2], row[0]), []).append(_read(row[1:]))
        self.years.update((window, _in_order(read.get(window, []))) for window in windows)

    def _read_periods(self, windows: set[Window]) -> None:
        """Of each window (scope, kpi, period) whose year was read, that period's current figure, added to the
        year's: looked up by key, and only where its series has figures of its length from before it to after it
        (`series_ends`: a merged unit's own series begins at the reform, after every roll-up)."""
        keys = set()
        for scope, kpi, period in windows:
            span = self.ends.get((scope, kpi), {}).get(stored_months(period))
            if span is not None and span[0] <= period <= span[1] and (scope, kpi, period[:4]) in self.years:
                keys.add((scope, kpi, period))
        for (scope, kpi, period), figure in self.store.latest_of(keys).items():
            if not figure.withdrawn:
                year = (scope, kpi, period[:4])
                self.years[year] = _in_order([*self.years[year], figure])

    def _together(self, wanted: set[Together]) -> dict[Together, str]:
        """(parts, kpi, counted, months, since, before) -> the first period in which every part has a figure: walked
        from the latest of the parts' first periods (with counts, if counted), before which not all have one."""
        found: dict[Together, str] = {}
        for counted in (False, True):
            starts = {asked: start for asked in wanted if asked[2] == counted if (start := self._start(asked))}
            for chunk in _chunks(sorted(starts), _AT_ONCE // 9):
                query = _TOGETHER[counted].format(values=",".join("(?,?,?,?,?,?,?,?,?)" for _ in chunk))
                values = [
                    value
                    for n, asked in enumerate(chunk)
                    for value in (n, asked[1], asked[3], starts[asked], asked[5], *asked[0])
                    + (None,) * (_PARTS_AT_MOST - len(asked[0]))
                ]
                found.update((chunk[n], period) for n, period in self.store.conn.execute(query, values) if period)
        return found

    def _in_first(self, asked: Together) -> tuple[str | None] | None:
        """The first roll-up of a length in a year, as the first roll-up from the start already says: it is that
        one if in the year and of the length (none in the year before it, of any length), none if there is none
        or it is in a later year; else (None) not said, to be sought."""
        parts, kpi, counted, months, year, _ = asked
        first = None
        for length in (months, 0):
            if (parts, kpi, counted, length, "", BEFORE_REFORM) in self.asked:  # asked, and answered if found
                first = self.together.get((parts, kpi, counted, length, "", BEFORE_REFORM), "")
                break
        if first is None:
            return None
        if first == "" or first[:4] > year:
            return (None,)
        return (first,) if first[:4] == year and stored_months(first) == months else None

    def _start(self, asked: Together) -> str | None:
        """Where the walk for `asked` starts: at its since, or the latest of its parts' first periods (of its
        length, with counts if counted) if later; None if a part has none, or not before its before."""
        parts, kpi, counted, months, since, before = asked
        start = since
        for part in parts:
            by = self.ends.get((part, kpi), {})
            firsts = [ends[2 if counted else 0] for length, ends in by.items() if months in (0, length)]
            first = min((period for period in firsts if period is not None), default=None)
            if first is None:
                return None
            start = max(start, first)
        return start if start < before else None

    def _distrust(self, scopes: Iterable[str], kpi: str) -> None:
        """The series of `scopes` went another way than foreseen: its windows may not hold what it asks for next."""
        for scope in scopes:
            self.untrusted.update((key, kpi) for key in self.series_of.get((scope, kpi), [scope]))

    def current(self, scope: str, kpi: str, since: str = "", before: str | None = None) -> list[Figure]:
        found = self.years.get((scope, kpi, since)) if len(since) == 4 and before == _next_year(since) else None
        if found is None or (scope, kpi) in self.untrusted:
            return self.store.current(scope, kpi, since, before)
        return list(found)

    def edge_period(
        self,
        scopes: list[str],
        kpi: str,
        *,
        since: str = "",
        before: str | None = None,
        latest: bool,
        months: int | None = None,
    ) -> str | None:
        edges = self.alike if months else self.edges
        known = [edges.get((scope, kpi, months or 0)) for scope in scopes]
        if since or before is not None or any(edge is None for edge in known):
            self._distrust(scopes, kpi)
            return self.store.edge_period(scopes, kpi, since=since, before=before, latest=latest, months=months)
        periods = [period for edge in known if edge is not None and (period := edge[0 if latest else 1])]
        return (max(periods) if latest else min(periods)) if periods else None

    def first_together(
        self, parts: list[list[str]], kpi: str, *, since: str, before: str, counted: bool, months: int | None
    ) -> str | None:
        asked = (tuple(part[0] for part in parts), kpi, counted, months or 0, since, before)
        if any(len(part) != 1 for part in parts) or asked not in self.asked:
            self._distrust((key for part in parts for key in part), kpi)
            return self.store.first_together(parts, kpi, since=since, before=before, counted=counted, months=months)
        return self.together.get(asked)
