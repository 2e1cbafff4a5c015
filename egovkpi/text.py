"""Text helpers: NFC normalisation and the folding used for forgiving matches."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


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
