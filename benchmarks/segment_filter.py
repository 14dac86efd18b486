"""The boilerplate filter on labelled job-ad sentences the filter never learned from.

- Green et al. test set (CC BY 4.0): a sentence with a Skill or Experience span is competency text;
  one with neither is not.
- SkillSpan test splits, house and tech (MIT): a sentence with a Skill or Knowledge span is
  competency text. The learned half of the filter was trained on SkillSpan *train* and tuned on
  *dev* (`benchmarks/train_segment_filter.py`); these test sentences were never read there.

The filter should keep the first kind and skip the second (salary, benefits, equal opportunity,
application instructions, company blurbs, the job's setting). Reports precision and recall of the
skip decision and how much competency text it loses, for the phrase rules alone and for the rules
with the learned filter (as `ladder match` applies them).

    python -m benchmarks.segment_filter [--shared-data PATH]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from benchmarks.common import shared_path
from pipeline import config
from pipeline.embed import default_embedder, embed_texts
from pipeline.match import boilerplate_kind, learned_boilerplate
from pipeline.readers import conll_sentences


def report(name: str, competency: np.ndarray, skipped: np.ndarray) -> None:
    tp = int((skipped & ~competency).sum())
    fp = int((skipped & competency).sum())
    negatives, positives = int((~competency).sum()), int(competency.sum())
    print(
        f"  {name:<22} skip precision {tp / max(tp + fp, 1):.3f}  skip recall "
        f"{tp / max(negatives, 1):.3f}  competency kept {1 - fp / max(positives, 1):.3f} "
        f"({fp} of {positives} lost)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=config.SHARED_DATA_DIR)
    args = parser.parse_args()
    config.SHARED_DATA_DIR = args.shared_data
    sets = {}
    green = shared_path("green_skill_extraction/testset.conll")
    if green is not None:
        rows = conll_sentences(green)
        sets["Green et al. test"] = (rows, {"Skill", "Experience"})
    skillspan = shared_path("skillspan")
    if skillspan is not None:
        for name in ("house", "tech"):
            rows = conll_sentences(skillspan / f"skillspan_{name}_test.conll")
            sets[f"SkillSpan {name} test"] = (rows, {"Skill", "Knowledge"})
    embedder = default_embedder()
    for name, (rows, tags_wanted) in sets.items():
        texts = [text for text, _ in rows]
        competency = np.array([bool(tags & tags_wanted) for _, tags in rows])
        kinds = [boilerplate_kind(t) for t in texts]
        rules = np.array([k is not None for k in kinds])
        vectors, _ = embed_texts(embedder, texts, config.PROCESSED_DIR / "embeddings")
        learned = learned_boilerplate(vectors, embedder.model_id)
        print(f"{name}: {len(texts)} sentences, {int((~competency).sum())} without spans")
        report("phrase rules", competency, rules)
        report("rules + learned filter", competency, rules | learned)
        counts = Counter(k for k in kinds if k)
        counts["learned"] = int((learned & ~rules).sum())
        print("  skipped by kind:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
