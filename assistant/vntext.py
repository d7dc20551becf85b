"""Vietnamese text handling shared by indexing and querying.

Citizens often type without diacritics, so every lexical comparison is made on an
accent-folded form ("đăng ký tạm trú" -> "dang ky tam tru"), with đ folded to d.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip every diacritic (tone and vowel marks, đ -> d)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Accent-folded word tokens (Vietnamese syllables and numbers)."""
    return _WORD.findall(fold(text))
