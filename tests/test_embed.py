import numpy as np

from pipeline.embed import (
    Embedder,
    EmbeddingCache,
    SentenceTransformerEmbedder,
    default_embedder,
    embed_texts,
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
