from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.services import Services
from bots.api.app import create_app
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def indexed_settings(fixture_index, tmp_path_factory):
    """The shared fixture index, with this module's own database."""
    database = tmp_path_factory.mktemp("api-db") / "assistant.db"
    return make_settings(fixture_index.data_dir.parent, DATABASE_URL=f"sqlite:///{database}")


@pytest.fixture(scope="module")
def services(indexed_settings, bundled_embeddings) -> Services:
    return Services(indexed_settings, embeddings=bundled_embeddings)


@pytest.fixture(scope="module")
def client(services):
    return TestClient(create_app(services=services))
