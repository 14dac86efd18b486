"""Fine-tune the packaged all-MiniLM-L6-v2 on ESCO itself, on CPU, for skill linking.

Training pairs come from ESCO alone (../shared/data/esco/esco_skills.tsv), never from the Decorte
benchmark sentences: for each of the 13,896 skills of the benchmark's candidate list, its
description and its alternative labels (as one text) are queries whose answer is the preferred
label. Loss: sentence-transformers' MultipleNegativesRankingLoss (the other labels of a batch are
the negatives). One epoch, batch 64, AdamW 3e-5 with 10% warm-up and linear decay, texts cut at 64
tokens (in training and, as saved, in use), seeded: about 30 minutes on two cores alone.

With `--with-validation`, the Decorte benchmark's *validation* splits (TECH and HOUSE) are training
data too, as the issue allows: each annotated sentence and each annotated span is a query for its
ESCO label (462 pairs, twice each; the rows of the 9 validation sentences that also appear in a test
split are left out), mixed with the ESCO pairs and cut into batches in which no query and no label
repeats (a repeated label would be a false negative for the loss). The test splits are never read
except to leave those sentences out; the validation rows of `esco_matching` then score training data.

With `--hard-negatives`, each pair also gets one mined negative (a third text per row of the batch):
the label the packaged model ranks highest for the query among those that are not its answer and
score below 95% of the answer's cosine (Moreira et al. 2024, "NV-Retriever": the margin keeps
unlabelled synonyms out of the negatives). The model is saved as a sentence-transformers folder
(default `models/built/all-minilm-l6-v2-esco/`, written to a temporary folder and renamed) that
`python -m benchmarks.esco_matching --model PATH` scores beside the packaged model.

    python -m benchmarks.finetune_esco [--shared-data PATH] [--out DIR] [--epochs N]
        [--hard-negatives | --with-validation]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import shared_path
from benchmarks.esco_matching import NO_LABEL, esco_rows
from pipeline import config
from pipeline.embed import default_embedder, embed_texts, packaged_model_path

DEFAULT_OUT = config.BUILT_MODELS_DIR / "all-minilm-l6-v2-esco"
# Where the alternative labels end and the description starts: a capitalised word followed by
# three or more lower-case words ("... direct musical staff Assign and manage staff tasks ...").
DESCRIPTION_START = re.compile(r" (?=[A-Z][a-z]+(?: [a-z,'-]+){3,})")


def esco_pairs(esco: Path, labels: set[str]) -> list[tuple[str, str]]:
    """(query, preferred label) pairs: each skill's description and its alternative labels."""
    pairs = []
    for label, rest in esco_rows(esco):
        if label not in labels:
            continue
        found = DESCRIPTION_START.search(" " + rest)
        alternatives, description = (
            (rest[: found.start()].strip(), rest[found.start() :].strip()) if found else (rest, "")
        )
        pairs += [(query, label) for query in (description, alternatives) if query]
    return pairs


def validation_pairs(decorte: Path, labels: set[str]) -> list[tuple[str, str]]:
    """(sentence or span, ESCO label) pairs of the TECH and HOUSE validation splits, sorted; rows
    of a sentence that a test split also holds are left out."""
    tests = set()
    for name in ("tech_test", "house_test", "techwolf_test"):
        tests |= set(pd.read_csv(decorte / f"{name}_annotations.csv").sentence)
    pairs = set()
    for name in ("tech_validation", "house_validation"):
        table = pd.read_csv(decorte / f"{name}_annotations.csv")
        table = table[table.label.isin(labels - NO_LABEL) & ~table.sentence.isin(tests)]
        for row in table.itertuples():
            pairs.add((row.sentence, row.label))
            if isinstance(row.span, str):
                pairs.add((row.span, row.label))
    return sorted(pairs)


def in_order_batches(rows: list[tuple[str, ...]], batch: int = 64) -> list[list[tuple[str, ...]]]:
    """Consecutive batches of `rows`; an incomplete last batch is dropped."""
    return [rows[start : start + batch] for start in range(0, len(rows) - batch + 1, batch)]


