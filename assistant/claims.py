"""Amounts of money and lengths of time stated in a text, and whether a record agrees.

Used twice: a citizen's premise ("kết hôn phải nộp 1 triệu đúng không?") is checked
against the record before answering, and an LLM's answer is checked by the verifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.domain import Procedure
from assistant.vntext import fold

# Spelled-out numbers; "sáu", "tư", "tám" are left out: folded they are "sau" (after),
# "tu" (from) and "tam" (temporary), and would read "sau ngày nộp" as six days.
_NUMBER_WORDS = {"mot": 1.0, "hai": 2.0, "ba": 3.0, "bon": 4.0, "nam": 5.0, "bay": 7.0, "chin": 9.0, "muoi": 10.0, "nua": 0.5}
_MONEY_UNITS = {
    "trieu": 1_000_000, "tr": 1_000_000, "cu": 1_000_000, "k": 1_000, "nghin": 1_000, "ngan": 1_000,
    "dong": 1, "d": 1, "vnd": 1, "vnđ": 1,
}  # fmt: skip
_TIME_UNITS = {  # in days
    "ngay lam viec": 1.0, "ngay": 1.0, "hom": 1.0, "tuan": 7.0, "thang": 30.0, "nam": 365.0,
    "gio": 1 / 24, "tieng": 1 / 24,
}  # fmt: skip
_RECORD_UNIT_DAYS = {"ngay_lam_viec": 1.0, "ngay": 1.0, "tuan": 7.0, "thang": 30.0, "nam": 365.0, "gio": 1 / 24, "phut": 1 / 1440}

_NUMBER = r"(?<![\w\-/])(\d+(?:[.,]\d{3})*(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_MONEY = re.compile(_NUMBER + r"\s*(" + "|".join(sorted(_MONEY_UNITS, key=len, reverse=True)) + r")\b")
_TIME = re.compile(_NUMBER + r"\s*(" + "|".join(sorted(_TIME_UNITS, key=len, reverse=True)) + r")\b")


@dataclass(frozen=True)
class Claim:
    kind: Literal["fee", "time"]
    value: float  # VND for fees, days for times
    text: str  # as found (folded)


def _number(token: str) -> float | None:
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    if re.fullmatch(r"\d+(?:[.,]\d{3})+", token):
        digits = re.sub(r"[.,]", "", token)  # 200.000 / 1,000,000
    else:
        digits = token.replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def find_claims(text: str) -> list[Claim]:
    folded = fold(text)
    claims: list[Claim] = []
    for match in _MONEY.finditer(folded):
        number = _number(match.group(1))
        if number is not None:
            claims.append(Claim("fee", number * _MONEY_UNITS[match.group(2)], match.group(0)))
    for match in _TIME.finditer(folded):
        number = _number(match.group(1))
        if number is not None:
            claims.append(Claim("time", number * _TIME_UNITS[match.group(2)], match.group(0)))
    return claims


def record_fees(procedure: Procedure) -> set[float]:
    """Every fee amount the record states (0 for free), in VND."""
    amounts: set[float] = set()
    for channel in procedure.channels:
        if channel.fee.free:
            amounts.add(0.0)
        elif channel.fee.amount is not None and channel.fee.currency in (None, "VND"):
            amounts.add(float(channel.fee.amount))
        # Amounts written in the fee note ("20.000 đồng/tờ khai") are the record's too.
        for claim in find_claims(f"{channel.fee.text} {channel.note or ''}"):
            if claim.kind == "fee":
                amounts.add(claim.value)
    return amounts


def record_times(procedure: Procedure) -> set[float]:
    """Every processing time the record states, in days."""
    days: set[float] = set()
    for channel in procedure.channels:
        time = channel.time
        if time.value is not None and time.unit in _RECORD_UNIT_DAYS:
            days.add(time.value * _RECORD_UNIT_DAYS[time.unit])
        for claim in find_claims(f"{time.text} {channel.note or ''}"):
            if claim.kind == "time":
                days.add(claim.value)
    return days


def agrees(claim: Claim, procedure: Procedure) -> bool | None:
    """True/False when the record states that kind of fact; None when it does not say."""
    known = record_fees(procedure) if claim.kind == "fee" else record_times(procedure)
    if not known:
        return None
    return any(abs(claim.value - value) <= 1e-6 * max(1.0, value) for value in known)
