"""Where the search index lives, and how a generation of it is opened.

The index is kept in generations under `<data dir>/index/`:

    CURRENT              name of the last complete generation (replaced atomically)
    g000003/manifest.json   what is in that generation (content hash per procedure)
    g000003/lexical/        BM25 index
    g000003/chroma/         embedded Chroma store (with a Chroma server: collection "<name>-g000003")

Ingest writes a new generation beside the current one and only then swaps CURRENT, so a
crash mid-ingest leaves the previous generation serving, and the next run resumes.
"""

from __future__ import annotations

import os
from pathlib import Path

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field

from assistant.errors import IndexNotReady
from assistant.settings import Settings

MANIFEST_VERSION = 1
CURRENT_FILE = "CURRENT"
MANIFEST_FILE = "manifest.json"
LEXICAL_DIR = "lexical"
CHROMA_DIR = "chroma"


class IndexedProcedure(BaseModel):
    hash: str
    chunk_ids: list[str]


class Manifest(BaseModel):
    version: int = MANIFEST_VERSION
    generation: str
    base_generation: str | None = None
    embedding: str
    complete: bool = False
    lexical_hash: str | None = None
    procedures: dict[str, IndexedProcedure] = Field(default_factory=dict)


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file, fsync, then rename over the target."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class IndexLayout:
    def __init__(self, root: Path):
        self.root = root

    def current_generation(self) -> str | None:
        try:
            name = (self.root / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def set_current(self, generation: str) -> None:
        atomic_write_text(self.root / CURRENT_FILE, generation + "\n")

    def generation_dir(self, generation: str) -> Path:
        return self.root / generation

    def generations(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name.startswith("g"))

    @staticmethod
    def generation_name(number: int) -> str:
        return f"g{number:06d}"

    def next_generation(self) -> str:
        existing = [int(name[1:]) for name in self.generations() if name[1:].isdigit()]
        return self.generation_name(max(existing, default=0) + 1)

    def read_manifest(self, generation: str) -> Manifest | None:
        path = self.generation_dir(generation) / MANIFEST_FILE
        try:
            return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def write_manifest(self, manifest: Manifest) -> None:
        directory = self.generation_dir(manifest.generation)
        directory.mkdir(parents=True, exist_ok=True)
        atomic_write_text(directory / MANIFEST_FILE, manifest.model_dump_json())

    def current_manifest(self) -> Manifest:
        generation = self.current_generation()
        manifest = self.read_manifest(generation) if generation else None
        if manifest is None or not manifest.complete:
            raise IndexNotReady(f"no complete search index under {self.root}; run `assistant ingest`")
        return manifest


def open_vector_store(settings: Settings, generation: str, embeddings: Embeddings) -> Chroma:
    """The Chroma collection of one generation, always with our own embedding function."""
    metadata = {"hnsw:space": "cosine"}
    if settings.chroma_host:
        import chromadb

        client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port)
        return Chroma(
            collection_name=f"{settings.chroma_collection}-{generation}",
            client=client,
            embedding_function=embeddings,
            collection_metadata=metadata,
        )
    directory = IndexLayout(settings.index_dir).generation_dir(generation) / CHROMA_DIR
    return Chroma(
        collection_name=settings.chroma_collection,
        persist_directory=str(directory),
        embedding_function=embeddings,
        collection_metadata=metadata,
    )


def drop_vector_store(settings: Settings, generation: str) -> None:
    """Remove a generation's collection on a Chroma server (embedded ones go with their folder)."""
    if not settings.chroma_host:
        return
    import chromadb

    client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port)
    from chromadb.errors import NotFoundError

    try:
        client.delete_collection(f"{settings.chroma_collection}-{generation}")
    except NotFoundError:  # already gone
        pass

