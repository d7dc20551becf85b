"""Lexical (BM25) index over accent-folded Vietnamese, one document per procedure."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

from assistant.domain import Procedure
from assistant.vntext import tokens

# Field weights: a word in the procedure's name says more than one in its document list.
NAME_WEIGHT = 3
CODES_FILE = "codes.json"


def terms(text: str) -> list[str]:
    """Syllables plus adjacent-syllable pairs: most Vietnamese words are two syllables."""
    words = tokens(text)
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


def procedure_terms(p: Procedure) -> list[str]:
    parts = [p.name] * NAME_WEIGHT
    parts += [p.field or "", " ".join(r.name for r in p.results), p.conditions or ""]
    parts += [item.name for item in p.documents if not item.is_note]
    return [term for part in parts for term in terms(part)]


class LexicalIndex:
    def __init__(self, codes: list[str], bm25: bm25s.BM25):
        self.codes = codes
        self._bm25 = bm25

    @classmethod
    def build(cls, procedures: list[Procedure]) -> LexicalIndex:
        bm25 = bm25s.BM25()
        bm25.index([procedure_terms(p) for p in procedures], show_progress=False)
        return cls([p.code for p in procedures], bm25)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(directory), show_progress=False)
        (directory / CODES_FILE).write_text(json.dumps(self.codes), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        codes = json.loads((directory / CODES_FILE).read_text(encoding="utf-8"))
        bm25 = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        return cls(codes, bm25)

    def search(self, query: str, k: int = 50) -> list[tuple[str, float]]:
        """(code, score) of procedures sharing at least one term with the query, best first."""
        query_terms = terms(query)
        if not query_terms:
            return []
        scores = self._bm25.get_scores(query_terms)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(self.codes[i], float(scores[i])) for i in top if scores[i] > 0]
