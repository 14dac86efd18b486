"""The arrays matching keeps between processes (pipeline.serving) give scikit-learn's numbers, and a
process that loads them never imports scikit-learn."""

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline import config
from pipeline.audit import LevelFeatures, LevelModel
from pipeline.embed import default_embedder
from pipeline.ingest import read_framework
from pipeline.match import Document, match_document, matching_state
from pipeline.serving import (
    Csr,
    FrameworkLevelModel,
    TfidfTable,
    load_arrays,
    ordinal_proba,
    save_arrays,
)
from pipeline.signals import add_signals
from tests.conftest import DATA, load_jsonl

SAMPLE_AD = (config.RESOURCES_DIR / "sample_job_ad.md").read_text(encoding="utf-8")
ODD_TEXTS = [
    "",
    "a an the of",
    "x",
    "Café  naïve\tRÉSUMÉ\n\nC# C++ .NET node.js",
    "ﬁnance ŞĞ İstanbul straße 3D 2-3 years",
    "word " * 40,
]


@pytest.fixture(scope="module")
def esco_texts() -> tuple[list[str], list[str]]:
    statements = read_framework(DATA / "esco_sample.csv")
    enriched = (statements["text"] + " " + statements["description"].fillna("")).tolist()
    queries = [r["text"] for r in load_jsonl(DATA / "seed_parse.jsonl")] + ODD_TEXTS
    queries += [line for line in SAMPLE_AD.splitlines() if line.strip()]
    return enriched, queries


@pytest.mark.parametrize(
    "params",
    [
        {"sublinear_tf": True, "ngram_range": (1, 2), "stop_words": "english"},
        {"sublinear_tf": True, "analyzer": "char_wb", "ngram_range": (3, 5)},
        {"sublinear_tf": True, "ngram_range": (1, 2), "min_df": 2},
        {"ngram_range": (2, 3)},
    ],
)
def test_tfidf_table_transforms_exactly_as_scikit_learn(esco_texts, params, tmp_path):
    texts, queries = esco_texts
    vectorizer = TfidfVectorizer(**params).fit(texts)
    table = TfidfTable.from_vectorizer(vectorizer)
    save_arrays(tmp_path / "t.npz", table.to_arrays("t"))
    loaded = TfidfTable.from_arrays(load_arrays(tmp_path / "t.npz"), "t")
    for probe in (queries, texts[:200]):
        expected = Csr.of(vectorizer.transform(probe))
        for got in (table.transform(probe), loaded.transform(probe)):
            assert got.shape == expected.shape
            for name in ("indptr", "indices", "data"):  # bit for bit, not only close
                np.testing.assert_array_equal(getattr(got, name), getattr(expected, name))
    assert len(loaded.transform(queries).data) > 0


def test_sparse_products_equal_scipy(esco_texts):
    """`Csr`'s two products give scipy.sparse's numbers (to float rounding), columns picked or not."""
    texts, queries = esco_texts
    vectorizer = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))
    statements = vectorizer.fit_transform(texts).T.tocsr()
    probe = vectorizer.transform(queries)
    expected = (probe @ statements).toarray()
    got = Csr.of(probe).dot_csr(Csr.of(statements))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert (expected > 0).sum() > 1000  # a real product, not mostly zeros
    cols = np.array([5, 0, 599, 17, 17])
    np.testing.assert_allclose(Csr.of(probe).dot_csr(Csr.of(statements), cols), expected[:, cols])
    dense = np.random.default_rng(0).normal(size=(probe.shape[1], 3))
    np.testing.assert_allclose(Csr.of(probe).dot_dense(dense), probe @ dense, atol=1e-12)


def test_tfidf_table_refuses_what_it_cannot_reproduce():
    with pytest.raises(ValueError, match="word or char_wb"):
        TfidfTable.from_vectorizer(TfidfVectorizer(analyzer="char").fit(["some text here"]))
    for odd in ({"token_pattern": r"\S+"}, {"binary": True}, {"strip_accents": "unicode"}):
        with pytest.raises(ValueError, match="settings only"):
            TfidfTable.from_vectorizer(TfidfVectorizer(**odd).fit(["some text"]))


