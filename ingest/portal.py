"""Public entry points: turn portal records (`<dump>/<ministry-folder>/<code>.json`) into `Procedure`s.

`parse_record` parses one decoded record; `load_dump` walks a dump folder, never
raises on a bad file, and reports unreadable files as `SourceProblem`s.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from assistant.domain import Level, Procedure
from ingest.official_lists import OfficialEntry, load_official_lists
from ingest.parse_channels import parse_channels
from ingest.parse_documents import parse_documents
from ingest.parse_legal import parse_legal_basis, parse_results
from ingest.text import LOWER, fold, is_no_info, nfc, optional

FOLDER_MINISTRY = {
    "bo-cong-an": "Bộ Công an",
    "bo-tai-chinh": "Bộ Tài chính",
    "bo-tu-phap": "Bộ Tư pháp",
    "bo-xay-dung": "Bộ Xây dựng",
    "bo-nong-nghiep-mt": "Bộ Nông nghiệp và Môi trường",
    "ngan-hang-nha-nuoc": "Ngân hàng Nhà nước Việt Nam",
    "toa-an-nhan-dan": "Tòa án nhân dân",
}

REQUIRED_FIELDS = ("ma_thu_tuc", "ten_thu_tuc")
# Every field the portal scrape writes; all must be strings when present.
KNOWN_FIELDS = (
    "ma_thu_tuc", "detail_url", "formality_id", "ten_thu_tuc", "so_quyet_dinh", "cap_thuc_hien",
    "loai_thu_tuc", "linh_vuc", "doi_tuong_thuc_hien", "co_quan_co_tham_quyen", "dia_chi_tiep_nhan",
    "co_quan_duoc_uy_quyen", "co_quan_phoi_hop", "thu_tuc_lien_quan", "trinh_tu_thuc_hien",
    "cach_thuc_thuc_hien", "thanh_phan_ho_so", "can_cu_phap_ly", "co_quan_thuc_hien",
    "yeu_cau_dieu_kien", "ket_qua_xu_ly", "raw_text",
)  # fmt: skip

_LEVELS = {"cấp xã": Level.XA, "cấp tỉnh": Level.TINH, "cấp bộ": Level.BO, "cơ quan khác": Level.KHAC}

# Some records carry the name of the provincial decision that published a list of
# procedures ("Công bố Danh mục và Quy trình nội bộ thủ tục hành chính ...") instead
# of the procedure's own name.
_PUBLICATION_NAME = re.compile(
    r"^(?:Quyết định\s+)?Công bố\s+(?:Danh mục|Quy trình nội bộ)\b.*\bthủ tục hành chính\b", re.IGNORECASE
)
# "...Mã thủ tục1.001193Số quyết định..." in the page text.
_PAGE_CODE = re.compile(r"Mã thủ tục\s*(\d+\.\d+)")
# "...xem xét.Bước 5 ...", "...để xử lýBước 10 ...": a step glued to the previous one.
_STEP_MARKER_INLINE = re.compile(rf"(?<=[.;:{LOWER}])\s*(?=Bước\s+\d+)")
_LIST_MARKER = re.compile(r"^(?:[a-zđ]\d?\)|\(?[ivx]+\))")


T = TypeVar("T")


class RecordError(ValueError):
    """A record that cannot be turned into a Procedure (missing or mistyped fields)."""


@dataclass(frozen=True)
class SourceProblem:
    """A file that could not be read at all."""

    path: str
    message: str


def parse_record(
    raw: dict, *, ministry: str, snapshot_date: str, official: dict[str, OfficialEntry] | None = None
) -> Procedure:
    """Parse one portal record. Raises RecordError for missing required or non-string fields.

    Problems found along the way are recorded on the Procedure; a blocking one (content
    that is not this procedure's) makes it non-indexable.
    """
    _check_fields(raw)

    def get(key: str) -> str:
        return raw.get(key, "")

    code = fold(get("ma_thu_tuc"))
    problems: list[str] = []
    blocking: list[str] = []
    levels = _collect(problems, _parse_levels(get("cap_thuc_hien")))
    channels = _collect(problems, parse_channels(nfc(get("cach_thuc_thuc_hien"))))
    documents = _collect(problems, parse_documents(get("thanh_phan_ho_so")))
    legal_basis = _collect(problems, parse_legal_basis(get("can_cu_phap_ly")))
    results = _collect(problems, parse_results(get("ket_qua_xu_ly")))
    steps = _collect(problems, parse_steps(get("trinh_tu_thuc_hien")))
    name, subject_field = _check_name(
        code, fold(get("ten_thu_tuc")), optional(get("linh_vuc")), official, problems, blocking
    )
    if mismatch := _page_code_mismatch(code, get("raw_text")):
        blocking.append(mismatch)
    if not channels:
        problems.append("no submission channels")
    source_url = fold(get("detail_url"))
    if not source_url:
        problems.append("no source URL")

    return Procedure(
        code=code,
        name=name,
        levels=levels,
        levels_text=fold(get("cap_thuc_hien")),
        kind=optional(get("loai_thu_tuc")),
        field=subject_field,
        ministry=ministry,
        decision=optional(get("so_quyet_dinh")),
        applicants=split_applicants(get("doi_tuong_thuc_hien")),
        competent_agency=optional(get("co_quan_co_tham_quyen")),
        implementing_agency=optional(get("co_quan_thuc_hien")),
        receiving_address=optional(get("dia_chi_tiep_nhan"), keep_lines=True),
        related_procedures=optional(get("thu_tuc_lien_quan"), keep_lines=True),
        steps=steps,
        channels=channels,
        documents=documents,
        conditions=optional(get("yeu_cau_dieu_kien"), keep_lines=True),
        results=results,
        legal_basis=legal_basis,
        source_url=source_url,
        snapshot_date=snapshot_date,
        problems=_unique(blocking + problems),
        indexable=not blocking,
    )


def _collect(problems: list[str], parsed: tuple[T, list[str]]) -> T:
    """Unpack a parser's (value, problems), keeping the problems."""
    value, found = parsed
    problems.extend(found)
    return value


def _page_code_mismatch(code: str, raw_text: str) -> str | None:
    """The page text names the procedure's code; another code means another procedure's page."""
    match = _PAGE_CODE.search(raw_text)
    if match is None or match.group(1) == code:
        return None
    return (
        f"page belongs to procedure {match.group(1)}, not {code}: the scrape stored another procedure's content "
        "under this code"
    )


def load_dump(
    dump_dir: Path, *, snapshot_date: str, lists_dir: Path | None = None
) -> tuple[list[Procedure], list[SourceProblem]]:
    """Parse every `<dump_dir>/<folder>/*.json` (sorted); procedures sorted by code.

    Never raises on a bad file: unreadable files, records that fail `parse_record` and
    repeated codes (the first one read is kept) become SourceProblems.
    """
    problems: list[SourceProblem] = []
    if not Path(dump_dir).is_dir():
        return [], [SourceProblem(str(dump_dir), "dump folder not found")]
    official = _load_official(lists_dir, problems)
    by_code: dict[str, tuple[Procedure, Path]] = {}
    for folder in sorted(p for p in Path(dump_dir).iterdir() if p.is_dir()):
        ministry = FOLDER_MINISTRY.get(folder.name)
        for path in sorted(folder.glob("*.json")):
            procedure = _load_file(path, ministry or folder.name, snapshot_date, official, problems)
            if procedure is None:
                continue
            if ministry is None:
                procedure.problems.append(f"unknown ministry folder {folder.name!r}")
            if path.stem != procedure.code:
                procedure.problems.append(f"file name {path.name!r} does not match code {procedure.code}")
            if procedure.code in by_code:
                first = by_code[procedure.code][1]
                problems.append(SourceProblem(str(path), f"duplicate code {procedure.code}: already read from {first}"))
                continue
            by_code[procedure.code] = (procedure, path)
    for path in sorted(Path(dump_dir).glob("*.json")):
        problems.append(SourceProblem(str(path), "not inside a ministry folder: skipped"))
    return [by_code[code][0] for code in sorted(by_code)], problems


# --- files --------------------------------------------------------------------------


def _load_file(
    path: Path, ministry: str, snapshot_date: str, official: dict[str, OfficialEntry], problems: list[SourceProblem]
) -> Procedure | None:
    try:
        raw = _read_json_object(path)
        return parse_record(raw, ministry=ministry, snapshot_date=snapshot_date, official=official)
    except (RecordError, OSError) as exc:
        problems.append(SourceProblem(str(path), str(exc)))
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the whole dump; report it
        problems.append(SourceProblem(str(path), f"parser error: {type(exc).__name__}: {exc}"))
    return None


def _read_json_object(path: Path) -> dict:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at {exc.start})") from exc
    try:
        value = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise RecordError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise RecordError(f"JSON is {_json_type(value)}, expected an object")
    return value


