"""Numbers the Vietnamese way: read 12.000 and 30,5 without guessing, write a stored value exactly."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from egovkpi.errors import InputError
from egovkpi.messages import Text, t

LIMIT = 2**53  # every whole number up to this magnitude is exact in a float; beyond it, some are not
CONVENTIONS = {"comma": (",", "."), "dot": (".", ",")}  # convention: (decimal mark, thousands separator)
SEPARATORS = {"en": (",", "."), "vi": (".", ",")}  # language: (thousands separator, decimal mark)

_SHAPE = re.compile(r"[+-]?[0-9.,]+")  # [0-9], not \d: ASCII digits only
_MARKS = {None: "", "dot": ".", "comma": ","}  # the decimal mark `plain_number` reads: "" for either one
_ACCEPTED = t(
    "accepted: digits with '.' or ',' as the decimal mark or thousands separator, "
    "e.g. 192577, 30.86, 30,86, 192.577.000, 1.234,5"
)


def parse_number(text: str, what: str | Text, decimal: str | None = None) -> float:
    """The number `text` stands for; `decimal` ("comma" or "dot") says which mark is the decimal one.

    Refuses (InputError) what is not a number, what could be read two ways, and what a float cannot hold exactly.
    """
    if decimal is not None and decimal not in CONVENTIONS:
        raise InputError(t("decimal convention '{decimal}' is not one of comma, dot", decimal=decimal))
    quick = plain_number(text, decimal)
    if quick is not None:
        return quick
    raw = text.strip()
    if not raw:
        raise InputError(t("{what} is empty", what=what), hint=_ACCEPTED)
    if not _SHAPE.fullmatch(raw):
        raise InputError(t("{what} '{text}' is not a number", what=what, text=text), hint=_ACCEPTED)
    sign = "-" if raw[0] == "-" else ""
    body = raw[1:] if raw[0] in "+-" else raw
    if body[0] in ".," or body[-1] in ".,":
        raise InputError(
            t(
                "{what} '{text}' starts or ends with a separator (write 0.5, not .5, and 5, not 5.)",
                what=what,
                text=text,
            )
        )
    if re.search(r"[.,]{2}", body):
        raise InputError(t("{what} '{text}' has two separators in a row", what=what, text=text))
    whole, fraction = _split(body, sign, what, text, decimal)
    return _exact(Decimal(f"{sign}{whole}.{fraction or '0'}"), what, text)


def plain_number(text: str, decimal: str | None) -> float | None:
    """`parse_number` of the usual shapes, 192577 or 30.86 (30,86), quickly, for the many rows of a file: the same
    number the rules give, or None for anything else (a sign, spaces, thousands, an ambiguous 12.000, many digits),
    left to the rules."""
    if decimal not in _MARKS:
        return None
    if text.isdigit():
        return float(text) if len(text) <= 15 and text.isascii() else None
    mark = _MARKS[decimal] or ("," if "," in text else ".")
    head, found, tail = text.partition(mark)
    if not (found and head.isdigit() and tail.isdigit() and text.isascii()) or len(text) > 16:
        return None  # 16 characters: 15 digits and the mark
    if decimal is None and _could_group(head, tail):
        return None
    return float(text) if mark == "." else float(f"{head}.{tail}")


def _split(body: str, sign: str, what: str | Text, text: str, decimal: str | None) -> tuple[str, str]:
    """The digits before and after the decimal mark, thousands separators checked and removed."""
    marks = [char for char in body if char in ".,"]
    if not marks:
        return body, ""
    if decimal is not None:
        mark, group = CONVENTIONS[decimal]
    elif len(set(marks)) == 2:  # both: the last one is the decimal mark
        mark = marks[-1]
        group = "," if mark == "." else "."
    elif len(marks) > 1:  # one kind, several times: only thousands separators repeat
        group = marks[0]
        mark = "," if group == "." else "."
    else:
        head, tail = body.split(marks[0])
        if _could_group(head, tail):
            raise InputError(_ambiguous(sign, head, tail, marks[0], what, text))
        mark = marks[0]
        group = "," if mark == "." else "."
    rule = (
        t("with --decimal {decimal}, '{mark}' is the decimal mark and '{group}' separates thousands", **locals())
        if decimal
        else ""
    )
    groups = rule or t("groups of three digits, e.g. 192.577.000 or 192,577,000")
    if body.count(mark) > 1:
        raise InputError(t("{what} '{text}' has more than one decimal mark '{mark}'", **locals()), hint=rule)
    whole, _, fraction = body.partition(mark)
    if group in fraction:
        message = t("{what} '{text}' has a thousands separator '{group}' after the decimal mark", **locals())
        raise InputError(message, hint=rule)
    if group in whole:
        first, *rest = whole.split(group)
        if not _could_group(first, "000") or any(len(part) != 3 for part in rest):
            message = t("{what} '{text}' has a thousands separator '{group}' out of place", **locals())
            raise InputError(message, hint=groups)
    return whole.replace(group, ""), fraction


def _could_group(head: str, tail: str) -> bool:
    """Whether head, separator, tail reads as thousands: 1-3 leading digits, then exactly three.

    A leading 0 never starts a thousands group (no one writes 0 thousand 125), so 0.125 is a decimal.
    """
    return len(tail) == 3 and 1 <= len(head) <= 3 and head[0] != "0"


def _ambiguous(sign: str, head: str, tail: str, mark: str, what: str | Text, text: str) -> Text:
    thousands = f"{sign}{head}{tail}"
    decimals = tail.rstrip("0")
    if len(decimals) < 3:  # the decimal reading has a plain, unambiguous spelling: 12, 1.5
        plain = f"{sign}{head}.{decimals}" if decimals else f"{sign}{head}"
        return t(
            "{what} '{text}' is ambiguous: write {thousands} (if '{mark}' groups thousands) or {plain} "
            "(if '{mark}' is the decimal mark), or give --decimal comma|dot",
            **locals(),
        )
    whole = f"{sign}{head}"
    return t(
        "{what} '{text}' is ambiguous: {thousands} (if '{mark}' groups thousands) or {whole} and {tail} thousandths "
        "(if it is the decimal mark); write {thousands}, or give --decimal comma|dot",
        **locals(),
    )


def _exact(number: Decimal, what: str | Text, text: str) -> float:
    """`number` as a float, refused if the float would not hold it exactly (its shortest repr differs)."""
    if number.copy_abs() > LIMIT:
        raise InputError(
            t(
                "{what} '{text}' is too large: a figure holds at most {limit} either way",
                what=what,
                text=text,
                limit=LIMIT,
            )
        )
    value = float(number)
    if not math.isfinite(value) or Decimal(repr(value)) != number:
        raise InputError(
            t("{what} '{text}' has more digits than a figure holds exactly (about 15); round it", what=what, text=text)
        )
    return value + 0.0  # -0 is 0


def format_exact(value: float, lang: str) -> str:
    """`value` as a reader of `lang` ("en" or "vi") writes it: every digit of its shortest repr, no exponent."""
    thousands, mark = SEPARATORS[lang]
    if not math.isfinite(value):
        return repr(value)
    text = format(Decimal(repr(value + 0.0)), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    fraction = fraction.rstrip("0")
    return f"{sign}{grouped}{mark}{fraction}" if fraction else f"{sign}{grouped}"
