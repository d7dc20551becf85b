"""Hand-written example questions per procedure, matched by character n-grams.

`knowledge/question_examples/*.yaml` holds, for common procedures, how citizens actually
ask for them. A question close to an example (typos, missing diacritics and shorthand
included: both sides are read the same way) points to that example's procedure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.lexicon import Lexicon
from assistant.query import analyze
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
    """Per procedure (in the caller's order): its closest example, and the mean of its closest three."""

    best: np.ndarray
    top: np.ndarray


class ExampleIndex:
    def __init__(self, examples: list[Example], lexicon: Lexicon):
        texts = [_folded(analyze(e.question, lexicon).content) for e in examples]
        kept = sorted(((e, t) for e, t in zip(examples, texts) if t), key=lambda pair: pair[0].code)
        self.examples = [e for e, _ in kept]
        self.codes = [e.code for e in self.examples]
        self._vectorizer: TfidfVectorizer | None = None
        if kept:
            self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
            self._matrix = self._vectorizer.fit_transform([t for _, t in kept])

    @classmethod
    def load(cls, knowledge_dir: Path, lexicon: Lexicon) -> ExampleIndex:
        examples = []
        for path in sorted((knowledge_dir / EXAMPLES_DIR).glob("*.yaml")):
            for code, questions in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
                examples.extend(Example(str(code), str(q), path.stem) for q in questions or [])
        return cls(examples, lexicon)

    def similarities(self, content: list[str]) -> np.ndarray:
        """Cosine similarity of the question to every example (in `self.examples` order)."""
        text = _folded(content)
        if self._vectorizer is None or not text:
            return np.zeros(len(self.codes), dtype=np.float32)
        return (self._matrix @ self._vectorizer.transform([text]).T).toarray().ravel().astype(np.float32)

    def match(self, similarities: np.ndarray, positions: np.ndarray, size: int) -> ExampleMatch:
        """Aggregate per-example similarities to `size` procedures; `positions[i]` is example i's
        procedure (-1: not in the index). Examples are sorted by code, so each procedure's
        examples are one run."""
        best = np.zeros(size, dtype=np.float32)
        top = np.zeros(size, dtype=np.float32)
        known = positions >= 0
        if not known.any():
            return ExampleMatch(best, top)
        order = np.lexsort((-similarities, positions))
        order = order[known[order]]
        owner = positions[order]
        starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        np.maximum.at(best, owner, similarities[order])
        leading = rank < TOP_EXAMPLES
        np.add.at(top, owner[leading], similarities[order][leading])
        return ExampleMatch(best, top / TOP_EXAMPLES)
