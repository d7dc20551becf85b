"""Small text-cleaning helpers shared by the portal parsers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# The portal writes "Không có thông tin" ("no information") into empty fields.
NO_INFO = "Không có thông tin"

_SPACES = re.compile(r"\s+")


# Invisible format characters seen in scraped text (zero-width space/joiners, LTR/RTL
# marks, soft hyphen, BOM) and the private-use area, where Word "Symbol" bullets live.
_FORMAT_CHARS = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def nfc(text: str) -> str:
    """NFC-normalise and drop invisible format characters.

    Scraped text mixes composed and decomposed diacritics and carries stray
    zero-width marks (e.g. "đăng k\u200eý"), which would break matching and search.
    Private-use characters are Word "Symbol" bullets; they become spaces.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    return _PRIVATE_USE.sub(" ", _FORMAT_CHARS.sub("", text))


def fold(text: str) -> str:
    """NFC-normalise and fold every run of whitespace (newlines included) to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold_lines(text: str) -> str:
    """Like `fold`, but keep line breaks: fold spaces inside lines, drop empty lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in nfc(text).splitlines())
    return "\n".join(line for line in lines if line)


def is_no_info(text: str) -> bool:
    """True for an empty value or the portal's "Không có thông tin" placeholder."""
    folded = fold(text).rstrip(".").strip()
    return not folded or folded.casefold() == NO_INFO.casefold()


def optional(text: str, *, keep_lines: bool = False) -> str | None:
    """Cleaned text, or None when the field is empty / "Không có thông tin"."""
    if is_no_info(text):
        return None
    return fold_lines(text) if keep_lines else fold(text)


def strip_wrapping_parens(text: str) -> str:
    """Remove one pair of parentheses when it wraps the whole text: "(a (b))" -> "a (b)"."""
    text = text.strip()
    if len(text) < 2 or text[0] != "(" or text[-1] != ")":
        return text
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return text  # the first "(" closes before the end: "(a) b (c)"
    return text[1:-1].strip() if depth == 0 else text


def _letter_class(predicate: Callable[[str], bool]) -> str:
    """A regex character class body for the Latin letters (Vietnamese included) matching `predicate`.

    `re` has no \\p{Ll}; a range such as "à-ỹ" would also take upper-case letters
    ("Đ", "Ạ") that sit inside it, so the class is built letter by letter.
    """
    letters = "".join(ch for ch in map(chr, range(0xC0, 0x1F00)) if ch.isalpha() and predicate(ch))
    base = "a-z" if predicate("a") else "A-Z"
    return base + re.escape(letters)


# Use inside brackets: rf"[{LOWER}]".
LOWER = _letter_class(str.islower)
UPPER = _letter_class(str.isupper)
