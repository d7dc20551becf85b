"""Question sets written as citizens write: one JSON object per line."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

EVALS_DIR = Path(__file__).resolve().parent
SETS = {
    "dev": EVALS_DIR / "retrieval_dev.jsonl",
    "holdout": EVALS_DIR / "retrieval_holdout.jsonl",
    # Procedures in fields that had no example questions when it was written (see README).
    "fields": EVALS_DIR / "retrieval_fields.jsonl",
    # Written blind after the second round of examples; its misses were studied in the third
    # round, so it is development data now (see README).
    "holdout2": EVALS_DIR / "retrieval_holdout_2.jsonl",
    # Written blind before the third round; measured before and after it. Its misses were read
    # after that, so it is development data for the fourth round.
    "holdout3": EVALS_DIR / "retrieval_holdout_3.jsonl",
    # Written blind before the fourth round; measured before and after it. Its misses were read
    # after that, so it is development data for the fifth round.
    "holdout4": EVALS_DIR / "retrieval_holdout_4.jsonl",
    # Written blind before the fifth round; measured before and after it. Its misses were read
    # after that, so it is development data for the sixth round.
    "holdout5": EVALS_DIR / "retrieval_holdout_5.jsonl",
    # Written blind before the sixth round; measured before and after it. Its misses were read
    # after that, so it is development data for the seventh round.
    "holdout6": EVALS_DIR / "retrieval_holdout_6.jsonl",
    # Written blind before the seventh round; measured before and after it. Its misses were read
    # after that, so it is development data for the eighth round.
    "holdout7": EVALS_DIR / "retrieval_holdout_7.jsonl",
    # Written blind before the eighth round; measured before and after it. Its misses were read
    # after that, so it is development data for the ninth round.
    "holdout8": EVALS_DIR / "retrieval_holdout_8.jsonl",
    # Written blind after the eighth round; measured at its end (a second blind measure of it) and
    # after the ninth, misses unread until then.
    "holdout9": EVALS_DIR / "retrieval_holdout_9.jsonl",
}

Row = TypeVar("Row", bound=BaseModel)

KINDS = ("formal", "no_diacritics", "colloquial", "situational", "variant", "out_of_scope")


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    codes: list[str]  # acceptable first answers; empty = out of scope
    kinds: list[str] = Field(default_factory=list)
    note: str | None = None

    @property
    def out_of_scope(self) -> bool:
        return not self.codes


def load_jsonl(path: Path, model: type[Row]) -> list[Row]:
    """One model per non-empty line; a bad line is named by file and line number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(model.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return rows


def load_questions(path: Path) -> list[Question]:
    return load_jsonl(path, Question)


def resolve_set(name_or_path: str) -> Path:
    return SETS.get(name_or_path) or Path(name_or_path)

