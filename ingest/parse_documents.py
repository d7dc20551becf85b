"""Parse `thanh_phan_ho_so`: the flattened dossier (documents) tables.

The portal shows one table per group; the scrape glued heading, table header, items,
form-file names and counts together:

    * Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Tờ khai ...;1.MuCT01....doc1 bản chính...

Each item ends with its count cell, "N bản chính" or "N bản chính,N bản sao". The count
is a single digit glued to whatever precedes it ("Nghị định 1161 bản chính" is "Nghị
định 116" + "1 bản chính"), so only the last digit counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain import DocumentGroup, DocumentItem
from ingest.parse_legal import find_legal_numbers
from ingest.text import LOWER, NO_INFO, fold

TABLE_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"

# The count cell. Not a count: one followed by a lower-case word ("01 bản chính văn
# bản ...", "01 bản chính (bản giấy)"), by ")" ("(01 bản chính)"), or immediately by
# another count ("nộp 01 bản chính1 bản chính": the first is part of the text). A
# list marker may follow a real count: "1 bản chính (2). Đối với", "...c) Đối với".
_COUNT = re.compile(
    rf"(\d) bản chính(?:,(\d) bản (sao|chụp))?"
    rf"(?![ \t]+[{LOWER}]{{2,}})(?![ \t]*\([{LOWER}]+\s)(?!\))(?!\d bản chính)"
)

# Inline flag: a global IGNORECASE would also make the lower-case lookahead match "M".
_FILE_EXTENSIONS = r"(?i:docx|doc|pdf|xlsx|xls|rar|zip)"
_ENDS_WITH_FILE = re.compile(rf"\.{_FILE_EXTENSIONS}$")
_FILE_EXTENSION = re.compile(rf"\.{_FILE_EXTENSIONS}(?![{LOWER}])")
# Characters a file name cannot contain (Windows rules, which the portal's uploads follow),
# plus ";" which only ever separates an item from its file.
_NOT_IN_FILE_NAME = set('/\\:*?"<>|;')
_MAX_FILE_NAME = 150
_GLUE_PUNCTUATION = set(".;:,)]}”’\"'")
# Words that start form-file names; glued to a lower-case word they mark the boundary
# ("theo mẫuvăn bản đề nghị.docx"), as two syllables never touch in Vietnamese text.
_GLUED_FORM_WORD = re.compile(
    r"mau|(?:mẫu|văn bản|van ban|tờ trình|tờ khai|bản khai|báo cáo|bao cao|đơn|don|phương án)(?=[\s_\d.]|$)",
    re.IGNORECASE,
)

_LEADING_MARKER = re.compile(
    r"^(?:\*\)\s*"  # *)
    r"|[-+•*–—]+\s*"  # - + • *
    r"|[a-zđ]\d?\)\s*"  # a) b) a1)
    r"|\((?:\d{1,2}|[ivxIVX]+|[a-zđ])\)\.?\s*"  # (1) (ii) (a)
    r"|(?:[ivxIVX]+|\d{1,2})\)\s*"  # ii) 3)
    r"|\d{1,2}(?:\.\d{1,2})*[./]\s+"  # 1. 2.3. 4/
    r")"
)

# "Mẫu CT01", "mẫu số 02b", "Mẫu TP/HT-2020-TKKS", "Mẫu số 01/BĐS", "Phiếu CC01".
_FORM_CODE = re.compile(r"\b(?:[Mm]ẫu|Phiếu)\s+(?:số\s+)?([A-Z0-9][A-Za-z0-9Đđ./_\-]*[A-Za-z0-9Đđ])")
# A code alone in parentheses: "(NA20)", "(mẫu TK06)" is covered above.
_PAREN_CODE = re.compile(r"\(([A-Z]{1,4}\d{1,3}[a-z]?)\)")

_SENTENCE_END = re.compile(r"[.;](?=\s|$)")
_CLAUSE_END = re.compile(r";|\.(?=\s|$)")
_IF_CLAUSE = re.compile(r"\((?:[^()]*,\s*)?nếu\s+([^()]+)\)")
_IF_CLAUSE_AT_END = re.compile(r"\((?:[^()]*,\s*)?nếu\s+([^()]+)\)$")
# Where a condition stops: "Trường hợp X thì ...", "Trường hợp X phải ..." (but not
# "không phải là"), "Trường hợp X: ...". Tried in this order.
_CONDITION_STOPS = (re.compile(r"\s+thì\s"), re.compile(r"(?<!không)\s+phải\s"), re.compile(r":\s"))


@dataclass(frozen=True)
class _Group:
    group: DocumentGroup
    title: str | None


_UNTITLED = _Group(DocumentGroup.SUBMIT, None)


def parse_documents(text: str) -> tuple[list[DocumentItem], list[str]]:
    """Parse the dossier tables into items, in order; return the items and any problems."""
    text = fold(text)
    problems: list[str] = []
    if not text or text == NO_INFO or text.strip("-* ") == "":
        return [], ["documents: none listed"]
    sections = text.split(TABLE_HEADER)
    if len(sections) == 1:
        problems.append("documents: no document table header")

    items: list[DocumentItem] = []
    # The text before the first table header is the first group's heading (and rarely
    # items written before any table, which we keep in an untitled group).
    group = _UNTITLED
    for index, section in enumerate(sections):
        entries, tail = _split_items(section)
        items.extend(_make_item(raw, originals, copies, group) for raw, originals, copies in entries)
        if index < len(sections) - 1:
            group = _heading(tail)  # the text between the last count and the next table header
        elif tail:
            # Text after the very last count: an item without a count. Keep it (as a
            # note: we cannot tell anyone to bring it) and say so.
            items.append(_make_item(tail, 0, 0, group))
            problems.append(f"documents: item without a count: {_preview(tail)!r}")
    if not items:
        problems.append("documents: no document items found")
    return items, problems


def _split_items(section: str) -> tuple[list[tuple[str, int, int]], str]:
    """Cut a table body at its count cells: ([(text, originals, copies)], trailing text)."""
    entries = []
    pos = 0
    for match in _COUNT.finditer(section):
        raw = section[pos : match.start()].strip()
        if raw:
            copies = int(match.group(2)) if match.group(2) else 0
            entries.append((raw, int(match.group(1)), copies))
        pos = match.end()
    return entries, section[pos:].strip()


def _heading(text: str) -> _Group:
    """Group kind and title from a heading such as "* Giấy tờ phải xuất trình:"."""
    title = text.strip().strip("-–+*• ").rstrip(": ").strip()
    if not title:
        return _UNTITLED  # "--": an untitled table
    lowered = title.casefold()
    if "phải nộp" in lowered:
        group = DocumentGroup.SUBMIT
    elif "xuất trình" in lowered:
        group = DocumentGroup.PRESENT
    elif lowered.startswith("lưu ý"):
        group = DocumentGroup.OTHER
    else:
        group = DocumentGroup.SUBMIT
    return _Group(group, _clean_title(title))


def _clean_title(title: str) -> str:
    """Drop a trailing "(, hồ sơ) (bao) gồm (có)" - the words announcing the list."""
    shorter = re.sub(r"(?:,\s*|\s+)(?:thì\s+)?(?:hồ sơ\s+)?(?:bao\s+)?gồm(?:\s+có)?$", "", title, flags=re.IGNORECASE)
    shorter = shorter.rstrip(" ,:;")
    return shorter if len(shorter.split()) >= 2 else title  # "Bao gồm" stays as it is


def _make_item(raw: str, originals: int, copies: int, group: _Group) -> DocumentItem:
    body, files = split_form_files(raw)
    name = _strip_markers(body)
    name = name.rstrip(" ;,.") or name
    return DocumentItem(
        group=group.group,
        group_title=group.title,
        name=name,
        form_code=find_form_code(name),
        form_files=files,
        originals=originals,
        copies=copies,
        condition=find_condition(name),
        is_note=originals == 0 and copies == 0,
    )


def _strip_markers(text: str) -> str:
    text = text.strip()
    for _ in range(3):  # "- a) ..." has two markers
        stripped = _LEADING_MARKER.sub("", text, count=1).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    return text


# --- form files -------------------------------------------------------------------


def split_form_files(text: str) -> tuple[str, list[str]]:
    """Split "item text" + "file1.doc" + "file2.docx" into (item text, [files]).

    File names are glued to the item text and to each other. Splitting between files is
    easy (after each extension); finding where the first file starts is not. We take the
    earliest position that looks like a boundary (punctuation glued to a word, a
    lower->upper case change, an acronym followed by a capitalised word, a word glued to
    a digit) and after which the rest is a plausible file name (short, no "/" or ";").
    """
    text = text.strip()
    if not _ENDS_WITH_FILE.search(text):
        return text, []
    ends = [m.end() for m in _FILE_EXTENSION.finditer(text)]
    # Walk back over files glued one after another ("...01a.docxMẫu ...01b.docx"): a file
    # starts right after the previous extension if what follows is a plausible name.
    starts: list[int] = []  # later files' starts, last file first
    next_start = len(text)
    for end in reversed(ends[:-1]):
        if not _plausible_file_name(text[end:next_start]):
            break
        starts.append(end)
        next_start = end
    cut = _first_file_start(text[:next_start])
    if cut is None:
        return text, []  # no boundary: keep everything as the item text
    bounds = [cut, *reversed(starts), len(text)]
    files = [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    return text[:cut].strip(), files


def _first_file_start(text: str) -> int | None:
    """Where the first file name starts in `text` (which ends with it), or None.

    The earliest boundary wins: file names contain boundaries of their own
    ("Mau 01 - Phu luc II_36.2025.TT-BNNMT.docx"), the item text rarely has one whose
    remainder still looks like a file name (the remainder then holds "/" or ";", or is
    too long). A boundary never falls inside a document number ("TT-BNNM|Tđơn").
    """
    numbers = [number for number in find_legal_numbers(text) if not number.short]
    number_ends = {number.end for number in numbers}
    # A boundary further back would leave a remainder too long to be a file name.
    for i in range(max(1, len(text) - _MAX_FILE_NAME - 1), len(text) - 4):
        if text[i].isspace() or any(number.start < i < number.end for number in numbers):
            continue
        boundary = i in number_ends or _is_punctuation_boundary(text, i) or _is_case_boundary(text, i)
        if boundary and _plausible_file_name(text[i:]):
            return i
    return None


def _is_punctuation_boundary(s: str, i: int) -> bool:
    before, here = s[i - 1], s[i]
    if before not in _GLUE_PUNCTUATION or not (here.isalnum() or s.startswith("~$", i)):
        return False
    # "66.7" and "1,5" are numbers, not boundaries.
    return not (before in ".," and here.isdigit() and i >= 2 and s[i - 2].isdigit())


def _is_case_boundary(s: str, i: int) -> bool:
    before, here = s[i - 1], s[i]
    after = s[i + 1] if i + 1 < len(s) else ""
    if not here.isalnum():
        return False
    if before.islower() and here.isupper():
        return True  # "sinh họcDu án..."
    if before.isupper() and here.isupper() and after.islower():
        return True  # "NĐ-CPMau57", "TT-BNNMTThuyết minh"
    if before.islower() and here.isdigit():
        # "quy định1.7. Quyet dinh" but not "4x6 cm": the word before must be a word.
        return i >= 3 and s[i - 2].isalpha() and s[i - 3].isalpha()
    if before.isdigit() and here.isupper() and after.islower():
        return True  # "ngày 12/12/201Mẫu 2"
    # "hết hạnmau so 20.doc", "theo mẫuvăn bản đề nghị.docx"
    return before.isalpha() and here.islower() and bool(_GLUED_FORM_WORD.match(s, i))


def _plausible_file_name(name: str) -> bool:
    name = name.strip()
    if not name or len(name) > _MAX_FILE_NAME or not (name[0].isalnum() or name.startswith("~$")):
        return False
    if any(ch in _NOT_IN_FILE_NAME for ch in name):
        return False
    return name.count("(") == name.count(")")


# --- form code and condition --------------------------------------------------------


def find_form_code(text: str) -> str | None:
    """The form named in the item text ("Mẫu CT01" -> "CT01"), if it is a real identifier.

    A bare number ("Mẫu số 03") only identifies a form together with the decree that
    defines it, so it is not returned.
    """
    for match in _FORM_CODE.finditer(text):
        code = match.group(1).rstrip("./-")
        if re.search(r"[A-Za-zĐđ]", code) and re.search(r"\d", code):
            return code
    match = _PAREN_CODE.search(text)
    return match.group(1) if match else None


def find_condition(text: str) -> str | None:
    """The "trường hợp ..." clause under which the item applies, or None (always applies).

    Conditional: the item starts with "Trường hợp X thì/phải ..." or "Đối với X: ...",
    or its first clause says "... trong/đối với trường hợp X" or "(nếu X)". Not
    conditional: a later "; trường hợp không có ... thì nộp ..." that offers an
    alternative document.
    """
    leading = re.match(r"(?:Trong\s+)?(?:các\s+)?Trường hợp\s+(.+)", text, re.IGNORECASE)
    if leading:
        return _clause(leading.group(1))
    leading = re.match(r"Đối với\s+(?:trường hợp\s+)?([^:]{3,150}):", text, re.IGNORECASE)
    if leading:
        return _clause(leading.group(1))
    first = text[: m.start()] if (m := _CLAUSE_END.search(text)) else text
    inner = re.search(r"\b(?:trong|đối với)\s+(?:các\s+)?trường hợp\s+(.+)", first, re.IGNORECASE)
    if inner:
        return _clause(inner.group(1))
    # "(nếu X)" in the first clause, or closing the item ("Tờ khai ... (nếu X)").
    for inner in (_IF_CLAUSE.search(first), _IF_CLAUSE_AT_END.search(text)):
        if inner and inner.group(1).strip() not in ("có", "có thay đổi"):
            return _clause(inner.group(1))
    return None


def _clause(text: str) -> str | None:
    """Cut a condition at the end of its sentence, then at "thì" / "phải" / ":", or an unbalanced ")"."""
    if sentence := _SENTENCE_END.search(text):
        text = text[: sentence.start()]
    for stop in _CONDITION_STOPS:
        if match := stop.search(text):
            text = text[: match.start()]
            break
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            text = text[:i]
            break
    return text.strip(" ,;:.") or None


def _preview(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

