"""JSON that import reads back byte for byte: a list of objects with the English column names, one per line."""

from __future__ import annotations

import json
from typing import BinaryIO

from egovkpi.exporting import Export


def write_json(export: Export, out: BinaryIO) -> None:
    out.write(b"[")
    for number, row in enumerate(export.rows):
        item = {column: row.get(column) for column in export.columns}
        out.write(b",\n" if number else b"\n")
        out.write(json.dumps(item, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n]\n")
