"""Every sentence and label egovkpi shows a person, in Vietnamese and English: one place to read and translate."""

from __future__ import annotations

import datetime as dt
import re

from egovkpi.messages import Text
from egovkpi.provinces import Unit

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh: UTC+7 all year, no summer time

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


def day(value: dt.date, lang: str) -> str:
    """A date as the reader writes it: 30/06/2025 in Vietnamese, 2025-06-30 in English."""
    return f"{value:%d/%m/%Y}" if lang == "vi" else value.isoformat()


def moment(stored: str, lang: str) -> str:
    """A stored UTC time (ISO 8601) as a time in Việt Nam, to the minute: '26/11/2026 19:53 (GMT+7)'."""
    try:
        when = dt.datetime.fromisoformat(stored)
    except ValueError:
        return stored
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    local = when.astimezone(VIETNAM_TIME)
    return f"{day(local.date(), lang)} {local:%H:%M} (GMT+7)"


def translate(text: Text | str, lang: str) -> str:
    """A sentence in `lang`; its values that are sentences too are translated with it."""
    if isinstance(text, str):
        return text
    template = VI.get(text.template, text.template) if lang == "vi" else text.template
    if not text.values:
        return template
    values = {name: translate(v, lang) if isinstance(v, Text) else str(v) for name, v in text.values.items()}
    return template.format(**values)


def usage_error(message: str, where: str, lang: str) -> str:
    """A refusal of the command-line parser (typer's, in English) in `lang`, with where to find help."""
    if lang == "vi":
        for pattern, vietnamese in USAGE_VI:
            found = re.fullmatch(pattern, message)
            if found:
                message = vietnamese.format(*found.groups())
                break
    return translate(Text("{message} (see '{where} --help')", {"message": message, "where": where}), lang)


# The parser's messages (typer's own click), as patterns, and their Vietnamese.
USAGE_VI = [
    (r"No such command '(.+)'\. Did you mean (.+)\?", "Không có lệnh '{0}'. Có phải ý bạn là {1}?"),
    (r"No such command '(.+)'\.", "Không có lệnh '{0}'."),
    (r"No such option: (\S+)\s*(?:\(Possible options: (.+)\)|Did you mean (.+)\?)?", "Không có tùy chọn {0}."),
    (r"Missing option (.+)\.", "Thiếu tùy chọn bắt buộc {0}."),
    (r"Missing argument (.+)\.", "Thiếu tham số bắt buộc {0}."),
    (r"Option '(.+)' requires an argument\.", "Tùy chọn '{0}' cần một giá trị."),
    (r"Got unexpected extra arguments? \((.+)\)", "Thừa tham số: {0}."),
    (r"Invalid value for (.+?): is empty", "Giá trị của {0} đang để trống."),
    (
        r"Invalid value for (.+?): (?:Value error, )?'(.*)' is not one of (.+)\.",
        "Giá trị '{1}' của {0} không hợp lệ; chọn một trong: {2}.",
    ),
    (r"Invalid value for (.+?): (.+)", "Giá trị của {0} không hợp lệ: {1}"),
]

# Every sentence of the program in Vietnamese, keyed by its English template (the msgid).
VI: dict[str, str] = {
    "{message} (see '{where} --help')": "{message} (xem '{where} --help')",
    "aborted": "đã dừng",
    "the database failed: {error}": "cơ sở dữ liệu gặp lỗi: {error}",
    "unexpected failure ({kind}: {error}); set EGOVKPI_DEBUG=1 for details": (
        "lỗi không lường trước ({kind}: {error}); đặt EGOVKPI_DEBUG=1 để xem chi tiết"
    ),
}
