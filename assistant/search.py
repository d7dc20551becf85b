"""Procedure search: lexical BM25 fused with dense Chroma retrieval, at procedure level.

    question -> analyze (shorthand, question phrasing, glossary, variants)
             -> lexical scores (citizen's words + glossary's official words)
             -> example questions (character n-grams, words)
             -> out-of-scope check
             -> signals: lexical, name coverage, dense (chunks aggregate to their procedure),
                         examples, ward level, variants
             -> weighed by the ranking model fitted on the example questions -> ranked procedures
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict
from scipy import sparse

from assistant.dialogue_words import DialogueWords
from assistant.domain import Level, Procedure, without_level
from assistant.examples import ExampleIndex, ExampleMatch
from assistant.index_store import LEXICAL_DIR, IndexLayout, open_vector_store
from assistant.knowledge import KnowledgeBase
from assistant.lexical import LexicalIndex, query_terms
from assistant.lexicon import Lexicon
from assistant.query import QueryAnalysis, analyze
from assistant.ranking import RankingModel, Signals
from assistant.scope import ScopeClassifier
from assistant.settings import Settings
from assistant.twins import NameTwins
from assistant.understanding import understand
from assistant.vntext import fold, same_word, syllables

EXPANSION_WEIGHT = 0.6  # official words from the glossary, relative to the citizen's own
# The variant signal where the question states the variant's condition ("chồng tôi quốc tịch Pháp
# vừa mất"). Set by hand above the 0.5 the ranking was fitted with: on the development sets 1.0
# made 8 first answers right and 3 wrong (1.5: 9 and 4).
VARIANT_ASKED = 1.0
# ... and where it says the condition does not hold ("bé đã có khai sinh rồi"): the variant
# cannot apply, whatever examples it resembles, so it sinks below any plausible procedure.
VARIANT_RULED_OUT = -10.0
NAMED = 0.8  # this much of a procedure's name in the question: it names that procedure
EXAMPLE_IN_SCOPE = 0.65  # this close to an example question: in scope unless the classifier is sure it is not
EXAMPLE_SAME = 0.8  # this close: the same question as an example
# Below this the scope classifier is sure ("giá xe vinfast lăn bánh"), whatever example shares
# words with it; no in-scope question of the seven development sets scores under 0.26.
SURELY_NOT_A_PROCEDURE = 0.2
GENERIC_NAME_WORDS = frozenset({"thu", "tuc"})  # "Thủ tục ..." says nothing about which one
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


class NameWords:
    """The folded words of every procedure's name, as a procedures × words matrix whose rows
    sum to 1: the share of each name a set of words accounts for is one product."""

    def __init__(self, names: list[frozenset[str]]):
        self._column = {word: j for j, word in enumerate(sorted(set().union(*names)))}
        rows = [i for i, name in enumerate(names) for _ in name]
        columns = [self._column[word] for name in names for word in name]
        shares = [1.0 / len(name) for name in names for _ in name]
        self._matrix = sparse.csr_matrix((shares, (rows, columns)), shape=(len(names), len(self._column)), dtype=np.float32)

    def coverage(self, words: set[str]) -> np.ndarray:
        said = np.zeros(len(self._column), dtype=np.float32)
        said[[self._column[w] for w in words if w in self._column]] = 1.0
        return self._matrix @ said


@dataclass
class _Generation:
    name: str
    lexical: LexicalIndex
    vectors: Chroma
    ward: np.ndarray  # 1.0 where the procedure is handled at cấp xã
    variants: dict[str, tuple[np.ndarray, float]]  # marker -> procedures it names, its penalty when unasked
    name_words: NameWords  # folded syllables of each name
    name_syllables: list[frozenset[str]]  # the same, as written (lower case, with accents)
    twins: NameTwins
    position: dict[str, int]  # code -> index in the score arrays
    example_positions: np.ndarray  # per example question: its procedure's index (-1: not indexed)


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
        ranking: RankingModel | None = None,
        words: DialogueWords | None = None,
    ):
        self.settings = settings
        self.knowledge = knowledge
        self.embeddings = embeddings
        self.lexicon = lexicon or Lexicon.load(settings.knowledge_dir)
        self.examples = examples or ExampleIndex.load(settings.knowledge_dir, self.lexicon)
        self.scope = scope or ScopeClassifier.load(settings.knowledge_dir, [e.question for e in self.examples.examples])
        self._ranking = ranking
        self.words = words or DialogueWords.load(settings.knowledge_dir)
        self.layout = IndexLayout(settings.index_dir)
        self._generation: _Generation | None = None
        self._lock = threading.Lock()
        # The question is embedded while the lexical, example and scope reading runs: torch
        # leaves the interpreter free while it multiplies, so the two overlap.
        self._embedder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="embed")

    @property
    def ranking(self) -> RankingModel:
        # Loaded on first use, so the ranking can be fitted on a search that has none yet.
        if self._ranking is None:
            self._ranking = RankingModel.load(self.settings.knowledge_dir)
        return self._ranking

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
        names = [fold(p.name) if p is not None else "" for p in procedures]
        variants = {
            v.marker_folded: (np.array([i for i, n in enumerate(names) if v.marker_folded in n], dtype=np.int64), v.penalty)
            for v in self.lexicon.variants
        }
        name_syllables = [
            frozenset(s.lower() for s in syllables(without_level(p.name)) if fold(s) not in GENERIC_NAME_WORDS)
            if p is not None
            else frozenset()
            for p in procedures
        ]
        name_words = NameWords([frozenset(fold(s) for s in name) for name in name_syllables])
        vectors = open_vector_store(self.settings, name, self.embeddings)
        position = {c: i for i, c in enumerate(lexical.codes)}
        example_positions = np.array([position.get(code, -1) for code in self.examples.codes], dtype=np.int64)
        twins = NameTwins.build([p.name if p is not None else None for p in procedures])
        return _Generation(name, lexical, vectors, ward, variants, name_words, name_syllables, twins, position, example_positions)

    def ready(self) -> bool:
        """An index to search and a ranking to weigh it (raises with the reason otherwise)."""
        self.ranking  # loading it raises for a missing or malformed ranking.yaml
        return self._current().vectors._collection.count() > 0

    def analyze(self, query: str) -> QueryAnalysis:
        return analyze(query, self.lexicon)

    def out_of_scope(self, query: str) -> bool:
        """The search's scope verdict alone, without ranking (no dense embedding)."""
        generation = self._current()
        analysis, lexical, examples = self._read(query, generation)
        return self._out_of_scope(analysis, lexical, examples.best, generation)

    def search(self, query: str, limit: int = 10) -> SearchResponse:
        generation = self._current()
        vector = self._embedder.submit(self.embeddings.embed_query, query)
        analysis, lexical, examples = self._read(query, generation)
        if self._out_of_scope(analysis, lexical, examples.best, generation):
            vector.cancel()
            return SearchResponse(status="out_of_scope", results=[])
        signals = self._signals(vector, analysis, lexical, examples, generation)
        belief = self.ranking.belief(signals)
        order = np.argsort(-belief, kind="stable")[:limit]
        codes = generation.lexical.codes
        hits = [to_hit(self.knowledge.get(codes[i]), belief[i]) for i in order if belief[i] > 0 and codes[i] in self.knowledge]
        return SearchResponse(status="ok", results=hits)

    def without_examples(self, files: str) -> ProcedureSearch:
        """The same search as if the example files matching the glob `files` had never been
        written: how it does for procedures nobody wrote examples for."""
        examples = ExampleIndex.load(self.settings.knowledge_dir, self.lexicon, without=files)
        return ProcedureSearch(self.settings, self.knowledge, self.embeddings, self.lexicon, None, examples, self._ranking, self.words)

    def indexed_codes(self) -> list[str]:
        """The procedures in the order of every signal array."""
        return self._current().lexical.codes

    def signals_for(self, query: str, leave_out: np.ndarray | None = None) -> Signals:
        """A question's signals with some example questions left out (`leave_out` masks
        `self.examples.examples`): what the ranking is fitted on."""
        generation = self._current()
        vector = self._embedder.submit(self.embeddings.embed_query, query)
        return self._signals(vector, *self._read(query, generation, leave_out), generation)

    def _read(
        self, query: str, generation: _Generation, leave_out: np.ndarray | None = None
    ) -> tuple[QueryAnalysis, np.ndarray, ExampleMatch]:
        """The question analysed, its lexical scores and its example matches."""
        analysis = self.analyze(query)
        examples = self.examples.match(analysis.content, generation.example_positions, len(generation.lexical.codes), leave_out)
        return analysis, self._lexical(analysis, generation), examples

    def _signals(
        self,
        vector: Future[list[float]],
        analysis: QueryAnalysis,
        lexical: np.ndarray,
        examples: ExampleMatch,
        generation: _Generation,
    ) -> Signals:
        strength = np.log1p(lexical)
        lexical = lexical / lexical.max() if lexical.max() > 0 else lexical
        asked = {fold(w) for w in analysis.content + analysis.official_words}
        name_coverage = self._name_coverage(asked, lexical, generation)
        twin_worst, twin_best = generation.twins.signals(asked)
        dense = self._dense(vector.result(), generation)
        unexampled = (~examples.known).astype(np.float32)
        return Signals(
            lexical=lexical,
            name_coverage=name_coverage,
            dense=dense,
            example_best=examples.best,
            example_gap=examples.best - examples.best.max(initial=0.0),
            example_top=examples.top,
            example_words_best=examples.best_words,
            example_words_gap=examples.best_words - examples.best_words.max(initial=0.0),
            ward=generation.ward,
            variant=self._variant(analysis, generation),
            twin_worst=twin_worst,
            twin_best=twin_best,
            unexampled=unexampled,
            lexical_unexampled=lexical * strength * unexampled,  # the best match's share, as strong as BM25 found it
            lexical_strength_unexampled=strength * unexampled,
            name_coverage_unexampled=name_coverage * unexampled,
            dense_unexampled=dense * unexampled,
        )

    def _lexical(self, analysis: QueryAnalysis, generation: _Generation) -> np.ndarray:
        """BM25 of the citizen's own words, plus (weighted) of the glossary's official words."""
        vocabulary = generation.lexical.vocabulary
        own = generation.lexical.scores(query_terms(analysis.content, vocabulary))
        official = generation.lexical.scores(query_terms(analysis.official_words, vocabulary))
        return own + EXPANSION_WEIGHT * official

    def _out_of_scope(
        self, analysis: QueryAnalysis, lexical: np.ndarray, example_best: np.ndarray, generation: _Generation
    ) -> bool:
        if not analysis.content or lexical.max() <= 0:
            return True  # nothing of the question occurs in any procedure
        said = understand(analysis, self.words)
        # The centre's hours, address, parking, a dossier's progress, its staff…, naming no
        # procedure: the chat answers from the centre's profile. The words left beside the centre
        # phrases are read alone: unaccented "theo doi ho so" is not "đổi họ".
        if said.centre_only or (
            said.centre_beside_other_words
            and not self._names_procedure(analyze(" ".join(said.residual), self.lexicon), lexical, generation)
        ):
            return True
        if said.opinion_only:
            return True  # advice, a comparison, trivia, a private dispute's outcome: no record answers it
        example = example_best.max(initial=0.0)
        if analysis.not_held and not any(entry.in_records for entry in analysis.glossary):
            # A procedure the records do not hold (military service, a karaoke licence…), unless
            # the citizen's own words also name one they do ("đi nghĩa vụ về, đăng ký thường trú
            # lại") or an example is nearly the same question: not the nearest one whose
            # documents mention it. An ordinary example match is no evidence here: it shares the
            # everyday phrase. Beside an everyday phrase the records do hold, the unheld one is
            # often the purpose ("xin hộ cận nghèo để con được miễn học phí"): left to the search.
            if example >= EXAMPLE_SAME:
                return False
            return not self._names_procedure(analysis, lexical, generation)
        probability = self.scope.probability(analysis.text)
        if len(analysis.content) > 1 and example >= EXAMPLE_IN_SCOPE and probability >= SURELY_NOT_A_PROCEDURE:
            return False  # asked the way citizens ask for a known procedure (one word is too little to tell)
        threshold = IN_SCOPE_PROBABILITY_WITH_GLOSSARY if analysis.glossary else IN_SCOPE_PROBABILITY
        return probability < threshold

    def _names_procedure(self, analysis: QueryAnalysis, lexical: np.ndarray, generation: _Generation) -> bool:
        """The citizen's words name a procedure: an everyday phrase for one the records hold, or
        most of a name in their own words."""
        if any(entry.in_records for entry in analysis.glossary):
            return True
        return self._named_in_own_words(analysis.content, lexical, generation) >= NAMED

    @staticmethod
    def _name_coverage(asked: set[str], lexical: np.ndarray, generation: _Generation) -> np.ndarray:
        """Share of each name (of a procedure the question's words touch) that the question accounts for."""
        return np.where(lexical > 0, generation.name_words.coverage(asked), 0.0).astype(lexical.dtype)

    @staticmethod
    def _named_in_own_words(content: list[str], lexical: np.ndarray, generation: _Generation) -> float:
        """The largest share of a name the citizen's own words say, accent-aware: typed
        "thương hiệu" does not name "Đăng ký thường trú", as folded words would."""
        best = 0.0
        for i in np.flatnonzero(lexical > 0):
            name = generation.name_syllables[i]
            if name:
                best = max(best, sum(any(same_word(w, s) for w in content) for s in name) / len(name))
        return best

    @staticmethod
    def _variant(analysis: QueryAnalysis, generation: _Generation) -> np.ndarray:
        """Per condition in the name (a foreign element, re-issue, province level…): plus where
        the question states it, minus its penalty where it does not, far down where it says the
        condition does not hold."""
        out = np.zeros(len(generation.lexical.codes), dtype=np.float32)
        for marker, (rows, penalty) in generation.variants.items():
            if marker in analysis.ruled_out:
                out[rows] += VARIANT_RULED_OUT
            else:
                out[rows] += VARIANT_ASKED if marker in analysis.variants else -penalty
        return out

    @staticmethod
    def _dense(vector: list[float], generation: _Generation) -> np.ndarray:
        """Best chunk similarity per procedure (0 outside the top chunks)."""
        out = np.zeros(len(generation.lexical.codes), dtype=np.float32)
        position = generation.position
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
