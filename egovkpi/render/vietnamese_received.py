"""The Vietnamese of the sentences about received (see `vietnamese.py`)."""

from __future__ import annotations

RECEIVED_VI: dict[str, str] = {
    "received day": "ngày nhận",
    "accepted: YYYY-MM-DD or dd/mm/yyyy, e.g. 2025-07-01 or 01/07/2025": (
        "chấp nhận: YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-07-01 hoặc 01/07/2025"
    ),
    "received {day} is in the future; give a day from {start} to {recorded}": (
        "ngày nhận {day} là ngày trong tương lai; hãy ghi một ngày từ {start} đến {recorded}"
    ),
    "received {day} is after the day it was recorded; give a day from {start} to {recorded}": (
        "ngày nhận {day} muộn hơn ngày ghi số liệu; hãy ghi một ngày từ {start} đến {recorded}"
    ),
    "received {day} is before {period} began; give a day from {start} to {recorded}": (
        "ngày nhận {day} sớm hơn ngày bắt đầu kỳ {period}; hãy ghi một ngày từ {start} đến {recorded}"
    ),
    "the received cell holds the number {cell}, not a date; type the day as dd/mm/yyyy or format the cell as a date": (
        "ô ngày nhận chứa số {cell}, không phải ngày; hãy gõ ngày dạng dd/mm/yyyy hoặc định dạng ô là ngày"
    ),
    "{kpi} for {period} is also at {first} with another received day; keep one": (
        "{kpi} kỳ {period} cũng có ở {first} với ngày nhận khác; chỉ giữ một"
    ),
}
