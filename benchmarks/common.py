"""Helpers shared by the benchmark scripts: locating ../shared data and pairwise clustering scores."""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

from pipeline import config


def parse_benchmark_args(parser: argparse.ArgumentParser, argv: list[str] | None = None):
    """Add the options every benchmark shares, parse, and apply them to `config`:
    `--shared-data` (where the data sets are) and `--backend` (which embedding backend to measure)."""
    parser.add_argument("--shared-data", type=Path, default=config.SHARED_DATA_DIR)
    parser.add_argument("--backend", choices=config.BACKENDS, default=config.DEFAULT_BACKEND)
    args = parser.parse_args(argv)
    config.SHARED_DATA_DIR, config.DEFAULT_BACKEND = args.shared_data, args.backend
    return args


def shared_path(relative: str, override: Path | None = None) -> Path | None:
    """`override` if given, else ../shared/data/<relative>; None (with a note) when absent."""
    path = Path(override) if override else config.SHARED_DATA_DIR / relative
    if not path.exists():
        print(
            f"[absent] {path}: this figure is skipped (pass the path on the command line)",
            file=sys.stderr,
        )
        return None
    return path


def pairwise_prf(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision/recall/F1 over the statements that `gold` assigns to a thread."""
    ids = sorted(gold)
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def mrr_rp5(scores: np.ndarray, gold: list[list[int]]) -> tuple[float, float]:
    """Mean reciprocal rank of the first gold column per row, and R-precision at 5 (Decorte et al.)."""
    mrr = rp5 = 0.0
    for row, relevant in zip(scores, gold, strict=True):
        order = np.argsort(-row, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        mrr += 1.0 / (rank[relevant].min() + 1)
        rp5 += len(set(order[:5].tolist()) & set(relevant)) / min(5, len(relevant))
    return mrr / len(gold), rp5 / len(gold)
