"""Draw a sample of real job-ad sentences for hand annotation (benchmarks/gold/parse_job_ads_*.jsonl).

Skill-tagged sentences of 4-30 tokens from the Green et al. test set and the SkillSpan train sets
(house and tech), leaving out every sentence of an earlier sample, 30 of each (when the Green et al.
pool runs short, as it did for h5 with 4 fresh sentences left, SkillSpan makes up the rest),
shuffled; printed as JSON lines `{id, source, text}` for the annotator to add `verbs` to (see benchmarks/gold/README.md).
This drew `parse_job_ads_heldout4.jsonl` to `parse_job_ads_heldout15.jsonl` (seeds 20261201 to
20261212, prefixes h4 to h15); the fifteenth took the last 39 skill-tagged SkillSpan train sentences
of 4-30 tokens, so a further draw needs another pool: the sixteenth (seed 20261213) took 60 of the
117 skill-tagged SkillSpan train sentences of 31-40 tokens, which no earlier sample or vetting run
had read (`--min-tokens 31 --max-tokens 40 --sources skillspan --per-source 60`), and the
seventeenth (seed 20261214) the last 52 distinct ones; the eighteenth (seed 20261215) all 36 of
41-50 tokens (`--min-tokens 41 --max-tokens 50`); the nineteenth (seed 20261216) all 45 Green et al.
test sentences of 31-50 tokens (`--min-tokens 31 --max-tokens 50 --sources green --per-source 45`);
the twentieth and twenty-first the last of 51-60 and 61+ tokens. The twenty-second (seed 20261219)
took 60 skill-tagged sentences of 4-30 tokens from SkillSpan's dev and test splits
(`--sources skillspan_eval --per-source 60`), which the vetting runs had read only where a rule
changed their parse. The thirtieth to thirty-sixth took SkillSpan dev/test sentences too, which left
3 of that pool's 999; the thirty-seventh (seed 20270103) took 60 sentences of the TechWolf test set
(`--sources techwolf`: the distinct sentences of `decorte_esco_skill_benchmark/techwolf_test_annotations.csv`,
bullets of UK job ads for generic jobs, sales and retail among them, with their punctuation), which no
sample or vetting run had read.

    python -m benchmarks.sample_parse_gold --seed 20261201 --prefix h4 [--shared-data PATH]
        [--min-tokens 4] [--max-tokens 30] [--sources green,skillspan] [--per-source 30]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from benchmarks.common import shared_path
from benchmarks.parse_quality import GOLD_DIR, load_jsonl
from pipeline import config
from pipeline.readers import conll_sentences


def techwolf_sentences(min_tokens: int = 4, max_tokens: int = 30) -> list[str]:
    """The distinct sentences of the TechWolf test set (every one carries an ESCO skill label) of
    `min_tokens` to `max_tokens` whitespace-separated words; [] when the file is absent."""
    import csv

    path = shared_path("decorte_esco_skill_benchmark/techwolf_test_annotations.csv")
    if path is None:
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        sentences = dict.fromkeys(row["sentence"] for row in csv.DictReader(handle))
    return [s for s in sentences if min_tokens <= len(s.split()) <= max_tokens]


def tagged_sentences(path: Path, min_tokens: int = 4, max_tokens: int = 30) -> list[str]:
    """Sentences (tokens joined by spaces) of a CoNLL file that carry a Skill span."""
    return [
        text
        for text, spans in conll_sentences(path)
        if "Skill" in spans and min_tokens <= len(text.split(" ")) <= max_tokens
    ]


def sample_number(path: Path) -> int:
    """0 for the development sample, N for parse_job_ads_heldoutN.jsonl (1 for the first)."""
    suffix = path.stem.removeprefix("parse_job_ads")
    return 0 if not suffix else int(suffix.removeprefix("_heldout") or 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--prefix", required=True, help="hN: the Nth held-out sample")
    parser.add_argument("--per-source", type=int, default=30)
    parser.add_argument("--shared-data", type=Path, default=config.SHARED_DATA_DIR)
    parser.add_argument("--min-tokens", type=int, default=4)
    parser.add_argument("--max-tokens", type=int, default=30)
    parser.add_argument(
        "--sources",
        default="green,skillspan",
        help="pools to draw from, in order (comma-separated)",
    )
    args = parser.parse_args()
    config.SHARED_DATA_DIR = args.shared_data
    green = shared_path("green_skill_extraction/testset.conll")
    skillspan = shared_path("skillspan")
    if green is None or skillspan is None:
        return
    # Every earlier sample is left out; this one and later ones are not, so a draw repeats exactly
    # after more samples have been added (`--prefix hN` draws parse_job_ads_heldoutN.jsonl).
    number = int(args.prefix.lstrip("h"))
    used = {
        row["text"]
        for path in GOLD_DIR.glob("parse_job_ads*.jsonl")
        if sample_number(path) < number
        for row in load_jsonl(path)
    }
    lengths = (args.min_tokens, args.max_tokens)
    pools = {
        "green": lambda: tagged_sentences(green, *lengths),
        "skillspan": lambda: [
            text
            for name in ("house", "tech")
            for text in tagged_sentences(skillspan / f"skillspan_{name}_train.conll", *lengths)
        ],
        # SkillSpan's dev and test splits: read by the vetting runs (changed parses only), never
        # sampled in bulk but for the first set's 30 dev sentences
        "techwolf": lambda: techwolf_sentences(*lengths),
        "skillspan_eval": lambda: [
            text
            for name in ("house", "tech")
            for split in ("dev", "test")
            for text in tagged_sentences(skillspan / f"skillspan_{name}_{split}.conll", *lengths)
        ],
    }
    pools = {source: pools[source]() for source in args.sources.split(",")}
    rng = random.Random(args.seed)
    rows, shortfall = [], 0
    for source, pool in pools.items():
        fresh = sorted(set(pool) - used)
        # A pool with too few fresh sentences left gives all it has; the next pool makes up the rest.
        take = min(args.per_source + shortfall, len(fresh))
        shortfall = args.per_source + shortfall - take
        rows += [
            {"id": f"{source}-{args.prefix}-{i}", "source": source, "text": text}
            for i, text in enumerate(rng.sample(fresh, take))
        ]
    rng.shuffle(rows)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
