"""The columns of a figures file, the same for import and export, in CSV, JSON and Excel: their names in
English and Vietnamese, and how a header row is read (case, diacritics, spaces and underscores forgiven)."""

from __future__ import annotations

import datetime as dt

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.text import clean, fold_words

FIGURE = (
    "province", "code", "kpi", "kpi_name", "period", "value", "numerator", "denominator", "source", "note", "received"
)  # fmt: skip
HISTORY = ("revision", "recorded_at", "recorded_by", "withdrawn")  # one row per revision: `export --with-history`
ALL = FIGURE + HISTORY
INFORMATIVE = ("kpi_name",)  # written for readers; the KPI code is what counts, so import does not read it
VIETNAMESE = {
    "province": "Tỉnh",
    "code": "Mã tỉnh",
    "kpi": "Chỉ tiêu",
    "kpi_name": "Tên chỉ tiêu",
    "period": "Kỳ",
    "value": "Giá trị",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "source": "Nguồn",
    "note": "Ghi chú",
    "received": "Ngày nhận",
    "revision": "Lần sửa",
    "recorded_at": "Ghi lúc",
    "recorded_by": "Người ghi",
    "withdrawn": "Đã rút",
}
_OTHER_NAMES = {  # other spellings officials and our own report files use
    "province": ("tỉnh/thành phố", "tỉnh thành", "đơn vị", "unit name"),
    "code": ("province code", "province_code", "mã", "mã đơn vị"),
    "period": ("kỳ báo cáo",),
    "value": ("số liệu", "actual"),
    "received": ("received on", "date received", "ngày tiếp nhận", "ngày nhận báo cáo"),
}
YES = ("yes", "true", "1", "có", "x")
NO = ("no", "false", "0", "không", "")

Cell = str | int | float | bool | dt.datetime | dt.date | None  # a cell as a reader hands it over


def _fold(name: str) -> str:
    return fold_words(name.replace("/", " "))


_BY_NAME: dict[str, str] = {}
for _column in ALL:
    for _name in (_column, VIETNAMESE[_column], *_OTHER_NAMES.get(_column, ())):
        _BY_NAME[_fold(_name)] = _column


def column(name: str) -> str | None:
    """The column a header names, in either language and any case: 'Chỉ tiêu' -> 'kpi'; None if none."""
    return _BY_NAME.get(_fold(clean(name)))


def heading(column: str, lang: str) -> str:
    """The header a file written in `lang` gives a column: 'province' or 'tỉnh'."""
    return VIETNAMESE[column] if lang == "vi" else column


def accepted(lang: str = "en") -> str:
    return ", ".join(heading(column, lang) for column in ALL)


def read_header(names: list[Cell], where: object) -> list[str]:
    """The column each header cell names, in order; refuse (InputError, naming `where`) an empty header, a cell
    with no name, an unknown or repeated column, or one that is needed and missing. A header ends at its last
    named cell, so a spreadsheet's empty trailing cells do not count."""
    texts = [clean(str(name)) if name is not None else "" for name in names]
    while texts and not texts[-1]:
        texts.pop()
    if not texts:
        raise InputError(
            t("{where}: is empty; expected a header row: {columns}", where=where, columns=",".join(FIGURE))
        )
    hint = t("accepted, in English or Vietnamese: {en}; {vi}", en=accepted("en"), vi=accepted("vi"))
    if "" in texts:
        raise InputError(
            t("{where}: column {number} of the header has no name", where=where, number=texts.index("") + 1)
        )
    unknown = [text for text in texts if _fold(text) not in _BY_NAME]
    if unknown:
        raise InputError(t("{where}: unknown column(s) {names}", where=where, names=", ".join(unknown)), hint=hint)
    columns = [_BY_NAME[_fold(text)] for text in texts]
    repeated = [text for text, column in zip(texts, columns, strict=True) if columns.count(column) > 1]
    if repeated:
        shown = ", ".join(repeated)
        raise InputError(t("{where}: the header names one column twice ({names}); keep one", where=where, names=shown))
    missing = [column for column in ("kpi", "period") if column not in columns]
    if "province" not in columns and "code" not in columns:
        missing.insert(0, "province")
    if missing:
        raise InputError(t("{where}: missing column(s) {names}", where=where, names=", ".join(missing)), hint=hint)
    if any(column in columns for column in HISTORY) and not all(column in columns for column in HISTORY):
        absent = ", ".join(column for column in HISTORY if column not in columns)
        raise InputError(
            t("{where}: a history file needs all of {all}; missing {names}", where=where, all=", ".join(HISTORY),
              names=absent)
        )  # fmt: skip
    return columns
