"""The benchmark's national dataset: deterministic (seeded), every unit of both maps in its valid periods, every KPI.

A *series* is one unit and one KPI: the nation and each of the 87 provincial units of `data/provinces.csv` (63 on
the map until 30 June 2025, 34 from 1 July 2025; 10 units are on both) times every KPI of `targets.yaml` (a
national-only KPI, `applies_to: national`, for the nation alone, as `add` refuses it for a province). A dataset of
N figures takes the newest month of every series, then the month before it, and so on ("depth" by depth, the last
depth a seeded choice of series), so that even the 10k dataset holds every unit of both maps and every KPI:
the 63 units end in June 2025, the 34 begin in July 2025 and end with the current month, November 2026 (partial).
Monthly periods go back to January 2000, the earliest year egovkpi accepts; a size larger than every month of every
series can hold (about 815,000 figures) continues with quarters, newest first, then years.

Files, all in `import`'s columns (`province,kpi,period,value,numerator,denominator,source,note`), the province
written by its name as offices write it (resolved by egovkpi on the period's last day):

- `figures-<size>.csv`: the N figures, oldest period first; one fifth of the percent figures as numerator and
  denominator (the value left for egovkpi to compute);
- `revisions-<size>.csv`: about 5% of those figures again with another value, imported afterwards (one file cannot
  hold a key twice), so each becomes revision 2;
- `withdrawals-<size>.json`: a few figures to take back with `egovkpi withdraw`;
- `half-a-<size>.csv`, `half-b-<size>.csv`: the first and second half of the figures file, for `merge`;
- `figures-<size>.xlsx`: the figures file as an Excel workbook (openpyxl, write-only), for the Excel import.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = 1  # bump whenever the generated files change: it keys the cache
SEED = 16  # issue 16
LATEST = (2026, 11)  # the newest month; fixed, so the dataset is the same whenever it is made (today: 2026-11-26)
EARLIEST_YEAR = 2000  # the earliest year egovkpi accepts for a period
REVISION_SHARE = 0.05
NP_SHARE = 0.2  # percent figures given as numerator and denominator
NOTE_SHARE = 0.02  # figures with a note (with a comma and quotes, so the CSV quotes them)
WITHDRAWALS = 5
COLUMNS = ["province", "kpi", "period", "value", "numerator", "denominator", "source", "note"]
SOURCE = "Báo cáo tổng hợp của đơn vị (dữ liệu thử hiệu năng, bộ sinh v1)"
REVISED_SOURCE = "Báo cáo điều chỉnh (dữ liệu thử hiệu năng)"
NOTE = 'Số liệu "ước tính", chưa kiểm tra; gồm cấp tỉnh, huyện và xã'
# A figure the province report and `history` will show with a revision and a withdrawal.
HISTORY_PROVINCE, HISTORY_KPI = "Phú Yên", "online_dossiers"
HISTORY_REVISED, HISTORY_WITHDRAWN = "2025-05", "2025-06"  # both in every size: the newest two months


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class Kpi:
    code: str
    unit: str  # percent, count or days
    direction: str  # higher or lower
    national_only: bool


@dataclass(frozen=True)
class Period:
    text: str  # as egovkpi writes it: 2019, 2019-Q4, 2019-12
    start: dt.date
    end: dt.date
    months: int

    @property
    def middle(self) -> float:
        """The period's middle in years (2024-01 is about 2024.04)."""
        year_days = 365.25
        middle = self.start + (self.end - self.start) / 2
        return middle.year + (middle.timetuple().tm_yday - 0.5) / year_days


Row = tuple[str, str, str, str, str, str, str, str]  # the file's columns, as text


def units(path: Path = ROOT / "data" / "provinces.csv") -> list[Unit]:
    """The 87 provincial units of the registry, with the dates they were valid."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Unit(
                row["code"],
                row["name"],
                dt.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
                dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
            )
            for row in csv.DictReader(handle)
        ]


def kpis(path: Path = ROOT / "targets.yaml") -> list[Kpi]:
    with open(path, encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return [
        Kpi(code, str(spec["unit"]), str(spec.get("direction", "higher")), spec.get("applies_to") == "national")
        for code, spec in document["kpis"].items()
    ]


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def periods(months: int) -> list[Period]:
    """Every period of this length (1, 3 or 12 months) from the newest, which contains LATEST, back to 2000."""
    year, month = LATEST
    month = (month - 1) // months * months + 1  # the first month of the period that holds LATEST
    found = []
    while year >= EARLIEST_YEAR:
        end_year, end_month = year + (month + months - 2) // 12, (month + months - 2) % 12 + 1
        if months == 1:
            text = f"{year}-{month:02d}"
        elif months == 3:
            text = f"{year}-Q{(month - 1) // 3 + 1}"
        else:
            text = str(year)
        found.append(Period(text, dt.date(year, month, 1), _month_end(end_year, end_month), months))
        month -= months
        if month < 1:
            month += 12
            year -= 1
    return found


def _within(unit: Unit | None, period: Period) -> bool:
    """A unit's figure for a period it existed all through (the nation, None, always did)."""
    if unit is None:
        return True
    return (unit.valid_from is None or period.start >= unit.valid_from) and (
        unit.valid_to is None or period.end <= unit.valid_to
    )


