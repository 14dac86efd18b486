"""The boilerplate filter on labelled job-ad sentences (Green et al. test set, CC BY 4.0).

A sentence with a Skill or Experience span is competency text; one with neither is not. The filter
should keep the first and skip boilerplate (salary, benefits, equal opportunity, application
instructions, company blurbs). Reports precision and recall of the skip decision and how much
competency text it loses.

    python -m benchmarks.segment_filter [--green PATH]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from benchmarks.common import shared_path
from pipeline.match import boilerplate_kind
from pipeline.readers import conll_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--green", type=Path, default=None)
    args = parser.parse_args()
    path = shared_path("green_skill_extraction/testset.conll", args.green)
    if path is None:
        return
    sentences = conll_sentences(path)
    tp = fp = fn = tn = 0
    kinds = Counter()
    for text, tags in sentences:
        competency = bool(tags & {"Skill", "Experience"})
        kind = boilerplate_kind(text)
        skipped = kind is not None
        kinds[kind] += skipped
        tp += skipped and not competency
        fp += skipped and competency
        fn += not skipped and not competency
        tn += not skipped and competency
    print(f"{len(sentences)} sentences: {tp + fn} without Skill/Experience spans, {fp + tn} with")
    print(f"skip precision {tp / max(tp + fp, 1):.3f}  skip recall {tp / max(tp + fn, 1):.3f}")
    print(f"competency sentences kept {tn / max(tn + fp, 1):.3f} ({fp} of {fp + tn} lost)")
    print("skipped by kind:", ", ".join(f"{k} {v}" for k, v in kinds.items() if k))


if __name__ == "__main__":
    main()
