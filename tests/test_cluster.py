import numpy as np

from benchmarks.common import pairwise_prf
from pipeline.cluster import ThreadBuilder, _dtw_path, assign_threads
from tests.conftest import seed_gold_threads


def test_seed_threads_against_gold(seed_run):
    table = seed_run.statements
    gold = seed_gold_threads(table)
    precision, recall, f1 = pairwise_prf(
        dict(zip(table.statement_id, table.thread_id, strict=False)), gold
    )
    # Measured 0.875 / 0.737 / 0.800 (benchmarks/threads_quality.py); naive clustering gets 0.625.
    assert f1 >= 0.75 and precision >= 0.8


def test_unordered_seed_keeps_one_statement_per_level_unless_paraphrase(seed_run):
    table = seed_run.statements
    assert seed_run.threads_meta["ordered"] is False
    per_level = table.groupby(["thread_id", "level_rank"]).size()
    assert per_level.max() <= 2


def test_ddat_sample_is_ordered_and_threads_follow_skills(ddat_run):
    table = ddat_run.statements
    assert ddat_run.threads_meta["ordered"] is True
    assert ddat_run.threads_meta["segmented"] is True
    gold = dict(zip(table.statement_id, table.declared_thread, strict=False))
    _, _, f1 = pairwise_prf(dict(zip(table.statement_id, table.thread_id, strict=False)), gold)
    baseline = _naive_f1(ddat_run.vectors, gold, table.statement_id.tolist())
    # Measured on this 148-statement sample: 0.381 vs naive 0.291 (full DDaT: 0.630 vs 0.200;
    # 20 random runs of 12 consecutive skills: mean 0.646).
    assert f1 >= baseline + 0.05


def _naive_f1(vectors, gold, ids):
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=0.5, metric="cosine", linkage="average"
    ).fit_predict(vectors)
    return pairwise_prf(dict(zip(ids, labels.astype(str), strict=False)), gold)[2]


def test_threads_are_deterministic_and_labelled(seed_run):
    table = seed_run.statements.drop(columns=["thread_id", "thread_label"])
    a, _ = assign_threads(table, seed_run.vectors)
    b, _ = assign_threads(table, seed_run.vectors)
    assert a.thread_id.tolist() == b.thread_id.tolist()
    assert a.thread_label.str.len().gt(0).all()
    assert a.thread_id.iloc[0] == "t001"


def test_dtw_path_is_monotone_and_follows_cheap_cells():
    cost = np.array([[0.0, 1, 1], [1, 0, 1], [1, 1, 0], [1, 1, 0]])
    assert _dtw_path(cost) == [(0, 0), (1, 1), (2, 2), (3, 2)]


def test_ordered_grid_is_aligned_then_cut_into_topics():
    # Three topics in the same order at three levels, with 1-3 rows per topic per level and a
    # topic missing at the middle level: the cuts fall between topics, never inside one.
    rng = np.random.default_rng(0)
    topics = np.eye(8)[:3] * 3.0
    rows = {0: [0, 0, 1, 2], 1: [0, 2, 2, 2], 2: [0, 1, 1, 2, 2]}
    level_rank, truth, vectors = [], [], []
    for rank, row_topics in rows.items():
        for topic in row_topics:
            level_rank.append(rank)
            truth.append(topic)
            vectors.append(topics[topic] + rng.normal(scale=0.3, size=8))
    vectors = np.array(vectors)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    builder = ThreadBuilder(order_tau=0.0, order_p_value=1.0).fit(np.array(level_rank), vectors)
    assert builder.segmented_
    labels = builder.labels_
    truth = np.array(truth)
    for topic in range(3):
        assert len(set(labels[truth == topic].tolist())) == 1
    assert len(set(labels.tolist())) == 3


def test_a_few_neighbours_in_order_by_chance_do_not_make_a_grid(seed_run):
    # Swapping two seed statements once put 3 of 4 neighbour pairs in order (tau 0.67): the seed
    # then counted as a grid. Pooled over all levels and tested for significance, it does not.
    table = seed_run.statements.reset_index(drop=True)
    for low, high in [(1, 28), (1, 38), (18, 30), (18, 34)]:
        vectors = seed_run.vectors.copy()
        vectors[[low, high]] = vectors[[high, low]]
        builder = ThreadBuilder().fit(table.level_rank.to_numpy(), vectors)
        assert not builder.ordered_


def test_depth_scores_measure_valleys_between_peaks():
    from pipeline.cluster import _depth_scores

    depth = _depth_scores(np.array([0.9, 0.5, 0.8, 0.8, 0.2, 0.7]))
    assert np.allclose(depth, [0.0, 0.7, 0.0, 0.0, 1.1, 0.0])


def test_builder_links_across_levels_with_fixed_vectors():
    # Two topics, three levels, rows shuffled in the middle level: unordered, one thread per topic.
    a, b = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    noise = np.array([0.1, 0.1])
    vectors = np.array([a, b, b + noise, a + noise, a, b])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    builder = ThreadBuilder().fit(np.array([0, 0, 1, 1, 2, 2]), vectors)
    labels = builder.labels_
    assert labels[0] == labels[3] == labels[4]
    assert labels[1] == labels[2] == labels[5]
    assert labels[0] != labels[1]


def test_thread_building_memory_is_linear_not_quadratic():
    import tracemalloc

    import numpy as np

    from pipeline.cluster import ThreadBuilder

    rng = np.random.default_rng(0)
    n = 8_000
    vectors = rng.normal(size=(n, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    level_rank = np.repeat([0, 1], n // 2)
    tracemalloc.start()
    builder = ThreadBuilder().fit(level_rank, vectors)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(builder.labels_) == n
    assert peak < 0.25 * n * n * 4  # an n x n float32 matrix would be 256 MB; blocks stay far below


def test_declared_threads_are_kept_and_undeclared_statements_inferred(ddat_run):
    table = ddat_run.statements.drop(columns=["thread_id", "thread_label"])
    ids = table.statement_id.tolist()
    declared = dict(zip(ids, table.declared_thread, strict=True))
    kept, meta = assign_threads(table, ddat_run.vectors)
    assert meta["source"] == "declared"
    assert pairwise_prf(dict(zip(ids, kept.thread_id, strict=True)), declared)[2] == 1.0
    assert (kept.thread_label == table.declared_thread).all()

    partial = table.copy()
    undeclared = partial.declared_thread.isin(["Accessibility", "Agile working"])
    partial.loc[undeclared, "declared_thread"] = None
    mixed, meta = assign_threads(partial, ddat_run.vectors)
    assert meta["source"] == "both" and meta["declared_statements"] == int((~undeclared).sum())
    assert not set(mixed.thread_id[undeclared]) & set(mixed.thread_id[~undeclared])
    assert (mixed.thread_label[~undeclared] == table.declared_thread[~undeclared]).all()

    inferred, meta = assign_threads(table, ddat_run.vectors, declared=False)
    assert meta["source"] == "inferred"
    assert inferred.thread_id.tolist() == ddat_run.statements.thread_id.tolist()
