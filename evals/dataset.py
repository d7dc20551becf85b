"""Question sets written as citizens write: one JSON object per line."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

EVALS_DIR = Path(__file__).resolve().parent
SETS = {"dev": EVALS_DIR / "retrieval_dev.jsonl", "holdout": EVALS_DIR / "retrieval_holdout.jsonl"}

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


def load_questions(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                questions.append(Question.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return questions


def resolve_set(name_or_path: str) -> Path:
    return SETS.get(name_or_path) or Path(name_or_path)

