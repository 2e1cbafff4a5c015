"""The Vietnamese of the sentences about remind (see `vietnamese.py`)."""

from __future__ import annotations

REMIND_VI: dict[str, str] = {}
