"""Procedure search: lexical BM25 fused with dense Chroma retrieval, at procedure level.

This is the first search over the index; query understanding (segmentation, glossary,
variants, out-of-scope detection) is built on top of it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel

from assistant.domain import Procedure
from assistant.index_store import LEXICAL_DIR, IndexLayout, open_vector_store
from assistant.knowledge import KnowledgeBase
from assistant.lexical import LexicalIndex
from assistant.settings import Settings

RRF_K = 60
LEXICAL_WEIGHT = 1.0
DENSE_WEIGHT = 0.5  # the bundled model is English-trained: a helper, not the lead
CANDIDATES = 50


class SearchHit(BaseModel):
    code: str
    name: str
    levels: list[str]
    field: str | None
    score: float
    url: str


class SearchResponse(BaseModel):
    status: Literal["ok", "out_of_scope"]
    results: list[SearchHit]


def to_hit(procedure: Procedure, score: float) -> SearchHit:
    return SearchHit(
        code=procedure.code,
        name=procedure.name,
        levels=[level.value for level in procedure.levels],
        field=procedure.field,
        score=round(score, 6),
        url=procedure.source_url,
    )


@dataclass
class _Generation:
    name: str
    lexical: LexicalIndex
    vectors: Chroma


class ProcedureSearch:
    """Searches the current index generation; picks up a new one when ingest swaps it."""

    def __init__(self, settings: Settings, knowledge: KnowledgeBase, embeddings: Embeddings):
        self.settings = settings
        self.knowledge = knowledge
        self.embeddings = embeddings
        self.layout = IndexLayout(settings.index_dir)
        self._generation: _Generation | None = None
        self._lock = threading.Lock()

    def _current(self) -> _Generation:
        manifest = self.layout.current_manifest()  # raises IndexNotReady
        generation = self._generation
        if generation is None or generation.name != manifest.generation:
            with self._lock:
                lexical = LexicalIndex.load(self.layout.generation_dir(manifest.generation) / LEXICAL_DIR)
                vectors = open_vector_store(self.settings, manifest.generation, self.embeddings)
                generation = self._generation = _Generation(manifest.generation, lexical, vectors)
        return generation

    def ready(self) -> bool:
        generation = self._current()
        return generation.vectors._collection.count() > 0

    def search(self, query: str, limit: int = 10) -> SearchResponse:
        generation = self._current()
        lexical = generation.lexical.search(query, k=CANDIDATES)
        if not lexical:
            # No word of the question occurs in any procedure: not a procedure question.
            return SearchResponse(status="out_of_scope", results=[])
        dense = generation.vectors.similarity_search_with_score(query, k=CANDIDATES)

        fused: dict[str, float] = {}
        for rank, (code, _score) in enumerate(lexical):
            fused[code] = fused.get(code, 0.0) + LEXICAL_WEIGHT / (RRF_K + rank)
        seen: set[str] = set()
        for document, _distance in dense:
            code = document.metadata["code"]
            if code in seen:  # chunks aggregate to their procedure: best chunk counts
                continue
            fused[code] = fused.get(code, 0.0) + DENSE_WEIGHT / (RRF_K + len(seen))
            seen.add(code)

        ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
        hits = [to_hit(self.knowledge.get(code), score) for code, score in ranked if code in self.knowledge]
        return SearchResponse(status="ok", results=hits[:limit])
