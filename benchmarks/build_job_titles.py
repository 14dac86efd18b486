"""Build `pipeline/resources/job_titles.json`: the words that end a job title, from O*NET.

A document's title ("Senior Data Engineer", "We are looking for a Lead Developer") is found by a
seniority word followed, within a few words, by a title's head noun: engineer, developer, analyst,
nurse, representative. The head nouns are the last words of O*NET 29.3's alternate and reported job
titles (63,000 titles written by incumbents and employers), kept when at least `--min-count` titles
end with them. The seniority words and their order are written in the resource by hand, with their
source (the UK DDaT career paths); this script keeps them as they are.

    python -m benchmarks.build_job_titles [--shared-data PATH] [--min-count 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter

from benchmarks.common import parse_benchmark_args, shared_path
from pipeline import config
from pipeline.io import atomic_write_text

RESOURCE = config.RESOURCES_DIR / "job_titles.json"
ROMAN = re.compile(r"^[ivx]+$")


def title_heads(path, column: str) -> Counter:
    """The last word of each title, lower case; a parenthesis ("Sales Agent (Retail)") is dropped."""
    with path.open(encoding="utf-8", newline="") as handle:
        titles = [row[column] for row in csv.DictReader(handle, delimiter="\t")]
    heads = Counter()
    for title in titles:
        words = re.findall(r"[A-Za-z]+", re.sub(r"\(.*?\)", " ", title))
        if words:
            heads[words[-1].lower()] += 1
    return heads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-count", type=int, default=3)
    args = parse_benchmark_args(parser)
    alternate = shared_path("onet_29_3/Alternate Titles.txt")
    reported = shared_path("onet_29_3/Sample of Reported Titles.txt")
    if alternate is None or reported is None:
        raise SystemExit(2)
    heads = title_heads(alternate, "Alternate Title") + title_heads(reported, "Reported Job Title")
    nouns = sorted(
        word
        for word, count in heads.items()
        if count >= args.min_count and len(word) >= 3 and not ROMAN.match(word)
    )
    spec = json.loads(RESOURCE.read_text(encoding="utf-8"))
    spec["title_heads"] = nouns
    atomic_write_text(RESOURCE, json.dumps(spec, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(nouns)} title head nouns (of {len(heads)} distinct last words) -> {RESOURCE}")


if __name__ == "__main__":
    main()
