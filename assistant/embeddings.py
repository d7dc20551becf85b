"""The sentence-transformers embedding function, always loaded from local files."""

from __future__ import annotations

import os
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.errors import AssistantError
from assistant.settings import Settings


def _cpu_has_native_bf16() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="ignore")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolved_dtype(settings: Settings) -> str:
    if settings.embedding_dtype == "auto":
        return "bfloat16" if _cpu_has_native_bf16() else "float32"
    return settings.embedding_dtype


def make_embeddings(settings: Settings) -> Embeddings:
    """Load the configured model (a directory, or a name already in the local cache).

    Nothing is downloaded: the hub is switched off before sentence-transformers loads.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # our own progress bar is the one to read

    model = settings.embedding_model
    try:
        return HuggingFaceEmbeddings(
            model_name=str(Path(model)) if Path(model).exists() else model,
            model_kwargs={
                "device": "cpu",
                "local_files_only": True,
                "model_kwargs": {"dtype": resolved_dtype(settings)},
                "processor_kwargs": {"model_max_length": settings.embedding_max_tokens},
            },
            encode_kwargs={"normalize_embeddings": True, "batch_size": settings.embedding_batch_size},
        )
    except Exception as exc:  # sentence-transformers raises OSError, ValueError, HF errors...
        raise AssistantError(
            f"cannot load the embedding model {model!r} from local files: {exc}. "
            "Set EMBEDDING_MODEL to a directory holding a sentence-transformers model."
        ) from exc


def use_query_threads(settings: Settings) -> None:
    """A serving process embeds one short question at a time: torch's default of one thread
    per core, in every worker, leaves its threads waiting on each other (0.56 s for one
    question under load instead of about 25 ms)."""
    import torch

    torch.set_num_threads(settings.query_threads)


def embedding_signature(settings: Settings) -> str:
    """What must match for stored vectors to be reusable."""
    return f"{settings.embedding_model}|max_tokens={settings.embedding_max_tokens}|dtype={resolved_dtype(settings)}"
