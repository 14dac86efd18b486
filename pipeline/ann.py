"""Approximate nearest neighbours for very large frameworks: a faiss HNSW graph over the statement
vectors, used by `pipeline.rank` to pick candidate statements before exact hybrid scoring.

Below `config.ANN_MIN_STATEMENTS` ranking is exact (blocked matrix products); above, each query
and span takes its `candidates` nearest statements from the graph and only their union is scored.
`benchmarks/ann.py` measures recall@10 against exact search (faiss HNSW and usearch, same data).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class AnnIndex:
    """Inner-product HNSW over L2-normalised rows (scikit-learn style: `fit` returns self).

    Args:
        m: graph degree (links per node).
        ef_construction: candidate list while building (higher: better graph, slower build).
        ef_search: candidate list while searching (higher: better recall, slower queries).
    """

    m: int = 32
    ef_construction: int = 200
    ef_search: int = 256
    size_: int = field(init=False, default=0)

    def fit(self, vectors: np.ndarray) -> AnnIndex:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._index = faiss.IndexHNSWFlat(vectors.shape[1], self.m, faiss.METRIC_INNER_PRODUCT)
        self._index.hnsw.efConstruction = self.ef_construction
        self._index.add(vectors)  # faiss builds deterministically for a fixed insertion order
        self.size_ = len(vectors)
        return self

    def to_bytes(self) -> np.ndarray:
        """The graph as bytes (faiss' own serialisation), for `from_bytes` in a later process."""
        import faiss

        return faiss.serialize_index(self._index)

    @classmethod
    def from_bytes(cls, data: np.ndarray, **params) -> AnnIndex:
        import faiss

        ann = cls(**params)
        ann._index = faiss.deserialize_index(np.asarray(data, dtype=np.uint8))
        ann.size_ = ann._index.ntotal
        return ann

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) of the `k` best rows per query, best first; ids -1 where fewer exist."""
        import faiss

        params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, k))
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        return self._index.search(queries, min(k, self.size_), params=params)


def exact_top_k(
    queries: np.ndarray, vectors: np.ndarray, k: int, block_rows: int = 1024
) -> np.ndarray:
    """Ids of the `k` best rows of `vectors` per query by blocked matrix products (the reference)."""
    out = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), block_rows):
        scores = queries[start : start + block_rows] @ vectors.T
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(scores, top, axis=1).argsort(axis=1)[:, ::-1]
        out[start : start + len(scores)] = np.take_along_axis(top, order, axis=1)
    return out


def recall_at_k(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of the exact top-k ids that `found` (k per query) also returns."""
    k = exact.shape[1]
    return float(np.mean([len(set(f[:k]) & set(e)) / k for f, e in zip(found, exact, strict=True)]))
