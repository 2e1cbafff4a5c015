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

# numbers.py: figures as officials write them
VI.update(
    {
        "value": "giá trị",
        "numerator": "tử số",
        "denominator": "mẫu số",
        "accepted: digits with '.' or ',' as the decimal mark or thousands separator, "
        "e.g. 192577, 30.86, 30,86, 192.577.000, 1.234,5": (
            "chấp nhận: chữ số, với '.' hoặc ',' làm dấu thập phân hoặc dấu phân cách hàng nghìn, "
            "ví dụ 192577, 30.86, 30,86, 192.577.000, 1.234,5"
        ),
        "decimal convention '{decimal}' is not one of comma, dot": (
            "quy ước thập phân '{decimal}' không hợp lệ: chọn comma (dấu phẩy) hoặc dot (dấu chấm)"
        ),
        "{what} is empty": "{what} đang để trống",
        "{what} '{text}' is not a number": "{what} '{text}' không phải là số",
        "{what} '{text}' starts or ends with a separator (write 0.5, not .5, and 5, not 5.)": (
            "{what} '{text}' bắt đầu hoặc kết thúc bằng dấu phân cách (viết 0,5 chứ không viết ,5; 5 chứ không viết 5,)"
        ),
        "{what} '{text}' has two separators in a row": "{what} '{text}' có hai dấu phân cách liền nhau",
        "with --decimal {decimal}, '{mark}' is the decimal mark and '{group}' separates thousands": (
            "với --decimal {decimal}, '{mark}' là dấu thập phân và '{group}' phân cách hàng nghìn"
        ),
        "groups of three digits, e.g. 192.577.000 or 192,577,000": (
            "các nhóm ba chữ số, ví dụ 192.577.000 hoặc 192,577,000"
        ),
        "{what} '{text}' has more than one decimal mark '{mark}'": (
            "{what} '{text}' có nhiều hơn một dấu thập phân '{mark}'"
        ),
        "{what} '{text}' has a thousands separator '{group}' after the decimal mark": (
            "{what} '{text}' có dấu phân cách hàng nghìn '{group}' sau dấu thập phân"
        ),
        "{what} '{text}' has a thousands separator '{group}' out of place": (
            "{what} '{text}' có dấu phân cách hàng nghìn '{group}' đặt sai chỗ"
        ),
        "{what} '{text}' is ambiguous: write {thousands} (if '{mark}' groups thousands) or {plain} "
        "(if '{mark}' is the decimal mark), or give --decimal comma|dot": (
            "{what} '{text}' có thể hiểu hai cách: viết {thousands} (nếu '{mark}' phân cách hàng nghìn) hoặc {plain} "
            "(nếu '{mark}' là dấu thập phân), hoặc thêm --decimal comma|dot"
        ),
        "{what} '{text}' is ambiguous: {thousands} (if '{mark}' groups thousands) or {whole} and {tail} thousandths "
        "(if it is the decimal mark); write {thousands}, or give --decimal comma|dot": (
            "{what} '{text}' có thể hiểu hai cách: {thousands} (nếu '{mark}' phân cách hàng nghìn) hoặc {whole} "
            "và {tail} phần nghìn (nếu là dấu thập phân); hãy viết {thousands}, hoặc thêm --decimal comma|dot"
        ),
        "{what} '{text}' is too large: a figure holds at most {limit} either way": (
            "{what} '{text}' quá lớn: số liệu chỉ giữ chính xác được tới {limit} (âm hoặc dương)"
        ),
        "{what} '{text}' has more digits than a figure holds exactly (about 15); round it": (
            "{what} '{text}' có nhiều chữ số hơn mức số liệu giữ chính xác được (khoảng 15); hãy làm tròn"
        ),
    }
)

# entry.py, periods.py, provinces.py: from what a user typed to a checked figure
VI.update(
    {
        "{period} has not started yet; today is {day}": "kỳ {period} chưa bắt đầu; hôm nay là {day}",
        "{unit} existed until {end}": "{unit} chỉ tồn tại đến {end}",
        "{unit} existed until {end} (merged into {heir}); a figure for {period} belongs to {heir}": (
            "{unit} chỉ tồn tại đến {end} (đã hợp nhất vào {heir}); số liệu kỳ {period} thuộc về {heir}"
        ),
        "value for {kpi}: {problem}": "giá trị của {kpi}: {problem}",
        "give either a value or a numerator and denominator, not both": (
            "chỉ nhập giá trị, hoặc tử số và mẫu số, không nhập cả hai"
        ),
        "give a value, or a numerator and a denominator": "hãy nhập giá trị, hoặc tử số và mẫu số",
        "give both a numerator and a denominator": "hãy nhập cả tử số và mẫu số",
        "a numerator and denominator make a percent; this KPI is a {unit}: give a value": (
            "tử số và mẫu số dùng cho chỉ tiêu tỷ lệ phần trăm; chỉ tiêu này có đơn vị {unit}: hãy nhập giá trị"
        ),
        "numerator and denominator must be 0 or more": "tử số và mẫu số phải từ 0 trở lên",
        "the denominator is 0: a share of nothing has no value": "mẫu số bằng 0: không tính được tỷ lệ",
        "the numerator ({n}) is larger than the denominator ({d})": "tử số ({n}) lớn hơn mẫu số ({d})",
        "use a year (2019), a half (2019-H1), a quarter (2019-Q4) or a month (2019-12), years 2000-2100": (
            "dùng năm (2019), nửa năm (2019-H1), quý (2019-Q4) hoặc tháng (2019-12), từ năm 2000 đến 2100"
        ),
        "'{text}' is not a period": "'{text}' không phải là kỳ báo cáo",
        "'{text}': the year must be between {first} and {last}": "'{text}': năm phải từ {first} đến {last}",
        "a half is H1 or H2": "nửa năm là H1 hoặc H2",
        "a quarter is Q1 to Q4": "quý là Q1 đến Q4",
        "a month is 01 to 12": "tháng là 01 đến 12",
        "'{text}' does not exist: {rule}": "'{text}' không tồn tại: {rule}",
        "{what} '{text}' is not a date": "{what} '{text}' không phải là ngày",
        "accepted: YYYY-MM-DD, e.g. 2025-07-01": "chấp nhận: YYYY-MM-DD, ví dụ 2025-07-01",
        "accepted: a province name with or without diacritics, a short form such as TP.HCM or BR-VT, "
        "its code such as 54, or 'national'; see 'egovkpi provinces'": (
            "chấp nhận: tên tỉnh có hoặc không dấu, tên viết tắt như TP.HCM hay BR-VT, mã như 54, "
            "hoặc 'national' (toàn quốc); xem 'egovkpi provinces'"
        ),
        "unknown province '{text}'; did you mean {guess}?": "không có tỉnh '{text}'; có phải ý bạn là {guess}?",
        "unknown province '{text}'": "không có tỉnh '{text}'",
        "{a} or {b}": "{a} hoặc {b}",
        "{name} (code {code})": "{name} (mã {code})",
        "'{text}' could mean {meanings}; write the full name or the code": (
            "'{text}' có thể là {meanings}; hãy ghi đầy đủ tên hoặc mã"
        ),
        "'{text}' could mean {meanings} on {day}; write the full name or the code": (
            "'{text}' có thể là {meanings} vào ngày {day}; hãy ghi đầy đủ tên hoặc mã"
        ),
    }
)
