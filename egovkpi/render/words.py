"""Every sentence and label egovkpi shows a person, in Vietnamese and English: one place to read and translate."""

from __future__ import annotations

from egovkpi.provinces import Unit

STATUS_LABELS: dict[str, dict[str | None, str]] = {
    "en": {
        "met": "met",
        "missed": "missed",
        "on_track": "on track",
        "behind": "behind",
        "no_data": "no data",
        None: "no target",
    },
    "vi": {
        "met": "đạt",
        "missed": "không đạt",
        "on_track": "đúng tiến độ",
        "behind": "chậm tiến độ",
        "no_data": "chưa có số liệu",
        None: "chưa có chỉ tiêu",
    },
}
HEADERS = {
    "en": ["KPI", "Period", "Actual", "Target", "By", "Attained", "Gap", "Status"],
    "vi": ["Chỉ tiêu", "Kỳ", "Đạt được", "Mục tiêu", "Hạn", "% đạt", "Chênh", "Đánh giá"],
}
WORDS = {
    "en": {
        "title": "{scope}: e-government targets, judged on {day}",
        "overview": "E-government targets by province, judged on {day}",
        "meeting": "Provinces meeting it (of {n})",
        "national": "National",
        "everyone": "All provinces",
        "unverified": "* target not verified in the legal text (see targets.yaml)",
        "partial": "† the period is not over yet: a figure to date",
        "omitted": "{n} KPIs with no figures for any of these scopes are not shown.",
        "formed": "{name} was formed on 1 July 2025 from {parts}; for their earlier figures, add --period 2025-06",
        "subject": "{scope}: {met}/{total} e-government targets met ({when})",
        "until": "until {day}",
        "since": "from {day}",
        "judged": "Judged on {day}.",
        "footer": "Sent by egovkpi. Figures and targets: egovkpi report; every revision: egovkpi history.",
    },
    "vi": {
        "title": "{scope}: chỉ tiêu Chính phủ điện tử, đánh giá ngày {day}",
        "overview": "Chỉ tiêu Chính phủ điện tử theo tỉnh, đánh giá ngày {day}",
        "meeting": "Số tỉnh đạt (trên {n})",
        "national": "Toàn quốc",
        "everyone": "Các tỉnh, thành phố",
        "unverified": "* chỉ tiêu chưa được kiểm chứng trong văn bản (xem targets.yaml)",
        "partial": "† kỳ báo cáo chưa kết thúc: số liệu tính đến nay",
        "omitted": "Không hiển thị {n} chỉ tiêu chưa có số liệu ở các đơn vị này.",
        "formed": "{name} được thành lập ngày 01/7/2025 từ {parts}; xem số liệu trước đó với --period 2025-06",
        "subject": "{scope}: đạt {met}/{total} chỉ tiêu Chính phủ điện tử ({when})",
        "until": "đến {day}",
        "since": "từ {day}",
        "judged": "Đánh giá ngày {day}.",
        "footer": "Gửi tự động bởi egovkpi. Số liệu và chỉ tiêu: egovkpi report; các lần sửa: egovkpi history.",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang`, with its {placeholders} filled in."""
    return WORDS[lang][key].format(**values)


def unit_name(unit: Unit, lang: str) -> str:
    """A unit as a reader sees it: the province's name, or 'National' / 'Toàn quốc'."""
    return WORDS[lang]["national"] if unit.is_national else unit.name


def unit_label(unit: Unit, lang: str, dated: bool) -> str:
    """A unit's name; `dated` adds when it was valid, to tell apart the units one name has meant."""
    name = unit_name(unit, lang)
    if not dated:
        return name
    if unit.valid_to is not None:
        return f"{name} ({say(lang, 'until', day=f'{unit.valid_to:%d/%m/%Y}')})"
    if unit.valid_from is not None:
        return f"{name} ({say(lang, 'since', day=f'{unit.valid_from:%d/%m/%Y}')})"
    return name
