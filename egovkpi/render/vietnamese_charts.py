"""The Vietnamese of the sentences about charts (see `vietnamese.py`)."""

from __future__ import annotations

CHARTS_VI: dict[str, str] = {
    "{kpi} in {scope}": "{kpi} của {scope}",
    "Figures: {figures}.": "Số liệu: {figures}.",
    "No figures.": "Chưa có số liệu.",
    "Target: {target} by {deadline}.": "Mục tiêu: {target}, hạn {deadline}.",
    "Projected at the deadline: {value}.": "Dự báo đến hạn: {value}.",
    "Status: {status}.": "Đánh giá: {status}.",
    "target {value}": "mục tiêu {value}",
    "{target} by {deadline}": "{target}, hạn {deadline}",
    "{mark} the target for the period: {targets}": "{mark} mục tiêu áp dụng cho kỳ: {targets}",
    "No target applies to {unit}.": "Không có mục tiêu nào áp dụng cho {unit}.",
    "Status by province and KPI": "Đánh giá theo tỉnh và chỉ tiêu",
    "{scopes} scopes by {kpis} KPIs; each cell's symbol is its status: {legend}.": (
        "{scopes} đơn vị, {kpis} chỉ tiêu; ký hiệu trong mỗi ô là kết quả đánh giá: {legend}."
    ),
    "Targets met, by province": "Số chỉ tiêu đạt, theo tỉnh",
    "Targets met of those judged: {list}.": "Số chỉ tiêu đạt trên số chỉ tiêu được đánh giá: {list}.",
}
