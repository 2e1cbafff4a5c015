"""JSON as `egovkpi export --format json` writes it: a list of objects, one figure (or revision) each.

A JSON list is parsed whole, so the file may hold at most MAX_BYTES, nested at most MAX_DEPTH deep (a list of
objects of values is 2): a larger file is refused before it is parsed, a deeper one before the parser recurses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from egovkpi.columns import Cell, column, read_header
from egovkpi.errors import InputError
from egovkpi.importing import Row
from egovkpi.messages import t
from egovkpi.reading import Source

MAX_BYTES = 128 * 1024 * 1024
MAX_DEPTH = 32
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # a JSON string, whose brackets are text
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_SHAPE = '[{"province": "Phú Yên", "kpi": "online_dossiers", "period": "2019", "value": 12.5}, …]'


def read_json(path: Path) -> Source:
    """The whole file is parsed first (a JSON list has no rows to stream), then checked item by item."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            t("{path}: has {size} bytes, more than the {limit} a JSON file may hold", path=path, size=f"{size:,}",
              limit=f"{MAX_BYTES:,}"),
            hint=t("export as CSV, which is read a row at a time, or split the file"),
        )  # fmt: skip
    try:
        text = path.read_text(encoding="utf-8-sig")
        _check_depth(path, text)
        items = json.loads(text)
    except UnicodeDecodeError:
        raise InputError(t("{path}: is not UTF-8 text", path=path)) from None
    except RecursionError:  # not met past _check_depth; said rather than shown as a traceback all the same
        raise InputError(t("{path}: nested deeper than {limit} levels", path=path, limit=MAX_DEPTH)) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            t("{path}: is not valid JSON (line {line}, column {column}: {error})", path=path, line=exc.lineno,
              column=exc.colno, error=exc.msg)
        ) from None  # fmt: skip
    except ValueError as exc:  # a whole number of more digits than Python converts (4,300)
        raise InputError(
            t("{path}: is not valid JSON ({error})", path=path, error=" ".join(str(exc).split()))
        ) from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items[:1]):
        raise InputError(t("{path}: is not a list of figures", path=path), hint=t("expected: {shape}", shape=_SHAPE))
    columns = read_header(list(items[0]), path) if items else []
    done = [0]
    return Source(_rows(items, done), "revision" in columns, None, lambda: float(done[0]), float(len(items)))


def _check_depth(path: Path, text: str) -> None:
    """Refuse lists and objects nested deeper than MAX_DEPTH: two passes of the regular expression engine, with
    strings taken out first, then a count over the brackets left."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = 0
    for bracket in brackets:
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            raise InputError(t("{path}: nested deeper than {limit} levels", path=path, limit=MAX_DEPTH))


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
