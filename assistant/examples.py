"""Hand-written example questions per procedure, matched by character n-grams.

`knowledge/question_examples/*.yaml` holds, for common procedures, how citizens actually
ask for them. A question close to an example (typos, missing diacritics and shorthand
included: both sides are read the same way) points to that example's procedure.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.lexicon import Lexicon
from assistant.query import analyze
from assistant.vntext import fold

EXAMPLES_DIR = "question_examples"


def _folded(content: list[str]) -> str:
    return " ".join(fold(word) for word in content)


class ExampleIndex:
    def __init__(self, examples: dict[str, list[str]], lexicon: Lexicon):
        pairs = [(code, _folded(analyze(q, lexicon).content)) for code, questions in sorted(examples.items()) for q in questions]
        pairs = [(code, text) for code, text in pairs if text]
        self.codes = [code for code, _ in pairs]
        self._vectorizer: TfidfVectorizer | None = None
        if pairs:
            self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
            self._matrix = self._vectorizer.fit_transform([text for _, text in pairs])

    @classmethod
    def load(cls, knowledge_dir: Path, lexicon: Lexicon) -> ExampleIndex:
        examples: dict[str, list[str]] = {}
        for path in sorted((knowledge_dir / EXAMPLES_DIR).glob("*.yaml")):
            for code, questions in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
                examples.setdefault(str(code), []).extend(str(q) for q in questions or [])
        return cls(examples, lexicon)

    def best_by_code(self, content: list[str]) -> dict[str, float]:
        """Cosine similarity of the closest example of each procedure (only those above 0)."""
        text = _folded(content)
        if self._vectorizer is None or not text:
            return {}
        similarities = (self._matrix @ self._vectorizer.transform([text]).T).toarray().ravel()
        best: dict[str, float] = {}
        for i in np.flatnonzero(similarities > 0):
            code = self.codes[i]
            best[code] = max(best.get(code, 0.0), float(similarities[i]))
        return best
