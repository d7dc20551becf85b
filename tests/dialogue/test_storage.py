"""Storage on both databases: Alembic migrations, turns, checklists, references.

SQLite is the default; PostgreSQL runs on this machine (127.0.0.1:5432). Each run
creates and drops its own PostgreSQL database.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from assistant.reply import Checklist
from assistant.services import Services
from assistant.storage import migrate
from assistant.storage.repository import REFERENCE_ALPHABET, Repository
from tests.conftest import make_settings

POSTGRES_ADMIN_URL = os.environ.get("ASSISTANT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="module")
def postgres_url():
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"assistant_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # a machine without the server: say so, loudly
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'assistant.db'}"
    return request.getfixturevalue("postgres_url")


def checklist(code: str = "1.004194") -> Checklist:
    return Checklist(reference="{reference}", procedure_code=code, procedure_name="Đăng ký tạm trú", items=[])


def test_migrations_create_the_schema_and_are_idempotent(database_url):
    engine = create_engine(database_url)
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    assert migrate.is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"conversations", "messages", "checklists", "alembic_version"} <= tables
    engine.dispose()


@pytest.fixture()
def repository(database_url):
    engine = create_engine(database_url)
    migrate.upgrade(engine)
    yield Repository(engine)
    engine.dispose()


def test_turns_and_checklists_round_trip(repository):
    conversation = f"test-{uuid.uuid4().hex}"
    with repository.turn(conversation, "web") as store:
        store.add_message("citizen", "đăng ký tạm trú cần gì")
        reference = store.save_checklist(checklist(), None)
        store.save_state({"procedure": "1.004194", "checklist_reference": reference})
    with repository.turn(conversation, "web") as store:
        assert store.state["procedure"] == "1.004194"
        again = store.save_checklist(checklist(), reference)  # same pending checklist: updated in place
        other = store.save_checklist(checklist("1.000894"), reference)  # another procedure: a new one
    assert again == reference and other != reference
    assert len(reference) == 6 and set(reference) <= set(REFERENCE_ALPHABET)
    row = repository.checklist(reference)
    assert row.review_status == "pending" and row.payload["reference"] == reference
    assert [m.text for m in repository.messages(conversation)] == ["đăng ký tạm trú cần gì"]


def test_a_failed_turn_stores_nothing(repository):
    conversation = f"test-{uuid.uuid4().hex}"
    with pytest.raises(RuntimeError):
        with repository.turn(conversation, "web") as store:
            store.add_message("citizen", "xin chào")
            raise RuntimeError("crash mid-turn")
    assert not repository.conversation_exists(conversation)


def test_a_conversation_on_postgresql(postgres_url, fixture_index, bundled_embeddings):
    settings = make_settings(fixture_index.data_dir.parent, DATABASE_URL=postgres_url)
    services = Services(settings, embeddings=bundled_embeddings)
    first = services.assistant.reply(None, "đăng ký tạm trú cần giấy tờ gì")
    second = services.assistant.reply(first.conversation_id, "mình nhờ chồng đi nộp hộ")
    assert second.checklist.reference == first.checklist.reference
    assert services.database_ready()
    assert services.repository.checklist(first.checklist.reference).payload["situation"] == {"representative": "proxy"}
