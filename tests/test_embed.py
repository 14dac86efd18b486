import numpy as np

from pipeline.embed import (
    Embedder,
    EmbeddingCache,
    SentenceTransformerEmbedder,
    default_embedder,
    embed_texts,
    local_embedder,
    make_embedder,
    packaged_model_path,
)


def test_packaged_model_loads_offline_by_path():
    path = packaged_model_path()
    assert (path / "model.safetensors").exists()
    assert isinstance(default_embedder(), Embedder)


def test_vectors_are_normalised_float32_and_meaningful():
    texts = [
        "Resolve customer complaints following company procedures.",
        "Handle complaints from customers and escalate unresolved issues.",
        "Lubricate machines using grease guns.",
    ]
    vectors = default_embedder().encode(texts)
    assert vectors.dtype == np.float32 and vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_cache_reuses_vectors_and_survives_corruption(tmp_path):
    embedder = default_embedder()
    texts = [
        "Negotiate service agreements.",
        "Maintain CRM records.",
        "Negotiate service agreements.",
    ]
    first, encoded = embed_texts(embedder, texts, tmp_path)
    assert encoded == 2  # the repeated text is encoded once
    second, encoded = embed_texts(embedder, texts, tmp_path)
    assert encoded == 0
    assert np.array_equal(first, second)
    cache_file = EmbeddingCache(tmp_path, embedder.model_id).path
    cache_file.write_bytes(cache_file.read_bytes()[:100])  # truncated: must not be used
    third, encoded = embed_texts(embedder, texts, tmp_path)
    assert encoded == 2
    assert np.allclose(first, third, atol=1e-6)


def test_custom_model_id_keys_a_separate_cache(tmp_path):
    other = SentenceTransformerEmbedder(model_id="minilm-copy")
    embed_texts(default_embedder(), ["Draft routine replies."], tmp_path)
    _, encoded = embed_texts(other, ["Draft routine replies."], tmp_path)
    assert encoded == 1


def test_local_model_folder_is_keyed_by_its_weights(tmp_path):
    import shutil

    import pytest

    folder = tmp_path / "my-model"
    shutil.copytree(packaged_model_path(), folder)
    local = local_embedder(folder)
    assert local.model_id.startswith("local:my-model:")
    texts = ["Negotiate service agreements.", "Maintain CRM records."]
    reference = make_embedder("torch").encode(texts)
    assert np.allclose(local.encode(texts), reference, atol=1e-6)
    (folder / "model.safetensors").write_bytes(b"changed")  # other weights: another id
    assert local_embedder(folder).model_id != local.model_id
    with pytest.raises(FileNotFoundError, match="model.safetensors"):
        local_embedder(tmp_path)


def _seed_texts():
    from pipeline.ingest import read_framework
    from tests.conftest import SEED

    return read_framework(SEED)["text"].tolist()


def test_onnx_backend_gives_the_reference_vectors_and_neighbours():
    texts = _seed_texts()
    reference = make_embedder("torch").encode(texts)
    onnx = make_embedder("onnx").encode(texts)
    assert onnx.shape == reference.shape
    assert float((onnx * reference).sum(axis=1).min()) > 0.9999
    top = np.argsort(-(reference @ reference.T), axis=1)[:, 1:6]
    top_onnx = np.argsort(-(onnx @ onnx.T), axis=1)[:, 1:6]
    assert np.mean([set(a) == set(b) for a, b in zip(top, top_onnx, strict=True)]) >= 0.95


def test_static_backend_is_distilled_locally_and_keeps_meaning():
    static = make_embedder("static")
    texts = [
        "Resolve customer complaints following company procedures.",
        "Handle complaints from customers and escalate unresolved issues.",
        "Lubricate machines using grease guns.",
    ]
    vectors = static.encode(texts)
    assert (static.folder / "ready").exists() and "model2vec" in static.model_id
    assert vectors.dtype == np.float32 and vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2
    # Its neighbourhoods are coarser than the reference's but not random: on the seed, the
    # reference's nearest other statement is among the static model's 5 nearest for most statements.
    seed = _seed_texts()
    ref = make_embedder("onnx").encode(seed)
    fast = static.encode(seed)
    ref_sims, fast_sims = ref @ ref.T, fast @ fast.T
    np.fill_diagonal(ref_sims, -1)
    np.fill_diagonal(fast_sims, -1)
    nearest = ref_sims.argmax(axis=1)
    top5 = np.argsort(-fast_sims, axis=1)[:, :5]
    assert np.mean([n in row for n, row in zip(nearest, top5, strict=True)]) > 0.5


def test_bf16_backend_falls_back_without_cpu_support(monkeypatch):
    import warnings

    import pipeline.embed as embed

    monkeypatch.setattr(embed, "cpu_has_bf16", lambda: False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fallback = embed.make_embedder.__wrapped__("bf16")
    assert isinstance(fallback, embed.OnnxEmbedder)
    assert any("no bf16" in str(w.message) for w in caught)
    monkeypatch.setattr(embed, "cpu_has_bf16", lambda: True)
    native = embed.make_embedder.__wrapped__("bf16")
    assert native.model_id.endswith("+torch-bf16")
    texts = ["Negotiate service agreements with clients.", "Maintain CRM records."]
    cosine = (native.encode(texts) * make_embedder("torch").encode(texts)).sum(axis=1)
    assert cosine.min() > 0.99


def test_unknown_backend_is_refused():
    import pytest

    with pytest.raises(ValueError, match="unknown backend"):
        make_embedder("gpu")


def test_static_model_loads_as_model2vec_would():
    """`_load_static` builds the model without model2vec's hub-aware loader: same vectors."""
    from model2vec import StaticModel

    from pipeline.embed import _load_static

    static = make_embedder("static")
    static.encode(["build it"])
    texts = _seed_texts() + ["", "x" * 5000, "Kubernetes, C#, SQL"]
    ours = _load_static(static.folder).encode(texts)
    theirs = StaticModel.from_pretrained(str(static.folder)).encode(texts)
    assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)
    assert np.abs(ours).sum() > 0