def _load_official(lists_dir: Path | None, problems: list[SourceProblem]) -> dict[str, OfficialEntry]:
    if lists_dir is None:
        return {}
    if not Path(lists_dir).is_dir():
        problems.append(SourceProblem(str(lists_dir), "official lists folder not found"))
        return {}
    entries, errors = load_official_lists(Path(lists_dir))
    problems.extend(SourceProblem(path, f"official list not read: {message}") for path, message in errors)
    return entries


def _check_fields(raw: dict) -> None:
    if not isinstance(raw, dict):
        raise RecordError(f"record is {_json_type(raw)}, expected an object")
    for key in KNOWN_FIELDS:
        if key in raw and not isinstance(raw[key], str):
            raise RecordError(f"field {key!r} is {_json_type(raw[key])}, expected a string")
    for key in REQUIRED_FIELDS:
        if key not in raw:
            raise RecordError(f"missing required field {key!r}")
        if not fold(raw[key]):
            raise RecordError(f"required field {key!r} is empty")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else type(value).__name__


# --- fields -------------------------------------------------------------------------


def _parse_levels(text: str) -> tuple[list[Level], list[str]]:
    levels: list[Level] = []
    problems: list[str] = []
    for part in fold(text).split(","):
        part = part.strip()
        if not part:
            continue
        level = _LEVELS.get(part.casefold())
        if level is None:
            problems.append(f"unknown level {part!r}")
        elif level not in levels:
            levels.append(level)
    if not levels:
        problems.append("no administrative level")
    return levels, problems


