"""The level prior: how high a statement sounds on any ladder, learned across frameworks.

A per-framework level model (`pipeline.audit.LevelModel`) learns its framework's own level wording
from that framework alone: 40 statements for the seed, too few to learn much. Other frameworks
already say how seniority sounds ("under direction" → "independently" → "sets direction for the
organisation"). This prior is a ridge regression from a statement's level features (embedding and
signals, `signals.level_features`) to its relative height on its own ladder (level rank / (levels -
1), 0 = lowest, 1 = highest), fitted on the frameworks in `resources/level_prior.csv`: the seed,
the UK DDaT capability framework and three O*NET task ladders (sources and licences in
the README's "Data and licences").

The level model reads the prior's score as one more feature (`LevelFeatures`). Frameworks that share
a statement with the framework being modelled are left out of the prior's fit, so a framework's own
levels never reach its level model through the prior (leave-framework-out; `benchmarks/level_model`
measures it that way). The prior is linear in the level features, so the fitted level model folds it
into its own coefficients (`fold_into`) and serving needs nothing more.

The prior corpus's level features are computed once per embedding model and kept in
`models/built/level-prior/<model>.npz` (parse, signals and embeddings of 2,009 statements: about
half a minute on two cores).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from pipeline import config
from pipeline.embed import model_slug
from pipeline.io import code_version, fingerprint, sha256_file
from pipeline.serving import LogisticThresholds, load_arrays, save_arrays
from pipeline.signals import add_signals, level_features

CORPUS = config.RESOURCES_DIR / "level_prior.csv"
# Weight of the prior's score among the level features, and the ridge penalty of its fit. The
# weight was compared at 5, 20 and 50 on five frameworks, each left out of the prior it was scored
# with (README, level model): 20 helps all four small ones; DDaT is unchanged at any weight.
PRIOR_WEIGHT = 20.0
RIDGE_ALPHA = 10.0


@dataclass(frozen=True)
class LevelPrior:
    """`score(dense) = weight * (dense @ coef + intercept)`: relative height, scaled."""

    coef: np.ndarray
    intercept: float
    frameworks: tuple[str, ...]  # the corpus frameworks it was fitted on
    weight: float = PRIOR_WEIGHT

    def score(self, dense: np.ndarray) -> np.ndarray:
        return self.weight * (dense @ self.coef + self.intercept)

    def fold_into(self, thresholds: LogisticThresholds) -> LogisticThresholds:
        """Thresholds over `[dense, score(dense), rest...]` as thresholds over `[dense, rest...]`:
        the score's column, right after the dense features, is a linear function of them."""
        column = len(self.coef)
        coef = np.asarray(thresholds.coef, dtype=float)
        if coef.shape[1] <= column:  # constant thresholds only: nothing was learned from features
            return thresholds
        on_score = coef[:, column]
        dense = coef[:, :column] + self.weight * np.outer(on_score, self.coef)
        folded = np.hstack([dense, coef[:, column + 1 :]])
        intercept = thresholds.intercept + self.weight * self.intercept * on_score
        return LogisticThresholds(folded, intercept, thresholds.constant)


def corpus_version() -> str:
    """Changes when the corpus or the code that turns it into a prior changes."""
    return fingerprint(sha256_file(CORPUS), code_version("signals", "level_prior"))


def _corpus_features(embedder) -> tuple[pd.DataFrame, np.ndarray]:
    """The corpus table and its level features under `embedder`, built once per model."""
    from pipeline.parse import parse_statements

    corpus = pd.read_csv(CORPUS, keep_default_na=False)
    key = fingerprint(corpus_version(), embedder.model_id, code_version("parse"))
    path = Path(config.BUILT_MODELS_DIR) / "level-prior" / f"{model_slug(embedder.model_id)}.npz"

    def current() -> np.ndarray | None:
        stored = load_arrays(path)
        return stored["features"] if stored and str(stored.get("key", "")) == key else None

    if (features := current()) is not None:
        return corpus, features
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        if (features := current()) is not None:  # another process built it meanwhile
            return corpus, features
        table = add_signals(parse_statements(corpus))
        vectors = embedder.encode(corpus["text"].tolist())
        features = level_features(table, vectors)
        save_arrays(path, {"key": np.asarray(key), "features": features})
    return corpus, features


def fit_level_prior(embedder, exclude_texts=()) -> LevelPrior | None:
    """The prior fitted on the corpus frameworks that share no statement with `exclude_texts`
    (the framework being modelled); None if none is left."""
    corpus, features = _corpus_features(embedder)
    excluded = set(corpus.loc[corpus["text"].isin(set(exclude_texts)), "framework"])
    keep = ~corpus["framework"].isin(excluded).to_numpy()
    if not keep.any():
        return None
    from sklearn.linear_model import Ridge

    height = (corpus["level_rank"] / (corpus["n_levels"] - 1)).to_numpy(dtype=float)
    ridge = Ridge(alpha=RIDGE_ALPHA).fit(features[keep], height[keep])
    frameworks = tuple(sorted(set(corpus.loc[keep, "framework"])))
    return LevelPrior(ridge.coef_.astype(float), float(ridge.intercept_), frameworks)
