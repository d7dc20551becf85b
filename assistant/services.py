"""The engine's parts wired together once per process (knowledge, search, database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from langchain_core.embeddings import Embeddings
from sqlalchemy import Engine, create_engine, text

from assistant.embeddings import make_embeddings
from assistant.knowledge import CentreProfile, KnowledgeBase, load_centre
from assistant.search import ProcedureSearch
from assistant.settings import Settings


@dataclass
class Services:
    settings: Settings
    embeddings: Embeddings | None = None  # loaded from settings when not given
    knowledge: KnowledgeBase = field(init=False)

    def __post_init__(self) -> None:
        self.knowledge = KnowledgeBase.load(self.settings.knowledge_dir)

    @cached_property
    def centre(self) -> CentreProfile:
        return load_centre(self.settings.knowledge_dir)

    @cached_property
    def search(self) -> ProcedureSearch:
        return ProcedureSearch(self.settings, self.knowledge, self.embeddings or make_embeddings(self.settings))

    @cached_property
    def db(self) -> Engine:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return create_engine(self.settings.resolved_database_url, pool_pre_ping=True)

    def database_ready(self) -> bool:
        with self.db.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
