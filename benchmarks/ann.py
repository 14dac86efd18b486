"""Approximate vs exact nearest statements on a framework of 100k+ real statements.

Statements: the 54k texts of `benchmarks.large_framework` (ESCO skills and their description
sentences, O*NET tasks and DWAs, ESCO occupations) plus the O*NET alternate job titles, deduplicated.
Queries: the Decorte TECH/HOUSE/TECHWOLF test sentences (real job-ad sentences). Reference: exact
top-10 by blocked matrix products. Rows: faiss HNSW (Ladder's `pipeline.ann.AnnIndex`) at several
`ef_search`, and usearch's HNSW when it is installed; build time, queries/s and recall@10.

    python -m benchmarks.ann [--shared-data PATH] [--backend static] [--statements 120000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import parse_benchmark_args, shared_path
from benchmarks.large_framework import real_statements
from pipeline.ann import AnnIndex, exact_top_k, recall_at_k
from pipeline.embed import default_embedder, embed_texts

K = 10


def corpus(root: Path, limit: int) -> list[str]:
    texts = [text for text, _ in real_statements(root, 10**9)]
    titles = pd.read_csv(root / "onet_29_3" / "Alternate Titles.txt", sep="\t")
    texts += [str(t) for t in titles["Alternate Title"]]
    return list(dict.fromkeys(texts))[:limit]


def queries(root: Path) -> list[str]:
    out = []
    for name in ("tech", "house", "techwolf"):
        table = pd.read_csv(root / "decorte_esco_skill_benchmark" / f"{name}_test_annotations.csv")
        out += table["sentence"].astype(str).tolist()
    return list(dict.fromkeys(out))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=120_000)
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache folder")
    args = parse_benchmark_args(parser, argv)
    root = shared_path("", args.shared_data)
    if root is None or shared_path("decorte_esco_skill_benchmark") is None:
        return
    texts, query_texts = corpus(root, args.statements), queries(root)
    embedder = default_embedder()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        start = time.perf_counter()
        vectors, _ = embed_texts(embedder, texts, cache)
        query_vectors, _ = embed_texts(embedder, query_texts, cache)
        print(
            f"{len(texts):,} statements, {len(query_texts):,} queries, backend {args.backend} "
            f"(embedded in {time.perf_counter() - start:.0f} s)"
        )
    start = time.perf_counter()
    exact = exact_top_k(query_vectors, vectors, K)
    exact_qps = len(query_vectors) / (time.perf_counter() - start)
    print(f"{'index':<34} {'build s':>8} {'queries/s':>10} {'recall@10':>10}")
    print(f"{'exact (blocked matrix products)':<34} {0.0:>8.1f} {exact_qps:>10.0f} {1.0:>10.3f}")
    start = time.perf_counter()
    index = AnnIndex().fit(vectors)
    build = time.perf_counter() - start
    for ef in (64, 128, 256, 512):
        index.ef_search = ef
        start = time.perf_counter()
        _, found = index.search(query_vectors, K)
        qps = len(query_vectors) / (time.perf_counter() - start)
        name = f"faiss HNSW M=32 ef_search={ef}"
        print(f"{name:<34} {build:>8.1f} {qps:>10.0f} {recall_at_k(found, exact):>10.3f}")
    try:
        from usearch.index import Index
    except ImportError:
        print("usearch: not installed, skipped")
        return
    start = time.perf_counter()
    other = Index(ndim=vectors.shape[1], metric="ip", connectivity=32, expansion_add=200)
    other.add(np.arange(len(vectors)), vectors, threads=0)  # all cores, as faiss (OpenMP)
    build = time.perf_counter() - start
    for ef in (64, 128, 256, 512):
        other.expansion_search = ef
        start = time.perf_counter()
        found = other.search(query_vectors, K, threads=0).keys
        qps = len(query_vectors) / (time.perf_counter() - start)
        name = f"usearch HNSW M=32 ef_search={ef}"
        print(f"{name:<34} {build:>8.1f} {qps:>10.0f} {recall_at_k(found, exact):>10.3f}")


if __name__ == "__main__":
    main()
