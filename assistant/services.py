"""The engine's parts wired together once per process (knowledge, search, database, assistant)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from sqlalchemy import Engine, create_engine, text

from assistant.checklist import ChecklistBuilder
from assistant.dialogue_words import DialogueWords
from assistant.embeddings import make_embeddings
from assistant.engine import Assistant
from assistant.knowledge import CentreProfile, KnowledgeBase, load_centre
from assistant.llm import LlmComposer, make_chat_model
from assistant.search import ProcedureSearch
from assistant.settings import Settings
from assistant.storage import migrate
from assistant.storage.repository import Repository


@dataclass
class Services:
    settings: Settings
    embeddings: Embeddings | None = None  # loaded from settings when not given
    chat_model: BaseChatModel | None = None  # the optional LLM; from settings when not given
    knowledge: KnowledgeBase = field(init=False)

    def __post_init__(self) -> None:
        self.knowledge = KnowledgeBase.load(self.settings.knowledge_dir)

    @cached_property
    def centre(self) -> CentreProfile:
        return load_centre(self.settings.knowledge_dir)

    @cached_property
    def words(self) -> DialogueWords:
        return DialogueWords.load(self.settings.knowledge_dir)

    @cached_property
    def search(self) -> ProcedureSearch:
        embeddings = self.embeddings or make_embeddings(self.settings)
        return ProcedureSearch(self.settings, self.knowledge, embeddings, words=self.words)

    @cached_property
    def db(self) -> Engine:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return create_engine(self.settings.resolved_database_url, pool_pre_ping=True)

    @cached_property
    def repository(self) -> Repository:
        migrate.upgrade(self.db)
        return Repository(self.db)

    def database_ready(self) -> bool:
        with self.db.connect() as connection:
            connection.execute(text("SELECT 1"))
        return migrate.is_current(self.db)

    @cached_property
    def assistant(self) -> Assistant:
        model = self.chat_model or make_chat_model(self.settings)
        return Assistant(
            knowledge=self.knowledge,
            centre=self.centre,
            search=self.search,
            repository=self.repository,
            words=self.words,
            checklists=ChecklistBuilder.load(self.settings.knowledge_dir, self.words),
            llm=LlmComposer(model) if model is not None else None,
        )
