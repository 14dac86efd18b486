"""Fault injection: does `ladder audit` find faults planted in real frameworks?

For each framework the pipeline runs once (ingest, parse, embed, threads); then each injection edits
the parsed statements (text, parse and embedding travel together), threads are rebuilt and the audit
runs again, exactly as `ladder audit` would on the edited file:

- swap: a low-level and a high-level statement of one thread trade places (found if an inversion or a
  misplaced finding names either statement);
- delete level: a thread spanning 3+ levels loses its statements at a middle level (found if a gap
  finding names a remaining statement of the thread);
- duplicate: a statement is copied into another level (found if a near-duplicate finding names the copy).

Each fault is injected once: draws repeat until `--per-kind` distinct faults are found or the
framework has no more (a 50-statement ladder has only a handful of threads spanning three levels).

Also prints the findings of each unmodified framework.

    python -m benchmarks.audit_faults [--per-kind N] [--skip-large] [--only NAME] [--infer-threads]
        [--shared-data PATH] [--framework PATH ...] [--seed-gold-threads]

`--framework` runs the same injections on any framework file instead (a .json, .csv or .xlsx,
e.g. an author's rubric with its threads declared); `--seed-gold-threads` on the seed declaring
the core threads of `tests/data/seed_threads.json` (23 of its 40 statements; the rest inferred).

A framework that declares its threads (DDaT) is audited on them, as `ladder audit` does, and an
edit keeps each statement's declared thread (a swap exchanges texts, not thread membership);
`--infer-threads` rebuilds them from the statements instead.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import shared_path
from benchmarks.threads_quality import seed_gold
from pipeline import config
from pipeline.audit import AuditSettings, audit
from pipeline.cluster import assign_threads
from pipeline.ingest import read_framework
from pipeline.level_prior import LevelPrior, fit_level_prior
from pipeline.stages import run_stages

KINDS = ("swap", "delete level", "duplicate")


def rethread_and_audit(
    table: pd.DataFrame,
    vectors: np.ndarray,
    settings: AuditSettings,
    prior: LevelPrior | None,
    declared: bool,
) -> pd.DataFrame:
    table = table.drop(columns=["thread_id", "thread_label", "thread_source"], errors="ignore")
    table = table.reset_index(drop=True)
    threaded, _ = assign_threads(table, vectors, declared=declared)
    return audit(threaded, vectors, settings, prior)[1]


def seed_with_gold_threads(folder: Path) -> Path:
    """The seed written as a framework that declares the gold's core threads."""
    statements = read_framework(config.DEFAULT_FRAMEWORK)
    levels: dict[str, dict] = {}
    for row in statements.itertuples():
        level = levels.setdefault(row.level, {"label": row.level_label, "statements": []})
        level["statements"].append({"id": row.statement_id, "text": row.text})
    threads = defaultdict(list)
    gold = config.PROJ_ROOT / "tests" / "data" / "seed_threads.json"
    for statement_id, thread in seed_gold(statements, gold).items():
        threads[thread].append(statement_id)
    path = folder / "seed_gold_threads.json"
    framework = {"name": "seed, gold threads declared", "levels": levels}
    path.write_text(json.dumps({"framework": framework, "threads": threads}), encoding="utf-8")
    return path


def named(findings: pd.DataFrame, kinds: set[str], ids: set[str]) -> bool:
    hits = findings[findings.kind.isin(kinds)]
    return any(ids & set(s) for s in hits.statement_ids)


def inject(kind: str, table: pd.DataFrame, vectors: np.ndarray, rng: random.Random):
    """Returns (edited table, edited vectors, ids whose finding counts as a detection, a key naming
    the fault) or None."""
    spans = table.groupby("thread_id")["level_rank"].agg(["min", "max", "nunique"])
    if kind == "swap":
        threads = (
            spans.index[spans["max"] - spans["min"] >= 2].tolist()
            or spans.index[spans["nunique"] >= 2].tolist()
        )
        if not threads:
            return None
        members = table[table.thread_id == rng.choice(threads)]
        low = rng.choice(members.index[members.level_rank == members.level_rank.min()].tolist())
        high = rng.choice(members.index[members.level_rank == members.level_rank.max()].tolist())
        edited, vecs = table.copy(), vectors.copy()
        content = ["text", "subject", "verbs", "context"]
        edited.loc[[low, high], content] = table.loc[[high, low], content].to_numpy()
        vecs[[low, high]] = vectors[[high, low]]
        return edited, vecs, {table.statement_id[low], table.statement_id[high]}, (low, high)
    if kind == "delete level":
        threads = spans.index[spans["nunique"] >= 3].tolist()
        if not threads:
            return None
        members = table[table.thread_id == rng.choice(threads)]
        present = sorted(set(members.level_rank))
        middle = rng.choice(present[1:-1])
        drop = members.index[members.level_rank == middle]
        keep = ~table.index.isin(drop)
        remaining = set(members.statement_id[members.level_rank != middle])
        return table[keep].reset_index(drop=True), vectors[keep], remaining, tuple(drop)
    # duplicate
    source = rng.randrange(len(table))
    levels = sorted(set(table.level_rank) - {table.level_rank[source]})
    target = rng.choice(levels)
    copy = table.loc[[source]].copy()
    target_row = table[table.level_rank == target].iloc[0]
    copy["statement_id"] = f"injected-duplicate-{source}"
    copy[["level", "level_label", "level_rank"]] = target_row[
        ["level", "level_label", "level_rank"]
    ].to_numpy()
    position = int(table.index[table.level_rank == target][-1]) + 1
    edited = pd.concat([table.iloc[:position], copy, table.iloc[position:]]).reset_index(drop=True)
    edited["level_rank"] = edited["level_rank"].astype(int)
    vecs = np.vstack([vectors[:position], vectors[[source]], vectors[position:]])
    return edited, vecs, {copy.statement_id.iloc[0]}, (source, target)


