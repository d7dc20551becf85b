"""Reading and writing conversations, messages and checklists.

Every turn is one transaction: the conversation row is locked (PostgreSQL `FOR UPDATE`)
while the turn runs, so two workers never interleave the same conversation.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.reply import Checklist
from assistant.storage.models import ChecklistRow, ConversationRow, MessageRow, utcnow

# No 0/O, 1/I/L: a reference is read out over the phone and typed at the counter.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_conversation_id() -> str:
    return uuid.uuid4().hex


class Repository:
    def __init__(self, engine: Engine):
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def turn(self, conversation_id: str, channel: str) -> Iterator[TurnStore]:
        """One locked conversation for the length of a turn; committed when the turn ends."""
        with self._sessions.begin() as session:
            row = session.execute(
                select(ConversationRow).where(ConversationRow.id == conversation_id).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                row = ConversationRow(id=conversation_id, channel=channel, state={}, handoff=False)
                session.add(row)
                session.flush()
            yield TurnStore(session, row)

    def conversation_exists(self, conversation_id: str) -> bool:
        with self._sessions() as session:
            return session.get(ConversationRow, conversation_id) is not None

    def messages(self, conversation_id: str) -> list[MessageRow]:
        with self._sessions() as session:
            query = select(MessageRow).where(MessageRow.conversation_id == conversation_id).order_by(MessageRow.id)
            return list(session.execute(query).scalars())

    def checklist(self, reference: str) -> ChecklistRow | None:
        with self._sessions() as session:
            return session.execute(select(ChecklistRow).where(ChecklistRow.reference == reference)).scalar_one_or_none()


class TurnStore:
    def __init__(self, session: Session, conversation: ConversationRow):
        self.session = session
        self.conversation = conversation

    @property
    def state(self) -> dict[str, Any]:
        return dict(self.conversation.state or {})

    def save_state(self, state: dict[str, Any], handoff: bool | None = None) -> None:
        self.conversation.state = state
        if handoff is not None:
            self.conversation.handoff = handoff
        self.conversation.updated_at = utcnow()

    def add_message(self, role: str, text: str, status: str | None = None, procedure_code: str | None = None) -> None:
        self.session.add(
            MessageRow(conversation_id=self.conversation.id, role=role, text=text, status=status, procedure_code=procedure_code)
        )

    def save_checklist(self, checklist: Checklist, reference: str | None) -> str:
        """Store a new checklist, or update the conversation's pending one; returns its reference."""
        if reference is not None:
            row = self.session.execute(select(ChecklistRow).where(ChecklistRow.reference == reference)).scalar_one_or_none()
            if row is not None and row.review_status == "pending" and row.procedure_code == checklist.procedure_code:
                row.payload = checklist.model_copy(update={"reference": reference}).model_dump(mode="json")
                row.updated_at = utcnow()
                return reference
        for _ in range(8):
            candidate = new_reference()
            row = ChecklistRow(
                reference=candidate,
                conversation_id=self.conversation.id,
                procedure_code=checklist.procedure_code,
                payload=checklist.model_copy(update={"reference": candidate}).model_dump(mode="json"),
                review_status="pending",
            )
            try:
                with self.session.begin_nested():
                    self.session.add(row)
            except IntegrityError:
                continue  # reference already taken: draw another
            return candidate
        raise RuntimeError("could not draw a free checklist reference")
