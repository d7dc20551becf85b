"""The index is incremental by content hash, and a failed run never breaks serving."""

from __future__ import annotations

import pytest

from assistant.index_store import IndexLayout, open_vector_store
from assistant.knowledge import KnowledgeBase, read_procedures
from assistant.search import ProcedureSearch
from ingest.chunker import chunk_procedure
from ingest.indexer import Indexer
from ingest.knowledge_writer import write_knowledge


class CountingEmbeddings:
    """The real bundled model, counting what it embeds (and failing on demand)."""

    def __init__(self, inner, fail_after_texts: int | None = None):
        self.inner = inner
        self.embedded = 0
        self.fail_after_texts = fail_after_texts

    def embed_documents(self, texts):
        if self.fail_after_texts is not None and self.embedded + len(texts) > self.fail_after_texts:
            raise RuntimeError("simulated crash while embedding")
        self.embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def run(settings, embeddings):
    procedures, problems = read_procedures(settings.knowledge_dir)
    assert not problems
    return Indexer(settings, embeddings_factory=lambda _s: embeddings, progress=False).run(list(procedures.values()))


def test_first_build_indexes_every_section_of_every_indexable_procedure(workspace, bundled_embeddings, fixture_procedures):
    counting = CountingEmbeddings(bundled_embeddings)
    stats = run(workspace, counting)

    indexable = [p for p in fixture_procedures if p.indexable]
    chunks = [c for p in indexable for c in chunk_procedure(p)]
    expected_chunks = len(chunks)
    assert stats.changed and stats.embedded == len(indexable) and stats.copied == 0
    # Identical section texts are embedded once and shared.
    assert stats.chunks_embedded == len({c.text for c in chunks}) == counting.embedded
    layout = IndexLayout(workspace.index_dir)
    assert layout.current_generation() == stats.generation
    store = open_vector_store(workspace, stats.generation, bundled_embeddings)
    assert store._collection.count() == expected_chunks
    sections = {m["section"] for m in store.get(include=["metadatas"])["metadatas"]}
    assert {"overview", "documents", "channels", "legal_basis"} <= sections


def test_rerun_without_changes_embeds_nothing(workspace, bundled_embeddings):
    first = run(workspace, bundled_embeddings)
    counting = CountingEmbeddings(bundled_embeddings)
    second = run(workspace, counting)
    assert not second.changed
    assert second.generation == first.generation
    assert counting.embedded == 0


def test_changed_and_removed_procedures_only(workspace, bundled_embeddings, fixture_procedures):
    first = run(workspace, bundled_embeddings)
    procedures = [p.model_copy(deep=True) for p in fixture_procedures]
    changed, removed = procedures[0], procedures[1]
    changed.conditions = "Người yêu cầu phải cư trú tại phường."
    write_knowledge(workspace.knowledge_dir, [p for p in procedures if p.code != removed.code])

    counting = CountingEmbeddings(bundled_embeddings)
    stats = run(workspace, counting)

    assert stats.generation != first.generation
    assert stats.embedded == 1 and stats.removed == 1
    assert stats.copied == len([p for p in procedures if p.indexable]) - 2
    assert counting.embedded == len({c.text for c in chunk_procedure(changed)})
    store = open_vector_store(workspace, stats.generation, bundled_embeddings)
    assert store.get(where={"code": removed.code})["ids"] == []
    conditions = store.get(ids=[f"{changed.code}:conditions"])["documents"]
    assert conditions == ["Người yêu cầu phải cư trú tại phường."]


def test_crash_midway_keeps_serving_the_previous_generation_and_next_run_resumes(
    workspace, bundled_embeddings, fixture_procedures
):
    first = run(workspace, bundled_embeddings)
    # Change every procedure so the next run must embed them all, then crash after the first batch.
    procedures = [p.model_copy(deep=True) for p in fixture_procedures]
    for p in procedures:
        p.conditions = f"Điều kiện mới cho {p.code}"
    write_knowledge(workspace.knowledge_dir, procedures)
    ordered = sorted((p for p in procedures if p.indexable), key=lambda p: p.code)
    first_batch_texts = len({c.text for c in chunk_procedure(ordered[0])})

    import ingest.indexer as indexer_module

    original = indexer_module.BATCH_PROCEDURES
    indexer_module.BATCH_PROCEDURES = 1
    try:
        with pytest.raises(RuntimeError):
            run(workspace, CountingEmbeddings(bundled_embeddings, fail_after_texts=first_batch_texts))
        layout = IndexLayout(workspace.index_dir)
        assert layout.current_generation() == first.generation  # not swapped
        search = ProcedureSearch(workspace, KnowledgeBase.load(workspace.knowledge_dir), bundled_embeddings)
        assert search.search("đăng ký khai sinh").results  # previous generation still answers

        counting = CountingEmbeddings(bundled_embeddings)
        resumed = run(workspace, counting)
    finally:
        indexer_module.BATCH_PROCEDURES = original
    assert resumed.resumed and resumed.changed
    indexable = [p for p in procedures if p.indexable]
    assert resumed.embedded == len(indexable) - 1  # the batch done before the crash is kept
    remaining_texts = {c.text for p in ordered[1:] for c in chunk_procedure(p)}
    assert counting.embedded == len(remaining_texts)
    assert layout.current_generation() == resumed.generation != first.generation


def test_changing_the_embedding_model_setting_reembeds_everything(workspace, bundled_embeddings, fixture_procedures):
    run(workspace, bundled_embeddings)
    other = workspace.model_copy(update={"embedding_max_tokens": 32})
    counting = CountingEmbeddings(bundled_embeddings)
    stats = run(other, counting)
    assert stats.embedded == len([p for p in fixture_procedures if p.indexable]) and stats.copied == 0


def test_old_generations_are_pruned(workspace, bundled_embeddings, fixture_procedures):
    procedures = [p.model_copy(deep=True) for p in fixture_procedures]
    for round_ in range(3):
        procedures[0].conditions = f"vòng {round_}"
        write_knowledge(workspace.knowledge_dir, procedures)
        run(workspace, bundled_embeddings)
    assert len(IndexLayout(workspace.index_dir).generations()) == 2
