"""What the engine returns to every channel: one `Reply` (the public chat contract, v1)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from assistant.domain import Section


class ReplyStatus(StrEnum):
    ANSWERED = "answered"
    CLARIFY = "clarify"  # the assistant asks which procedure or what the citizen means
    NOT_FOUND = "not_found"  # about procedures, but no record covers it
    OUT_OF_SCOPE = "out_of_scope"  # not about an administrative procedure
    REFUSED = "refused"  # the assistant will not act on this message (too long, only an injection)
    HANDOFF = "handoff"  # a person from the centre is asked to take over
    ERROR = "error"


class ProcedureRef(BaseModel):
    code: str
    name: str
    levels: list[str]
    url: str


class Citation(BaseModel):
    code: str
    section: Section
    url: str


class ChecklistItem(BaseModel):
    name: str
    form: str | None = None  # form code or template file named by the record
    originals: int = 0
    copies: int = 0
    action: str  # "submit" (nộp) or "present" (xuất trình)
    required: bool  # False: "chỉ cần nếu …" (the condition is not known to hold)
    condition: str | None = None  # the record's own condition for the item
    note: str | None = None  # why it applies, in the citizen's situation
    source_index: int  # position in the record's document list


class Checklist(BaseModel):
    reference: str
    procedure_code: str
    procedure_name: str
    items: list[ChecklistItem]
    fee: str | None = None
    processing_time: str | None = None
    where: str | None = None
    online_url: str | None = None
    review_status: str = "pending"
    situation: dict[str, str] = Field(default_factory=dict)  # the facts it was built from


class Reply(BaseModel):
    conversation_id: str
    status: ReplyStatus
    answer: str
    procedures: list[ProcedureRef] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    checklist: Checklist | None = None
    quick_replies: list[str] = Field(default_factory=list)
