"""Vietnamese text handling shared by indexing and querying.

Citizens often type without diacritics, so lexical comparison is made on an accent-folded
form ("đăng ký tạm trú" -> "dang ky tam tru", đ -> d). Where the citizen did type
diacritics they disambiguate ("mất" lost/died vs "mặt"), so phrase matching is
accent-aware: an accented word must match exactly (whatever the tone-mark placement,
hoà = hòa, thuỷ = thủy), an unaccented one matches any accented form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SYLLABLE = re.compile(r"[^\W_]+", re.UNICODE)
_FOLDED_WORD = re.compile(r"[0-9a-z]+")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})
# Word-level helpers are cached: matching thousands of phrases compares the same few
# thousand syllables over and over (loading the example questions went from ~18 s to ~4 s).
_CACHE = 1 << 16


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip every diacritic (tone and vowel marks, đ -> d)."""
    return _fold_cached(text) if len(text) <= 32 else _fold(text)  # cache words, not documents


@lru_cache(maxsize=_CACHE)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Accent-folded word tokens (Vietnamese syllables and numbers)."""
    return _FOLDED_WORD.findall(fold(text))


def syllables(text: str) -> list[str]:
    """Lower-cased syllables with their diacritics, in NFC."""
    return _SYLLABLE.findall(nfc(text).lower())


@lru_cache(maxsize=_CACHE)
def has_diacritics(word: str) -> bool:
    return fold(word) != word.lower()


@lru_cache(maxsize=_CACHE)
def mark_signature(syllable: str) -> tuple[str, frozenset[str]]:
    """The letters plus the set of marks: equal for old and new tone placement (hoà/hòa)."""
    lowered = syllable.lower()
    marks = {ch for ch in unicodedata.normalize("NFD", lowered) if unicodedata.combining(ch)}
    if "đ" in lowered:
        marks.add("đ")
    return fold(lowered), frozenset(marks)


@lru_cache(maxsize=_CACHE)
def same_word(typed: str, reference: str) -> bool:
    """Does the citizen's word match a reference word? Unaccented input matches any accents."""
    if not has_diacritics(typed):
        return fold(typed) == fold(reference)
    return mark_signature(typed) == mark_signature(reference)
