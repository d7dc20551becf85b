"""Parse `cach_thuc_thuc_hien`: the flattened "how to submit" table.

The portal renders a four-column table (channel, processing time, fee, description)
and the scrape glued the cells together:

    Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến3 Ngày làm việc7,000 Việt Nam Đồng(...)- Nộp...

A row starts with a channel name immediately followed by a digit or "Không" (the same
words inside descriptions are lower-case or followed by ":", so they do not match).
"""

from __future__ import annotations

import re
from assistant.domain import ChannelKind, Duration, Fee, SubmissionChannel
from ingest.text import LOWER, NO_INFO, UPPER, fold, strip_wrapping_parens

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"

_KINDS = {
    "Trực tuyến": ChannelKind.ONLINE,
    "Trực tiếp": ChannelKind.IN_PERSON,
    "Dịch vụ bưu chính": ChannelKind.POST,
}
_ROW_START = re.compile(r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|Không)")
# Fallback when no row matches: a channel name glued to a capitalised word.
_LOOSE_ROW_START = re.compile(rf"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=[{UPPER}])")

_UNITS = {
    "ngày làm việc": "ngay_lam_viec",
    "ngày": "ngay",
    "giờ": "gio",
    "tháng": "thang",
    "năm": "nam",
    "tuần": "tuan",
    "phút": "phut",
}
# Longest unit first so "Ngày làm việc" wins over "Ngày".
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_TIME_WITH_NUMBER = re.compile(rf"(\d+(?:\.\d+)?)(?:\s*((?i:{_UNIT_RE})))?")
# "Không có thông tin", "Không quy định", "Không phải trả kết quả cho người nộp thuế",
# or a bare "Không": the phrase stops where the capitalised fee cell begins.
_TIME_WITHOUT_NUMBER = re.compile(rf"Không(?: [{LOWER}]+)*")

_CURRENCIES = {"việt nam đồng": "VND", "vnđ": "VND", "vnd": "VND", "đồng": "VND", "usd": "USD"}
_CURRENCY_RE = r"(?i:Việt Nam Đồng|VNĐ|VND|Đồng|USD)"
_AMOUNT = re.compile(rf"(\d[\d,.]*)\s?({_CURRENCY_RE})")
# A bare-number time glued to an amount with no unit in between: "Trực tuyến120 VNĐ".
_GLUED_TIME_AMOUNT = re.compile(rf"(\d+)((?:,\d{{3}})*)\s?({_CURRENCY_RE})")
# How the portal formats an amount: thousands separated by commas, no leading zero.
_WELL_FORMED_AMOUNT = re.compile(r"0|[1-9]\d{0,2}(?:,\d{3})*")
_FREE = re.compile(r"Miễn (?:lệ )?phí")
_FEE_START = re.compile(rf"Miễn (?:lệ )?phí|{NO_INFO}|\d[\d,.]*\s?{_CURRENCY_RE}")

# Below this a VND fee is almost certainly entered in thousands ("20 VNĐ" with a note
# saying "20.000 đồng/tờ khai"); we keep the number as written but say so.
_IMPLAUSIBLE_VND = 1000


def parse_channels(text: str) -> tuple[list[SubmissionChannel], list[str]]:
    """Parse the channel table; return the channels in order and any problems found."""
    problems: list[str] = []
    body = text
    if body.startswith(HEADER):
        body = body[len(HEADER) :]
    elif fold(body) and fold(body) != NO_INFO:
        problems.append("submission channels: table header missing")

    starts = list(_ROW_START.finditer(body))
    if not starts and _LOOSE_ROW_START.match(body):
        # The time cell is a sentence (1.009824: "Trực tiếpHệ thống ... phản hồi tự động ...").
        starts = list(_LOOSE_ROW_START.finditer(body))
    if not starts:
        if fold(body) and fold(body) != NO_INFO:
            problems.append(f"submission channels: no channel row found in {_preview(body)!r}")
        return [], problems
    leading = fold(body[: starts[0].start()])
    if leading:
        problems.append(f"submission channels: text before the first row ignored: {_preview(leading)!r}")

    channels = []
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
        channel, row_problems = _parse_row(_KINDS[start.group(1)], body[start.end() : end])
        channels.append(channel)
        problems.extend(row_problems)
    return channels, problems


