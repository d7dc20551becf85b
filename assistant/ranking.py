"""How the search weighs its signals: a linear model fitted on the example questions.

Every signal is an array over the indexed procedures (`Signals`). Their weights are not set
by hand: `assistant fit-ranking` learns them (logistic regression) from the example
questions in `knowledge/question_examples/`, each asked as if its own batch had never been
written (that file's examples of the procedure are left out, other writers' kept), and as
if nobody had written examples for its procedure. So the weights learn how far a match with
someone else's example carries to a new question, and how much the record's own words must
carry, with examples and without. The result is `knowledge/ranking.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from assistant.errors import AssistantError

RANKING_FILE = "ranking.yaml"


@dataclass(frozen=True)
class Signals:
    """What the search knows about each procedure for one question (arrays of equal length)."""

    lexical: np.ndarray  # fielded BM25 (own words + glossary), the best procedure = 1
    name_coverage: np.ndarray  # share of the procedure's name the question accounts for
    dense: np.ndarray  # best chunk similarity from Chroma
    example_best: np.ndarray  # the closest example question by character n-grams
    example_gap: np.ndarray  # its gap to the best of any procedure (0 for the leader)
    example_top: np.ndarray  # mean similarity of the three closest example questions
    example_words_best: np.ndarray  # the closest example question by words and word pairs
    example_words_gap: np.ndarray  # its gap to the best of any procedure
    ward: np.ndarray  # 1 where the ward handles it
    variant: np.ndarray  # < 0 for a variant the question did not ask for, > 0 for one it did
    # Against procedures with almost the same name (twins.py): whether the question says the
    # words that tell this one apart (+1) or its twin's (-1), at worst and at best.
    twin_worst: np.ndarray
    twin_best: np.ndarray
    # A procedure nobody wrote example questions for must be found by its record's words
    # alone, so those words get their own weights there.
    unexampled: np.ndarray  # 1 where the procedure has no example questions
    lexical_unexampled: np.ndarray  # lexical × its absolute strength: a weak best match carries little
    lexical_strength_unexampled: np.ndarray  # log(1 + BM25), not relative to the best
    name_coverage_unexampled: np.ndarray
    dense_unexampled: np.ndarray

    def matrix(self, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        return np.stack([getattr(self, f.name)[rows] for f in fields(self)], axis=1).astype(np.float64)

    def evidence(self) -> np.ndarray:
        """Procedures the question touches at all; the rest are never results."""
        return (self.lexical > 0) | (self.example_best > 0) | (self.dense > 0)


FEATURES = tuple(f.name for f in fields(Signals))


class RankingModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weights: dict[str, float]
    questions: int  # example questions it was fitted on
    cross_validated_top1: float  # top-1 on writers' batches left out of the fit
    cross_validated_top1_unexampled: float  # the same, as if the procedure had no examples at all
    fitted: str  # when and on what

    @model_validator(mode="after")
    def _every_signal_weighed(self) -> RankingModel:
        if set(self.weights) != set(FEATURES):
            raise ValueError(f"weights must name exactly {', '.join(FEATURES)}")
        return self

    @classmethod
    def load(cls, knowledge_dir: Path) -> RankingModel:
        path = knowledge_dir / RANKING_FILE
        try:
            return cls.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except FileNotFoundError as exc:
            raise AssistantError(f"{path} is missing; run `assistant fit-ranking` to create it") from exc
        except (yaml.YAMLError, ValidationError) as exc:
            raise AssistantError(f"{path} is not a valid ranking model: {exc}") from exc

    def save(self, knowledge_dir: Path) -> Path:
        path = knowledge_dir / RANKING_FILE
        header = "# Written by `assistant fit-ranking` (see assistant/ranking.py); refit rather than edit.\n"
        path.write_text(header + yaml.safe_dump(self.model_dump(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    def vector(self) -> np.ndarray:
        return np.array([self.weights[name] for name in FEATURES])

    def belief(self, signals: Signals) -> np.ndarray:
        """How sure the search is that each procedure is the one asked about: the share of the
        model's odds among the procedures the question touches (0 elsewhere; sums to 1)."""
        logits = signals.matrix() @ self.vector()
        evidence = signals.evidence()
        out = np.zeros(len(logits))
        if evidence.any():
            odds = np.exp(logits[evidence] - logits[evidence].max())
            out[evidence] = odds / odds.sum()
        return out
