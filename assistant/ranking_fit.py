"""Fit the search's ranking model on the example questions (`assistant fit-ranking`).

Each example question is asked as if its batch had never been written: the examples of
the same procedure from the same file are left out, and only questions whose procedure
keeps examples by other writers are used (a question with no example left at all would
teach that having examples is suspicious). The candidates of each question (the leading
procedures by each signal) become rows, labelled by whether they are the asked procedure.
Cross-validation leaves whole files out, so the reported top-1 is for unseen writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.ranking import FEATURES, RankingModel, Signals
from assistant.search import ProcedureSearch

CANDIDATES_PER_SIGNAL = 40
FOLDS = 3
REGULARISATION = 1.0


@dataclass
class Question:
    code: str
    source: str
    candidates: np.ndarray  # rows of the signal matrix
    features: np.ndarray
    labels: np.ndarray


def _candidates(signals: Signals) -> np.ndarray:
    leading = [np.argsort(-getattr(signals, name), kind="stable")[:CANDIDATES_PER_SIGNAL] for name in ("lexical", "example_best", "dense")]
    return np.unique(np.concatenate(leading))


def collect(search: ProcedureSearch, progress: Callable[[Iterable], Iterable] = iter) -> list[Question]:
    examples = search.examples.examples
    codes = np.array([e.code for e in examples])
    sources = np.array([e.source for e in examples])
    indexed = search.indexed_codes()
    known = set(indexed)
    questions = []
    for example in progress(examples):
        same_batch = (codes == example.code) & (sources == example.source)
        if example.code not in known or not ((codes == example.code) & ~same_batch).any():
            continue
        signals = search.signals_for(example.question, leave_out=same_batch)
        rows = _candidates(signals)
        labels = np.array([indexed[i] == example.code for i in rows])
        if labels.any():  # the procedure is reachable at all
            questions.append(Question(example.code, example.source, rows, signals.matrix(rows), labels))
    return questions


def _fit(questions: list[Question]) -> LogisticRegression:
    model = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    return model.fit(np.concatenate([q.features for q in questions]), np.concatenate([q.labels for q in questions]))


def _top1(model: LogisticRegression, questions: list[Question]) -> float:
    right = [q.labels[int(np.argmax(q.features @ model.coef_[0]))] for q in questions]
    return float(np.mean(right)) if right else 0.0


def fit(questions: list[Question]) -> RankingModel:
    if not questions:
        raise ValueError("no example question has examples by another writer: nothing to fit on")
    sources = sorted({q.source for q in questions})
    folds = [set(sources[k::FOLDS]) for k in range(min(FOLDS, len(sources)))]
    scores = (
        [_top1(_fit([q for q in questions if q.source not in held]), [q for q in questions if q.source in held]) for held in folds]
        if len(folds) > 1
        else []
    )
    model = _fit(questions)
    return RankingModel(
        weights={name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0])},
        questions=len(questions),
        cross_validated_top1=round(float(np.mean(scores)), 4) if scores else 0.0,
        fitted=f"{date.today().isoformat()}: {len(questions)} example questions from {len(sources)} files, "
        f"{len(folds)}-fold cross-validation by file",
    )
