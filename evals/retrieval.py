"""`assistant eval retrieval`: our search next to plain BM25 and dense-only baselines."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.knowledge import KnowledgeBase
from assistant.search import ProcedureSearch
from evals.dataset import Question
from evals.metrics import Prediction, Scores, ScopeScores, by_kind, retrieval_scores, scope_scores

System = Callable[[str], Prediction]


class PlainBM25:
    """Baseline: BM25 over names and document lists, lower-cased whitespace words, no folding."""

    def __init__(self, knowledge: KnowledgeBase):
        procedures = [p for p in knowledge.all() if p.indexable]
        self.codes = [p.code for p in procedures]
        corpus = [(p.name + " " + " ".join(d.name for d in p.documents)).lower().split() for p in procedures]
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)

    def __call__(self, query: str) -> Prediction:
        scores = self.bm25.get_scores(query.lower().split())
        top = np.argsort(-scores, kind="stable")[:10]
        return Prediction(False, [self.codes[i] for i in top if scores[i] > 0])


class DenseOnly:
    """Baseline: the embedding model alone, chunks aggregated to their procedure."""

    def __init__(self, search: ProcedureSearch):
        self.search = search

    def __call__(self, query: str) -> Prediction:
        vectors = self.search._current().vectors
        codes: list[str] = []
        for document, _ in vectors.similarity_search_with_score(query, k=60):
            if document.metadata["code"] not in codes:
                codes.append(document.metadata["code"])
        return Prediction(False, codes[:10])


def ours(search: ProcedureSearch) -> System:
    def run(query: str) -> Prediction:
        response = search.search(query, limit=10)
        return Prediction(response.status == "out_of_scope", [hit.code for hit in response.results])

    return run


@dataclass
class SystemReport:
    name: str
    overall: Scores
    scope: ScopeScores
    kinds: dict[str, Scores]
    mean_ms: float
    misses: list[dict[str, object]]


def evaluate(name: str, system: System, questions: list[Question]) -> SystemReport:
    pairs = []
    started = time.perf_counter()
    for question in questions:
        pairs.append((question, system(question.question)))
    elapsed = (time.perf_counter() - started) * 1000 / max(len(questions), 1)
    misses = [
        {"id": q.id, "question": q.question, "gold": q.codes, "got": p.codes[:3], "out_of_scope": p.out_of_scope}
        for q, p in pairs
        if (q.out_of_scope != p.out_of_scope) or (not q.out_of_scope and (not p.codes or p.codes[0] not in q.codes))
    ]
    return SystemReport(name, retrieval_scores(pairs), scope_scores(pairs), by_kind(pairs), elapsed, misses)


def run_all(search: ProcedureSearch, questions: list[Question]) -> list[SystemReport]:
    return [
        evaluate("hybrid (ours)", ours(search), questions),
        evaluate("BM25 baseline", PlainBM25(search.knowledge), questions),
        evaluate("dense baseline", DenseOnly(search), questions),
    ]


def _pct(value: float) -> str:
    return f"{value * 100:.1f}"


def markdown(reports: list[SystemReport], set_name: str, questions: list[Question]) -> str:
    lines = [
        f"# Retrieval evaluation — `{set_name}` ({len(questions)} questions, "
        f"{sum(q.out_of_scope for q in questions)} out of scope)",
        "",
        "| system | top-1 | recall@5 | MRR@10 | OOS precision | OOS recall | OOS F1 | ms/question |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in reports:
        lines.append(
            f"| {r.name} | {_pct(r.overall.top1)} | {_pct(r.overall.recall5)} | {_pct(r.overall.mrr10)} | "
            f"{_pct(r.scope.precision)} | {_pct(r.scope.recall)} | {_pct(r.scope.f1)} | {r.mean_ms:.1f} |"
        )
    lines += ["", "## By kind (top-1 / recall@5 / MRR@10, in-scope questions)", ""]
    kinds = list(reports[0].kinds)
    lines.append("| kind | n | " + " | ".join(r.name for r in reports) + " |")
    lines.append("| --- | --- | " + " | ".join("---" for _ in reports) + " |")
    for kind in kinds:
        cells = [f"{_pct(r.kinds[kind].top1)} / {_pct(r.kinds[kind].recall5)} / {_pct(r.kinds[kind].mrr10)}" for r in reports]
        lines.append(f"| {kind} | {reports[0].kinds[kind].count} | " + " | ".join(cells) + " |")
    ours_report = reports[0]
    lines += ["", f"## Misses of {ours_report.name} ({len(ours_report.misses)})", ""]
    for miss in ours_report.misses:
        lines.append(f"- `{miss['id']}` {miss['question']} — gold {miss['gold']}, got "
                     f"{'out_of_scope' if miss['out_of_scope'] else miss['got']}")
    return "\n".join(lines) + "\n"


def chart(reports: list[SystemReport], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = list(reports[0].kinds)
    groups = ["overall", *kinds]
    fig, ax = plt.subplots(figsize=(12, 4.5))
    width = 0.8 / len(reports)
    for i, report in enumerate(reports):
        values = [report.overall.top1] + [report.kinds[k].top1 for k in kinds]
        ax.bar(np.arange(len(groups)) + i * width, values, width, label=report.name)
    ax.set_xticks(np.arange(len(groups)) + width * (len(reports) - 1) / 2, groups, rotation=20)
    ax.set_ylim(0, 1)
    ax.set_ylabel("top-1")
    ax.axhline(0.9, color="grey", linestyle="--", linewidth=0.8)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(reports: list[SystemReport], set_name: str, questions: list[Question], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"retrieval-{Path(set_name).stem}"
    (out_dir / f"{stem}.md").write_text(markdown(reports, set_name, questions), encoding="utf-8")
    (out_dir / f"{stem}.json").write_text(
        json.dumps([asdict(r) for r in reports], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    chart(reports, out_dir / f"{stem}.png", f"top-1 by kind — {set_name}")
    return out_dir / f"{stem}.md"
