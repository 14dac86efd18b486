"""Level of a document, measured on the UK DDaT role levels (official required skill levels).

For each role level (its description, with the words of its title masked) and each skill it requires,
`match_document` runs against that skill's statements (four levels) and its predicted level is
compared with the official one: accuracy, mean absolute error, coverage (documents not abstained),
expected calibration error of the confidence. Within each role, role levels are then ranked by their
expected level (the whole document against the whole framework) and compared by Kendall tau-b with
the official order: the mean official level of the skills each role level requires.
The level comes from the framework's level model reading the document's sentences
(`match.fit_level_model`, fitted on the framework's statements and the level prior only). Also
printed in the same run: the earlier weighting of matched statements' levels, and the baseline (the
mean level of each sentence's nearest statement).

    python -m benchmarks.role_levels [--keep-titles] [--shared-data PATH]

`--keep-titles` leaves the title in ("A senior data engineer …"): it measures the seniority cue of
a document's job title, which masking hides.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

import numpy as np
from scipy.stats import kendalltau

from benchmarks.common import parse_benchmark_args, shared_path
from pipeline.embed import MemoEmbedder, default_embedder
from pipeline.match import Document, fit_level_model, match_document, segment
from pipeline.stages import run_stages


def mask_title(text: str, title: str) -> str:
    for word in sorted(set(re.findall(r"[A-Za-z]+", title)), key=len, reverse=True):
        if len(word) > 2:
            text = re.sub(rf"\b{re.escape(word)}s?\b", "", text, flags=re.IGNORECASE)
    return text


def ece(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidence > lo) & (confidence <= hi)
        if inside.any():
            total += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep-titles",
        action="store_true",
        help="leave the title words in the descriptions (measures the job-title seniority cue)",
    )
    args = parse_benchmark_args(parser)
    framework = shared_path("derived/ddat_framework_with_threads.json")
    roles_path = shared_path("uk_ddat_capability_framework/role_levels.jsonl")
    if framework is None or roles_path is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        run = run_stages(framework, until="embed", processed_dir=Path(tmp))
    table = run.statements.reset_index(drop=True)
    rank_of = dict(zip(table.level, table.level_rank, strict=False))
    by_skill = {s: g.index.to_numpy() for s, g in table.groupby("declared_thread")}
    embedder = MemoEmbedder(default_embedder())
    # Fitted on the framework's statements (and the level prior, which leaves DDaT out) only; the
    # role levels' required levels are never seen.
    level_model = fit_level_model(table, run.vectors, run.embedder)
    roles = [
        json.loads(line)
        for line in roles_path.read_text(encoding="utf-8").split("\n")
        if line.strip()
    ]
    rows, documents = [], {}
    for position, role in enumerate(roles):
        text = role["role_level_description"]
        if not args.keep_titles:
            text = mask_title(text, role["role_level"])
        doc = Document(role["role_level"], text)
        seg_vectors = embedder.encode([s.text for s in segment(text)])
        # (b) the whole document against the whole framework: its expected level.
        documents[position] = match_document(
            doc, table, run.vectors, embedder, top_k=10, level_model=level_model, use_spans=False
        ).level["expected"]
        for need in role["skills"]:
            idx = by_skill.get(need["skill"])
            if idx is None or need["skill_level"] not in rank_of:
                continue
            subset = table.iloc[idx].reset_index(drop=True)
            result = match_document(
                doc,
                subset,
                run.vectors[idx],
                embedder,
                top_k=10,
                level_model=level_model,
                use_spans=False,  # spans only reorder matches; the level does not depend on them
            )
            plain = match_document(
                doc, subset, run.vectors[idx], embedder, top_k=10, use_spans=False
            )
            nearest = subset.level_rank.to_numpy()[
                (seg_vectors @ run.vectors[idx].T).argmax(axis=1)
            ]
            rows.append(
                {
                    "role": role["role"],
                    "position": position,
                    "official": rank_of[need["skill_level"]],
                    "predicted": result.level["predicted_rank"],
                    "confidence": result.level["confidence"],
                    "plain": plain.level["predicted_rank"],
                    "baseline": float(np.mean(nearest)) if len(nearest) else None,
                }
            )
    official = np.array([r["official"] for r in rows])
    answered = np.array([r["predicted"] is not None for r in rows])
    predicted = np.array([r["predicted"] if r["predicted"] is not None else -1 for r in rows])
    baseline = np.array([r["baseline"] for r in rows], dtype=float)
    ok = answered
    print(f"{len(rows)} (role level, required skill) pairs from {len(roles)} role levels")
    print(
        f"Ladder: coverage {ok.mean():.3f}, accuracy {np.mean(predicted[ok] == official[ok]):.3f}, "
        f"MAE {np.mean(abs(predicted[ok] - official[ok])):.3f}, ECE "
        f"{ece(np.array([r['confidence'] for r in rows])[ok], predicted[ok] == official[ok]):.3f}"
    )
    plain = np.array([r["plain"] if r["plain"] is not None else -1 for r in rows])
    print(
        f"matched-levels weighting (before the level model): accuracy "
        f"{np.mean(plain[ok] == official[ok]):.3f}, MAE {np.mean(abs(plain[ok] - official[ok])):.3f}"
    )
    rounded = np.rint(baseline)
    print(
        f"baseline (mean level of nearest statements): accuracy {np.mean(rounded == official):.3f}, "
        f"MAE {np.mean(abs(baseline - official)):.3f}"
    )
    # (b) Within each role, order its role levels and compare with the official order: the mean
    # official level of the skills each role level requires (the file lists them alphabetically;
    # the title-word heuristic of the data set is printed too). Kendall tau-b, ties allowed.
    official_order = {
        p: np.mean(
            [rank_of[s["skill_level"]] for s in roles[p]["skills"] if s["skill_level"] in rank_of]
        )
        for p in {r["position"] for r in rows}
    }
    title_order = {p: roles[p]["title_rank_heuristic"] for p in official_order}
    per_doc = {
        p: {
            "whole document": np.nan if documents[p] is None else documents[p],
            "per-skill levels (mean)": np.mean(
                [r["predicted"] for r in rows if r["position"] == p and r["predicted"] is not None]
                or [np.nan]
            ),
            "baseline": np.mean([r["baseline"] for r in rows if r["position"] == p]),
        }
        for p in official_order
    }
    by_role: dict[str, list[int]] = {}
    for p in sorted(official_order):
        by_role.setdefault(roles[p]["role"], []).append(p)
    for reference_name, reference in (("official", official_order), ("title words", title_order)):
        for method in ("whole document", "per-skill levels (mean)", "baseline"):
            taus = []
            for all_positions in by_role.values():
                positions = [p for p in all_positions if reference[p] is not None]
                ref = [reference[p] for p in positions]
                if len(positions) < 2 or len(set(ref)) < 2:
                    continue
                values = np.array([per_doc[p][method] for p in positions], dtype=float)
                values = np.where(
                    np.isnan(values),
                    np.nanmean(values) if not np.isnan(values).all() else 0,
                    values,
                )
                tau = kendalltau(ref, values).statistic
                taus.append(0.0 if np.isnan(tau) else tau)
            print(
                f"Kendall tau within role vs {reference_name} order ({len(taus)} roles): "
                f"{method} {np.mean(taus):.3f}"
            )


if __name__ == "__main__":
    main()
