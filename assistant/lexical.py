"""Lexical (BM25) retrieval over accent-folded Vietnamese words, one document per procedure.

Procedures are indexed per field (name, a few short fields, document list), each a
BM25 index of its own, so a match in the name weighs more than one in the paperwork.
Terms are accent-folded syllables plus multi-syllable words found by pyvi's word
segmentation ("dang_ky", "tam_tru"); a query, often typed without diacritics where
segmentation cannot work, gets every run of 2-4 of its syllables that is such a word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import bm25s
import numpy as np
from pyvi import ViTokenizer

from assistant.domain import Procedure
from assistant.vntext import fold, syllables

# Bump when the index format or term extraction changes: ingest then rebuilds it.
LEXICAL_VERSION = "3"
FIELD_WEIGHTS = {"name": 1.0, "extra": 0.35, "documents": 0.2}
MAX_WORD_SYLLABLES = 4
CODES_FILE = "codes.json"


_ACRONYM = re.compile(r"\b[A-ZĐ]{3,}\b")


def index_terms(text: str, acronyms: Mapping[str, str] | None = None) -> list[str]:
    """Folded syllables plus folded multi-syllable words of a text with diacritics.

    Records abbreviate ("BHYT", "GPLX") where citizens may write the words in full, and
    queries have their shorthand expanded: so acronyms written in capitals in the record
    are indexed with their expansion too.
    """
    if acronyms:
        text = _ACRONYM.sub(lambda m: f"{m.group(0)} ({acronyms[m.group(0).lower()]})"
                            if m.group(0).lower() in acronyms else m.group(0), text)
    terms: list[str] = []
    for word in ViTokenizer.tokenize(text.lower()).split():
        parts = [fold(p) for p in syllables(word.replace("_", " "))]
        terms.extend(parts)
        if len(parts) > 1:
            terms.append("_".join(parts))
    return terms


def query_terms(words: list[str], vocabulary: set[str]) -> list[str]:
    """Folded syllables plus every run of syllables that is a known multi-syllable word."""
    folded = [fold(w) for w in words]
    terms = list(folded)
    for size in range(2, MAX_WORD_SYLLABLES + 1):
        for start in range(len(folded) - size + 1):
            candidate = "_".join(folded[start : start + size])
            if candidate in vocabulary:
                terms.append(candidate)
    return terms


def procedure_fields(p: Procedure) -> dict[str, str]:
    return {
        "name": p.name,
        "extra": " . ".join([p.field or "", *(r.name for r in p.results)]),
        "documents": " . ".join(item.name for item in p.documents if not item.is_note),
    }


class LexicalIndex:
    def __init__(self, codes: list[str], fields: dict[str, bm25s.BM25]):
        self.codes = codes
        self._fields = fields
        self.vocabulary = {term for bm25 in fields.values() for term in bm25.vocab_dict if "_" in term}

    @classmethod
    def build(cls, procedures: list[Procedure], acronyms: Mapping[str, str] | None = None) -> LexicalIndex:
        per_field: dict[str, list[list[str]]] = {name: [] for name in FIELD_WEIGHTS}
        for p in procedures:
            for name, text in procedure_fields(p).items():
                per_field[name].append(index_terms(text, acronyms))
        fields = {}
        for name, corpus in per_field.items():
            bm25 = bm25s.BM25()
            bm25.index(corpus, show_progress=False)
            fields[name] = bm25
        return cls([p.code for p in procedures], fields)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name, bm25 in self._fields.items():
            bm25.save(str(directory / name), show_progress=False)
        (directory / CODES_FILE).write_text(json.dumps(self.codes), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        codes = json.loads((directory / CODES_FILE).read_text(encoding="utf-8"))
        fields = {
            name: bm25s.BM25.load(str(directory / name), show_progress=False, verbosity=0) for name in FIELD_WEIGHTS
        }
        return cls(codes, fields)

    def scores(self, terms: list[str]) -> np.ndarray:
        """Weighted sum of the per-field BM25 scores, one per procedure (in `codes` order)."""
        total = np.zeros(len(self.codes), dtype=np.float32)
        if not terms:
            return total
        for name, bm25 in self._fields.items():
            total += FIELD_WEIGHTS[name] * bm25.get_scores(terms)
        return total
