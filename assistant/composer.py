"""The deterministic composer: short, polite Vietnamese answers from one record, no LLM.

Each function answers one aspect from the record's own fields and returns the section it
cites. Nothing here states a fact that is not in the record or the centre profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.claims import Claim, agrees
from assistant.dialogue_words import Aspect, CentreTopic
from assistant.domain import ChannelKind, Procedure
from assistant.knowledge import CONTACT_LABELS, CentreProfile
from assistant.labels import CHANNEL_LABELS, LEVEL_LABELS, describe_duration, describe_fee
from assistant.reply import Checklist, ChecklistItem, Section

MAX_ITEM_CHARS = 220
MAX_STEPS = 8
MAX_STEP_CHARS = 300
MAX_NOTE_CHARS = 260
MAX_LEGAL = 6

ASPECT_SECTIONS: dict[Aspect, Section] = {
    Aspect.DOCUMENTS: Section.DOCUMENTS,
    Aspect.FEE: Section.CHANNELS,
    Aspect.TIME: Section.CHANNELS,
    Aspect.WHERE: Section.OVERVIEW,
    Aspect.CHANNELS: Section.CHANNELS,
    Aspect.STEPS: Section.STEPS,
    Aspect.CONDITIONS: Section.CONDITIONS,
    Aspect.RESULT: Section.RESULT,
    Aspect.LEGAL_BASIS: Section.LEGAL_BASIS,
}

FOLLOW_UP_REPLIES = {
    Aspect.DOCUMENTS: "Cần giấy tờ gì?",
    Aspect.FEE: "Lệ phí bao nhiêu?",
    Aspect.TIME: "Mất bao lâu?",
    Aspect.WHERE: "Nộp ở đâu?",
    Aspect.CHANNELS: "Nộp trực tuyến được không?",
}


@dataclass
class Composition:
    answer: str
    sections: list[Section] = field(default_factory=list)
    quick_replies: list[str] = field(default_factory=list)


def short(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def title(procedure: Procedure) -> str:
    """The record's name, without the leading "Thủ tục" every other name carries."""
    name = re.sub(r"^(thủ tục)\s+", "", procedure.name.strip(), flags=re.IGNORECASE)
    return f"«{name[:1].upper()}{name[1:]}»"


def _grouped(procedure: Procedure, describe) -> list[tuple[str, list[ChannelKind]]]:
    """Channels grouped by an identical description, in the record's order."""
    groups: dict[str, list[ChannelKind]] = {}
    for channel in procedure.channels:
        groups.setdefault(describe(channel), []).append(channel.kind)
    return list(groups.items())


def _channel_list(kinds: list[ChannelKind]) -> str:
    return ", ".join(CHANNEL_LABELS[k].lower() for k in kinds)


def _by_channel(procedure: Procedure, describe) -> str:
    groups = _grouped(procedure, describe)
    if not groups:
        return "hồ sơ thủ tục không ghi thông tin này"
    if len(groups) == 1:
        return groups[0][0]
    return "; ".join(f"nộp {_channel_list(kinds)}: {text}" for text, kinds in groups)


def fee_summary(procedure: Procedure) -> str:
    return _by_channel(procedure, lambda c: describe_fee(c.fee))


def time_summary(procedure: Procedure) -> str:
    return _by_channel(procedure, lambda c: describe_duration(c.time))


def fee_note(procedure: Procedure) -> str | None:
    notes = [c.note.strip("() ") for c in procedure.channels if c.note and c.note.strip("() ")]
    return short(notes[0], MAX_NOTE_CHARS) if notes else None


def where_summary(procedure: Procedure, centre: CentreProfile) -> str:
    agency = procedure.implementing_agency or procedure.competent_agency
    if procedure.handled_at_ward():
        text = f"Thủ tục này do cấp xã giải quyết: bạn có thể nộp hồ sơ tại {centre.name}."
        if procedure.receiving_address:
            text += f" Nơi tiếp nhận theo hồ sơ thủ tục: {short(procedure.receiving_address, MAX_NOTE_CHARS)}."
        return text
    levels = ", ".join(LEVEL_LABELS[level] for level in procedure.levels) or procedure.levels_text
    text = f"Thủ tục này không do cấp xã giải quyết mà thuộc {levels}."
    if agency:
        text += f" Cơ quan thực hiện: {short(agency, MAX_NOTE_CHARS)}."
    if procedure.receiving_address:
        text += f" Nơi tiếp nhận: {short(procedure.receiving_address, MAX_NOTE_CHARS)}."
    return text


