"""Retrieval metrics: top-1, recall@5, MRR@10 on in-scope questions; out-of-scope P/R/F1."""

from __future__ import annotations

from dataclasses import dataclass

from evals.dataset import KINDS, Question


@dataclass(frozen=True)
class Prediction:
    out_of_scope: bool
    codes: list[str]  # ranked


@dataclass
class Scores:
    count: int
    top1: float
    recall5: float
    mrr10: float


@dataclass
class ScopeScores:
    precision: float
    recall: float
    f1: float


def _rank(question: Question, prediction: Prediction) -> int | None:
    if prediction.out_of_scope:
        return None
    for rank, code in enumerate(prediction.codes[:10], 1):
        if code in question.codes:
            return rank
    return None


def retrieval_scores(pairs: list[tuple[Question, Prediction]]) -> Scores:
    pairs = [(q, p) for q, p in pairs if not q.out_of_scope]
    if not pairs:
        return Scores(0, 0.0, 0.0, 0.0)
    ranks = [_rank(q, p) for q, p in pairs]
    n = len(ranks)
    return Scores(
        count=n,
        top1=sum(r == 1 for r in ranks) / n,
        recall5=sum(r is not None and r <= 5 for r in ranks) / n,
        mrr10=sum(1 / r for r in ranks if r is not None) / n,
    )


def scope_scores(pairs: list[tuple[Question, Prediction]]) -> ScopeScores:
    tp = sum(q.out_of_scope and p.out_of_scope for q, p in pairs)
    fp = sum(not q.out_of_scope and p.out_of_scope for q, p in pairs)
    fn = sum(q.out_of_scope and not p.out_of_scope for q, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ScopeScores(precision, recall, f1)


def by_kind(pairs: list[tuple[Question, Prediction]]) -> dict[str, Scores]:
    groups = {kind: [(q, p) for q, p in pairs if kind in q.kinds] for kind in KINDS if kind != "out_of_scope"}
    groups["with_diacritics"] = [(q, p) for q, p in pairs if "no_diacritics" not in q.kinds]
    return {kind: retrieval_scores(group) for kind, group in groups.items()}
