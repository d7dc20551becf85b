"""Read the committed knowledge base: canonical procedures and the centre profile."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.domain import Procedure
from assistant.errors import ProcedureNotFound

PROCEDURES_SUBDIR = "procedures"
CENTRE_FILE = "centre.yaml"

logger = logging.getLogger(__name__)


CONTACT_LABELS = {  # the profile's contact fields, as the assistant names them
    "address": "Địa chỉ",
    "hotline": "Đường dây nóng",
    "email": "Thư điện tử",
    "opening_hours": "Giờ làm việc",
    "portal_url": "Cổng dịch vụ công",
    "website": "Trang thông tin",
}


class CentreProfile(BaseModel):
    """The ward centre's own facts. Operator-set: empty until an operator fills them in."""

    model_config = ConfigDict(extra="forbid")

    name: str
    ward: str
    province: str
    address: str | None = None
    hotline: str | None = None
    email: str | None = None
    opening_hours: str | None = None
    portal_url: str | None = None
    website: str | None = None

    def contact_lines(self) -> list[tuple[str, str]]:
        """Only the contact fields that are set, as (label, value)."""
        return [(label, value) for key, label in CONTACT_LABELS.items() if (value := getattr(self, key))]


def procedure_path(knowledge_dir: Path, code: str) -> Path:
    return knowledge_dir / PROCEDURES_SUBDIR / f"{code}.json"


@dataclass(frozen=True)
class LoadProblem:
    path: str
    message: str


def read_procedures(knowledge_dir: Path) -> tuple[dict[str, Procedure], list[LoadProblem]]:
    """Every readable record; unreadable files are reported, never silently skipped."""
    folder = knowledge_dir / PROCEDURES_SUBDIR
    procedures: dict[str, Procedure] = {}
    problems: list[LoadProblem] = []
    for path in sorted(folder.glob("*.json")):
        try:
            procedure = Procedure.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "record"
            problems.append(LoadProblem(str(path), f"{where}: {first['msg']} ({exc.error_count()} error(s))"))
            continue
        if path.stem != procedure.code:
            problems.append(LoadProblem(str(path), f"file name does not match code {procedure.code!r}"))
            continue
        procedures[procedure.code] = procedure
    return procedures, problems


def load_centre(knowledge_dir: Path) -> CentreProfile:
    data = yaml.safe_load((knowledge_dir / CENTRE_FILE).read_text(encoding="utf-8"))
    return CentreProfile.model_validate(data)


class KnowledgeBase:
    """All canonical procedures, by code."""

    def __init__(self, procedures: dict[str, Procedure]):
        self._procedures = procedures

    @classmethod
    def load(cls, knowledge_dir: Path) -> KnowledgeBase:
        procedures, problems = read_procedures(knowledge_dir)
        for problem in problems:
            logger.warning("skipped knowledge file %s: %s", problem.path, problem.message)
        return cls(procedures)

    def __len__(self) -> int:
        return len(self._procedures)

    def __contains__(self, code: object) -> bool:
        return code in self._procedures

    def get(self, code: str) -> Procedure:
        try:
            return self._procedures[code]
        except KeyError:
            raise ProcedureNotFound(code) from None

    def all(self) -> list[Procedure]:
        return list(self._procedures.values())