def _has_online(procedure: Procedure) -> bool:
    return any(c.kind is ChannelKind.ONLINE for c in procedure.channels)


def channels_answer(procedure: Procedure, asked: str | None) -> str:
    kinds = [c.kind for c in procedure.channels]
    if not kinds:
        return "Hồ sơ thủ tục không ghi rõ hình thức nộp; bạn vui lòng hỏi trực tiếp cán bộ tiếp nhận."
    available = f"Theo hồ sơ thủ tục, bạn có thể nộp: {_channel_list(kinds)}."
    lines = []
    if asked is not None:
        kind = ChannelKind(asked)
        label = CHANNEL_LABELS[kind].lower()
        lines.append(f"Có, thủ tục này nhận hồ sơ {label}." if kind in kinds else f"Thủ tục này không có hình thức nộp {label}.")
    lines.append(available)
    if ChannelKind.ONLINE in kinds:
        lines.append(f"Nộp trực tuyến trên Cổng Dịch vụ công quốc gia, trang của thủ tục: {procedure.source_url}")
    return " ".join(lines)


def steps_answer(procedure: Procedure) -> str:
    if not procedure.steps:
        return "Hồ sơ thủ tục không ghi trình tự thực hiện."
    steps = [short(s.lstrip("-–• "), MAX_STEP_CHARS) for s in procedure.steps[:MAX_STEPS]]
    text = "Các bước thực hiện:\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    if len(procedure.steps) > MAX_STEPS:
        text += f"\n(còn {len(procedure.steps) - MAX_STEPS} bước nữa trong hồ sơ thủ tục)"
    return text


def conditions_answer(procedure: Procedure) -> str:
    if not procedure.conditions:
        return "Hồ sơ thủ tục không nêu điều kiện riêng để thực hiện thủ tục này."
    return "Yêu cầu, điều kiện: " + short(procedure.conditions, 700)


def result_answer(procedure: Procedure) -> str:
    if not procedure.results:
        return "Hồ sơ thủ tục không ghi tên kết quả."
    return "Kết quả bạn nhận được: " + "; ".join(r.name for r in procedure.results) + "."


def legal_answer(procedure: Procedure) -> str:
    if not procedure.legal_basis:
        return "Hồ sơ thủ tục không ghi căn cứ pháp lý."
    shown = procedure.legal_basis[:MAX_LEGAL]
    lines = [f"- {short(d.title, 160) or d.number}" + (f" ({d.number})" if d.number and d.number not in d.title else "") for d in shown]
    more = len(procedure.legal_basis) - len(shown)
    return "Căn cứ pháp lý:\n" + "\n".join(lines) + (f"\n(và {more} văn bản khác)" if more > 0 else "")


def premise_answer(claims: list[Claim], procedure: Procedure) -> str | None:
    """Confirm or correct what the citizen took for granted, without repeating a wrong figure."""
    lines = []
    for kind in ("fee", "time"):
        stated = [c for c in claims if c.kind == kind]
        if not stated:
            continue
        verdicts = {agrees(c, procedure) for c in stated}
        what = "lệ phí" if kind == "fee" else "thời gian giải quyết"
        fact = fee_summary(procedure) if kind == "fee" else time_summary(procedure)
        if None in verdicts:
            lines.append(f"Hồ sơ thủ tục ghi {what}: {fact} — không đủ rõ để mình xác nhận con số bạn nêu.")
        elif False in verdicts:
            lines.append(f"Thông tin đó chưa đúng. Theo hồ sơ thủ tục, {what} là: {fact}.")
        else:
            lines.append(f"Đúng vậy, theo hồ sơ thủ tục, {what} là: {fact}.")
    return "\n".join(lines) or None


def item_line(item: ChecklistItem) -> str:
    counts = []
    if item.originals:
        counts.append(f"{item.originals} bản chính")
    if item.copies:
        counts.append(f"{item.copies} bản sao")
    extra = ", ".join(counts)
    if item.form:
        extra = f"{extra}, mẫu {item.form}" if extra else f"mẫu {item.form}"
    verb = "xuất trình" if item.action == "present" else "nộp"
    return f"- {short(item.name, MAX_ITEM_CHARS)} ({verb}{': ' + extra if extra else ''})"


