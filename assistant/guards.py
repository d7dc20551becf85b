"""Input guards: message length, personal data masking, instruction-injection detection.

Masking runs before anything is stored or logged, so the database and the logs never hold
a citizen ID number, a phone number or an e-mail address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.dialogue_words import DialogueWords
from assistant.vntext import fold, nfc

MAX_MESSAGE_CHARS = 1000  # a citizen's chat message; longer ones get a clear reply

# 12-digit personal ID (CCCD / số định danh), 9-digit old ID (CMND) only when named.
_CITIZEN_ID = re.compile(r"(?<!\d)\d{12}(?!\d)")
_OLD_ID = re.compile(r"(?i)(cmnd|chứng minh(?: nhân dân| thư)?|cmt)\D{0,12}(\d{9})(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+?84|0)(?:[\s.\-]?\d){9,10}(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")

ID_MASK = "[số định danh]"
PHONE_MASK = "[số điện thoại]"
EMAIL_MASK = "[email]"


def mask_personal_data(text: str) -> str:
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _CITIZEN_ID.sub(ID_MASK, text)
    text = _OLD_ID.sub(lambda m: m.group(0).replace(m.group(2), ID_MASK), text)
    return _PHONE.sub(PHONE_MASK, text)


@dataclass(frozen=True)
class GuardedMessage:
    text: str  # normalised (NFC) and masked
    too_long: bool
    injection: bool


def guard(text: str, words: DialogueWords) -> GuardedMessage:
    masked = mask_personal_data(nfc(text).strip())
    folded = fold(masked)
    injection = any(pattern.search(folded) for pattern in words.injection)
    return GuardedMessage(text=masked, too_long=len(masked) > MAX_MESSAGE_CHARS, injection=injection)


def without_injection(text: str, words: DialogueWords) -> str:
    """The message with the instruction-like spans cut out, so the rest can still be answered."""
    # Folding is done character by character so positions in the folded text are the
    # positions in the original.
    folded = "".join((fold(ch) or " ")[:1] for ch in text)
    keep = [True] * len(text)
    for pattern in words.injection:
        for match in pattern.finditer(folded):
            for i in range(match.start(), match.end()):
                keep[i] = False
    return "".join(ch for ch, kept in zip(text, keep) if kept).strip()
