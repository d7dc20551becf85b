from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.knowledge import read_procedures
from assistant.services import Services
from bots.api.app import create_app
from ingest.indexer import Indexer
from ingest.knowledge_writer import write_knowledge
from tests.conftest import copy_knowledge_data, make_settings


@pytest.fixture(scope="module")
def indexed_settings(tmp_path_factory, fixture_procedures, bundled_embeddings):
    settings = make_settings(tmp_path_factory.mktemp("api"))
    write_knowledge(settings.knowledge_dir, fixture_procedures)
    copy_knowledge_data(settings.knowledge_dir)
    procedures, _ = read_procedures(settings.knowledge_dir)
    Indexer(settings, embeddings_factory=lambda _s: bundled_embeddings, progress=False).run(list(procedures.values()))
    return settings


@pytest.fixture(scope="module")
def client(indexed_settings, bundled_embeddings):
    return TestClient(create_app(services=Services(indexed_settings, embeddings=bundled_embeddings)))
