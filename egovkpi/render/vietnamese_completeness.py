"""The Vietnamese of the sentences about completeness (see `vietnamese.py`)."""

from __future__ import annotations

COMPLETENESS_VI: dict[str, str] = {}
