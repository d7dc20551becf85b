"""Kill a real `assistant ingest` process midway: serving continues, the next run completes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.index_store import IndexLayout
from assistant.knowledge import KnowledgeBase
from assistant.search import ProcedureSearch
from assistant.settings import KNOWLEDGE_DIR

ASSISTANT = str(Path(sys.executable).with_name("assistant"))
SUBSET = 240  # enough batches (of 32) to be caught in the middle


def _env(settings) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "300", "ASSISTANT_DATA_DIR": str(settings.data_dir), "ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir)}


@pytest.mark.slow
def test_sigkill_midway_then_resume(workspace, bundled_embeddings):
    settings = workspace
    first = subprocess.run([ASSISTANT, "ingest"], env=_env(settings), capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    layout = IndexLayout(settings.index_dir)
    old_generation = layout.current_generation()
    already_indexed = len(layout.current_manifest().procedures)  # copied, not embedded, by the next run

    # Add many real procedures so the next run has many batches to embed.
    for path in sorted((KNOWLEDGE_DIR / "procedures").glob("*.json"))[:SUBSET]:
        shutil.copy(path, settings.knowledge_dir / "procedures" / path.name)
    process = subprocess.Popen([ASSISTANT, "ingest"], env=_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            building = [g for g in layout.generations() if g != old_generation]
            manifest = layout.read_manifest(building[0]) if building else None
            if manifest is not None and len(manifest.procedures) > already_indexed and not manifest.complete:
                break
            assert process.poll() is None, "ingest finished before it could be interrupted"
            time.sleep(0.02)
        else:
            pytest.fail("ingest never showed progress")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    partial = layout.read_manifest(building[0])
    assert partial is not None and not partial.complete
    assert layout.current_generation() == old_generation
    search = ProcedureSearch(settings, KnowledgeBase.load(settings.knowledge_dir), bundled_embeddings)
    assert search.search("đăng ký kết hôn").results[0].code == "1.000894"  # the old generation still serves

    resumed = subprocess.run([ASSISTANT, "ingest"], env=_env(settings), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert "tiếp tục lần chạy dở" in resumed.stdout
    final = layout.current_manifest()
    assert final.generation == building[0]
    indexable = [p for p in KnowledgeBase.load(settings.knowledge_dir).all() if p.indexable]
    assert len(final.procedures) == len(indexable) > SUBSET - 20
    # Only what the killed run had not finished was embedded again.
    embedded_now = int(resumed.stdout.split("thủ tục — ")[1].split(" lập mới")[0])
    assert embedded_now == len(indexable) - len(partial.procedures) < len(indexable) - already_indexed
