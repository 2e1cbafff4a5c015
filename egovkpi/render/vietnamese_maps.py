"""The Vietnamese of the sentences about the two maps and roll-ups (see `vietnamese.py`)."""

from __future__ import annotations

MAPS_VI: dict[str, str] = {
    "incomplete: {have} of {all} units reported": "chưa đủ: {have}/{all} đơn vị có số liệu",
    "cannot combine: {names} gave a percentage without its numerator and denominator, and an average "
    "of percentages is not the share of the whole": (
        "không cộng gộp được: {names} chỉ báo tỷ lệ, không có tử số và mẫu số, mà trung bình các tỷ lệ "
        "không phải tỷ lệ của cả tỉnh mới"
    ),
    "cannot combine: the denominators add up to 0": "không cộng gộp được: tổng mẫu số bằng 0",
    "cannot combine: a rank, or a figure where lower is better, cannot be added up across units without the "
    "counts behind it": (
        "không cộng gộp được: thứ hạng, hoặc chỉ số càng thấp càng tốt, không thể cộng giữa các đơn vị "
        "khi không có số đếm gốc"
    ),
    "{problem} ({parts})": "{problem} ({parts})",
    "roll-up of {parts}; together {whole}": "cộng gộp từ {parts}; tổng cộng {whole}",
}
