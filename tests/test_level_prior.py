"""The cross-framework level prior: left out for its own framework, folded exactly, and useful."""

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from pipeline.audit import LevelFeatures, LevelModel, add_signals, out_of_fold_proba
from pipeline.level_prior import CORPUS, fit_level_prior
from pipeline.serving import FrameworkLevelModel, ordinal_proba
from pipeline.signals import level_features


def test_prior_leaves_out_the_framework_it_models(seed_run, ddat_run):
    frameworks = set(pd.read_csv(CORPUS).framework)
    assert {"seed", "ddat"} <= frameworks
    seed_prior = fit_level_prior(seed_run.embedder, seed_run.statements["text"])
    assert set(seed_prior.frameworks) == frameworks - {"seed"}
    # The vendored DDaT sample shares statements with the DDaT framework in the corpus.
    ddat_prior = fit_level_prior(ddat_run.embedder, ddat_run.statements["text"])
    assert set(ddat_prior.frameworks) == frameworks - {"ddat"}
    unrelated = fit_level_prior(seed_run.embedder, ["Bake sourdough bread at scale"])
    assert set(unrelated.frameworks) == frameworks


def test_prior_fitted_without_the_seed_ranks_the_seed_levels(seed_run):
    prior = fit_level_prior(seed_run.embedder, seed_run.statements["text"])
    table = add_signals(seed_run.statements)
    score = prior.score(level_features(table, seed_run.vectors))
    rho = spearmanr(score, table["level_rank"]).statistic
    assert rho > 0.7  # measured 0.90 (benchmarks/level_model.py reports the level model itself)


def test_folded_thresholds_give_the_model_s_probabilities(seed_run):
    prior = fit_level_prior(seed_run.embedder, seed_run.statements["text"])
    table = add_signals(seed_run.statements)
    y = table["level_rank"].to_numpy(dtype=int)
    features = LevelFeatures(prior=prior).fit(table)
    X = features.transform(table, seed_run.vectors)
    assert X.shape[1] == seed_run.vectors.shape[1] + 8 + 1  # embedding, signals, prior score
    expected = LevelModel().fit(X, y).predict_proba(X)
    served = FrameworkLevelModel.fit(table, seed_run.vectors, prior=prior)
    dense = level_features(table, seed_run.vectors)
    got = ordinal_proba(served.thresholds.greater(dense))
    assert served.thresholds.coef.shape[1] == dense.shape[1]
    assert np.allclose(got, expected, atol=1e-9)


def test_prior_raises_the_seed_level_model_out_of_fold(seed_run):
    table = add_signals(seed_run.statements)
    y = table["level_rank"].to_numpy(dtype=int)
    prior = fit_level_prior(seed_run.embedder, seed_run.statements["text"])
    with_prior = out_of_fold_proba(table, seed_run.vectors, y, 4, prior=prior).argmax(axis=1)
    without = out_of_fold_proba(table, seed_run.vectors, y, 4).argmax(axis=1)
    # Leave-one-out, measured 0.625 with the prior and 0.425 without (README, level model).
    assert np.mean(with_prior == y) >= 0.55
    assert np.mean(with_prior == y) > np.mean(without == y)
