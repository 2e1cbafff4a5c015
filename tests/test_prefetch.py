"""The reads a national report makes for every series at once (`prefetch.Prefetched`) give each series the same
points to judge as reading it alone from the store does: on random stores of months, quarters, halves and years,
revisions and withdrawals, bare percentages and counted ones, merged units and their parts, on both maps."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from egovkpi.attainment import evaluate
from egovkpi.maps import judged_points, members, parts
from egovkpi.periods import parse_period
from egovkpi.prefetch import Prefetched
from egovkpi.provinces import NATION, REFORM_DAY, Unit, registry
from egovkpi.store import Store
from egovkpi.storefile import memory_store
from egovkpi.targets import load_targets
from tests.helpers import ROOT

UNITS = registry()
TARGETS = load_targets(ROOT / "targets.yaml", UNITS)
KPIS = ["online_dossiers", "level4_services", "services_at_level4", "dossiers_received", "un_egov_rank"]
MERGED = [unit for unit in UNITS.as_of(REFORM_DAY) if parts(UNITS, unit)][:3]


def _periods(rng: random.Random) -> list[str]:
    first = rng.randint(2016, 2025)
    periods = [
        period
        for year in range(first, 2027)
        for period in (
            *(f"{year}-{month:02d}" for month in range(1, 13)),
            *(f"{year}-Q{quarter}" for quarter in range(1, 5)),
            f"{year}-H1",
            f"{year}-H2",
            str(year),
        )
    ]
    return sorted(rng.sample(periods, k=min(len(periods), rng.randint(1, 40))))


def _store(seed: int) -> tuple[Store, list[Unit]]:
    rng = random.Random(seed)
    scopes: list[Unit] = [NATION]
    for unit in MERGED:
        scopes.append(unit)
    keys = {NATION.key} | {key for unit in MERGED for key in [*members(UNITS, unit, 34)[0]]}
    keys |= {key for unit in MERGED for part in members(UNITS, unit, 34)[1] for key in part}
    rows = []
    for key in sorted(keys):
        for kpi in KPIS:
            if rng.random() < 0.2:
                continue
            for period in _periods(rng):
                found = parse_period(period)
                if found.end > dt.date(2026, 11, 30):
                    continue
                for revision in range(1, rng.choice([2, 2, 2, 3, 4])):
                    counted = rng.random() < 0.5
                    top, bottom = (rng.randint(0, 90), 100) if counted else (None, None)
                    withdrawn = int(rng.random() < 0.1)
                    rows.append(
                        (key, kpi, period, found.end.isoformat(), found.months, revision, float(rng.randint(1, 99)),
                         top, bottom, "", "", "2026-01-01T00:00:00+00:00", "test", withdrawn, "2026-01-01")
                    )  # fmt: skip
    store = memory_store()
    with store.transaction():  # as the store writes revisions: where each series begins and ends is kept
        store.insert_many(rows)
    return store, scopes


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("which", [34, 63])
def test_prefetched_reads_judge_as_the_store_does(seed: int, which: int) -> None:
    store, scopes = _store(seed)
    if which == 63:
        scopes = [NATION, *(unit for merged in MERGED for unit in parts(UNITS, merged))]
    kpis = [TARGETS.kpis[code] for code in KPIS]
    reads = Prefetched(store, [(*members(UNITS, scope, which), kpi) for scope in scopes for kpi in kpis])
    day = dt.date(2026, 11, 26)
    for scope in scopes:
        for kpi in kpis:
            alone = judged_points(UNITS, store, scope, kpi, which, None)
            together = judged_points(UNITS, reads, scope, kpi, which, None)
            assert together[-1:] == alone[-1:], (scope.key, kpi.code)
            judged = [evaluate(scope, kpi, [p.figure for p in points if p.figure], day) for points in (alone, together)]
            assert judged[0] == judged[1], (scope.key, kpi.code)