def distinct_batches(rows: list[tuple[str, str]], batch: int = 64) -> list[list[tuple[str, str]]]:
    """Batches filled in order with rows whose query and answer the batch does not hold yet (a
    row that would repeat one waits for a later batch); incomplete batches are dropped."""
    batches, pending = [], list(rows)
    while pending:
        current, queries, answers, rest = [], set(), set(), []
        for row in pending:
            if len(current) < batch and row[0] not in queries and row[1] not in answers:
                current.append(row)
                queries.add(row[0])
                answers.add(row[1])
            else:
                rest.append(row)
        if len(current) < batch:
            break
        batches.append(current)
        pending = rest
    return batches


def mine_negatives(
    pairs: list[tuple[str, str]], labels: list[str], relative_margin: float = 0.05, top: int = 30
) -> list[tuple[str, str, str]]:
    """(query, label, negative) rows: the negative is the highest-ranked other label whose cosine
    with the query stays below (1 - relative_margin) x the answer's (packaged model, onnx backend)."""
    embedder = default_embedder()
    cache = config.PROCESSED_DIR / "embeddings"
    label_vectors, _ = embed_texts(embedder, labels, cache)
    query_vectors, _ = embed_texts(embedder, [q for q, _ in pairs], cache)
    index = {label: i for i, label in enumerate(labels)}
    rows = []
    for start in range(0, len(pairs), 1024):
        sims = query_vectors[start : start + 1024] @ label_vectors.T
        for offset, row in enumerate(sims):
            query, label = pairs[start + offset]
            ceiling = (1.0 - relative_margin) * row[index[label]]
            # Only the labels reaching the top-th score are sorted (ties kept: same order as a
            # stable sort of the whole row).
            best = np.flatnonzero(row >= np.partition(row, len(row) - top)[len(row) - top])
            for j in best[np.lexsort((best, -row[best]))][:top]:
                if j != index[label] and row[j] < ceiling:
                    rows.append((query, label, labels[j]))
                    break
    return rows


def finetune(
    batches: list[list[tuple[str, ...]]], out: Path, epochs: int = 1, seed: int = 0
) -> None:
    """`batches`: lists of (query, answer) or (query, answer, hard negative) rows, trained in order
    in each epoch."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    torch.manual_seed(seed)
    model = SentenceTransformer(str(packaged_model_path()), device="cpu", local_files_only=True)
    model.max_seq_length = 64
    loss = MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    steps = epochs * len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    model.train()
    started, step = time.time(), 0
    for _ in range(epochs):
        for rows in batches:
            features = [model.preprocess([row[k] for row in rows]) for k in range(len(rows[0]))]
            value = loss(features, None)
            value.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 20 == 0:
                print(f"step {step}/{steps} loss {value.item():.3f} {time.time() - started:.0f} s")
    model.eval()  # saved as trained: it also reads at most 64 tokens of a text when in use
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save(str(tmp))
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    rows = sum(len(b) for b in batches)
    print(f"saved {out} ({rows:,} rows per epoch, {steps} steps, {time.time() - started:.0f} s)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared-data", type=Path, default=config.SHARED_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--epochs", type=int, default=1)
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--hard-negatives", action="store_true", help="one mined negative per pair")
    kind.add_argument(
        "--with-validation", action="store_true", help="train on the validation splits too"
    )
    args = parser.parse_args(argv)
    decorte = shared_path(
        "decorte_esco_skill_benchmark", args.shared_data / "decorte_esco_skill_benchmark"
    )
    esco = shared_path("esco", args.shared_data / "esco")
    if decorte is None or esco is None:
        return
    labels = set((decorte / "skills_en_label.txt").read_text(encoding="utf-8").splitlines())
    pairs = esco_pairs(esco, labels)
    print(f"{len(pairs):,} ESCO pairs (description / alternative labels -> preferred label)")
    if args.with_validation:
        validation = validation_pairs(decorte, labels)
        print(f"{len(validation):,} validation pairs (sentence / span -> label), each twice")
        random.Random(0).shuffle(pairs)
        pairs = validation * 2 + pairs
        random.Random(1).shuffle(pairs)
        batches = distinct_batches(pairs)
    else:
        if args.hard_negatives:
            pairs = mine_negatives(pairs, sorted(labels))
            print(f"{len(pairs):,} pairs with a mined negative")
        random.Random(0).shuffle(pairs)
        batches = in_order_batches(pairs)
    finetune(batches, args.out, args.epochs)


if __name__ == "__main__":
    main()
