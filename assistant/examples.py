"""Hand-written example questions per procedure, matched by character n-grams.

`knowledge/question_examples/*.yaml` holds, for common procedures, how citizens actually
ask for them. A question close to an example (typos, missing diacritics and shorthand
included: both sides are read the same way) points to that example's procedure.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.lexicon import Lexicon
from assistant.query import read_words
from assistant.vntext import fold

EXAMPLES_DIR = "question_examples"
TOP_EXAMPLES = 3  # a procedure asked about in several ways is matched by several examples


def _folded(content: list[str]) -> str:
    return " ".join(fold(word) for word in content)


@dataclass(frozen=True)
class Example:
    code: str
    question: str
    source: str  # the file it was written in: one writer, one batch


@dataclass(frozen=True)
class ExampleMatch:
    """Per procedure (in the caller's order), how close the question is to its examples."""

    best: np.ndarray  # the closest example, by character n-grams (typos, missing diacritics)
    top: np.ndarray  # the mean of the closest three, by character n-grams
    best_words: np.ndarray  # the closest example, by words and word pairs
    known: np.ndarray  # True where the procedure has example questions at all


class ExampleIndex:
    def __init__(self, examples: list[Example], lexicon: Lexicon):
        texts = [_folded(read_words(e.question, lexicon)[1]) for e in examples]
        kept = [(e, t) for e, t in zip(examples, texts) if t]
        self.examples = [e for e, _ in kept]
        self.codes = [e.code for e in self.examples]
        self._views: list[tuple[TfidfVectorizer, object]] = []
        if kept:
            for vectorizer in (
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+"),
            ):
                # Stored terms × examples, so a question's few terms only touch the examples holding them.
                self._views.append((vectorizer, vectorizer.fit_transform([t for _, t in kept]).T.tocsr()))

    @classmethod
    def load(cls, knowledge_dir: Path, lexicon: Lexicon, without: str | None = None) -> ExampleIndex:
        """All example files, except those whose name matches the glob `without` (to measure
        how the search does for procedures nobody wrote examples for)."""
        examples = []
        for path in sorted((knowledge_dir / EXAMPLES_DIR).glob("*.yaml")):
            if without and fnmatch(path.stem, without):
                continue
            for code, questions in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
                examples.extend(Example(str(code), str(q), path.stem) for q in questions or [])
        return cls(examples, lexicon)

    def similarities(self, content: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity of the question to every example (in `self.examples` order), by
        character n-grams and by words."""
        text = _folded(content)
        if not self._views or not text:
            empty = np.zeros(len(self.codes), dtype=np.float32)
            return empty, empty.copy()
        chars, words = ((vectorizer.transform([text]) @ postings).toarray().ravel().astype(np.float32) for vectorizer, postings in self._views)
        return chars, words

    def match(self, content: list[str], positions: np.ndarray, size: int, leave_out: np.ndarray | None = None) -> ExampleMatch:
        """Aggregate to `size` procedures; `positions[i]` is example i's procedure (-1: not in
        the index). `leave_out` masks examples to ignore (to fit the ranking on them)."""
        chars, words = self.similarities(content)
        kept = positions >= 0
        if leave_out is not None:
            chars[leave_out] = words[leave_out] = 0.0
            kept &= ~leave_out
        best, top = best_and_top(chars, positions, size)
        best_words, _ = best_and_top(words, positions, size)
        known = np.zeros(size, dtype=bool)
        known[positions[kept]] = True
        return ExampleMatch(best, top, best_words, known)


def best_and_top(similarities: np.ndarray, positions: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per procedure, its closest example and the mean of its closest `TOP_EXAMPLES`."""
    best = np.zeros(size, dtype=np.float32)
    top = np.zeros(size, dtype=np.float32)
    # Examples no word of the question touches add nothing to either: only the others are sorted.
    candidates = np.flatnonzero((positions >= 0) & (similarities > 0))
    order = candidates[np.lexsort((-similarities[candidates], positions[candidates]))]  # by procedure, closest first
    if not len(order):
        return best, top
    owner = positions[order]
    ranked = similarities[order]
    starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    best[owner[starts]] = ranked[starts]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    leading = rank < TOP_EXAMPLES
    np.add.at(top, owner[leading], ranked[leading])
    return best, top / TOP_EXAMPLES