def split_applicants(text: str) -> list[str]:
    """Split "A, B (x, y), Cán bộ, công chức, viên chức" into categories.

    Commas inside parentheses do not split, and a piece starting in lower case
    continues the previous category ("Cán bộ, công chức, viên chức" is one).
    """
    if is_no_info(text):
        return []
    pieces: list[str] = []
    depth = 0
    current = ""
    for ch in fold(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth <= 0:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    applicants: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if applicants and piece[0].islower():
            applicants[-1] += ", " + piece
        elif piece not in applicants:
            applicants.append(piece)
    return applicants


def parse_steps(text: str) -> tuple[list[str], list[str]]:
    """Split the steps text into paragraphs, losslessly.

    A line starting in lower case continues the previous one (the portal text is often
    hard-wrapped); "Bước N" glued after a sentence starts a new step.
    """
    if is_no_info(text):
        return [], []
    lines = [line for line in (fold(line) for line in nfc(text).splitlines()) if line]
    paragraphs: list[str] = []
    breaks: list[tuple[str, str]] = []
    for line in lines:
        if paragraphs and line[0].islower() and not _LIST_MARKER.match(line):
            if not re.search(r"[.:;,]$", paragraphs[-1]):
                breaks.append((paragraphs[-1], line))
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    steps = [part.strip() for paragraph in paragraphs for part in _STEP_MARKER_INLINE.split(paragraph)]
    problems = []
    # One mid-sentence line break in otherwise unwrapped text is how the portal's own
    # splices show up (1.001193: "...hoàn tất việc sinh tại Trung / nộp hồ sơ.").
    if len(breaks) == 1 and len(lines) >= 4:
        before, after = breaks[0]
        problems.append(f"steps: possibly garbled text at a mid-sentence line break: {before[-30:]!r} / {after[:30]!r}")
    return [step for step in steps if step], problems


def _check_name(
    code: str,
    name: str,
    subject_field: str | None,
    official: dict[str, OfficialEntry] | None,
    problems: list[str],
    blocking: list[str],
) -> tuple[str, str | None]:
    """Validate the name against the official list; fix publication-decision names."""
    entry = (official or {}).get(code)
    if _PUBLICATION_NAME.match(name):
        if entry is None:
            blocking.append(
                f"name is a publication decision, not a procedure name, and {code} is not in the official list: "
                f"{name[:80]!r}"
            )
            return name, subject_field
        problems.append(f"name corrected from official list: was {name[:80]!r}")
        if entry.field and entry.field != subject_field:
            problems.append(f"field corrected from official list: was {subject_field!r}")
            subject_field = entry.field
        return entry.name, subject_field
    if entry is not None and _comparable(entry.name) != _comparable(name):
        problems.append(f"name differs from official list: {entry.name[:80]!r}")
    return name, subject_field


def _comparable(name: str) -> str:
    return fold(name).casefold().rstrip(" .")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
