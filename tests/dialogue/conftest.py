from __future__ import annotations

import pytest

from assistant.services import Services
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def services(fixture_index, tmp_path_factory, bundled_embeddings) -> Services:
    """The shared fixture index with this module's own SQLite database (tests use their own conversations)."""
    database = tmp_path_factory.mktemp("dialogue-db") / "assistant.db"
    settings = make_settings(fixture_index.data_dir.parent, DATABASE_URL=f"sqlite:///{database}")
    return Services(settings, embeddings=bundled_embeddings)