@dataclass(frozen=True)
class Series:
    unit: Unit | None  # None: the nation
    kpi: Kpi

    @property
    def province(self) -> str:
        return "national" if self.unit is None else self.unit.name


@dataclass(frozen=True)
class Figure:
    series: int  # index into the series list
    period: Period


def series_list() -> list[Series]:
    every_kpi = kpis()
    found = [Series(None, kpi) for kpi in every_kpi]
    for unit in units():
        found.extend(Series(unit, kpi) for kpi in every_kpi if not kpi.national_only)
    return found


def choose(size: int, every: Sequence[Series], rng: random.Random) -> list[Figure]:
    """`size` figures: months, newest first and depth by depth across the series; then quarters; then years."""
    chosen: list[Figure] = []
    for months in (1, 3, 12):
        candidates = periods(months)
        slots: list[tuple[int, int, Figure]] = []
        order = list(range(len(every)))
        rng.shuffle(order)  # which series fill a partial last depth: a seeded choice
        rank = {index: place for place, index in enumerate(order)}
        for index, series in enumerate(every):
            own = [period for period in candidates if _within(series.unit, period)]
            slots.extend((depth, rank[index], Figure(index, period)) for depth, period in enumerate(own))
        slots.sort(key=lambda slot: (slot[0], slot[1]))
        chosen.extend(figure for _, _, figure in slots[: size - len(chosen)])
        if len(chosen) >= size:
            break
    if len(chosen) < size:
        raise ValueError(f"at most {len(chosen):,} figures fit between {EARLIEST_YEAR} and {LATEST}")
    return chosen


@dataclass(frozen=True)
class Trend:
    """A series' values: a level in 2013 and a growth per year, with noise."""

    level: float
    growth: float


def _trend(kpi: Kpi, rng: random.Random) -> Trend:
    if kpi.unit == "percent":
        return Trend(rng.uniform(5, 60), rng.uniform(0.5, 6))  # points a year
    if kpi.direction == "lower":  # a rank, such as the UN's of 193 countries
        return Trend(rng.uniform(40, 120), -rng.uniform(0.5, 3))
    if kpi.code.endswith("_gain"):
        return Trend(rng.uniform(1, 10), 0)
    return Trend(10 ** rng.uniform(2, 5.5), rng.uniform(0.02, 0.25))  # a count a month, growing by a share a year


def _value(kpi: Kpi, trend: Trend, period: Period, rng: random.Random) -> float:
    years = period.middle - 2013
    if kpi.unit == "percent":
        return round(min(100.0, max(0.5, trend.level + trend.growth * years + rng.gauss(0, 1.5))), 2)
    if kpi.direction == "lower":
        return float(min(193, max(1, round(trend.level + trend.growth * years + rng.gauss(0, 2)))))
    if trend.growth == 0:
        return float(max(0, round(trend.level + rng.gauss(0, 3))))
    level = trend.level * (1 + trend.growth) ** years * period.months * (1 + rng.gauss(0, 0.03))
    return float(max(1, round(level)))


