"""The Vietnamese of the sentences about the store's readable tables and views (see `vietnamese.py`)."""

from __future__ import annotations

STORE_VI: dict[str, str] = {}
