"""Procedure search: lexical BM25 fused with dense Chroma retrieval, at procedure level.

    question -> analyze (shorthand, question phrasing, glossary, variants)
             -> lexical scores (citizen's words + glossary's official words)
             -> example questions (character n-grams)
             -> out-of-scope check
             -> fuse: lexical + name coverage + dense (chunks aggregate to their procedure)
                      + examples + ward-level prior + variant adjustment -> ranked procedures
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Literal

import numpy as np
from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict

from assistant.domain import Level, Procedure
from assistant.examples import ExampleIndex
from assistant.index_store import LEXICAL_DIR, IndexLayout, open_vector_store
from assistant.knowledge import KnowledgeBase
from assistant.lexical import LexicalIndex, query_terms
from assistant.lexicon import Lexicon
from assistant.query import QueryAnalysis, analyze
from assistant.scope import ScopeClassifier
from assistant.settings import Settings
from assistant.vntext import fold, syllables

EXPANSION_WEIGHT = 0.6  # official words from the glossary, relative to the citizen's own
DENSE_WEIGHT = 0.15  # the bundled model is English-trained: a tie-breaker, not the lead
WARD_PRIOR = 0.06  # the centre serves its ward: prefer the procedure it handles itself
VARIANT_PENALTY = 0.3  # a variant the question did not ask for
VARIANT_BONUS = 0.15  # a variant the question asked for
COVERAGE_WEIGHT = 0.3  # how much of a candidate's name the question accounts for
COVERAGE_CANDIDATES = 60
EXAMPLE_WEIGHT = 2.5  # similarity to a hand-written example question of the procedure
EXAMPLE_IN_SCOPE = 0.65  # this close to an example question: in scope whatever the classifier says
GENERIC_NAME_WORDS = frozenset({"thu", "tuc"})  # "Thủ tục ..." says nothing about which one
# "(thực hiện tại cấp tỉnh)", "(cấp xã)": where, not what; left out of name coverage.
_LEVEL_SUFFIX = re.compile(r"\((?:thực hiện )?(?:tại )?cấp [^)]*\)", re.IGNORECASE)
DENSE_CANDIDATES = 40
IN_SCOPE_PROBABILITY = 0.5  # scope classifier threshold
IN_SCOPE_PROBABILITY_WITH_GLOSSARY = 0.2  # lower when an everyday phrase for a procedure was recognised


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
        score=round(float(score), 6),
        url=procedure.source_url,
    )


@dataclass
class _Generation:
    name: str
    lexical: LexicalIndex
    vectors: Chroma
    ward: np.ndarray  # 1.0 where the procedure is handled at cấp xã
    markers: list[frozenset[str]]  # variant markers in each procedure's name
    penalties: np.ndarray  # the penalty of an unasked variant, per procedure (0 = not a variant)
    name_words: list[frozenset[str]]  # folded syllables of each name
    position: dict[str, int]  # code -> index in the score arrays


class ProcedureSearch:
    """Searches the current index generation; picks up a new one when ingest swaps it."""

    def __init__(
        self,
        settings: Settings,
        knowledge: KnowledgeBase,
        embeddings: Embeddings,
        lexicon: Lexicon | None = None,
        scope: ScopeClassifier | None = None,
        examples: ExampleIndex | None = None,
    ):
        self.settings = settings
        self.knowledge = knowledge
        self.embeddings = embeddings
        self.lexicon = lexicon or Lexicon.load(settings.knowledge_dir)
        self.scope = scope or ScopeClassifier.load(settings.knowledge_dir)
        self.examples = examples or ExampleIndex.load(settings.knowledge_dir, self.lexicon)
        self.layout = IndexLayout(settings.index_dir)
        self._generation: _Generation | None = None
        self._lock = threading.Lock()

    def _current(self) -> _Generation:
        # Reading CURRENT is cheap; the manifest is only read when the generation changes.
        name = self.layout.current_generation()
        generation = self._generation
        if generation is None or generation.name != name:
            with self._lock:
                manifest = self.layout.current_manifest()  # raises IndexNotReady
                generation = self._generation = self._open(manifest.generation)
        return generation

    def _open(self, name: str) -> _Generation:
        lexical = LexicalIndex.load(self.layout.generation_dir(name) / LEXICAL_DIR)
        procedures = [self.knowledge.get(code) if code in self.knowledge else None for code in lexical.codes]
        ward = np.array([1.0 if p is not None and Level.XA in p.levels else 0.0 for p in procedures], dtype=np.float32)
        markers = [
            frozenset(v.marker_folded for v in self.lexicon.variants if p is not None and v.marker_folded in fold(p.name))
            for p in procedures
        ]
        weight = {v.marker_folded: v.penalty for v in self.lexicon.variants}
        penalties = np.array([max((weight[m] for m in ms), default=0.0) for ms in markers], dtype=np.float32)
        name_words = [
            frozenset(fold(s) for s in syllables(_LEVEL_SUFFIX.sub("", p.name))) - GENERIC_NAME_WORDS
            if p is not None
            else frozenset()
            for p in procedures
        ]
        vectors = open_vector_store(self.settings, name, self.embeddings)
        return _Generation(
            name, lexical, vectors, ward, markers, penalties, name_words, {c: i for i, c in enumerate(lexical.codes)}
        )

    def ready(self) -> bool:
        return self._current().vectors._collection.count() > 0

    def analyze(self, query: str) -> QueryAnalysis:
        return analyze(query, self.lexicon)

    def search(self, query: str, limit: int = 10) -> SearchResponse:
        generation = self._current()
        analysis = self.analyze(query)
        lexical = self._lexical(analysis, generation)
        examples = self._example_similarity(analysis, generation)
        if self._out_of_scope(analysis, lexical, examples):
            return SearchResponse(status="out_of_scope", results=[])
        score = (
            lexical / lexical.max()
            + COVERAGE_WEIGHT * self._name_coverage(analysis, lexical, generation)
            + DENSE_WEIGHT * self._dense(query, generation)
            + EXAMPLE_WEIGHT * examples
            + WARD_PRIOR * generation.ward
            + self._variant_adjustment(analysis, generation)
        )
        order = np.argsort(-score, kind="stable")[:limit]
        codes = generation.lexical.codes
        hits = [to_hit(self.knowledge.get(codes[i]), score[i]) for i in order if score[i] > 0 and codes[i] in self.knowledge]
        return SearchResponse(status="ok", results=hits)

    def _lexical(self, analysis: QueryAnalysis, generation: _Generation) -> np.ndarray:
        """BM25 of the citizen's own words, plus (weighted) of the glossary's official words."""
        vocabulary = generation.lexical.vocabulary
        own = generation.lexical.scores(query_terms(analysis.content, vocabulary))
        official = generation.lexical.scores(query_terms(analysis.official_words, vocabulary))
        return own + EXPANSION_WEIGHT * official

    def _out_of_scope(self, analysis: QueryAnalysis, lexical: np.ndarray, examples: np.ndarray) -> bool:
        if not analysis.content or lexical.max() <= 0:
            return True  # nothing of the question occurs in any procedure
        if len(analysis.content) > 1 and examples.max(initial=0.0) >= EXAMPLE_IN_SCOPE:
            return False  # asked the way citizens ask for a known procedure (one word is too little to tell)
        threshold = IN_SCOPE_PROBABILITY_WITH_GLOSSARY if analysis.glossary else IN_SCOPE_PROBABILITY
        return self.scope.probability(analysis.text) < threshold

    @staticmethod
    def _name_coverage(analysis: QueryAnalysis, lexical: np.ndarray, generation: _Generation) -> np.ndarray:
        """Share of each leading candidate's name that the question accounts for."""
        asked = {fold(w) for w in analysis.content + analysis.official_words}
        out = np.zeros_like(lexical)
        for i in np.argsort(-lexical, kind="stable")[:COVERAGE_CANDIDATES]:
            words = generation.name_words[i]
            if words:
                out[i] = len(words & asked) / len(words)
        return out

    def _example_similarity(self, analysis: QueryAnalysis, generation: _Generation) -> np.ndarray:
        out = np.zeros(len(generation.lexical.codes), dtype=np.float32)
        for code, similarity in self.examples.best_by_code(analysis.content).items():
            if (i := generation.position.get(code)) is not None:
                out[i] = similarity
        return out

    @staticmethod
    def _variant_adjustment(analysis: QueryAnalysis, generation: _Generation) -> np.ndarray:
        """Down for a variant the question did not ask for, up for one it did."""
        out = -VARIANT_PENALTY * generation.penalties
        for i in np.flatnonzero(generation.penalties):
            if generation.markers[i] & analysis.variants:
                out[i] = VARIANT_BONUS
        return out

    def _dense(self, query: str, generation: _Generation) -> np.ndarray:
        """Best chunk similarity per procedure (0 outside the top chunks)."""
        out = np.zeros(len(generation.lexical.codes), dtype=np.float32)
        position = generation.position
        vector = self.embeddings.embed_query(query)
        result = generation.vectors._collection.query(
            query_embeddings=[vector], n_results=DENSE_CANDIDATES, include=["metadatas", "distances"]
        )
        for metadata, distance in zip(result["metadatas"][0], result["distances"][0]):
            i = position.get(str(metadata["code"]))
            if i is not None:
                out[i] = max(out[i], 1.0 - float(distance))
        return out


class ProcedureRetriever(BaseRetriever):
    """The search as a LangChain retriever: one Document per procedure, best first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: ProcedureSearch
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        response = self.search.search(query, limit=self.k)
        return [
            Document(page_content=hit.name, metadata={"code": hit.code, "score": hit.score, "levels": hit.levels, "url": hit.url})
            for hit in response.results
        ]
