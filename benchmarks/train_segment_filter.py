"""Train the learned half of the boilerplate filter: which job-ad sentences state no competency.

Data: SkillSpan (Zhang et al. 2022, MIT), job postings split into sentences with Skill and Knowledge
spans marked by its annotators. A sentence with no span is taken as stating no competency (company
blurbs, benefits, the job's setting, ...). A logistic regression on the packaged MiniLM's sentence
vectors is fitted on the train splits (house + tech); C and the threshold are chosen on the dev
splits: the threshold is the lowest (0.01 steps) at which the filter, the phrase rules of
`pipeline.match.BOILERPLATE` and the model together, keeps competency sentences at most
`--max-loss` below what the phrase rules alone keep. The test splits and the Green et al. test set
are never read here (`python -m benchmarks.segment_filter` scores them).

Writes pipeline/resources/segment_filter.json (coefficients, intercept, threshold, the model it
reads, the dev figures), which `pipeline.match` applies to every document sentence it embeds.

    python -m benchmarks.train_segment_filter [--shared-data PATH] [--max-loss 0.01]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.common import shared_path
from pipeline import config
from pipeline.embed import default_embedder, embed_texts
from pipeline.io import atomic_write_bytes
from pipeline.match import SEGMENT_FILTER_PATH, boilerplate_kind
from pipeline.readers import conll_sentences

C_GRID = (0.3, 1.0, 3.0)


def skillspan(folder: Path, split: str) -> tuple[list[str], np.ndarray]:
    """Sentences of the house and tech files of one split; label True = states no competency."""
    rows = [
        row
        for name in ("house", "tech")
        for row in conll_sentences(folder / f"skillspan_{name}_{split}.conll")
    ]
    return [text for text, _ in rows], np.array([not tags for _, tags in rows])


def kept_and_skipped(
    skip_rules: np.ndarray, proba: np.ndarray, none: np.ndarray, threshold: float
) -> tuple[float, float]:
    """(share of competency sentences kept, share of no-competency sentences skipped)."""
    skipped = skip_rules | (proba >= threshold)
    return float((~skipped & ~none).sum() / (~none).sum()), float(
        (skipped & none).sum() / none.sum()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=config.SHARED_DATA_DIR)
    parser.add_argument("--max-loss", type=float, default=0.01)
    args = parser.parse_args()
    config.SHARED_DATA_DIR = args.shared_data
    folder = shared_path("skillspan")
    if folder is None:
        return
    embedder = default_embedder()
    cache = config.PROCESSED_DIR / "embeddings"
    train_texts, train_none = skillspan(folder, "train")
    dev_texts, dev_none = skillspan(folder, "dev")
    train_x, _ = embed_texts(embedder, train_texts, cache)
    dev_x, _ = embed_texts(embedder, dev_texts, cache)
    rules = np.array([boilerplate_kind(t) is not None for t in dev_texts])
    rules_kept, rules_skipped = kept_and_skipped(rules, np.zeros(len(dev_texts)), dev_none, 2.0)
    print(f"{len(train_texts)} train / {len(dev_texts)} dev sentences ({embedder.model_id})")
    print(
        f"dev, phrase rules alone: competency kept {rules_kept:.3f}, skip recall {rules_skipped:.3f}"
    )
    best = None
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=3000).fit(train_x, train_none)
        proba = model.predict_proba(dev_x)[:, 1]
        for threshold in np.round(np.arange(0.5, 1.0, 0.01), 2):
            kept, skipped = kept_and_skipped(rules, proba, dev_none, threshold)
            if kept >= rules_kept - args.max_loss:
                break
        print(f"C={c}: threshold {threshold:.2f}, kept {kept:.3f}, skip recall {skipped:.3f}")
        if best is None or skipped > best[0]:
            best = (skipped, kept, c, float(threshold), model)
    skipped, kept, c, threshold, model = best
    resource = {
        "what": "P(sentence states no competency) = sigmoid(vector . coef + intercept); skipped "
        "when it reaches threshold (pipeline.match.learned_boilerplate)",
        "trained_by": "python -m benchmarks.train_segment_filter",
        "data": "SkillSpan train (house + tech), Zhang et al. 2022, MIT; no Skill/Knowledge span "
        "= no competency",
        "model": embedder.model_id.split("+")[0],
        "dimensions": int(train_x.shape[1]),
        "C": c,
        "threshold": threshold,
        "dev": {"competency_kept": round(kept, 4), "skip_recall": round(skipped, 4)},
        "intercept": round(float(model.intercept_[0]), 6),
        "coef": [round(float(w), 6) for w in model.coef_[0]],
    }
    atomic_write_bytes(SEGMENT_FILTER_PATH, (json.dumps(resource, indent=1) + "\n").encode())
    print(f"chose C={c}, threshold {threshold:.2f}; wrote {SEGMENT_FILTER_PATH}")


if __name__ == "__main__":
    main()
