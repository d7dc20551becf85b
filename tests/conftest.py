"""Shared fixtures: real parsed records, a real bundled model, throwaway data dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.domain import Procedure
from assistant.embeddings import make_embeddings
from assistant.settings import Settings
from ingest.knowledge_writer import write_knowledge

FIXTURES = Path(__file__).parent / "fixtures"
PORTAL_FIXTURES = FIXTURES / "portal"
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DUMP = REPO_ROOT.parent / "shared" / "data" / "dichvucong"


@pytest.fixture(scope="session")
def fixture_procedures() -> list[Procedure]:
    """Real portal records from tests/fixtures/portal, parsed."""
    from ingest.portal import load_dump

    procedures, problems = load_dump(PORTAL_FIXTURES, snapshot_date="2026-07")
    assert not problems, problems
    return procedures


@pytest.fixture(scope="session")
def bundled_embeddings():
    """The bundled all-MiniLM-L6-v2, loaded once per test session (it takes seconds)."""
    return make_embeddings(Settings(_env_file=None))


def copy_knowledge_data(knowledge_dir: Path) -> None:
    """The centre profile and the language data (glossary, shorthand...) beside test records."""
    knowledge_dir.mkdir(parents=True, exist_ok=True)
    for path in (REPO_ROOT / "knowledge").glob("*.yaml"):
        shutil.copy(path, knowledge_dir / path.name)
    shutil.copytree(REPO_ROOT / "knowledge" / "question_examples", knowledge_dir / "question_examples", dirs_exist_ok=True)


def make_settings(root: Path, **overrides) -> Settings:
    values = {"ASSISTANT_DATA_DIR": root / "var", "ASSISTANT_KNOWLEDGE_DIR": root / "knowledge"}
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture()
def workspace(tmp_path: Path, fixture_procedures: list[Procedure]) -> Settings:
    """Settings pointing at a fresh data dir and a knowledge dir holding the fixture records."""
    settings = make_settings(tmp_path)
    write_knowledge(settings.knowledge_dir, fixture_procedures)
    copy_knowledge_data(settings.knowledge_dir)
    return settings


@pytest.fixture(scope="session")
def full_index(tmp_path_factory, bundled_embeddings) -> Settings:
    """The whole committed knowledge base indexed into a throwaway data dir (about a minute)."""
    from assistant.knowledge import read_procedures
    from assistant.settings import KNOWLEDGE_DIR
    from ingest.indexer import Indexer

    settings = make_settings(tmp_path_factory.mktemp("full"), ASSISTANT_KNOWLEDGE_DIR=KNOWLEDGE_DIR)
    procedures, problems = read_procedures(KNOWLEDGE_DIR)
    assert not problems
    Indexer(settings, embeddings_factory=lambda _s: bundled_embeddings, progress=False).run(list(procedures.values()))
    return settings


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory, fixture_procedures, bundled_embeddings) -> Settings:
    """The fixture records (khai sinh, kết hôn, tạm trú, chứng thực…) indexed once per session."""
    from assistant.knowledge import read_procedures
    from ingest.indexer import Indexer

    settings = make_settings(tmp_path_factory.mktemp("fixture-index"))
    write_knowledge(settings.knowledge_dir, fixture_procedures)
    copy_knowledge_data(settings.knowledge_dir)
    procedures, _ = read_procedures(settings.knowledge_dir)
    Indexer(settings, embeddings_factory=lambda _s: bundled_embeddings, progress=False).run(list(procedures.values()))
    return settings
