"""Build the search index from canonical procedures: incremental and crash-safe.

A run writes a new generation (see `assistant.index_store`): vectors of unchanged
procedures are copied from the current generation, new and changed ones are embedded,
removed ones are left behind. The manifest is rewritten after every batch, so a run that
is killed is resumed by the next one; CURRENT moves only when the generation is complete.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from assistant.domain import Procedure
from assistant.embeddings import embedding_signature, make_embeddings
from assistant.index_store import (
    LEXICAL_DIR,
    IndexedProcedure,
    IndexLayout,
    Manifest,
    drop_vector_store,
    open_vector_store,
)
from assistant.lexical import LEXICAL_VERSION, LexicalIndex
from assistant.lexicon import Lexicon
from assistant.settings import Settings
from ingest.chunker import chunk_procedure

# Bump when chunking changes, so every procedure is re-embedded.
CHUNKER_VERSION = "1"
BATCH_PROCEDURES = 32
GENERATIONS_KEPT = 2  # the current one and the one before (a running server may still read it)


@dataclass
class IndexStats:
    generation: str
    procedures: int
    embedded: int  # procedures embedded in this run
    copied: int  # unchanged procedures whose vectors were reused
    removed: int
    chunks_embedded: int  # distinct section texts embedded
    resumed: bool
    changed: bool
    seconds: float


def content_hash(procedure: Procedure) -> str:
    payload = CHUNKER_VERSION + procedure.model_dump_json()
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lexical_hash(hashes: dict[str, str], acronyms: dict[str, str]) -> str:
    joined = LEXICAL_VERSION + json.dumps(acronyms, sort_keys=True, ensure_ascii=False) + "\n"
    joined += "\n".join(f"{code}:{digest}" for code, digest in sorted(hashes.items()))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _upsert(store: Chroma, **records) -> None:
    # langchain-chroma has no public "add with precomputed vectors".
    store._collection.upsert(**records)


class Indexer:
    def __init__(
        self,
        settings: Settings,
        *,
        embeddings_factory: Callable[[Settings], Embeddings] = make_embeddings,
        progress: bool = True,
    ):
        self.settings = settings
        self.layout = IndexLayout(settings.index_dir)
        self._embeddings_factory = embeddings_factory
        self._embeddings: Embeddings | None = None
        self.progress = progress

    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:  # loading the model costs seconds: only when needed
            self._embeddings = self._embeddings_factory(self.settings)
        return self._embeddings

    def run(self, procedures: list[Procedure]) -> IndexStats:
        started = time.monotonic()
        wanted = {p.code: p for p in procedures if p.indexable}
        hashes = {code: content_hash(p) for code, p in wanted.items()}
        signature = embedding_signature(self.settings)
        acronyms = Lexicon.load(self.settings.knowledge_dir).acronyms()
        lexical_hash = _lexical_hash(hashes, acronyms)

        current = self.layout.current_generation()
        base = self.layout.read_manifest(current) if current else None
        if base is not None and (not base.complete or base.embedding != signature):
            base = None  # vectors made by another model cannot be reused
        if base is not None and base.lexical_hash == lexical_hash:
            return IndexStats(base.generation, len(wanted), 0, 0, 0, 0, False, False,
                              time.monotonic() - started)

        manifest, resumed = self._start_generation(current, signature)
        self.layout.root.mkdir(parents=True, exist_ok=True)
        store = open_vector_store(self.settings, manifest.generation, self.embeddings)

        # A resumed run may hold procedures that have since changed or gone.
        stale = [code for code, entry in manifest.procedures.items() if hashes.get(code) != entry.hash]
        for code in stale:
            store.delete(ids=manifest.procedures.pop(code).chunk_ids)
        self.layout.write_manifest(manifest)

        todo = [code for code in sorted(wanted) if code not in manifest.procedures]
        reusable = [c for c in todo if base is not None and c in base.procedures and base.procedures[c].hash == hashes[c]]
        to_embed = [c for c in todo if c not in set(reusable)]
        removed = len(set(base.procedures) - set(wanted)) if base else 0

        if reusable:
            self._copy(base, store, manifest, reusable)  # type: ignore[arg-type]
        chunks_embedded = self._embed(store, manifest, [wanted[c] for c in to_embed], hashes)

        lexical = LexicalIndex.build([wanted[code] for code in sorted(wanted)], acronyms)
        lexical.save(self.layout.generation_dir(manifest.generation) / LEXICAL_DIR)
        manifest.lexical_hash = lexical_hash
        manifest.complete = True
        self.layout.write_manifest(manifest)
        self.layout.set_current(manifest.generation)
        self._prune(keep=manifest.generation)
        return IndexStats(manifest.generation, len(wanted), len(to_embed), len(reusable), removed,
                          chunks_embedded, resumed, True, time.monotonic() - started)

    def _start_generation(self, current: str | None, signature: str) -> tuple[Manifest, bool]:
        """Resume an unfinished generation built on the current one, or start a new one."""
        for name in reversed(self.layout.generations()):
            if name == current:
                break
            unfinished = self.layout.read_manifest(name)
            if (
                unfinished is not None
                and not unfinished.complete
                and unfinished.base_generation == current
                and unfinished.embedding == signature
            ):
                return unfinished, True
        self._prune(keep=current)
        manifest = Manifest(generation=self.layout.next_generation(), base_generation=current, embedding=signature)
        self.layout.write_manifest(manifest)
        return manifest, False

    def _copy(self, base: Manifest, store: Chroma, manifest: Manifest, codes: list[str]) -> None:
        source = open_vector_store(self.settings, base.generation, self.embeddings)
        bar = tqdm(total=len(codes), desc="Giữ lại (không đổi)", unit="thủ tục", disable=not self.progress)
        for batch in _batches(codes, 256):
            ids = [chunk_id for code in batch for chunk_id in base.procedures[code].chunk_ids]
            if ids:
                got = source.get(ids=ids, include=["embeddings", "documents", "metadatas"])
                _upsert(store, ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"],
                        metadatas=got["metadatas"])
            for code in batch:
                manifest.procedures[code] = base.procedures[code]
            self.layout.write_manifest(manifest)
            bar.update(len(batch))
        bar.close()

    def _embed(self, store: Chroma, manifest: Manifest, procedures: list[Procedure], hashes: dict[str, str]) -> int:
        total = 0
        vectors: dict[str, list[float]] = {}  # identical section texts are common: embed each once
        bar = tqdm(total=len(procedures), desc="Lập chỉ mục", unit="thủ tục", disable=not self.progress)
        for start in range(0, len(procedures), BATCH_PROCEDURES):
            batch = procedures[start : start + BATCH_PROCEDURES]
            chunks = [chunk for p in batch for chunk in chunk_procedure(p)]
            new_texts = list(dict.fromkeys(c.text for c in chunks if c.text not in vectors))
            if new_texts:
                vectors.update(zip(new_texts, self.embeddings.embed_documents(new_texts)))
            if chunks:
                _upsert(
                    store,
                    ids=[c.id for c in chunks],
                    embeddings=[vectors[c.text] for c in chunks],
                    documents=[c.text for c in chunks],
                    metadatas=[c.metadata for c in chunks],
                )
            for p in batch:
                manifest.procedures[p.code] = IndexedProcedure(
                    hash=hashes[p.code], chunk_ids=[c.id for c in chunks if c.code == p.code]
                )
            self.layout.write_manifest(manifest)
            total += len(new_texts)
            bar.update(len(batch))
        bar.close()
        return total

    def _prune(self, keep: str | None) -> None:
        """Delete unfinished generations and all but the newest complete ones."""
        complete = []
        for name in self.layout.generations():
            manifest = self.layout.read_manifest(name)
            if name != keep and (manifest is None or not manifest.complete):
                self._drop(name)
            elif manifest is not None and manifest.complete:
                complete.append(name)
        for name in complete[:-GENERATIONS_KEPT]:
            if name != keep:
                self._drop(name)

    def _drop(self, generation: str) -> None:
        drop_vector_store(self.settings, generation)
        shutil.rmtree(self.layout.generation_dir(generation), ignore_errors=True)
