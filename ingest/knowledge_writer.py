"""Write canonical procedures into `knowledge/`: one JSON file each, byte-reproducible."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.domain import Procedure
from assistant.index_store import atomic_write_text
from assistant.knowledge import PROCEDURES_SUBDIR, procedure_path


@dataclass
class WriteStats:
    written: int  # new or changed files
    unchanged: int
    deleted: int


def serialise(procedure: Procedure) -> str:
    return json.dumps(procedure.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_knowledge(knowledge_dir: Path, procedures: list[Procedure]) -> WriteStats:
    """Make `knowledge/procedures/` hold exactly these procedures; touch only what changed."""
    folder = knowledge_dir / PROCEDURES_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    stats = WriteStats(0, 0, 0)
    keep: set[str] = set()
    for procedure in procedures:
        path = procedure_path(knowledge_dir, procedure.code)
        keep.add(path.name)
        text = serialise(procedure)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            stats.unchanged += 1
            continue
        atomic_write_text(path, text)
        stats.written += 1
    for path in folder.glob("*.json"):
        if path.name not in keep:
            path.unlink()
            stats.deleted += 1
    return stats