DRAWS_PER_FAULT = 20  # random draws allowed per distinct fault before a kind counts as exhausted
DETECTED_BY = {
    "swap": {"inversion", "misplaced"},
    "delete level": {"gap"},
    "duplicate": {"near-duplicate"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--per-kind", type=int, default=34, help="injections per kind (small frameworks)"
    )
    parser.add_argument(
        "--per-kind-large", type=int, default=10, help="per kind for > 500 statements"
    )
    parser.add_argument("--shared-data", type=Path, default=config.SHARED_DATA_DIR)
    parser.add_argument(
        "--skip-large", action="store_true", help="skip frameworks over 500 statements"
    )
    parser.add_argument("--only", default="", help="only the frameworks whose name contains this")
    parser.add_argument(
        "--infer-threads",
        action="store_true",
        help="ignore declared threads (DDaT's skills), as `ladder audit --infer-threads`",
    )
    parser.add_argument(
        "--framework",
        type=Path,
        action="append",
        default=[],
        help="a framework file to test instead of the built-in set (repeatable)",
    )
    parser.add_argument(
        "--seed-gold-threads",
        action="store_true",
        help="test the seed declaring its gold core threads instead of the built-in set",
    )
    parser.add_argument("--inversion-margin", type=float, default=AuditSettings.inversion_margin)
    parser.add_argument("--signal-drop", type=float, default=AuditSettings.signal_drop)
    args = parser.parse_args()
    settings = AuditSettings(inversion_margin=args.inversion_margin, signal_drop=args.signal_drop)
    config.SHARED_DATA_DIR = args.shared_data
    frameworks = [("seed", config.DEFAULT_FRAMEWORK)]
    for name, rel in [
        ("O*NET services ladder", "derived/onet_ladder_services_sales.json"),
        ("O*NET retail ladder", "derived/onet_ladder_retail_sales.json"),
        ("O*NET wholesale ladder", "derived/onet_ladder_wholesale_sales.json"),
        ("DDaT", "derived/ddat_framework_with_threads.json"),
    ]:
        path = shared_path(rel)
        if path:
            frameworks.append((name, path))
    if args.framework:
        frameworks = [(path.stem, path) for path in args.framework]
    frameworks = [(name, path) for name, path in frameworks if args.only.lower() in name.lower()]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = []
    declared = not args.infer_threads
    with tempfile.TemporaryDirectory() as tmp:
        if args.seed_gold_threads:
            frameworks = [("seed, gold threads", seed_with_gold_threads(Path(tmp)))]
        for name, path in frameworks:
            run = run_stages(path, processed_dir=Path(tmp), declared_threads=declared)
            table = run.statements.reset_index(drop=True)
            if args.skip_large and len(table) > 500:
                continue
            # As `ladder audit` fits it: without the frameworks sharing a statement with this one.
            prior = fit_level_prior(run.embedder, table["text"])
            baseline = audit(table, run.vectors, settings, prior)[1]
            print(
                f"\n{name}: {len(table)} statements; unmodified framework findings: "
                + ", ".join(
                    f"{k} {v}" for k, v in baseline.kind.value_counts().sort_index().items()
                )
            )
            if name == "seed":
                for row in baseline.itertuples():
                    print(f"  {row.finding_id} {row.kind}: {row.explanation}")
            rng = random.Random(20261127)
            per_kind = args.per_kind if len(table) <= 500 else args.per_kind_large
            for kind in KINDS:
                found = tried = 0
                seen: set = set()
                for _ in range(per_kind * DRAWS_PER_FAULT):
                    if tried == per_kind:
                        break
                    injected = inject(kind, table, run.vectors, rng)
                    if injected is None:
                        break
                    edited, vecs, ids, key = injected
                    if key in seen:
                        continue  # each fault once: a small framework has few threads to break
                    seen.add(key)
                    findings = rethread_and_audit(edited, vecs, settings, prior, declared)
                    found += named(findings, DETECTED_BY[kind], ids)
                    tried += 1
                totals[kind][0] += found
                totals[kind][1] += tried
                rows.append((name, kind, found, tried))
    print(f"\n{'framework':<24} {'fault':<13} {'found':>5} / {'tried':<5} recall")
    for name, kind, found, tried in rows:
        print(
            f"{name:<24} {kind:<13} {found:>5} / {tried:<5} {found / tried if tried else float('nan'):.3f}"
        )
    for kind, (found, tried) in totals.items():
        print(
            f"{'all':<24} {kind:<13} {found:>5} / {tried:<5} {found / tried if tried else float('nan'):.3f}"
        )


if __name__ == "__main__":
    main()
