"""Split a canonical procedure into one chunk per section, for the vector store."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain import Procedure, Section
from assistant.labels import CHANNEL_LABELS, GROUP_LABELS, describe_duration, describe_fee


@dataclass(frozen=True)
class Chunk:
    id: str
    code: str
    section: Section
    text: str
    metadata: dict[str, str | int | float | bool]


def chunk_id(code: str, section: Section) -> str:
    return f"{code}:{section.value}"


def _overview(p: Procedure) -> str:
    lines = [f"Thủ tục: {p.name}", f"Cấp thực hiện: {p.levels_text}"]
    if p.field:
        lines.append(f"Lĩnh vực: {p.field}")
    if p.applicants:
        lines.append("Đối tượng thực hiện: " + ", ".join(p.applicants))
    if p.implementing_agency:
        lines.append(f"Cơ quan thực hiện: {p.implementing_agency}")
    lines.append(f"Bộ, ngành: {p.ministry}")
    return "\n".join(lines)


def _documents(p: Procedure) -> str:
    lines: list[str] = []
    for item in p.documents:
        if item.is_note:
            continue
        head = item.group_title or GROUP_LABELS[item.group]
        count = []
        if item.originals:
            count.append(f"{item.originals} bản chính")
        if item.copies:
            count.append(f"{item.copies} bản sao")
        extra = f" ({', '.join(count)})" if count else ""
        form = f" [mẫu {item.form_code}]" if item.form_code else ""
        lines.append(f"{head}: {item.name}{form}{extra}")
    return "\n".join(lines)


def _channels(p: Procedure) -> str:
    return "\n".join(
        f"{CHANNEL_LABELS[c.kind]}: thời hạn {describe_duration(c.time)}; phí, lệ phí {describe_fee(c.fee)}"
        + (f". {c.note}" if c.note else "")
        for c in p.channels
    )


def _legal(p: Procedure) -> str:
    return "\n".join(f"{d.title} ({d.number})" if d.number else d.title for d in p.legal_basis)


def section_texts(p: Procedure) -> dict[Section, str]:
    texts = {
        Section.OVERVIEW: _overview(p),
        Section.DOCUMENTS: _documents(p),
        Section.STEPS: "\n".join(p.steps),
        Section.CHANNELS: _channels(p),
        Section.CONDITIONS: p.conditions or "",
        Section.RESULT: "\n".join(r.name for r in p.results),
        Section.LEGAL_BASIS: _legal(p),
    }
    return {section: text for section, text in texts.items() if text.strip()}


def chunk_procedure(p: Procedure) -> list[Chunk]:
    """One chunk per non-empty section, with the metadata search filters on."""
    levels = ",".join(level.value for level in p.levels)
    chunks = []
    for section, text in section_texts(p).items():
        chunks.append(
            Chunk(
                id=chunk_id(p.code, section),
                code=p.code,
                section=section,
                text=text,
                metadata={
                    "code": p.code,
                    "section": section.value,
                    "levels": levels,
                    "field": p.field or "",
                    "ministry": p.ministry,
                },
            )
        )
    return chunks
