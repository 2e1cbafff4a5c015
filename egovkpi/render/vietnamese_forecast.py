"""The Vietnamese of the sentences about forecast (see `vietnamese.py`)."""

from __future__ import annotations

FORECAST_VI: dict[str, str] = {}
FORECAST_VI.update(
    {
        "{kpi}: {band}": "{kpi}: {band}",
        "{kpi}: {band}: {observed} % a year observed, {required} % needed; projected {projected} by {deadline} "
        "(target {target})": (
            "{kpi}: {band}: tăng {observed} %/năm, cần {required} %/năm; dự báo {projected} vào {deadline} "
            "(mục tiêu {target})"
        ),
    }
)
