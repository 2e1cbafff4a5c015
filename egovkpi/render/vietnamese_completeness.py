"""The Vietnamese of the sentences about completeness (see `vietnamese.py`)."""

from __future__ import annotations

COMPLETENESS_VI: dict[str, str] = {
    # render/completeness.py: the reports missing
    "the reports due from {start} to {end}": "các báo cáo đến hạn từ {start} đến {end}",
    "the periods from {start} to {end}": "các kỳ từ {start} đến {end}",
    "No report for {period} was due by {day}": "Chưa có báo cáo kỳ {period} nào đến hạn tính đến ngày {day}",
    "No report was due by {day} for the KPIs chosen": (
        "Không có báo cáo nào của các chỉ tiêu đã chọn đến hạn tính đến ngày {day}"
    ),
    "Every report due has been received: {count} for {periods}; judged on {day}": (
        "Đã nhận đủ các báo cáo đến hạn: {count} báo cáo kỳ {periods}; đánh giá ngày {day}"
    ),
    "Reports due and not received, for {periods}; judged on {day}": (
        "Báo cáo đã đến hạn nhưng chưa nhận, kỳ {periods}; đánh giá ngày {day}"
    ),
    "{missing} of {expected} reports due are missing": "Còn thiếu {missing} trên {expected} báo cáo đến hạn",
    # render/completeness.py: the rates of reports received and on time
    "Total": "Tổng cộng",
    "Reports received, by KPI: {span}; judged on {day}": "Báo cáo đã nhận, theo chỉ tiêu: {span}; đánh giá ngày {day}",
    "Reports received, by province: {span}; judged on {day}": (
        "Báo cáo đã nhận, theo tỉnh: {span}; đánh giá ngày {day}"
    ),
    "No report was due in {span}": "Không có báo cáo nào đến hạn trong {span}",
    "Complete: the share of the reports due that were received; on time: the share received by their due day "
    "(the day each report was received, not the day it was typed in)": (
        "% đã nộp: tỷ lệ báo cáo đến hạn đã nhận được; % đúng hạn: tỷ lệ báo cáo nhận được chậm nhất vào ngày hết "
        "hạn (tính theo ngày nhận báo cáo, không phải ngày nhập liệu)"
    ),
    # render/completeness.py: the heat map
    "No report was due.": "Không có báo cáo nào đến hạn.",
    "{unit} · {kpi}: no report due": "{unit} · {kpi}: không có báo cáo đến hạn",
    "{unit} · {kpi}: {received} of {expected} reports received, {on_time} on time": (
        "{unit} · {kpi}: đã nhận {received}/{expected} báo cáo, {on_time} báo cáo đúng hạn"
    ),
    "— no report due": "— không có báo cáo đến hạn",
    "Share of the reports due that were received:": "Tỷ lệ báo cáo đến hạn đã nhận:",
    "Reports received, by province and KPI": "Báo cáo đã nhận, theo tỉnh và chỉ tiêu",
    "Share of the reports due that were received ({span})": "Tỷ lệ báo cáo đến hạn đã nhận ({span})",
}
