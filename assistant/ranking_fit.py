"""Fit the search's ranking model on the example questions (`assistant fit-ranking`).

Each example question is asked twice, as if it were new:
- as if its batch had never been written: the examples of the same procedure from the same
  file are left out (only where the procedure keeps examples by other writers);
- as if nobody had written examples for its procedure at all: all of them are left out, and
  so are those of a random `OTHERS_UNEXAMPLED` share of the other procedures. Without these
  questions the model would learn that a procedure without examples is never the answer;
  without the others, that it always is (every indexed procedure has examples now, so the
  asked one would be the only one without). They weigh `UNEXAMPLED_WEIGHT` each: how often a
  citizen asks about such a procedure is a choice, and the head matters most.
The candidates of each question (the leading procedures by each signal) become rows,
labelled by whether they are the asked procedure. Cross-validation leaves whole files out,
so the reported top-1s are for unseen writers.
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
UNEXAMPLED_WEIGHT = 0.02
OTHERS_UNEXAMPLED = 0.2


@dataclass
class Question:
    code: str
    source: str
    unexampled: bool  # asked as if nobody had written examples for its procedure
    candidates: np.ndarray  # rows of the signal matrix
    features: np.ndarray
    labels: np.ndarray


def _candidates(signals: Signals) -> np.ndarray:
    leading = [np.argsort(-getattr(signals, name), kind="stable")[:CANDIDATES_PER_SIGNAL] for name in ("lexical", "example_best", "dense")]
    return np.unique(np.concatenate(leading))


def collect(search: ProcedureSearch, progress: Callable[[Iterable], Iterable] = iter) -> list[Question]:
    """Every example question twice: with its own batch left out (its procedure keeping
    other writers' examples) and with all its procedure's examples left out."""
    examples = search.examples.examples
    codes = np.array([e.code for e in examples])
    sources = np.array([e.source for e in examples])
    _, procedure_of = np.unique(codes, return_inverse=True)
    indexed = search.indexed_codes()
    known = set(indexed)
    random = np.random.default_rng(0)  # the same fit from the same examples
    questions = []
    for example in progress(examples):
        if example.code not in known:
            continue
        same_procedure = codes == example.code
        same_batch = same_procedure & (sources == example.source)
        masks = [(True, as_if_unexampled(same_procedure, procedure_of, random))]
        if (same_procedure & ~same_batch).any():
            masks.append((False, same_batch))
        for unexampled, leave_out in masks:
            signals = search.signals_for(example.question, leave_out=leave_out)
            rows = _candidates(signals)
            labels = np.array([indexed[i] == example.code for i in rows])
            if labels.any():  # the procedure is reachable at all
                questions.append(Question(example.code, example.source, unexampled, rows, signals.matrix(rows), labels))
    return questions


def as_if_unexampled(asked: np.ndarray, procedure_of: np.ndarray, random: np.random.Generator) -> np.ndarray:
    """The examples to leave out: the asked procedure's (`asked`, a mask over the examples) and
    all of a random `OTHERS_UNEXAMPLED` share of the other procedures' (`procedure_of` numbers
    each example's procedure from 0)."""
    return asked | (random.random(procedure_of.max() + 1) < OTHERS_UNEXAMPLED)[procedure_of]


def _fit(questions: list[Question]) -> LogisticRegression:
    weights = np.concatenate([np.full(len(q.labels), UNEXAMPLED_WEIGHT if q.unexampled else 1.0) for q in questions])
    model = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    features = np.concatenate([q.features for q in questions])
    return model.fit(features, np.concatenate([q.labels for q in questions]), sample_weight=weights)


def _top1(model: LogisticRegression, questions: list[Question]) -> float:
    right = [q.labels[int(np.argmax(q.features @ model.coef_[0]))] for q in questions]
    return float(np.mean(right)) if right else 0.0


def _cross_validated(questions: list[Question], folds: list[set[str]]) -> tuple[float, float]:
    """Top-1 on the held-out files' questions: asked with their batch left out, and as if
    their procedure had no examples."""
    if len(folds) < 2:
        return 0.0, 0.0
    scores = []
    for held in folds:
        model = _fit([q for q in questions if q.source not in held])
        tested = [q for q in questions if q.source in held]
        scores.append([_top1(model, [q for q in tested if q.unexampled == unexampled]) for unexampled in (False, True)])
    batch, unexampled = np.mean(scores, axis=0)
    return round(float(batch), 4), round(float(unexampled), 4)


def fit(questions: list[Question]) -> RankingModel:
    if all(q.unexampled for q in questions):
        raise ValueError("no example question has examples by another writer: nothing to fit on")
    sources = sorted({q.source for q in questions})
    folds = [set(sources[k::FOLDS]) for k in range(min(FOLDS, len(sources)))]
    model = _fit(questions)
    batch, unexampled = _cross_validated(questions, folds)
    return RankingModel(
        weights={name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0])},
        questions=len(questions),
        cross_validated_top1=batch,
        cross_validated_top1_unexampled=unexampled,
        fitted=f"{date.today().isoformat()}: {len(questions)} questions ({sum(q.unexampled for q in questions)} as if their "
        f"procedure had no examples, weighing {UNEXAMPLED_WEIGHT}) from {len(sources)} files, {len(folds)}-fold "
        "cross-validation by file",
    )
