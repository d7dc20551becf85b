"""Is a message about an administrative procedure at all?

A small text classifier (character n-grams of the accent-folded message, logistic
regression) trained at start-up from `knowledge/scope_examples.yaml`, hand-written
examples that staff can extend, and from the search's example questions
(`knowledge/question_examples/`), every one of which asks for a procedure. It sees how
people ask (about papers, fees, offices) as opposed to weather, prices, health,
chit-chat; whether the corpus actually holds a matching procedure is decided by retrieval.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from assistant.vntext import fold

EXAMPLES_FILE = "scope_examples.yaml"


class ScopeClassifier:
    def __init__(self, in_scope: list[str], out_of_scope: list[str]):
        """`in_scope` may outnumber `out_of_scope` many times (every example question of the
        search is one): the classes are weighed as if they were the same size."""
        if not in_scope or not out_of_scope:
            raise ValueError("scope examples need both in_scope and out_of_scope messages")
        features = FeatureUnion(
            [
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=1)),
                ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\w+")),
            ]
        )
        classifier = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
        self._model = Pipeline([("features", features), ("classifier", classifier)])
        texts = [fold(t) for t in in_scope + out_of_scope]
        labels = [1] * len(in_scope) + [0] * len(out_of_scope)
        self._model.fit(texts, labels)

    @classmethod
    def load(cls, knowledge_dir: Path, questions: Sequence[str] = ()) -> ScopeClassifier:
        """The scope examples, plus `questions` known to ask for a procedure (the search's
        example questions): thousands of ways citizens ask, across every field."""
        data = yaml.safe_load((knowledge_dir / EXAMPLES_FILE).read_text(encoding="utf-8")) or {}
        in_scope = [str(t) for t in data.get("in_scope") or []] + list(questions)
        return cls(in_scope, [str(t) for t in data.get("out_of_scope") or []])

    def probability(self, message: str) -> float:
        """Probability that the message is about an administrative procedure."""
        return float(self._model.predict_proba([fold(message)])[0][1])
