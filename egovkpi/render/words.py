"""Every label and sentence egovkpi shows a person, in Vietnamese and English, and the translation of built
sentences (their Vietnamese is in render/vietnamese.py)."""

from __future__ import annotations

import datetime as dt
import functools
import re

from egovkpi.messages import Text
from egovkpi.provinces import Unit
from egovkpi.render.vietnamese import USAGE_VI, VI

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh: UTC+7 all year, no summer time

STATUS_LABELS: dict[str, dict[str | None, str]] = {
    "en": {
        "met": "met",
        "missed": "missed",
        "on_track": "on track",
        "behind": "behind",
        "no_data": "no data",
        None: "no target",
        "incomplete": "incomplete",
        "cannot_combine": "cannot combine",
        "not_on_map": "not on this map",
    },
    "vi": {
        "met": "đạt",
        "missed": "không đạt",
        "on_track": "đúng tiến độ",
        "behind": "chậm tiến độ",
        "no_data": "chưa có số liệu",
        None: "chưa có chỉ tiêu",
        "incomplete": "chưa đủ đơn vị",
        "cannot_combine": "không cộng gộp được",
        "not_on_map": "không có trên bản đồ này",
    },
}
# The progress bands of forecast.py (the method of Statistics Canada used by Open SDG); None: no figures.
BAND_LABELS: dict[str, dict[str | None, str]] = {
    "en": {
        "achieved": "target achieved",
        "on_track": "on track",
        "acceleration_needed": "acceleration needed",
        "limited_progress": "limited progress",
        "deterioration": "deterioration",
        "insufficient_data": "too few figures for a trend",
        "unable_to_assess": "unable to assess",
        None: "—",
    },
    "vi": {
        "achieved": "đã đạt mục tiêu",
        "on_track": "đúng tiến độ",
        "acceleration_needed": "cần tăng tốc",
        "limited_progress": "tiến triển hạn chế",
        "deterioration": "đi xuống",
        "insufficient_data": "chưa đủ số liệu để thấy xu hướng",
        "unable_to_assess": "không đánh giá được",
        None: "—",
    },
}
HEADERS = {
    "en": ["KPI", "Period", "Actual", "Target", "By", "Attained", "Gap", "Status"],
    "vi": ["Chỉ tiêu", "Kỳ", "Đạt được", "Mục tiêu", "Hạn", "% đạt", "Chênh", "Đánh giá"],
}
# The headers of the record tables (history, targets, provinces), by column; JSON and CSV keep the column names.
COLUMN_TITLES: dict[str, dict[str, str]] = {
    "en": {
        "province": "province",
        "period": "period",
        "revision": "revision",
        "value": "value",
        "numerator": "numerator",
        "denominator": "denominator",
        "source": "source",
        "note": "note",
        "received": "received",
        "recorded_at": "recorded at",
        "recorded_by": "recorded by",
        "withdrawn": "withdrawn",
        "kpi": "KPI",
        "name": "name",
        "scope": "scope",
        "target": "target",
        "unit": "unit",
        "direction": "direction",
        "deadline": "deadline",
        "basis": "basis",
        "verification": "verification",
        "code": "code",
        "full_name": "full name",
        "valid_from": "valid from",
        "valid_to": "valid to",
        "merged_into": "merged into",
        "formed_from": "formed from",
        "tier": "tier",
        "comparator": "comparator",
        "applies_to": "applies to",
        "applies_to_reason": "why",
        "definition": "definition",
        "era": "era",
        "figures_from": "figures from",
        "map": "map",
        "made_from": "made from",
        "due": "due",
        "days_overdue": "days overdue",
        "expected": "expected",
        "reports_received": "received",
        "complete_percent": "% complete",
        "on_time_percent": "% on time",
    },
    "vi": {
        "province": "tỉnh",
        "period": "kỳ",
        "revision": "lần",
        "value": "giá trị",
        "numerator": "tử số",
        "denominator": "mẫu số",
        "source": "nguồn",
        "note": "ghi chú",
        "received": "ngày nhận",
        "recorded_at": "ghi lúc",
        "recorded_by": "người ghi",
        "withdrawn": "đã rút",
        "kpi": "chỉ tiêu",
        "name": "tên",
        "scope": "phạm vi",
        "target": "mục tiêu",
        "unit": "đơn vị",
        "direction": "chiều",
        "deadline": "hạn",
        "basis": "căn cứ",
        "verification": "kiểm chứng",
        "code": "mã",
        "full_name": "tên đầy đủ",
        "valid_from": "hiệu lực từ",
        "valid_to": "hiệu lực đến",
        "merged_into": "sáp nhập vào",
        "formed_from": "hợp nhất từ",
        "map": "bản đồ",
        "made_from": "cách tính",
        "tier": "cấp",
        "comparator": "so sánh",
        "applies_to": "áp dụng cho",
        "applies_to_reason": "lý do",
        "definition": "định nghĩa",
        "era": "giai đoạn",
        "figures_from": "nguồn số liệu",
        "due": "hạn nộp",
        "days_overdue": "số ngày quá hạn",
        "expected": "phải nộp",
        "reports_received": "đã nhận",
        "complete_percent": "% đã nộp",
        "on_time_percent": "% đúng hạn",
    },
}
# The values of the record tables that are words, by column and stored value ("yes": a true flag).
VALUE_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "unit": {"percent": "%", "count": "count", "days": "days"},
        "direction": {"higher": "higher is better", "lower": "lower is better"},
        "scope": {"national": "National"},
        "verification": {
            "unverified": "unverified",
            "secondary_quote": "secondary quote",
            "secondary_summary": "secondary summary",
            "seed_article": "seed article",
        },
        "withdrawn": {"yes": "withdrawn"},
        "tier": {"ministry": "ministries", "province": "provinces", "district": "districts", "commune": "communes"},
        "comparator": {
            ">=": "at least",
            ">": "more than",
            "<=": "at most",
            "<": "less than",
            "=": "exactly",
            "top_n": "rank in the top",
        },
        "applies_to": {"national": "the nation only", "all": "the nation and every province"},
    },
    "vi": {
        "unit": {"percent": "%", "count": "số lượng", "days": "ngày"},
        "direction": {"higher": "càng cao càng tốt", "lower": "càng thấp càng tốt"},
        "scope": {"national": "Toàn quốc"},
        "verification": {
            "unverified": "chưa kiểm chứng",
            "secondary_quote": "trích dẫn thứ cấp",
            "secondary_summary": "tóm tắt thứ cấp",
            "seed_article": "bài báo gốc",
        },
        "withdrawn": {"yes": "đã rút"},
        "tier": {"ministry": "cấp bộ", "province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"},
        "comparator": {
            ">=": "tối thiểu",
            ">": "trên",
            "<=": "tối đa",
            "<": "dưới",
            "=": "đúng bằng",
            "top_n": "xếp hạng trong nhóm",
        },
        "applies_to": {"national": "chỉ toàn quốc", "all": "toàn quốc và từng tỉnh"},
    },
}
WORDS = {
    "en": {
        "title": "{scope}: e-government targets, judged on {day}",
        "overview": "E-government targets by province, judged on {day}",
        "meeting": "Provinces meeting it (of {n}, {map})",
        "map_63": "63-unit map",
        "map_34": "34-unit map",
        "map_both": "both maps",
        "national": "National",
        "everyone": "All provinces",
        "unverified": "* target not verified in the legal text (see targets.yaml)",
        "partial": "† the period is not over yet: a figure to date",
        "omitted": "{n} KPIs with no figures for any of these scopes are not shown.",
        "formed": "{name} was formed on 1 July 2025 from {parts}; with --map 34 their earlier figures are rolled up",
        "subject": "{scope}: {met}/{total} e-government targets met ({when})",
        "until": "until {day}",
        "since": "from {day}",
        "judged": "Judged on {day}.",
        "footer": "Sent by egovkpi. Figures and targets: egovkpi report; every revision: egovkpi history.",
        "mail_from": "From",
        "mail_to": "To",
        "mail_date": "Date",
        "mail_subject": "Subject",
    },
    "vi": {
        "title": "{scope}: chỉ tiêu Chính phủ điện tử, đánh giá ngày {day}",
        "overview": "Chỉ tiêu Chính phủ điện tử theo tỉnh, đánh giá ngày {day}",
        "meeting": "Số tỉnh đạt (trên {n}, {map})",
        "map_63": "bản đồ 63 tỉnh",
        "map_34": "bản đồ 34 tỉnh",
        "map_both": "cả hai bản đồ",
        "national": "Toàn quốc",
        "everyone": "Các tỉnh, thành phố",
        "unverified": "* chỉ tiêu chưa được kiểm chứng trong văn bản (xem targets.yaml)",
        "partial": "† kỳ báo cáo chưa kết thúc: số liệu tính đến nay",
        "omitted": "Không hiển thị {n} chỉ tiêu chưa có số liệu ở các đơn vị này.",
        "formed": "{name} được thành lập ngày 01/7/2025 từ {parts}; với --map 34, số liệu trước đó được cộng gộp",
        "subject": "{scope}: đạt {met}/{total} chỉ tiêu Chính phủ điện tử ({when})",
        "until": "đến {day}",
        "since": "từ {day}",
        "judged": "Đánh giá ngày {day}.",
        "footer": "Gửi tự động bởi egovkpi. Số liệu và chỉ tiêu: egovkpi report; các lần sửa: egovkpi history.",
        "mail_from": "Từ",
        "mail_to": "Đến",
        "mail_date": "Ngày",
        "mail_subject": "Tiêu đề",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang`, with its {placeholders} filled in."""
    return WORDS[lang][key].format(**values)


def unit_name(unit: Unit, lang: str) -> str:
    """A unit as a reader sees it: the province's name, or 'National' / 'Toàn quốc'."""
    return WORDS[lang]["national"] if unit.is_national else unit.name


def unit_title(unit: Unit, lang: str) -> str:
    """A unit as a report names it: dated when its name has been borne by two units (the old and the new Đắk Lắk)."""
    return unit_label(unit, lang, dated=unit.name in _shared_names())


@functools.cache
def _shared_names() -> frozenset[str]:
    """The names two units of the register have borne."""
    from egovkpi.provinces import registry

    names = [unit.name for unit in registry().units]
    return frozenset(name for name in names if names.count(name) > 1)


def unit_label(unit: Unit, lang: str, dated: bool) -> str:
    """A unit's name; `dated` adds when it was valid, to tell apart the units one name has meant."""
    name = unit_name(unit, lang)
    if not dated:
        return name
    if unit.valid_to is not None:
        return f"{name} ({say(lang, 'until', day=day(unit.valid_to, lang))})"
    if unit.valid_from is not None:
        return f"{name} ({say(lang, 'since', day=day(unit.valid_from, lang))})"
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
    values = {name: _shown(value, lang) for name, value in text.values.items()}
    return template.format(**values)


def _shown(value: object, lang: str) -> str:
    if isinstance(value, Text):
        return translate(value, lang)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return day(value, lang)
    return str(value)


def usage_error(message: str, where: str, lang: str) -> str:
    """A refusal of the command-line parser (typer's, in English) in `lang`, with where to find help."""
    if lang == "vi":
        for pattern, vietnamese in USAGE_VI:
            found = re.fullmatch(pattern, message)
            if found:
                message = vietnamese.format(*found.groups())
                break
    return translate(Text("{message} (see '{where} --help')", {"message": message, "where": where}), lang)
