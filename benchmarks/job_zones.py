"""Level of a document against required experience: O*NET occupations and their Job Zones.

No job ad in ../shared carries a posted experience level (SkillSpan masks it; Green et al. and the
DDaT role levels carry none), so this uses O*NET 29.3's own analyst ratings as the reference: each
occupation's Job Zone (1 "little or no preparation needed" to 5 "extensive preparation … many require
more than five years of experience"), which rates the experience, education and training an
occupation asks for. The document is the occupation's description and task statements, with the
words of its title masked (as a job ad without its title line). Occupations whose tasks are in the
level prior's corpus (`pipeline/resources/level_prior.csv`: the three O*NET sales ladders) are left
out, so no document was seen in training.

Each document runs through `ladder match` as the CLI runs it (`match_documents`, the framework's
level model with the level prior); its expected level is compared with the Job Zone by Spearman's
rho over all occupations and within each job family (SOC major group, 2 digits; the mean over
families with 5+ occupations and 2+ Job Zones), and by Kendall tau-b within families. Baseline in
the same run: the mean level of each sentence's nearest statement (the issue's naive baseline).

    python -m benchmarks.job_zones [--framework PATH] [--limit N] [--shared-data PATH]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import kendalltau, spearmanr

from benchmarks.common import parse_benchmark_args, shared_path
from benchmarks.role_levels import mask_title
from pipeline import config
from pipeline.embed import MemoEmbedder, default_embedder
from pipeline.match import Document, fit_level_model, match_documents, segment
from pipeline.stages import run_stages

MIN_FAMILY = 5  # occupations a job family needs to count in the within-family means


def occupations(onet: Path) -> pd.DataFrame:
    """One row per occupation with a Job Zone: code, title, family, zone, document text."""

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(onet / name, sep="\t", dtype=str, keep_default_na=False)

    zones = read("Job Zones.txt").rename(columns={"O*NET-SOC Code": "code", "Job Zone": "zone"})
    descriptions = dict(read("Occupation Data.txt")[["O*NET-SOC Code", "Description"]].to_numpy())
    tasks = read("Task Statements.txt").rename(columns={"O*NET-SOC Code": "code"})
    corpus = set(pd.read_csv(config.RESOURCES_DIR / "level_prior.csv", keep_default_na=False).text)
    seen = set(tasks.loc[tasks.Task.isin(corpus), "code"])
    by_code = tasks.groupby("code").Task.apply(list)
    rows = []
    for code, title, zone in zones[["code", "Title", "zone"]].itertuples(index=False):
        if code in seen or code not in by_code.index:
            continue
        text = "\n".join([descriptions[code], *by_code[code]])
        rows.append((code, title, code[:2], int(zone), mask_title(text, title)))
    return pd.DataFrame(rows, columns=["code", "title", "family", "zone", "text"])


def within_families(frame: pd.DataFrame, column: str, measure) -> tuple[float, int]:
    values = []
    for _, group in frame.groupby("family"):
        if len(group) >= MIN_FAMILY and group.zone.nunique() >= 2:
            value = measure(group.zone, group[column]).statistic
            values.append(0.0 if np.isnan(value) else value)
    return float(np.mean(values)), len(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", type=Path, default=None, help="default: DDaT, then the seed")
    parser.add_argument("--limit", type=int, default=0, help="first N occupations only (0: all)")
    args = parse_benchmark_args(parser)
    onet = shared_path("onet_29_3")
    if onet is None:
        return
    frameworks = (
        [args.framework]
        if args.framework
        else [
            p for p in (shared_path("derived/ddat_framework_with_threads.json"),) if p is not None
        ]
        + [config.DEFAULT_FRAMEWORK]
    )
    docs = occupations(onet)
    if args.limit:
        docs = docs.head(args.limit)
    print(
        f"{len(docs)} O*NET occupations (Job Zones "
        + ", ".join(f"{z}: {n}" for z, n in docs.zone.value_counts().sort_index().items())
        + f"), {docs.family.nunique()} job families"
    )
    embedder = MemoEmbedder(default_embedder())
    for framework in frameworks:
        with tempfile.TemporaryDirectory() as tmp:
            run = run_stages(framework, until="embed", processed_dir=Path(tmp))
        table = run.statements.reset_index(drop=True)
        level_model = fit_level_model(table, run.vectors, run.embedder)
        results = match_documents(
            (Document(code, text) for code, text in zip(docs.code, docs.text, strict=True)),
            table,
            run.vectors,
            embedder,
            top_k=10,
            level_model=level_model,
            use_spans=False,  # spans only reorder matches; the level does not depend on them
        )
        frame = docs[["code", "family", "zone"]].copy()
        frame["ladder"] = [r.level["expected"] for r in results]
        ranks = table.level_rank.to_numpy()
        frame["baseline"] = [
            float(
                np.mean(
                    ranks[(embedder.encode([s.text for s in segment(t)]) @ run.vectors.T).argmax(1)]
                )
            )
            for t in docs.text
        ]
        answered = frame.ladder.notna()
        frame["ladder"] = frame.ladder.fillna(frame.ladder.mean())
        print(
            f"\nframework {framework.name}: {len(table)} statements; answered {answered.mean():.3f}"
        )
        for column in ("ladder", "baseline"):
            rho = spearmanr(frame.zone, frame[column]).statistic
            rho_in, families = within_families(frame, column, spearmanr)
            tau_in, _ = within_families(frame, column, kendalltau)
            print(
                f"  {column:<9} Spearman all {rho:.3f}; within {families} families: "
                f"Spearman {rho_in:.3f}, Kendall tau {tau_in:.3f}"
            )


if __name__ == "__main__":
    main()
