"""Matching on a Dask cluster: a batch of documents split into partitions, one task each.

The framework's statements and vectors are scattered to every worker once; a worker builds its
embedder, ranking index and level model on its first partition and keeps them for the next ones
(`_worker_state`). Results come back in input order and equal the in-process run's.

Workers need Ladder installed (`pip install -e .` of this repository, with torch pinned as in the
Makefile) and `HF_HUB_OFFLINE=1`; they read no file of the client's, and build the backend's model
(`models/built/`) on first use. Point Ladder at a cluster with `--scheduler tcp://HOST:8786`;
without it a `LocalCluster` of 2 single-threaded worker processes is started for the run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from pipeline.readers import Document
from pipeline.schemas import DocumentMatch

PARTITION_DOCUMENTS = 64


_STATE: dict[tuple[str, str], tuple] = {}  # per worker process: (framework key, backend) -> state


def _worker_state(key: str, backend: str, statements: pd.DataFrame, vectors: np.ndarray):
    if (key, backend) in _STATE:
        return _STATE[key, backend]
    from pipeline import config
    from pipeline.embed import make_embedder
    from pipeline.match import matching_state

    config.DEFAULT_BACKEND = backend
    embedder = make_embedder(backend)
    _STATE[key, backend] = (embedder, *matching_state(statements, vectors, embedder))
    return _STATE[key, backend]


def match_partition(
    key: str,
    backend: str,
    framework: tuple[pd.DataFrame, np.ndarray],
    documents: Sequence[Document],
    options: dict,
) -> list[DocumentMatch]:
    """Match one partition of documents on a worker (state cached per framework key)."""
    from pipeline.match import match_documents

    statements, vectors = framework
    embedder, index, level_model = _worker_state(key, backend, statements, vectors)
    return list(
        match_documents(
            documents,
            statements,
            vectors,
            embedder,
            index=index,
            level_model=level_model,
            **options,
        )
    )


def _local_cluster(n_workers: int = 2):
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        env={"OMP_NUM_THREADS": "1", "LADDER_THREADS": "1", "HF_HUB_OFFLINE": "1"},
    )


def match_on_dask(
    documents: Sequence[Document],
    statements: pd.DataFrame,
    vectors: np.ndarray,
    *,
    key: str,
    backend: str,
    scheduler: str | None = None,
    partition: int = PARTITION_DOCUMENTS,
    **options,
) -> Iterator[DocumentMatch]:
    """Yield the match of every document, in input order, computed by Dask workers."""
    from distributed import Client

    cluster = None if scheduler else _local_cluster()
    with Client(scheduler or cluster) as client:
        try:
            (framework,) = client.scatter([(statements, vectors)], broadcast=True)
            futures = [
                client.submit(
                    match_partition,
                    key,
                    backend,
                    framework,
                    list(documents[start : start + partition]),
                    options,
                    pure=False,
                )
                for start in range(0, len(documents), partition)
            ]
            for future in futures:  # in submission order: results keep the input order
                yield from future.result()
        finally:
            if cluster is not None:
                cluster.close()
