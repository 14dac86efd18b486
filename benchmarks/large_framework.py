"""A framework of 50,000 real statements through every stage, then 1,000 documents matched against it.

The statements are real: ESCO skill labels (with their descriptions), O*NET task statements and
detailed work activities, ESCO occupation texts and the sentences of the ESCO skill descriptions,
deduplicated, as one flat framework (a taxonomy of that size has no levels).
Prints the time of each stage and the peak memory (RSS) of the process after each one.

    python -m benchmarks.large_framework [--shared-data PATH] [--statements 50000] [--backend static]
"""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.common import parse_benchmark_args, shared_path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_statements(root: Path, limit: int) -> list[tuple[str, str]]:
    esco = pd.read_csv(root / "esco" / "esco_skills.tsv", sep="\t")
    found = [
        (str(label), str(text)[len(str(label)) :].strip())
        for label, text in zip(
            esco.preferred_label_matched, esco.text_label_altlabels_description, strict=True
        )
        if isinstance(label, str)
    ]
    tasks = pd.read_csv(root / "onet_29_3" / "Task Statements.txt", sep="\t")
    found += [(str(t), "") for t in tasks["Task"]]
    occupations = pd.read_csv(root / "esco" / "esco_occupations.tsv", sep="\t")
    found += [(str(t)[:300], "") for t in occupations.iloc[:, -1]]
    dwas = pd.read_csv(root / "onet_29_3" / "DWA Reference.txt", sep="\t")
    found += [(str(t), "") for t in dwas["DWA Title"]]
    # The sentences of the ESCO skill descriptions, each a statement of its own.
    found += [
        (sentence.strip() + ".", "")
        for _, extra in list(found[: len(esco)])
        for sentence in extra.split(". ")
        if len(sentence.split()) >= 5
    ]
    unique = list({text: (text, extra) for text, extra in found}.values())
    return unique[:limit]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=50_000)
    parser.add_argument("--documents", type=int, default=1_000)
    args = parse_benchmark_args(parser, argv)
    root = shared_path("esco", args.shared_data / "esco")
    if root is None:
        return
    from benchmarks.speed import documents, real_sentences
    from pipeline.match import match_documents
    from pipeline.rank import StatementIndex
    from pipeline.stages import run_stages

    statements = real_statements(args.shared_data, args.statements)
    print(f"{len(statements):,} real statements, backend {args.backend}")
    print(f"{'stage':28} {'seconds':>8} {'peak RSS (MB)':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "level", "statement", "description"])
            writer.writerows(
                (f"s{i}", "all", text, extra) for i, (text, extra) in enumerate(statements)
            )
        for until in ("ingest", "parse", "embed", "threads"):
            start = time.perf_counter()
            run = run_stages(path, until=until, processed_dir=Path(tmp) / "processed")
            print(f"{until:28} {time.perf_counter() - start:8.1f} {peak_mb():14.0f}")
        start = time.perf_counter()
        index = StatementIndex(run.statements, run.vectors, run_embedder(), cache_dir=None)
        print(f"{'ranking index':28} {time.perf_counter() - start:8.1f} {peak_mb():14.0f}")
        docs = documents(real_sentences(args.shared_data), args.documents, seed=4)
        start = time.perf_counter()
        count = sum(
            1
            for _ in match_documents(
                iter(docs),
                run.statements,
                run.vectors,
                run_embedder(),
                index=index,
                use_spans=False,
            )
        )
        seconds = time.perf_counter() - start
        print(f"{f'match {count:,} documents':28} {seconds:8.1f} {peak_mb():14.0f}")
        print(f"({count / seconds:.1f} documents/s)")


def run_embedder():
    from pipeline.embed import default_embedder

    return default_embedder()


if __name__ == "__main__":
    main()