def _parse_row(kind: ChannelKind, row: str) -> tuple[SubmissionChannel, list[str]]:
    problems: list[str] = []
    glued = _split_glued_time_and_fee(row)
    if glued is not None:
        time, fee, pos = glued
    else:
        time, pos = _parse_time(row)
        fee_cell = _parse_fee(row, pos)
        if fee_cell is None:
            fee = Fee(text="")
            problems.append(f"submission channels: {kind.value} row has no readable fee: {_preview(row)!r}")
        else:
            fee, pos = fee_cell
    if fee.currency == "VND" and fee.amount is not None and 0 < fee.amount < _IMPLAUSIBLE_VND:
        problems.append(f"submission channels: implausibly small fee {fee.text!r} (thousands of đồng dropped?)")
    return SubmissionChannel(kind=kind, time=time, fee=fee, note=_note(row[pos:])), problems


def _parse_time(row: str) -> tuple[Duration, int]:
    """The time cell at the start of a row, and where it ends."""
    number = _TIME_WITH_NUMBER.match(row)
    if number:
        unit_text = number.group(2)
        unit = _UNITS[unit_text.casefold()] if unit_text else None
        duration = Duration(text=number.group(0).strip(), value=float(number.group(1)), unit=unit)
        return duration, number.end()
    phrase = _TIME_WITHOUT_NUMBER.match(row)
    if phrase is None:
        # A sentence in the time cell (loose rows): it runs up to the fee cell.
        fee = _FEE_START.search(row)
        end = fee.start() if fee else 0
        return Duration(text=fold(row[:end])), end
    if phrase.group(0).startswith(NO_INFO):
        return Duration(text=""), len(NO_INFO)  # the placeholder: no time stated
    return Duration(text=phrase.group(0)), phrase.end()


def _parse_fee(row: str, pos: int) -> tuple[Fee, int] | None:
    """The fee cell starting at `pos`, and where it ends; None when there is none."""
    rest = row[pos:]
    stripped = rest.lstrip()
    offset = pos + len(rest) - len(stripped)
    free = _FREE.match(stripped)
    if free:
        return Fee(text=free.group(0), free=True), offset + free.end()
    if stripped.startswith(NO_INFO):
        return Fee(text=""), offset + len(NO_INFO)
    amount = _AMOUNT.match(stripped)
    if amount:
        return _fee_from_amount(amount.group(1), amount.group(2)), offset + amount.end()
    return None


def _split_glued_time_and_fee(row: str) -> tuple[Duration, Fee, int] | None:
    """Split "120 VNĐ" into a bare time "1" and a fee "20 VNĐ".

    When the time has no unit its digits run straight into the amount. An amount is
    written with comma thousands and no leading zero, so we take the shortest time
    prefix that leaves a well-formed amount ("1050,000" -> 10 + "50,000"). Ambiguous
    cases ("1200": 1 + 200 or 120 + 0) resolve to the short time, which matches the
    notes we checked ("200.000 vnđ / tờ khai").
    """
    match = _GLUED_TIME_AMOUNT.match(row)
    if not match:
        return None
    digits, groups, currency = match.group(1), match.group(2), match.group(3)
    for cut in range(1, len(digits)):
        amount_text = digits[cut:] + groups
        if _WELL_FORMED_AMOUNT.fullmatch(amount_text):
            time_text = digits[:cut]
            fee_text = row[match.start(1) + cut : match.end()]
            time = Duration(text=time_text, value=float(time_text), unit=None)
            return time, _fee_from_amount(amount_text, currency, written=fee_text), match.end()
    # No split leaves a valid amount: treat the whole number as the fee, time unknown.
    return Duration(text=""), _fee_from_amount(digits + groups, currency), match.end()


def _fee_from_amount(number: str, currency: str, *, written: str | None = None) -> Fee:
    text = written if written is not None else f"{number} {currency}"
    digits = re.sub(r"[,.]", "", number)
    return Fee(text=fold(text), amount=int(digits), currency=_CURRENCIES[currency.casefold()])


def _note(text: str) -> str | None:
    """The description column, with the parenthesised fee detail that often leads it."""
    text = fold(text)
    if not text:
        return None
    text = strip_wrapping_parens(text)
    # "(/khẩu-chiếc.)Trong thời hạn..." -> "(/khẩu-chiếc.) Trong thời hạn..."
    close = _closing_paren(text)
    if close is not None and close + 1 < len(text) and not text[close + 1].isspace():
        text = text[: close + 1] + " " + text[close + 1 :]
    return text or None


def _closing_paren(text: str) -> int | None:
    """Index of the ")" closing a leading "(", or None."""
    if not text.startswith("("):
        return None
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i
    return None


def _preview(text: str, limit: int = 80) -> str:
    text = fold(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
