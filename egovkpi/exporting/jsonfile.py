"""JSON that import reads back byte for byte: a list of objects with the English column names, one per line; a
day (received) as ISO text."""

from __future__ import annotations

import datetime as dt
import json
from typing import BinaryIO

from egovkpi.columns import Cell
from egovkpi.exporting import Export


def write_json(export: Export, out: BinaryIO) -> None:
    out.write(b"[")
    for number, row in enumerate(export.rows):
        item = {column: _value(row.get(column)) for column in export.columns}
        out.write(b",\n" if number else b"\n")
        out.write(json.dumps(item, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n]\n")


def _value(cell: Cell) -> Cell:
    """A day as JSON has none: its ISO text, 2025-07-01."""
    return cell.isoformat() if isinstance(cell, dt.date) else cell
