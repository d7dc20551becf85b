"""Parse `can_cu_phap_ly` (legal basis) and `ket_qua_xu_ly` (results).

Legal basis is a two-column table (title, number) flattened into one string:

    Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày ... Luật Hộ tịch123/2015/NĐ-CPLuật ...

Each row ends with its number column; titles often contain numbers too, so a number
ends a row only when what follows starts the next row (see `_ends_row`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain import LegalDocument, ProcedureResult
from ingest.text import LOWER, NO_INFO, UPPER, fold, is_no_info

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"

# Issuer codes seen after the year in document numbers. Listed so that a code glued
# to the next word is cut correctly ("TT-BCAngày", "NĐ-CPNghị định"); anything else
# falls back to a generic upper-case run. Longest first, so "BNNPTNT" beats "BNN".
_AGENCY_CODES = sorted(
    """
    CP TTg BTC BTP BCA BNNMT NHNN BGTVT BXD BTNMT BNNPTNT BKHĐT UBND HĐND BLĐTBXH
    BKHCN VPCP BYT BCT BNV BVHTTDL BQP BTTTT BGDĐT BNG TTCP KTNN TANDTC VKSNDTC CTN
    UBTVQH VPQH NĐ ND TT QĐ NQ TTLT CT QH BHXH NHNNVN UBCKNN TCHQ TCT TCTK
    """.split(),
    key=len,
    reverse=True,
)
_TOKEN = (
    r"(?:UBTVQH\d{2}|QH\d{2}|"
    + "|".join(re.escape(code) for code in _AGENCY_CODES)
    # Unknown codes: an upper-case run, stopping before a capitalised word ("XYZNghị").
    + rf"|[A-ZĐ]+?(?=[A-ZĐ][{LOWER}]|[^A-ZĐ{LOWER}]|$))"
)
# "123/2015/NĐ-CP", "66.7/2025/NQ-CP", "60/2014/QH13", "25/2023/TT- BKHĐT", "1404/QĐ-UBND",
# "198/2016/TT/BTC"; or, as a number column only, a bare "46/2020" (see `_ends_row`).
# No look-behind: the scan is left to right, so a number glued to the previous one
# ("QH1449/2019/QH14") still starts right after it.
_NUMBER = re.compile(
    rf"(\d+(?:\.\d+)?)/(?:(?:\d{{4}}/)?{_TOKEN}(?:\s?[-/_]\s?{_TOKEN})*|(?P<short>\d{{4}})(?![\d/]))"
)
# A year glued in front of the number: "202068/2020/QH14", "năm 2021.53/2025/TT-BCA".
_YEAR_PREFIX = re.compile(r"(?:19|20)\d\d\.?")

# The number column sometimes repeats the kind of document, glued to the title:
# "...Bộ Tư phápThông tư số 03/2023/TT-BTP", "...bảo vệ thực vậtsố 07/2026/TT-BNNMT".
_KIND_PREFIX = r"(?:(?:Thông tư|Nghị định|Luật|Quyết định|Nghị quyết|Pháp lệnh)(?: liên tịch)?\s*)?(?:số\s*)?"
_COLUMN_PREFIX = re.compile(_KIND_PREFIX + "$")
_REPEATED_KIND = re.compile(rf"(?<=[{LOWER}\d.)]){_KIND_PREFIX}$")

# "...(lĩnh vực cư trú)Mã: KQ.G01.000067Cập nhật ...": the code stops where the next name starts.
_RESULT_CODE = re.compile(rf"Mã:\s*(\S*?)(?=[{UPPER}][{LOWER}]|\s|$)")
# The scrape kept the portal's UI after the results ("Từ khóa...Mô tả...Nộp hồ sơ").
_RESULT_UI = "Từ khóa"


@dataclass(frozen=True)
class LegalNumber:
    """A document number found in text, e.g. "123/2015/NĐ-CP" at [start, end)."""

    start: int
    end: int
    text: str
    short: bool  # "46/2020": no issuer code, only trusted as a row's number column


def find_legal_numbers(text: str) -> list[LegalNumber]:
    """Document numbers in `text`, in order.

    A number glued to a preceding year ("Luật Cư trú 202068/2020/QH14", "ngày
    29/6/202443/2024/QH15", "năm 2021.53/2025/TT-BCA") starts after that year.
    """
    numbers = []
    for match in _NUMBER.finditer(text):
        start = match.start()
        year = _YEAR_PREFIX.match(match.group(1))
        if year and year.end() < len(match.group(1)):
            start += year.end()
        written = re.sub(r"\s*-\s*", "-", text[start : match.end()])
        numbers.append(LegalNumber(start, match.end(), written, short=match.group("short") is not None))
    return numbers


def parse_legal_basis(text: str) -> tuple[list[LegalDocument], list[str]]:
    """Parse the legal-basis table; rows whose number could not be found keep number=None."""
    problems: list[str] = []
    body = fold(text)
    if body.startswith(LEGAL_HEADER):
        body = body[len(LEGAL_HEADER) :].strip()
    elif not is_no_info(body):
        problems.append("legal basis: table header missing")
    if is_no_info(body):
        return [], problems

    rows: list[LegalDocument] = []
    row_start = 0
    for number in find_legal_numbers(body):
        if number.start < row_start or not _ends_row(body, number):
            continue
        title = _clean_title(body[row_start : number.start])
        rows.append(LegalDocument(title=title or number.text, number=number.text))
        row_start = number.end
    rest = body[row_start:].strip(" ;,.")
    if rest:
        rows.append(LegalDocument(title=rest, number=None))
        problems.append(f"legal basis: row without a document number: {_preview(rest)!r}")
    return rows, problems


def _ends_row(body: str, number: LegalNumber) -> bool:
    """Does this number end a row (the number column) rather than sit inside a title?"""
    rest = body[number.end :]
    if not rest.strip(" .;,"):
        return True
    nxt = rest[0]
    if number.short:
        # A bare "46/2020" is a date part inside titles ("ngày 14/11/2016"); as a
        # column it is glued to its title and followed by the next title.
        return _char_before(body, number.start) != "/" and nxt.isupper()
    if nxt.isupper():
        return True  # "...NĐ-CPNghị định ...": the next title is glued on
    if nxt.isdigit():
        return False  # "Luật 60/2014/QH1360/2014/QH13": a title number, then the column
    # The column is glued to its title ("Bộ Tư pháp18/2026/NĐ-CP Nghị định ...",
    # "thực vậtsố 07/2026/TT-BNNMTsửa đổi ..."); a number inside a title follows a
    # space ("Thông tư số 53/2025/TT-BCAngày ...").
    prefix = _COLUMN_PREFIX.search(body, 0, number.start)
    if prefix and prefix.start() < number.start and _char_before(body, number.start).isspace():
        # A repeated "Thông tư số" glued to a word; after "." it starts a new title.
        before = _char_before(body, prefix.start())
        return before.islower() or before == ")"
    before = _char_before(body, number.start)
    return not before.isspace() and before not in "([“\"'"


def _char_before(text: str, index: int) -> str:
    return text[index - 1] if index > 0 else " "


def _clean_title(title: str) -> str:
    title = title.strip(" ;,.")
    shorter = _REPEATED_KIND.sub("", title).strip(" ;,.")
    return shorter or title


def parse_results(text: str) -> tuple[list[ProcedureResult], list[str]]:
    """Parse "Giấy khai sinhMã: KQ.G15.000031Từ khóa..." into results with their codes."""
    problems: list[str] = []
    body = fold(text)
    ui = body.find(_RESULT_UI)
    if ui >= 0:
        body = body[:ui]
    body = body.strip()
    if is_no_info(body):
        return [], problems
    results: list[ProcedureResult] = []
    pos = 0
    for match in _RESULT_CODE.finditer(body):
        name = _result_name(body[pos : match.start()])
        code = match.group(1).strip(" .;,-") or None
        if name:
            results.append(ProcedureResult(name=name, code=code))
        elif results and results[-1].code is None:
            results[-1] = ProcedureResult(name=results[-1].name, code=code)
        else:
            problems.append(f"results: code {code!r} without a result name")
        pos = match.end()
    tail = _result_name(body[pos:])
    if tail and tail != NO_INFO:
        results.append(ProcedureResult(name=tail, code=None))
    return results, problems


def _result_name(text: str) -> str:
    """Strip separators and a leading bullet ("- Giấy chứng nhận ...", "+ Văn bản từ chối ...")."""
    return re.sub(r"^[-+•*]+\s*", "", text.strip(" ;,")).strip(" ;,")


def _preview(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
