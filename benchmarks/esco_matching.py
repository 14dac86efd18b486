"""Skill linking on the Decorte benchmarks: rank the 13,896 ESCO skills for each sentence.

ESCO is ingested as a flat framework (one level) through `pipeline.ingest` from a CSV this script
writes: `statement` = the ESCO preferred label (decorte `skills_en_label.txt`), `description` = the
alternative labels and description of ../shared/data/esco/esco_skills.tsv. Each sentence of the
TECH, HOUSE and TECHWOLF sets is scored against every skill; metrics per sentence over its gold
labels ("LABEL NOT PRESENT"/"UNDERSPECIFIED" dropped, as in Decorte et al.):
MRR (1 / rank of the first gold skill) and RP@5 (gold skills in the top 5 / min(5, number of gold)).

Rows, each in the same run: the baseline (MiniLM cosine of the whole sentence with the label), then
each component of `pipeline.rank` added in turn, ending with Ladder's ranking. The hybrid weights
were chosen on the validation splits (printed too); the test splits were not used to choose them.

With `--model DIR` (a sentence-transformers folder, e.g. the one `benchmarks.finetune_esco` builds)
the same rows are scored with that model instead of the packaged one (on torch).

    python -m benchmarks.esco_matching [--shared-data PATH] [--cache DIR] [--model DIR]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from benchmarks.common import mrr_rp5, parse_benchmark_args, shared_path
from pipeline import config
from pipeline.embed import default_embedder, embed_texts, local_embedder
from pipeline.ingest import read_framework
from pipeline.rank import HybridWeights, StatementIndex, query_spans

SETS = ["tech_validation", "house_validation", "tech_test", "house_test", "techwolf_test"]
ANCHORS = {  # published MRR / RP@5 on the test splits
    "tech_test": "ConTeXTMatch 0.632 / 64.0%",
    "house_test": "CurriculumMatch 0.484",
}
NO_LABEL = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}


def esco_rows(esco: Path) -> Iterator[tuple[str, str]]:
    """(preferred label, its alternative labels and description) for each row of ESCO's skills."""
    table = pd.read_csv(esco / "esco_skills.tsv", sep="\t")
    for label, text in zip(
        table.preferred_label_matched, table.text_label_altlabels_description, strict=True
    ):
        if isinstance(label, str) and isinstance(text, str):
            yield label, text[len(label) :].strip() if text.startswith(label) else text


def esco_framework(decorte: Path, esco: Path, out: Path) -> pd.DataFrame:
    """Write ESCO as a flat Ladder CSV framework and ingest it."""
    labels = (decorte / "skills_en_label.txt").read_text(encoding="utf-8").splitlines()
    extra = dict(esco_rows(esco))
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "level", "statement", "description"])
        for i, label in enumerate(labels):
            writer.writerow([f"esco:{i}", "skill", label, extra.get(label, "")])
    return read_framework(out)


def gold_sets(decorte: Path, labels: list[str]) -> dict[str, dict[str, list[int]]]:
    index = {label: i for i, label in enumerate(labels)}
    out = {}
    for name in SETS:
        table = pd.read_csv(decorte / f"{name}_annotations.csv")
        table = table[~table.label.isin(NO_LABEL) & table.label.isin(index)]
        out[name] = (
            table.groupby("sentence", sort=True)
            .label.apply(lambda s: sorted({index[x] for x in s}))
            .to_dict()
        )
    return out


VARIANTS = {
    "baseline: label cosine": dict(enriched=False, spans=False, lexical=False),
    "+ enriched text": dict(enriched=True, spans=False, lexical=False),
    "+ span queries": dict(enriched=True, spans=True, lexical=False),
    "Ladder (+ lexical)": dict(enriched=True, spans=True, lexical=True),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=config.PROCESSED_DIR / "embeddings")
    parser.add_argument("--model", type=Path, default=None, help="a sentence-transformers folder")
    args = parse_benchmark_args(parser, argv)
    root = args.shared_data
    decorte = shared_path("decorte_esco_skill_benchmark", root / "decorte_esco_skill_benchmark")
    esco = shared_path("esco", root / "esco")
    if decorte is None or esco is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        statements = esco_framework(decorte, esco, Path(tmp) / "esco.csv")
    embedder = local_embedder(args.model) if args.model else default_embedder()
    print(f"model: {embedder.model_id}")
    vectors, _ = embed_texts(embedder, statements["text"].tolist(), args.cache)
    plain = statements.drop(columns=["description"])
    indexes = {
        False: StatementIndex(plain, vectors, embedder, cache_dir=args.cache),
        True: StatementIndex(statements, vectors, embedder, cache_dir=args.cache),
    }
    golds = gold_sets(decorte, statements["text"].tolist())
    print(f"ESCO: {len(statements):,} skills ({statements.description.notna().sum():,} enriched)")
    print(f"{'set':18} {'sentences':>9}  " + "  ".join(f"{v:>24}" for v in VARIANTS) + "  anchor")
    for name, gold in golds.items():
        sentences = list(gold)
        query_vectors, _ = embed_texts(embedder, sentences, args.cache)
        spans = query_spans(sentences)
        cells = []
        for variant in VARIANTS.values():
            index = indexes[variant["enriched"]]
            weights = HybridWeights(
                span=1.0 if variant["spans"] else 0.0,
                words=0.4 if variant["lexical"] else 0.0,
                chars=0.2 if variant["lexical"] else 0.0,
                span_words=0.2 if variant["lexical"] else 0.0,
            )
            index.weights = weights
            scores = index.score(sentences, query_vectors, spans if variant["spans"] else None)
            mrr, rp5 = mrr_rp5(scores.hybrid, list(gold.values()))
            cells.append(f"MRR {mrr:.3f} RP@5 {rp5:.3f}")
        print(
            f"{name:18} {len(gold):>9}  "
            + "  ".join(f"{c:>24}" for c in cells)
            + f"  {ANCHORS.get(name, '')}"
        )


if __name__ == "__main__":
    main()
