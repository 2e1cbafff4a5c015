"""The Vietnamese of the sentences about backups, checks and failures of the environment (see `vietnamese.py`)."""

from __future__ import annotations

MAINTENANCE_VI: dict[str, str] = {}
