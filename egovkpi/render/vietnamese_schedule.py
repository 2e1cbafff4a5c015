"""The Vietnamese of the sentences about schedule (see `vietnamese.py`)."""

from __future__ import annotations

SCHEDULE_VI: dict[str, str] = {}
