"""Checklists by reference, as last reviewed by staff."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path

from assistant.storage.repository import REFERENCE_ALPHABET, REFERENCE_LENGTH
from bots.api.deps import ServicesDep

router = APIRouter(prefix="/api/v1/checklists", tags=["checklists"])


@router.get("/{reference}")
def get_checklist(
    services: ServicesDep,
    reference: Annotated[str, Path(pattern=rf"^[{REFERENCE_ALPHABET}{REFERENCE_ALPHABET.lower()}]{{{REFERENCE_LENGTH}}}$")],
) -> dict[str, Any]:
    """The checklist: staff's corrected version once reviewed, else the one the assistant built."""
    row = services.repository.checklist(reference.upper())
    if row is None:
        raise HTTPException(status_code=404, detail=f"Không có danh sách giấy tờ mã {reference.upper()}.")
    payload = dict(row.reviewed_payload or row.payload)
    payload["review_status"] = row.review_status
    return payload