def checklist_answer(checklist: Checklist) -> str:
    required = [i for i in checklist.items if i.required]
    conditional = [i for i in checklist.items if not i.required]
    parts = []
    if required:
        parts.append("Giấy tờ cần chuẩn bị:\n" + "\n".join(item_line(i) for i in required))
    if conditional:
        parts.append(
            "Chỉ cần trong một số trường hợp:\n"
            + "\n".join(f"{item_line(i)} — {short(i.note or '', 160)}" for i in conditional)
        )
    if not checklist.items:
        parts.append("Hồ sơ thủ tục không liệt kê giấy tờ cụ thể; bạn vui lòng hỏi cán bộ tiếp nhận.")
    parts.append(f"Lệ phí: {checklist.fee}. Thời hạn giải quyết: {checklist.processing_time}.")
    parts.append(f"Mã danh sách: {checklist.reference} — cán bộ sẽ kiểm tra lại danh sách này.")
    return "\n\n".join(parts)


def overview_answer(procedure: Procedure, centre: CentreProfile) -> str:
    return (
        f"Việc bạn hỏi là thủ tục {title(procedure)} (mã {procedure.code}).\n"
        f"{where_summary(procedure, centre)}\n"
        f"Lệ phí: {fee_summary(procedure)}. Thời hạn giải quyết: {time_summary(procedure)}.\n"
        "Bạn muốn biết thêm về giấy tờ cần chuẩn bị, nơi nộp hay cách nộp trực tuyến?"
    )


def aspect_answer(aspect: Aspect, procedure: Procedure, centre: CentreProfile, asked_channel: str | None) -> str:
    if aspect is Aspect.FEE:
        note = fee_note(procedure)
        return f"Lệ phí: {fee_summary(procedure)}." + (f"\nGhi chú trong hồ sơ: {note}" if note else "")
    if aspect is Aspect.TIME:
        return f"Thời hạn giải quyết: {time_summary(procedure)}."
    if aspect is Aspect.WHERE:
        return where_summary(procedure, centre)
    if aspect is Aspect.CHANNELS:
        return channels_answer(procedure, asked_channel)
    if aspect is Aspect.STEPS:
        return steps_answer(procedure)
    if aspect is Aspect.CONDITIONS:
        return conditions_answer(procedure)
    if aspect is Aspect.RESULT:
        return result_answer(procedure)
    if aspect is Aspect.LEGAL_BASIS:
        return legal_answer(procedure)
    raise ValueError(f"no answer for {aspect}")  # documents go through the checklist


def centre_answer(topics: list[CentreTopic], centre: CentreProfile) -> tuple[str, bool]:
    """What the centre's profile says about each topic asked, and whether any was known.

    A field the operator left empty is said to be unknown; nothing is guessed."""
    fields = [t.value for t in topics if t.value in CONTACT_LABELS]
    known = [(CONTACT_LABELS[f], value) for f in fields if (value := getattr(centre, f))]
    unknown = [CONTACT_LABELS[f].lower() for f in fields if not getattr(centre, f)]
    lines = [f"{label} của {centre.name}: {value}" for label, value in known]
    if unknown:
        lines.append(f"Mình chưa có thông tin chính thức về {' và '.join(unknown)} của {centre.name}.")
    if CentreTopic.DOSSIER_STATUS in topics:
        lines.append("Mình không tra cứu được tình trạng hồ sơ bạn đã nộp; bạn vui lòng hỏi Trung tâm, kèm mã hồ sơ nếu có.")
    if CentreTopic.STAFF in topics:
        lines.append(
            f"Mình không có thông tin về cán bộ của {centre.name}; lời khen hay góp ý về cán bộ, "
            "bạn vui lòng gửi trực tiếp Trung tâm."
        )
    if CentreTopic.OTHER in topics:
        lines.append(f"Mình không có thông tin về việc bạn hỏi tại {centre.name}.")
    if unknown or any(t.value not in CONTACT_LABELS for t in topics):  # a topic the profile cannot answer
        lines.append(contact_text(centre))
    return "\n".join(lines), bool(known)


def contact_text(centre: CentreProfile) -> str:
    lines = centre.contact_lines()
    if not lines:
        return f"Bạn có thể hỏi trực tiếp cán bộ tại {centre.name}."
    return f"Bạn có thể liên hệ {centre.name}:\n" + "\n".join(f"- {label}: {value}" for label, value in lines)


def follow_up_replies(exclude: set[Aspect]) -> list[str]:
    return [text for aspect, text in FOLLOW_UP_REPLIES.items() if aspect not in exclude][:4]
