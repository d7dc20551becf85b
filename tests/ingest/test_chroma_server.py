"""The same index code against a real Chroma server on 127.0.0.1 (one collection per generation)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import pytest

from assistant.index_store import IndexLayout
from assistant.knowledge import KnowledgeBase, read_procedures
from assistant.search import ProcedureSearch
from ingest.indexer import Indexer
from ingest.knowledge_writer import write_knowledge

CHROMA = str(Path(sys.executable).with_name("chroma"))


@pytest.fixture()
def chroma_server(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [CHROMA, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("Chroma server did not start")
            time.sleep(0.2)
    yield port
    server.terminate()
    server.wait(timeout=30)


def test_index_and_search_through_a_chroma_server(workspace, bundled_embeddings, fixture_procedures, chroma_server):
    settings = workspace.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server})
    index = Indexer(settings, embeddings_factory=lambda _s: bundled_embeddings, progress=False)
    first = index.run(list(read_procedures(settings.knowledge_dir)[0].values()))

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    assert [c.name for c in client.list_collections()] == [f"procedure_sections-{first.generation}"]
    search = ProcedureSearch(settings, KnowledgeBase.load(settings.knowledge_dir), bundled_embeddings)
    assert search.search("dang ky ket hon").results[0].code == "1.000894"

    # A change makes a new generation (new collection); the oldest beyond two is dropped.
    procedures = [p.model_copy(deep=True) for p in fixture_procedures]
    for round_ in range(2):
        procedures[0].conditions = f"vòng {round_}"
        write_knowledge(settings.knowledge_dir, procedures)
        latest = index.run(list(read_procedures(settings.knowledge_dir)[0].values()))
    names = sorted(c.name for c in client.list_collections())
    assert names == [f"procedure_sections-{g}" for g in IndexLayout(settings.index_dir).generations()]
    assert len(names) == 2 and names[-1].endswith(latest.generation)
    assert search.search("dang ky ket hon").results[0].code == "1.000894"  # picked up the new generation
