"""The Vietnamese of the sentences about forecast (see `vietnamese.py`)."""

from __future__ import annotations

FORECAST_VI: dict[str, str] = {}
