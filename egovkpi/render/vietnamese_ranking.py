"""The Vietnamese of the sentences about ranking (see `vietnamese.py`)."""

from __future__ import annotations

RANKING_VI: dict[str, str] = {
    # render/ranking.py: egovkpi rank
    "Provinces by the share of their targets met, judged on {day} ({map})": (
        "Xếp hạng tỉnh theo tỷ lệ chỉ tiêu đạt, đánh giá ngày {day} ({map})"
    ),
    "Provinces on {kpi} ({name}), judged on {day} ({map})": (
        "Xếp hạng tỉnh theo chỉ tiêu {kpi} ({name}), đánh giá ngày {day} ({map})"
    ),
    "Ranked by the share of applicable targets met; ties broken by the mean attainment, each capped at {cap}% "
    "(a target without a figure counts 0)": (
        "Xếp theo tỷ lệ chỉ tiêu áp dụng đã đạt; bằng nhau thì xét mức đạt bình quân, mỗi chỉ tiêu tính tối đa "
        "{cap}% (chỉ tiêu chưa có số liệu tính 0)"
    ),
    "Ranked by attainment of the target that applies to each province": (
        "Xếp theo mức đạt so với mục tiêu áp dụng cho từng tỉnh"
    ),
    "Ranked by value: not every province with a figure has a target": (
        "Xếp theo giá trị: không phải tỉnh nào có số liệu cũng có mục tiêu"
    ),
    "Ties share a rank; provinces without data are listed last, unranked": (
        "Bằng nhau thì cùng hạng; tỉnh chưa có số liệu đứng cuối danh sách, không xếp hạng"
    ),
    "Movement: places gained (+) or lost (-) since {period}": "Thay đổi: số bậc tăng (+) hoặc giảm (-) so với {period}",
    # render/summary.py: the summary e-mail's top and bottom five
    "Top five provinces, by the share of their targets met": "Năm tỉnh dẫn đầu, theo tỷ lệ chỉ tiêu đạt",
    "Bottom five provinces": "Năm tỉnh cuối bảng",
    "{met} of {applicable} targets met, mean attainment {mean}%": (
        "đạt {met}/{applicable} chỉ tiêu, mức đạt bình quân {mean}%"
    ),
}
