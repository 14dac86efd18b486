"""Per-framework level model: how well does a statement's own language predict its level?

Protocol: leave-one-out for frameworks up to 200 statements, stratified 10-fold (seeded) above
(DDaT's 1,804 statements) — the same out-of-fold predictions `ladder audit` uses. The level prior
(`pipeline.level_prior`) is fitted without the framework being scored (leave-framework-out), as
`ladder audit` fits it. Also in the same run: the model without the prior, the baseline (nearest
level centroid of MiniLM embeddings, same protocol) and, for a framework that declares its threads,
the model `ladder audit` uses there, which also reads how like each level of its thread a statement
is (`audit.sibling_similarity`, from the training fold's levels only; "-" for no declared thread).
The seed is also scored with the core threads of its gold declared (`--seed-gold-threads` in
benchmarks/audit_faults.py: 23 of its 40 statements).

    python -m benchmarks.level_model [--shared-data PATH]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.audit_faults import seed_with_gold_threads
from benchmarks.common import shared_path
from pipeline import config
from pipeline.audit import add_signals, declared, out_of_fold_proba
from pipeline.level_prior import fit_level_prior
from pipeline.stages import run_stages


def centroid_baseline(vectors: np.ndarray, y: np.ndarray, loo_max: int = 200) -> np.ndarray:
    from sklearn.model_selection import LeaveOneOut, StratifiedKFold
    from sklearn.neighbors import NearestCentroid

    splitter = (
        LeaveOneOut() if len(y) <= loo_max else StratifiedKFold(10, shuffle=True, random_state=0)
    )
    pred = np.zeros_like(y)
    for train, test in splitter.split(vectors, y):
        pred[test] = (
            NearestCentroid(metric="euclidean").fit(vectors[train], y[train]).predict(vectors[test])
        )
    return pred


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=config.SHARED_DATA_DIR)
    args = parser.parse_args()
    config.SHARED_DATA_DIR = args.shared_data
    cases = [("seed", config.DEFAULT_FRAMEWORK), ("seed, gold threads", None)]
    for name, rel in [
        ("DDaT", "derived/ddat_framework_with_threads.json"),
        ("O*NET services ladder", "derived/onet_ladder_services_sales.json"),
        ("O*NET retail ladder", "derived/onet_ladder_retail_sales.json"),
        ("O*NET wholesale ladder", "derived/onet_ladder_wholesale_sales.json"),
    ]:
        path = shared_path(rel)
        if path:
            cases.append((name, path))
    print(
        f"{'framework':<24} {'n':>5} {'protocol':<9} {'exact':>6} {'within 1':>8}   "
        "without prior exact / within 1   baseline exact / within 1   "
        "declared threads exact / within 1   prior fitted on"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in cases:
            run = run_stages(path or seed_with_gold_threads(Path(tmp)), processed_dir=Path(tmp))
            table = add_signals(run.statements)
            y = table.level_rank.to_numpy(dtype=int)
            n_levels = len(set(y))
            prior = fit_level_prior(run.embedder, table["text"])
            pred = out_of_fold_proba(table, run.vectors, y, n_levels, prior=prior).argmax(axis=1)
            plain = out_of_fold_proba(table, run.vectors, y, n_levels).argmax(axis=1)
            base = centroid_baseline(run.vectors, y)
            threads = declared(table)
            with_threads = "-"
            if threads is not None:
                ours = out_of_fold_proba(
                    table, run.vectors, y, n_levels, prior=prior, threads=threads
                ).argmax(axis=1)
                with_threads = f"{np.mean(ours == y):.3f} / {np.mean(abs(ours - y) <= 1):.3f}"
            protocol = "LOO" if len(y) <= 200 else "10-fold"
            print(
                f"{name:<24} {len(y):>5} {protocol:<9} {np.mean(pred == y):>6.3f} "
                f"{np.mean(abs(pred - y) <= 1):>8.3f}   "
                f"{np.mean(plain == y):>13.3f} / {np.mean(abs(plain - y) <= 1):.3f}   "
                f"{np.mean(base == y):>16.3f} / {np.mean(abs(base - y) <= 1):.3f}   "
                f"{with_threads:>25}   "
                f"{', '.join(prior.frameworks) if prior else '-'}"
            )


if __name__ == "__main__":
    main()
