"""Parse quality: verb sets exact (and subject/context exact where gold has them).

Sets: the 40 hand-checked seed statements (../shared/gold/seed_parse.jsonl) and the samples of
other styles annotated for this project (benchmarks/gold/parse_*.jsonl, see benchmarks/gold/README.md):
O*NET tasks, DDaT bullets, job-ad sentences, and seven held-out job-ad samples
(parse_job_ads_heldout*.jsonl), each drawn and annotated before the parser was scored on it.

    python benchmarks/parse_quality.py [--seed-gold PATH] [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from pipeline import config
from pipeline.parse import parse_texts

GOLD_DIR = Path(__file__).resolve().parent / "gold"


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _natural(path: Path) -> list:
    """Sort key: heldout2 before heldout10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.stem)]


def score(rows: list[dict], show_errors: bool) -> dict:
    parsed = parse_texts([r["text"] for r in rows])
    result = {"n": len(rows), "verbs_exact": 0.0, "verb_set_exact": 0.0}
    fields = [f for f in ("subject", "context") if f in rows[0]]
    for field in fields:
        result[f"{field}_exact"] = 0.0
    for row, got in zip(rows, parsed, strict=True):
        ok = list(got.verbs) == row["verbs"]
        result["verbs_exact"] += ok
        result["verb_set_exact"] += set(got.verbs) == set(row["verbs"])
        for field in fields:
            result[f"{field}_exact"] += getattr(got, field) == row[field]
        if show_errors and not ok:
            print(
                f"  {row['id']}: {row['text'][:110]!r}\n     got {list(got.verbs)} gold {row['verbs']}"
            )
    for key in result:
        if key != "n":
            result[key] = round(result[key] / len(rows), 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed-gold",
        type=Path,
        default=config.SHARED_DATA_DIR.parent / "gold" / "seed_parse.jsonl",
    )
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    sets = {}
    if args.seed_gold.exists():
        sets["seed (gold)"] = load_jsonl(args.seed_gold)
    else:
        print(f"seed gold not found at {args.seed_gold}: skipped")
    for path in sorted(GOLD_DIR.glob("parse_*.jsonl"), key=_natural):
        sets[path.stem.removeprefix("parse_")] = load_jsonl(path)
    print(f"{'set':<14} {'n':>4} {'verbs exact':>12} {'verb set':>9} {'subject':>8} {'context':>8}")
    for name, rows in sets.items():
        r = score(rows, args.show_errors)
        print(
            f"{name:<14} {r['n']:>4} {r['verbs_exact']:>12.3f} {r['verb_set_exact']:>9.3f} "
            f"{r.get('subject_exact', float('nan')):>8.3f} {r.get('context_exact', float('nan')):>8.3f}"
        )


if __name__ == "__main__":
    main()
