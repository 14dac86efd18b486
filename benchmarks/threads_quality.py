"""Thread quality: pairwise precision / recall / F1 against threads written by people outside Ladder.

Sets: the seed with ../shared/gold/seed_threads.json; DDaT (threads = skills) from
../shared/data/derived/ddat_framework_with_threads.json; the three O*NET task ladders with the O*NET
analysts' own DWA and IWA links (sparse); and DDaT with its rows shuffled within each level, which
takes the path of a framework not written as a grid. The baseline is agglomerative clustering of whole-statement
MiniLM embeddings (average linkage, cosine distance threshold 0.5), measured in the same run.

    python benchmarks/threads_quality.py [--shared-data PATH]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from benchmarks.common import pairwise_prf, parse_benchmark_args, shared_path
from pipeline import config
from pipeline.cluster import ThreadBuilder
from pipeline.stages import run_stages


def seed_gold(statements, gold_path: Path) -> dict[str, str]:
    """Map the gold's `seed-E3` ids (level initial + position) onto Ladder's statement ids."""
    threads = json.loads(gold_path.read_text())["threads"]
    by_short = {}
    for row in statements.itertuples():
        by_short[f"seed-{row.level[0].upper()}{row.statement_id.rsplit(':', 1)[-1]}"] = (
            row.statement_id
        )
    return {by_short[m]: t for t, members in threads.items() for m in members}


def onet_gold(path: Path, key: str) -> dict[str, str]:
    doc = json.loads(path.read_text())
    return {m: t for t, spec in doc[key].items() for m in spec["members"]}


def baseline(vectors: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
    )
    return model.fit_predict(vectors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parse_benchmark_args(parser)
    cases = []
    seed_threads = shared_path("../gold/seed_threads.json")
    if seed_threads:
        cases.append(("seed", config.DEFAULT_FRAMEWORK, lambda st: seed_gold(st, seed_threads)))
    ddat = shared_path("derived/ddat_framework_with_threads.json")
    if ddat:
        cases.append(
            (
                "DDaT skills",
                ddat,
                lambda st: dict(zip(st.statement_id, st.declared_thread, strict=False)),
            )
        )
    for ladder in ("services_sales", "retail_sales", "wholesale_sales"):
        path = shared_path(f"derived/onet_ladder_{ladder}.json")
        if path:
            for key in ("threads_dwa", "threads_iwa"):
                cases.append(
                    (f"O*NET {ladder} {key[8:]}", path, lambda st, p=path, k=key: onet_gold(p, k))
                )
    print(
        f"{'set':<30} {'n':>5} {'threads':>7} {'ordered':>7}  {'P':>5} {'R':>5} {'F1':>5}   baseline F1"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, gold_of in cases:
            # Inferred threads only: DDaT declares the threads it is scored against.
            run = run_stages(path, processed_dir=Path(tmp), declared_threads=False)
            table = run.statements
            gold = gold_of(table)
            ordered = run.threads_meta.get("ordered")
            print_row(name, table.statement_id, table.thread_id, run.vectors, gold, ordered)
            if name == "DDaT skills":
                shuffled_row(table, run.vectors, gold)


def print_row(name: str, ids, labels, vectors: np.ndarray, gold: dict[str, str], ordered) -> None:
    """One set's line: Ladder's threads (`labels`, one per id) and the baseline's on `vectors`,
    both scored against `gold`."""
    p, r, f = pairwise_prf(dict(zip(ids, labels, strict=True)), gold)
    _, _, bf = pairwise_prf(dict(zip(ids, baseline(vectors).astype(str), strict=True)), gold)
    print(
        f"{name:<30} {len(ids):>5} {len(set(labels)):>7} "
        f"{str(ordered):>7}  {p:>5.3f} {r:>5.3f} {f:>5.3f}   {bf:>5.3f}"
    )


def shuffled_row(table, vectors: np.ndarray, gold: dict[str, str], seed: int = 0) -> None:
    """DDaT with its rows shuffled within each level: no grid order left, so the threads come from
    the links between levels (the path of every framework not written as a grid)."""
    rng = np.random.default_rng(seed)
    rank = table.level_rank.to_numpy()
    order = np.concatenate([rng.permutation(np.flatnonzero(rank == r)) for r in np.unique(rank)])
    builder = ThreadBuilder().fit(rank[order], vectors[order])
    ids = table.statement_id.to_numpy()[order]
    labels = builder.labels_.astype(str)
    print_row("DDaT skills, rows shuffled", ids, labels, vectors[order], gold, builder.ordered_)


if __name__ == "__main__":
    main()
