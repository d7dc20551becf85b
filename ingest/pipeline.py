"""`assistant ingest`: (optionally) regenerate knowledge from the dump, then index it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain import Procedure
from assistant.knowledge import read_procedures
from assistant.settings import Settings
from ingest.indexer import Indexer, IndexStats
from ingest.knowledge_writer import WriteStats, write_knowledge

# The portal dump was taken in June-July 2026 (see the source data's README).
DEFAULT_SNAPSHOT_DATE = "2026-07"


@dataclass
class Problem:
    path: str
    message: str


@dataclass
class IngestResult:
    procedures: list[Procedure]
    problems: list[Problem] = field(default_factory=list)  # files that could not be read
    written: WriteStats | None = None
    index: IndexStats | None = None


def default_lists_dir(source: Path) -> Path | None:
    candidate = source.parent / f"{source.name}-lists"
    return candidate if candidate.is_dir() else None


def regenerate_knowledge(
    settings: Settings, source: Path, *, snapshot_date: str, lists_dir: Path | None
) -> tuple[WriteStats | None, list[Problem]]:
    from ingest.portal import load_dump

    procedures, source_problems = load_dump(source, snapshot_date=snapshot_date, lists_dir=lists_dir)
    problems = [Problem(p.path, p.message) for p in source_problems]
    if not procedures:
        return None, problems  # nothing parsed: keep the committed knowledge as it is
    return write_knowledge(settings.knowledge_dir, procedures), problems


def run_ingest(
    settings: Settings,
    *,
    source: Path | None = None,
    lists_dir: Path | None = None,
    snapshot_date: str = DEFAULT_SNAPSHOT_DATE,
    progress: bool = True,
) -> IngestResult:
    problems: list[Problem] = []
    written = None
    if source is not None:
        written, problems = regenerate_knowledge(
            settings, source, snapshot_date=snapshot_date, lists_dir=lists_dir or default_lists_dir(source)
        )
        if written is None:
            return IngestResult([], problems)
    loaded, load_problems = read_procedures(settings.knowledge_dir)
    problems += [Problem(p.path, p.message) for p in load_problems]
    procedures = list(loaded.values())
    result = IngestResult(procedures, problems, written)
    if procedures:
        result.index = Indexer(settings, progress=progress).run(procedures)
    return result
