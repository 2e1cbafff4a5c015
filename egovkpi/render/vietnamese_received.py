"""The Vietnamese of the sentences about received (see `vietnamese.py`)."""

from __future__ import annotations

RECEIVED_VI: dict[str, str] = {}
