"""The Vietnamese of the sentences about schedule (see `vietnamese.py`)."""

from __future__ import annotations

SCHEDULE_VI: dict[str, str] = {
    # schedule.py: targets.yaml's frequency, due and reported_by
    "accepted: '15 days after the period ends' or 'day 10 of the following month'": (
        "chấp nhận: '15 ngày sau khi kết thúc kỳ' hoặc 'ngày 10 tháng sau' "
        "(tiếng Anh: '15 days after the period ends', 'day 10 of the following month')"
    ),
    "'frequency' {value} is not one of {accepted}": "'frequency' {value} không phải một trong các giá trị {accepted}",
    "'due' {value} is not a due date rule": "'due' {value} không phải quy tắc hạn nộp báo cáo",
    "'reported_by' must be national or a list of unit names, e.g. [national, Phú Yên]": (
        "'reported_by' phải là 'national' (toàn quốc) hoặc danh sách tên đơn vị, ví dụ [Toàn quốc, Phú Yên]"
    ),
    # completeness.py: the reports owed
    "the range begins on {start}, after it ends on {end}": (
        "khoảng thời gian bắt đầu ngày {start}, sau ngày kết thúc {end}"
    ),
    "--by {value} is not one of {accepted}": "--by {value} không phải một trong các giá trị {accepted}",
}
