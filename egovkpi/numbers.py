"""Numbers the Vietnamese way: read 12.000 and 30,5 without guessing, write a stored value exactly."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from egovkpi.errors import InputError

LIMIT = 2**53  # every whole number up to this magnitude is exact in a float; beyond it, some are not
CONVENTIONS = {"comma": (",", "."), "dot": (".", ",")}  # convention: (decimal mark, thousands separator)
SEPARATORS = {"en": (",", "."), "vi": (".", ",")}  # language: (thousands separator, decimal mark)

_SHAPE = re.compile(r"[+-]?[0-9.,]+")  # [0-9], not \d: ASCII digits only
_ACCEPTED = (
    "accepted: digits with '.' or ',' as the decimal mark or thousands separator, "
    "e.g. 192577, 30.86, 30,86, 192.577.000, 1.234,5"
)
_EITHER = "or give --decimal comma|dot"


def parse_number(text: str, what: str, decimal: str | None = None) -> float:
    """The number `text` stands for; `decimal` ("comma" or "dot") says which mark is the decimal one.

    Refuses (InputError) what is not a number, what could be read two ways, and what a float cannot hold exactly.
    """
    if decimal is not None and decimal not in CONVENTIONS:
        raise InputError(f"decimal convention '{decimal}' is not one of comma, dot")
    raw = text.strip()
    if not raw:
        raise InputError(f"{what} is empty", hint=_ACCEPTED)
    if not _SHAPE.fullmatch(raw):
        raise InputError(f"{what} '{text}' is not a number", hint=_ACCEPTED)
    sign = "-" if raw[0] == "-" else ""
    body = raw[1:] if raw[0] in "+-" else raw
    if body[0] in ".," or body[-1] in ".,":
        raise InputError(f"{what} '{text}' starts or ends with a separator (write 0.5, not .5, and 5, not 5.)")
    if re.search(r"[.,]{2}", body):
        raise InputError(f"{what} '{text}' has two separators in a row")
    whole, fraction = _split(body, sign, what, text, decimal)
    return _exact(Decimal(f"{sign}{whole}.{fraction or '0'}"), what, text)


def _split(body: str, sign: str, what: str, text: str, decimal: str | None) -> tuple[str, str]:
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
    rule = f" (with --decimal {decimal}, '{mark}' is the decimal mark and '{group}' separates thousands)"
    rule = rule if decimal else ""
    groups = rule or " (groups of three digits, e.g. 192.577.000 or 192,577,000)"
    if body.count(mark) > 1:
        raise InputError(f"{what} '{text}' has more than one decimal mark '{mark}'{rule}")
    whole, _, fraction = body.partition(mark)
    if group in fraction:
        raise InputError(f"{what} '{text}' has a thousands separator '{group}' after the decimal mark{rule}")
    if group in whole:
        first, *rest = whole.split(group)
        if not _could_group(first, "000") or any(len(part) != 3 for part in rest):
            raise InputError(f"{what} '{text}' has a thousands separator '{group}' out of place{groups}")
    return whole.replace(group, ""), fraction


def _could_group(head: str, tail: str) -> bool:
    """Whether head, separator, tail reads as thousands: 1-3 leading digits, then exactly three.

    A leading 0 never starts a thousands group (no one writes 0 thousand 125), so 0.125 is a decimal.
    """
    return len(tail) == 3 and 1 <= len(head) <= 3 and head[0] != "0"


def _ambiguous(sign: str, head: str, tail: str, mark: str, what: str, text: str) -> str:
    thousands = f"{sign}{head}{tail}"
    decimals = tail.rstrip("0")
    if len(decimals) < 3:  # the decimal reading has a plain, unambiguous spelling: 12, 1.5
        plain = f"{sign}{head}.{decimals}" if decimals else f"{sign}{head}"
        readings = f"write {thousands} (if '{mark}' groups thousands) or {plain} (if '{mark}' is the decimal mark)"
        return f"{what} '{text}' is ambiguous: {readings}, {_EITHER}"
    as_decimal = f"{sign}{head} and {tail} thousandths"
    readings = f"{thousands} (if '{mark}' groups thousands) or {as_decimal} (if it is the decimal mark)"
    return f"{what} '{text}' is ambiguous: {readings}; write {thousands}, {_EITHER}"


def _exact(number: Decimal, what: str, text: str) -> float:
    """`number` as a float, refused if the float would not hold it exactly (its shortest repr differs)."""
    if number.copy_abs() > LIMIT:
        raise InputError(f"{what} '{text}' is too large: a figure holds at most {LIMIT} either way")
    value = float(number)
    if not math.isfinite(value) or Decimal(repr(value)) != number:
        raise InputError(f"{what} '{text}' has more digits than a figure holds exactly (about 15); round it")
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