def test_level_thresholds_equal_the_fitted_regressions(ddat_run):
    # 148 statements: word features forced on (they start at 200 by default) to cover them too.
    table = add_signals(ddat_run.statements)
    y = table["level_rank"].to_numpy(dtype=int)
    features = LevelFeatures(min_statements=100).fit(table)
    X = features.transform(table, ddat_run.vectors)
    model = LevelModel().fit(X, y)
    thresholds = model.thresholds()
    expected = np.column_stack([m.predict_proba(X)[:, 1] for m in model.models_])
    np.testing.assert_allclose(thresholds.greater(X), expected, rtol=0, atol=1e-12)
    proba = ordinal_proba(expected)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    assert (proba.argmax(axis=1) == y).mean() > 0.6  # fitted on these rows: most come back right

    level_model = FrameworkLevelModel.fit(
        ddat_run.statements, ddat_run.vectors, min_word_statements=100
    )
    assert level_model.words is not None and len(level_model.words.vocabulary) > 50
    sentences = ddat_run.statements["text"].tolist()[:12]
    # A document's sentences are not parsed: no verbs, so no Bloom level from them.
    unparsed = add_signals(pd.DataFrame({"text": sentences, "verbs": [[]] * 12}))
    X_doc = features.transform(unparsed, ddat_run.vectors[:12])
    by_hand = ordinal_proba(np.column_stack([m.predict_proba(X_doc)[:, 1] for m in model.models_]))
    by_hand = by_hand.mean(axis=0)
    got = level_model.document_distribution(sentences, ddat_run.vectors[:12])
    np.testing.assert_allclose(got, by_hand, atol=1e-9)


def test_matching_state_is_kept_and_reloaded_identically(seed_run, tmp_path):
    embedder = default_embedder()
    statements, vectors = seed_run.statements, seed_run.vectors
    fitted = matching_state(statements, vectors, embedder, tmp_path)
    (kept,) = tmp_path.glob("matching-*.npz")
    loaded = matching_state(statements, vectors, embedder, tmp_path)
    assert loaded[0].words is not fitted[0].words  # read back, not the same objects
    doc = Document("ad", SAMPLE_AD)
    results = [
        match_document(doc, statements, vectors, embedder, index=index, level_model=level_model)
        for index, level_model in (fitted, loaded)
    ]
    assert results[0].matches and results[0].to_dict() == results[1].to_dict()

    # Different statements, a different key; a damaged file is rebuilt, not trusted.
    changed = statements.assign(text=statements["text"] + " today")
    matching_state(changed, vectors, embedder, tmp_path)
    assert len(list(tmp_path.glob("matching-*.npz"))) == 2
    kept.write_bytes(kept.read_bytes()[:100])
    again = matching_state(statements, vectors, embedder, tmp_path)
    again_result = match_document(
        doc, statements, vectors, embedder, index=again[0], level_model=again[1]
    )
    assert again_result.to_dict() == results[0].to_dict()
    assert load_arrays(kept) is not None


def test_cold_match_never_imports_scikit_learn(tmp_path):
    """The second `ladder match` (caches built) loads what it needs without scikit-learn or scipy,
    the imports that cost most of a cold start."""
    argv = ["ladder", "--quiet", "match", str(config.RESOURCES_DIR / "sample_job_ad.md")]
    argv += ["--framework", str(config.DEFAULT_FRAMEWORK), "--no-spans", "--json"]
    code = (
        f"import sys, runpy; sys.argv = {argv!r}\n"
        "try:\n    runpy.run_module('pipeline.cli', run_name='__main__')\n"
        "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))"
    )
    env = {**os.environ, "LADDER_PROCESSED_DIR": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr[-2000:]
    first, second = (run.stdout.strip().splitlines() for run in runs)
    assert json.loads(first[0])["matches"]  # a real match, printed before the module list
    assert first[0] == second[0]  # the reloaded state gives the same result
    assert "sklearn" in first[-1]  # the first run fitted with scikit-learn...
    assert second[-1] == "[]"  # ...the second did not import it


def test_index_with_hnsw_graph_round_trips(monkeypatch, tmp_path):
    """Past `config.ANN_MIN_STATEMENTS` the index carries a faiss graph: kept as bytes, read back,
    it proposes the same candidates and gives the same scores."""
    from pipeline.embed import embed_texts
    from pipeline.rank import StatementIndex

    monkeypatch.setattr(config, "ANN_MIN_STATEMENTS", 100)
    statements = read_framework(DATA / "esco_sample.csv")
    embedder = default_embedder()
    vectors, _ = embed_texts(embedder, statements["text"].tolist())
    index = StatementIndex(statements, vectors, embedder)
    assert index.ann is not None
    save_arrays(tmp_path / "index.npz", index.to_arrays())
    loaded = StatementIndex.from_arrays(load_arrays(tmp_path / "index.npz"), vectors, embedder)
    sentences = [r["sentence"] for r in pd.read_csv(DATA / "decorte_sample.csv").to_dict("records")]
    queries, _ = embed_texts(embedder, sentences)
    np.testing.assert_array_equal(index.candidates(queries), loaded.candidates(queries))
    for got, expected in zip(
        vars(loaded.score(sentences, queries)).values(),
        vars(index.score(sentences, queries)).values(),
        strict=True,
    ):
        np.testing.assert_array_equal(got, expected)
