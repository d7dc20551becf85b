"""Procedure search and the canonical record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from assistant.search import SearchResponse
from bots.api.deps import ServicesDep

router = APIRouter(prefix="/api/v1/procedures", tags=["procedures"])

MAX_QUERY_CHARS = 500


@router.get("/search", response_model=SearchResponse)
def search(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"\S")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchResponse:
    """Procedures matching a citizen's question, best first."""
    return services.search.search(q, limit=limit)


@router.get("/{code}")
def get_procedure(
    services: ServicesDep, code: Annotated[str, Path(max_length=32, pattern=r"^[0-9A-Za-z.\-]+$")]
) -> dict[str, Any]:
    """The canonical record of one procedure."""
    return services.knowledge.get(code).model_dump(mode="json")
