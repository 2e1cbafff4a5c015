"""Text helpers: NFC normalisation and the folding used for forgiving matches."""

from __future__ import annotations

import re
import unicodedata

from egovkpi.errors import InputError
from egovkpi.messages import t

_SPACES = re.compile(r"\s+")
# hyphen-minus, soft hyphen, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar,
# minus sign, small em dash, small hyphen-minus, fullwidth hyphen-minus
DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_BREAKS = re.compile(f"[{re.escape(DASHES)}._]+")


def nfc(value: str) -> str:
    """The canonical form every stored and printed text is in."""
    return unicodedata.normalize("NFC", value)


def clean(value: str) -> str:
    """NFC, trimmed, inner runs of white space folded to one space."""
    return _SPACES.sub(" ", nfc(value)).strip()


def fold(value: str) -> str:
    """Lower case, no diacritics, đ as d, single spaces: 'Phú  Yên' -> 'phu yen'."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


def fold_words(value: str) -> str:
    """`fold`, with hyphens, dashes, dots and underscores as word breaks.

    'Bà Rịa-Vũng Tàu', 'Bà Rịa - Vũng Tàu' (or with an en or em dash) and 'ba_ria.vung-tau'
    all give 'ba ria vung tau'.
    """
    return _SPACES.sub(" ", _BREAKS.sub(" ", fold(value))).strip()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def checked_text(value: str, what: str) -> str:
    """A free text (source, note, user, reason) kept exactly as given, in NFC; control characters other than
    tab and newline are refused, since they would rewrite the terminal of whoever reads the record."""
    found = _CONTROL.search(value)
    if found:
        raise InputError(
            t(
                "{what} holds the control character {char} at position {position}",
                what=what,
                char=repr(found.group()),
                position=found.start() + 1,
            ),
            hint=t("only tab and newline are allowed"),
        )
    return nfc(value)
