"""JSON as `egovkpi export --format json` writes it: a list of objects, one figure (or revision) each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from egovkpi.columns import Cell, column, read_header
from egovkpi.errors import InputError
from egovkpi.importing import Row
from egovkpi.messages import t
from egovkpi.reading import Source

_SHAPE = '[{"province": "Phú Yên", "kpi": "online_dossiers", "period": "2019", "value": 12.5}, …]'


def read_json(path: Path) -> Source:
    """The whole file is parsed first (a JSON list has no rows to stream), then checked item by item."""
    try:
        items = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(t("{path}: is not UTF-8 text", path=path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            t("{path}: is not valid JSON (line {line}, column {column}: {error})", path=path, line=exc.lineno,
              column=exc.colno, error=exc.msg)
        ) from None  # fmt: skip
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items[:1]):
        raise InputError(t("{path}: is not a list of figures", path=path), hint=t("expected: {shape}", shape=_SHAPE))
    columns = read_header(list(items[0]), path) if items else []
    done = [0]
    return Source(_rows(items, done), "revision" in columns, None, lambda: float(done[0]), float(len(items)))


def _rows(items: list[Any], done: list[int]) -> Iterator[Row]:
    for number, item in enumerate(items, start=1):
        done[0] = number
        where = t("item {number}", number=number)
        if not isinstance(item, dict):
            yield Row(where, None, t("is not an object with province, kpi, period and value"))
            continue
        unknown = [str(name) for name in item if column(str(name)) is None]
        if unknown:
            yield Row(where, None, t("unknown key(s) {names}", names=", ".join(unknown)))
            continue
        cells: dict[str, Cell] = {}
        for name, value in item.items():
            if isinstance(value, (dict, list)):
                yield Row(where, None, t("{name} holds a list or an object, not a value", name=name))
                break
            cells[column(str(name)) or ""] = value
        else:
            yield Row(where, cells)