def _number(value: float) -> str:
    """As a person types it: whole numbers without a decimal part, others with two decimals at most."""
    if value == math.floor(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


@dataclass
class Dataset:
    rows: list[Row]
    revisions: list[Row]
    withdrawals: list[dict[str, str]]
    first_period: str
    last_period: str
    tiers: dict[int, int]  # period length in months -> figures
    units: int  # provincial units with figures (the nation not counted)
    kpis: int


def generate(size: int) -> Dataset:
    rng = random.Random(f"{SEED}-{GENERATOR_VERSION}-{size}")
    every = series_list()
    trends = [_trend(series.kpi, rng) for series in every]
    chosen = choose(size, every, rng)
    chosen.sort(key=lambda figure: (figure.period.end, figure.period.months, figure.series))
    rows: list[Row] = []
    values: list[float] = []
    for figure in chosen:
        series = every[figure.series]
        value = _value(series.kpi, trends[figure.series], figure.period, rng)
        values.append(value)
        numerator = denominator = ""
        shown = _number(value)
        if series.kpi.unit == "percent" and rng.random() < NP_SHARE:
            whole = rng.randint(1_000, 500_000)
            numerator, denominator, shown = str(round(whole * value / 100)), str(whole), ""
        note = NOTE if rng.random() < NOTE_SHARE else ""
        rows.append((series.province, series.kpi.code, figure.period.text, shown, numerator, denominator, SOURCE, note))
    keys = {(row[0], row[1], row[2]): index for index, row in enumerate(rows)}
    picked = set(rng.sample(range(len(rows)), round(len(rows) * REVISION_SHARE)))
    picked.add(keys[(HISTORY_PROVINCE, HISTORY_KPI, HISTORY_REVISED)])
    withdrawn_keys = [(HISTORY_PROVINCE, HISTORY_KPI, HISTORY_WITHDRAWN)]
    assert withdrawn_keys[0] in keys
    while len(withdrawn_keys) < WITHDRAWALS:
        key = rows[rng.randrange(len(rows))][:3]
        if key not in withdrawn_keys:
            withdrawn_keys.append((key[0], key[1], key[2]))
    by_code = {series.kpi.code: series.kpi for series in every}
    revisions: list[Row] = []
    for index in sorted(picked):
        province, kpi, period = rows[index][:3]
        revised = _revised(by_code[kpi], values[index], rng)
        revisions.append((province, kpi, period, _number(revised), "", "", REVISED_SOURCE, ""))
    withdrawals = [{"province": p, "kpi": k, "period": q} for p, k, q in withdrawn_keys]
    tiers: dict[int, int] = {}
    for figure in chosen:
        tiers[figure.period.months] = tiers.get(figure.period.months, 0) + 1
    seen = {every[figure.series].unit for figure in chosen} - {None}
    kpi_codes = {every[figure.series].kpi.code for figure in chosen}
    first, last = chosen[0].period.text, chosen[-1].period.text
    return Dataset(rows, revisions, withdrawals, first, last, tiers, len(seen), len(kpi_codes))


def _revised(kpi: Kpi, value: float, rng: random.Random) -> float:
    """Another value for the same figure, in the KPI's range."""
    if kpi.unit == "percent":
        step = rng.uniform(0.5, 3)
        return round(value - step if value + step > 100 else value + step, 2)
    if kpi.direction == "lower":
        return value - 1 if value > 1 else value + 1
    return value + rng.randint(1, max(1, int(value) // 50))


def write_csv(path: Path, rows: Sequence[Row]) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    tmp.replace(path)


def read_csv(path: Path) -> Iterator[Row]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            yield (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])


def write_xlsx(path: Path, rows: Iterator[Row]) -> None:
    """The figures as an office keeps them in Excel: numbers as numbers, periods as text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Số liệu")
    sheet.append(COLUMNS)
    for row in rows:
        cells: list[str | float | None] = list(row)
        for column in (3, 4, 5):
            cells[column] = float(row[column]) if row[column] else None
        sheet.append(cells)
    tmp = path.with_suffix(".tmp.xlsx")
    book.save(tmp)
    tmp.replace(path)


@dataclass(frozen=True)
class Files:
    figures: Path
    revisions: Path
    withdrawals: Path
    half_a: Path
    half_b: Path
    info: Path

    def describe(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.info.read_text(encoding="utf-8"))
        return result


def files(folder: Path, size: int) -> Files:
    return Files(
        folder / f"figures-{size}.csv",
        folder / f"revisions-{size}.csv",
        folder / f"withdrawals-{size}.json",
        folder / f"half-a-{size}.csv",
        folder / f"half-b-{size}.csv",
        folder / f"info-{size}.json",
    )


def ensure(folder: Path, size: int) -> Files:
    """The dataset's files, made once and kept in `folder` (the info file, written last, marks them complete)."""
    found = files(folder, size)
    if found.info.exists():
        return found
    folder.mkdir(parents=True, exist_ok=True)
    data = generate(size)
    write_csv(found.figures, data.rows)
    write_csv(found.revisions, data.revisions)
    write_csv(found.half_a, data.rows[: size // 2])
    write_csv(found.half_b, data.rows[size // 2 :])
    found.withdrawals.write_text(json.dumps(data.withdrawals, ensure_ascii=False, indent=1), encoding="utf-8")
    info = {
        "size": size,
        "generator_version": GENERATOR_VERSION,
        "seed": SEED,
        "rows": len(data.rows),
        "revisions": len(data.revisions),
        "withdrawals": len(data.withdrawals),
        "first_period": data.first_period,
        "last_period": data.last_period,
        "by_period_length": {str(months): count for months, count in sorted(data.tiers.items())},
        "provincial_units": data.units,
        "kpis": data.kpis,
    }
    found.info.write_text(json.dumps(info, indent=1), encoding="utf-8")
    return found


def ensure_xlsx(folder: Path, size: int) -> Path:
    path = folder / f"figures-{size}.xlsx"
    if not path.exists():
        write_xlsx(path, read_csv(ensure(folder, size).figures))
    return path
