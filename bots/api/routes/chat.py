"""The chat contract: one reply per message, as JSON or as Server-Sent Events."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field

from assistant.reply import Reply
from bots.api.deps import ServicesDep

router = APIRouter(prefix="/api/v1", tags=["chat"])

# The HTTP limit is far above the engine's message limit: a long message still gets a
# polite reply from the engine (and is stored, masked); only absurd bodies are refused here.
MAX_HTTP_MESSAGE_CHARS = 20_000
CONVERSATION_ID = r"^[A-Za-z0-9_.:\-]{1,80}$"
_CHUNK = re.compile(r"\S+\s*")
WORDS_PER_DELTA = 6


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: Annotated[str, Field(min_length=1, max_length=MAX_HTTP_MESSAGE_CHARS, pattern=r"\S")]
    conversation_id: Annotated[str | None, Field(pattern=CONVERSATION_ID)] = None


def _answer(services, request: ChatRequest) -> Reply:
    conversation_id = request.conversation_id
    if conversation_id is not None and not services.repository.conversation_exists(conversation_id):
        conversation_id = None  # an unknown id starts a new conversation, never adopts a chosen one
    return services.assistant.reply(conversation_id, request.message, channel="web")


@router.post("/chat", response_model=Reply)
async def chat(request: ChatRequest, services: ServicesDep) -> Reply:
    """The assistant's reply to one citizen message."""
    return await run_in_threadpool(_answer, services, request)


@router.post("/chat/stream", response_class=EventSourceResponse)
async def chat_stream(request: ChatRequest, services: ServicesDep) -> Iterator[ServerSentEvent]:
    """The same reply as `delta` events of text, then one `done` event with the whole reply.

    The answer is verified before any of it is sent (an LLM answer may be replaced by the
    deterministic one), so the stream starts once the reply is settled.
    """
    reply = await run_in_threadpool(_answer, services, request)
    words = _CHUNK.findall(reply.answer)
    for start in range(0, len(words), WORDS_PER_DELTA):
        yield ServerSentEvent(event="delta", data={"text": "".join(words[start : start + WORDS_PER_DELTA])})
    yield ServerSentEvent(event="done", data=reply.model_dump(mode="json"))
