"""Export: the figures chosen from the store as rows of the columns import reads, and the writers of CSV, JSON
and Excel. A file is written beside its destination and renamed into place, so it is whole or absent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from egovkpi.columns import FIGURE, HISTORY, Cell
from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.records import Figure
from egovkpi.store import Store
from egovkpi.targets import TargetsFile

ExportRow = dict[str, Cell]


@dataclass(frozen=True)
class Selection:
    units: list[Unit] | None = None  # None: every unit
    kpis: list[str] | None = None  # None: every KPI
    start: Period | None = None  # figures whose period lies within start..end
    end: Period | None = None
    history: bool = False  # every revision, not only the current figures


@dataclass
class Export:
    """What a writer writes: the rows, streamed, in `columns`; `kinds` maps a KPI to its unit (percent, count…)
    for number formats; `applying()`, once the rows are written, the targets of the units and KPIs they held."""

    rows: Iterator[ExportRow]
    columns: list[str]
    lang: str
    kinds: dict[str, str]
    applying: Callable[[], list[ExportRow]]
    seen: set[tuple[str, str]] = field(default_factory=set)


def export(store: Store, registry: Registry, targets: TargetsFile, chosen: Selection, lang: str) -> Export:
    columns = list(FIGURE) + (list(HISTORY) if chosen.history else [])
    scopes = [unit.key for unit in chosen.units] if chosen.units is not None else None
    figures = store.every(history=chosen.history, scopes=scopes, kpis=chosen.kpis)
    kinds = {code: kpi.unit for code, kpi in targets.kpis.items()}
    done = Export(iter(()), columns, lang, kinds, lambda: [])
    done.rows = _rows(figures, registry, targets, chosen, lang, done.seen)
    done.applying = lambda: _applying(done.seen, registry, targets, lang)
    return done


def _rows(
    figures: Iterator[Figure],
    registry: Registry,
    targets: TargetsFile,
    chosen: Selection,
    lang: str,
    seen: set[tuple[str, str]],
) -> Iterator[ExportRow]:
    first, last = chosen.start.start if chosen.start else None, chosen.end.end if chosen.end else None
    for figure in figures:
        if first or last:
            period = parse_period(figure.period)
            if (first and period.start < first) or (last and period.end > last):
                continue
        unit = _unit(registry, figure.scope)
        kpi = targets.kpis.get(figure.kpi)
        seen.add((figure.scope, figure.kpi))
        row: ExportRow = {
            "province": _name(unit),
            "code": unit.code if unit else figure.scope,
            "kpi": figure.kpi,
            "kpi_name": kpi.name(lang) if kpi else "",
            "period": figure.period,
            "value": figure.value,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "source": figure.source,
            "note": figure.note,
            "received": _day(figure.received),
        }
        if chosen.history:
            row.update(
                revision=figure.revision,
                recorded_at=figure.recorded_at,
                recorded_by=figure.recorded_by,
                withdrawn=figure.withdrawn,
            )
        yield row


def _day(stored: str | None) -> dt.date | str | None:
    """A received day as a day, for each writer to write its way; one that is not (a raw edit) as it is stored."""
    try:
        return dt.date.fromisoformat(stored) if stored else None
    except ValueError:
        return stored


def _name(unit: Unit | None) -> str:
    """The unit's name; the nation's is 'Toàn quốc', which import reads as the nation."""
    if unit is None:
        return ""
    return unit.full_name if unit.is_national else unit.name


def _unit(registry: Registry, key: str) -> Unit | None:
    try:
        return registry.by_key(key)
    except KeyError:
        return None


def _applying(seen: set[tuple[str, str]], registry: Registry, targets: TargetsFile, lang: str) -> list[ExportRow]:
    """Each milestone judged for an exported unit and KPI, by unit, KPI and deadline."""
    rows: list[ExportRow] = []
    for key, code in sorted(seen):
        unit, kpi = _unit(registry, key), targets.kpis.get(code)
        if unit is None or kpi is None:
            continue
        for target in kpi.milestones(unit):
            rows.append(
                {
                    "province": _name(unit),
                    "code": unit.code,
                    "kpi": kpi.code,
                    "kpi_name": kpi.name(lang),
                    "unit": _word("unit", kpi.unit, lang),
                    "comparator": _word("comparator", kpi.comparator(target), lang),
                    "target": target.value,
                    "deadline": str(target.deadline),
                    "basis": target.basis,
                    "verification": _word("verification", target.verification, lang),
                }
            )
    return rows


def _word(column: str, value: str, lang: str) -> str:
    """A target's unit, comparator or verification flag as the reader says it: 'percent' is '%' in Vietnamese."""
    from egovkpi.render.words import VALUE_WORDS

    return VALUE_WORDS[lang].get(column, {}).get(value, value) if value else value


def writer(fmt: str) -> Callable[[Export, BinaryIO], None]:
    if fmt == "xlsx":
        from egovkpi.exporting.xlsxfile import write_xlsx

        return write_xlsx
    if fmt == "json":
        from egovkpi.exporting.jsonfile import write_json

        return write_json
    from egovkpi.exporting.csvfile import write_csv

    return write_csv


def check_output(path: Path, force: bool) -> None:
    """Refuse, before anything is read or written, an output in a missing folder or one that exists."""
    if path.is_dir():
        raise InputError(t("{path} is a folder; give a file name with --output", path=path))
    if not path.parent.is_dir():
        raise InputError(t("the folder {folder} does not exist", folder=path.parent), hint=t("create it first"))
    if path.exists() and not force:
        raise InputError(t("{path} exists; give --force to replace it", path=path))
