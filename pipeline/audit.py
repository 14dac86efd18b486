"""Progression audit: does every thread climb in demand from level to level?

Signals per statement (`signals.signal_columns`): Bloom level of the verbs, autonomy, scope and
complexity wording, each with the words that triggered it. A per-framework level model learns how
the framework's own levels sound (ordinal logistic regression on the statement embedding, the
signals and the cross-framework level prior of `pipeline.level_prior`, plus word n-grams for
frameworks of 200+ statements); its out-of-fold predictions say where each statement's language fits.

Findings (one row each): inversion, gap, near-duplicate, misplaced, flat step, and level order (the
whole framework listed highest level first); see `FINDING_KINDS`
(a gap found as a loose continuation of an inferred thread is info, not a warning).
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import LeaveOneOut, StratifiedKFold

from pipeline.cluster import BLOCK_ROWS
from pipeline.level_prior import LevelPrior
from pipeline.serving import LogisticThresholds, ordinal_proba
from pipeline.signals import SIGNAL_SCALE, SIGNALS, add_signals, level_features

FINDING_COLUMNS = [
    "finding_id",
    "kind",
    "severity",
    "thread_id",
    "statement_ids",
    "levels",
    "explanation",
]
FINDING_KINDS = {
    "inversion": "error",
    "gap": "warning",
    "near-duplicate": "warning",
    "misplaced": "warning",
    "flat step": "info",
    "level order": "warning",
}
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


@dataclass
class LevelFeatures:
    """`level_features`, the level prior's score when there is a prior, plus word 1-2-gram TF-IDF of
    the text once a framework is large enough to learn its own level wording from it
    (`min_statements` or more: with 40 statements nearly every n-gram occurs once, and the words
    only add noise). Fitted on training statements only.

    Measured (benchmarks/level_model.py): DDaT exact 0.484 -> 0.547 with the words; the seed (40
    statements) fell from 0.425 to 0.350 with them, hence the threshold.
    """

    min_statements: int = 200
    prior: LevelPrior | None = None  # its score joins the dense features (`pipeline.level_prior`)
    words_: TfidfVectorizer | None = field(init=False, default=None, repr=False)

    def fit(self, statements: pd.DataFrame) -> LevelFeatures:
        self.words_ = None
        if len(statements) >= self.min_statements:
            self.words_ = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
            try:
                self.words_.fit(statements["text"])
            except ValueError:  # no term occurs twice
                self.words_ = None
        return self

    def transform(self, statements: pd.DataFrame, vectors: np.ndarray):
        return self.extend(level_features(statements, vectors), statements)

    def extend(self, dense: np.ndarray, statements: pd.DataFrame):
        """`dense` (rows of `level_features` for `statements`), the prior's score and the word
        features, when there are a prior and words."""
        if self.prior is not None:
            dense = np.hstack([dense, self.prior.score(dense)[:, None]])
        if self.words_ is None:
            return dense
        return sparse.hstack(
            [sparse.csr_matrix(dense), self.words_.transform(statements["text"])]
        ).tocsr()


@dataclass
class LevelModel:
    """Ordinal classifier (Frank & Hall): one logistic regression per threshold "level > k".

    scikit-learn contract: parameters in __init__, `fit` returns self, learned attributes end in `_`.
    """

    C: float = 1.0
    classes_: np.ndarray = field(init=False, repr=False)
    models_: list = field(init=False, repr=False)

    def fit(self, X: np.ndarray, y: np.ndarray) -> LevelModel:
        self.classes_ = np.unique(y)
        self.models_ = []
        for k in self.classes_[:-1]:
            target = (y > k).astype(int)
            self.models_.append(
                LogisticRegression(C=self.C, max_iter=2000).fit(X, target)
                if 0 < target.sum() < len(target)
                else float(target.mean())
            )
        return self

    def thresholds(self) -> LogisticThresholds:
        """The fitted regressions as coefficient rows (`pipeline.serving`)."""
        width = next((m.coef_.shape[1] for m in self.models_ if hasattr(m, "coef_")), 0)
        coef = np.zeros((len(self.models_), width))
        intercept, constant = np.zeros(len(self.models_)), np.full(len(self.models_), np.nan)
        for k, m in enumerate(self.models_):
            if hasattr(m, "coef_"):
                coef[k], intercept[k] = m.coef_[0], m.intercept_[0]
            else:
                constant[k] = m
        return LogisticThresholds(coef, intercept, constant)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return ordinal_proba(self.thresholds().greater(X))

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def sibling_similarity(
    threads: np.ndarray, y: np.ndarray, vectors: np.ndarray, known: np.ndarray, n_levels: int
) -> np.ndarray:
    """Per statement and level: its highest cosine with a statement of that level in the same
    declared thread whose level is known (`known`; never itself), minus the statement's mean over
    the levels that have one; 0 where there is none. `threads`: a declared thread per statement, or
    None for a statement in no declared thread.

    An author's thread follows its topics through the levels (DDaT: "troubleshooting" at Awareness,
    Working, Practitioner and Expert), so a statement is least like the level it fills itself: its
    topic's statement there is the statement. Inferred threads are never read: Ladder built them
    from the levels being judged.
    """
    found = np.full((len(y), n_levels), np.nan)
    keys = pd.Series(threads, dtype=object)
    for idx in keys[keys.notna()].groupby(keys[keys.notna()]).groups.values():
        idx = np.asarray(idx)
        if len(idx) < 2:
            continue
        similarity = vectors[idx] @ vectors[idx].T
        np.fill_diagonal(similarity, -np.inf)
        for level in range(n_levels):
            cols = known[idx] & (y[idx] == level)
            if cols.any():
                found[idx, level] = similarity[:, cols].max(axis=1)
    found[~np.isfinite(found)] = np.nan
    present = ~np.isnan(found)
    mean = np.where(present, found, 0).sum(axis=1) / np.maximum(present.sum(axis=1), 1)
    return np.where(present, found - mean[:, None], 0.0)


def _beside(X, extra: np.ndarray):
    """`extra` columns after X's (dense or sparse)."""
    if sparse.issparse(X):
        return sparse.hstack([X, sparse.csr_matrix(extra)]).tocsr()
    return np.hstack([X, extra])


def out_of_fold_proba(
    table: pd.DataFrame,
    vectors: np.ndarray,
    y: np.ndarray,
    n_levels: int,
    loo_max: int = 200,
    prior: LevelPrior | None = None,
    threads: np.ndarray | None = None,
) -> np.ndarray:
    """Level probabilities for each statement (of `add_signals`' table) from a model that never
    saw it, features included. Leave-one-out up to `loo_max` statements; above that, stratified
    10-fold (seeded). `prior` must not have been fitted on this framework (`level_prior.fit_level_prior`
    leaves it out). `threads` (declared threads, `sibling_similarity`): the model also reads how
    like each level of its thread a statement is, from the training fold's levels only. A statement
    whose level has no other statement in its training fold (a level of one statement) gets a row
    of NaN: a model that never saw the level cannot judge it.

    Measured (benchmarks/level_model.py): DDaT exact 0.54 -> 0.62 with its declared skills.
    """
    proba = np.zeros((len(y), n_levels))
    if n_levels < 2:
        proba[:, 0] = 1.0
        return proba
    splitter = (
        LeaveOneOut()
        if len(y) <= loo_max
        else StratifiedKFold(n_splits=10, shuffle=True, random_state=0)
    )
    fixed = level_features(table, vectors)  # no fitted part: computed once for every fold
    # A level smaller than the folds is fine: its statements are judged (or not) as above.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The least populated class", UserWarning)
        folds = list(splitter.split(fixed, y))
    for train, test in folds:
        features = LevelFeatures(prior=prior).fit(table.iloc[train])
        X_train = features.extend(fixed[train], table.iloc[train])
        X_test = features.extend(fixed[test], table.iloc[test])
        if threads is not None:
            known = np.isin(np.arange(len(y)), train)
            siblings = sibling_similarity(threads, y, vectors, known, n_levels)
            X_train, X_test = _beside(X_train, siblings[train]), _beside(X_test, siblings[test])
        model = LevelModel().fit(X_train, y[train])
        proba[np.ix_(test, model.classes_)] = model.predict_proba(X_test)
        proba[test[~np.isin(y[test], model.classes_)]] = np.nan
    return proba


@dataclass
class AuditSettings:
    near_duplicate: float = 0.92  # cosine between statements of different levels
    inversion_margin: float = 0.4  # level-model expected level, in levels
    signal_drop: float = 0.25  # summed signal drop, in fractions of each signal's scale
    bloom_alone_drop: float = 0.6  # the same when only the verbs' Bloom level falls (3 levels)
    misplaced_probability: float = 0.6
    misplaced_own_max: float = 0.15
    # An inferred thread's middle level is a loose continuation when its statement is less similar
    # to both neighbouring levels' statements than those are to each other, by this cosine.
    loose_margin: float = 0.1
    # A statement listed two or more levels above another of its thread that the level model reads
    # at least this many levels below it (`crossed`): the two may have swapped places.
    crossed_margin: float = 1.0
    # The levels read as listed highest first when the level prior's scores fall with the listed
    # level (Spearman below 0) at this one-sided p-value (`level_order`).
    level_order_p: float = 0.01


def audit(
    statements: pd.DataFrame,
    vectors: np.ndarray,
    settings: AuditSettings | None = None,
    prior: LevelPrior | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reads the threads table; returns (statements with signals and level-model columns, findings).
    `prior`: the level prior the level model reads (`level_prior.fit_level_prior`), if any."""
    settings = settings or AuditSettings()
    table = add_signals(statements).reset_index(drop=True)
    levels = table.drop_duplicates("level_rank").sort_values("level_rank")
    labels = dict(zip(levels.level_rank, levels.level_label, strict=True))
    n_levels = len(levels)
    y = table["level_rank"].to_numpy(dtype=int)
    proba = out_of_fold_proba(table, vectors, y, n_levels, prior=prior, threads=declared(table))
    judged = ~np.isnan(proba).any(axis=1)
    table["level_fit"] = pd.array(np.nan_to_num(proba).argmax(axis=1), dtype="Int64")
    table.loc[~judged, "level_fit"] = pd.NA
    table["level_fit_probability"] = proba.max(axis=1).round(4)
    table["level_expected"] = (proba @ np.arange(n_levels)).round(4)
    ctx = _Context(table, vectors, proba, labels, settings)
    findings = [
        *level_order(table, vectors, prior, labels, settings.level_order_p),
        *ctx.inversions(),
        *ctx.crossed(),
        *ctx.gaps(),
        *ctx.near_duplicates(),
        *ctx.misplaced(),
        *ctx.flat_steps(),
    ]
    frame = pd.DataFrame(findings, columns=FINDING_COLUMNS[1:])
    frame.insert(0, "finding_id", [f"f{i:03d}" for i in range(1, len(frame) + 1)])
    return table, frame


def level_order(
    table: pd.DataFrame, vectors: np.ndarray, prior: LevelPrior | None, labels: dict, p_value: float
) -> list[dict]:
    """A framework whose levels read highest first: the level prior, fitted on other frameworks,
    scores its statements lower the higher they are listed (Spearman below 0, one-sided p below
    `p_value`). Ladder reads levels in file order, lowest first, so every other finding of such a
    file is read upside down. Reads `level_rank` and the signal columns; [] without a prior.

    On the five frameworks at hand the prior's scores rise with the listed level (Spearman 0.17 to
    0.89); listed the other way round, the seed, DDaT and the retail ladder are flagged (p below
    0.005), the services and wholesale ladders, whose levels are three occupations, are not (-0.17
    and -0.29, p 0.11 and 0.017)."""
    if prior is None or len(labels) < 2:
        return []
    from scipy.stats import spearmanr

    rank = table["level_rank"].to_numpy()
    score = prior.score(level_features(table, vectors))
    rho, p_two_sided = spearmanr(rank, score)
    if not (rho < 0 and p_two_sided / 2 < p_value):
        return []
    ranks = sorted(labels)
    # Levels by key, as the other findings name them; labels in the explanation.
    keys = dict(zip(table["level_rank"], table["level"], strict=True))
    means = ", ".join(f"{labels[r]} {score[rank == r].mean():.1f}" for r in ranks)
    first, last = labels[ranks[0]], labels[ranks[-1]]
    return [
        {
            "kind": "level order",
            "severity": FINDING_KINDS["level order"],
            "thread_id": None,
            "statement_ids": [],
            "levels": [keys[r] for r in ranks],
            "explanation": (
                f"The levels seem listed highest first: the level prior, fitted on other "
                f"frameworks, reads {last}'s statements as the most junior and {first}'s as the "
                f"most senior (mean seniority score per level: {means}; Spearman {rho:.2f} with "
                f"the listed order). Ladder reads levels lowest first, in file order: if {first} "
                f"is the top level, list the levels the other way round or give each a level_rank."
            ),
        }
    ]


def declared(table: pd.DataFrame) -> np.ndarray | None:
    """Each statement's thread where its author declared it, else None; None when none is declared."""
    if "thread_source" not in table.columns or not (table.thread_source == "declared").any():
        return None
    return np.where(table.thread_source == "declared", table.thread_id, None)


@dataclass
class _Context:
    table: pd.DataFrame
    vectors: np.ndarray
    proba: np.ndarray
    labels: dict
    settings: AuditSettings

    def _finding(self, kind, thread_id, rows, explanation, severity: str | None = None) -> dict:
        return {
            "kind": kind,
            "severity": severity or FINDING_KINDS[kind],
            "thread_id": thread_id,
            "statement_ids": [self.table.statement_id[i] for i in rows],
            "levels": [self.table.level[i] for i in rows],
            "explanation": explanation,
        }

    def _quote(self, i: int) -> str:
        text = self.table.text[i]
        return f'"{text[:90]}{"…" if len(text) > 90 else ""}"'

    def _step(self, name: str, low: int, high: int) -> float | None:
        """How far signal `name` rises from `low` to `high`, in fractions of its scale (negative: it
        falls); None when neither statement says anything comparable.

        A rung above the lowest that only `high` shows is a rise ("set the direction within your
        team" asks for more than a statement with no autonomy wording); so is a lowest rung that only
        `low` shows ("under supervision", "basic" at the lower level and nothing limiting above).
        """
        a, b = self.table[name][low], self.table[name][high]
        a = None if a is None or np.isnan(a) else a
        b = None if b is None or np.isnan(b) else b
        if a is None and b is None:
            return None
        if a is None:
            return b / SIGNAL_SCALE[name] if b > 0 else None
        if b is None:
            return 1 / SIGNAL_SCALE[name] if a == 0 else None
        return (b - a) / SIGNAL_SCALE[name]

    def _signal_drop(self, low: int, high: int) -> list[str]:
        """Signals on which the higher-level statement `high` asks for less than `low`, quoted.

        Counts only when no signal rises (`_step`) and the drops add up to at least `signal_drop` of
        a full scale ("independently" -> "under supervision" is enough). A fall in the Bloom level of
        the verbs alone needs `bloom_alone_drop`: one verb's Bloom level is the noisiest signal
        ("identify" is listed under remember, "identify opportunities" is analysis).
        """
        steps = {name: self._step(name, low, high) for name in SIGNALS}
        if any(step is not None and step > 0 for step in steps.values()):
            return []
        falls = {name: -step for name, step in steps.items() if step is not None and step < 0}
        total = sum(falls.values())
        needed = (
            self.settings.bloom_alone_drop if set(falls) == {"bloom"} else self.settings.signal_drop
        )
        if not falls or total < needed:
            return []
        return [
            f"{name} '{', '.join(self.table[name + '_words'][high])}' below "
            f"'{', '.join(self.table[name + '_words'][low])}'"
            for name in falls
        ]

    def _steps(self):
        """(thread_id, rows at level a, rows at level b) for consecutive levels present in a thread."""
        for thread_id, group in self.table.groupby("thread_id", sort=True):
            present = sorted(set(group.level_rank))
            for a, b in itertools.pairwise(present):
                yield (
                    thread_id,
                    group.index[group.level_rank == a].tolist(),
                    group.index[group.level_rank == b].tolist(),
                )

    def inversions(self):
        """A thread's next level asks for less: its statements fall on the signals or the level model.

        Levels of a thread are compared through their strongest statements (highest expected level;
        statements the level model could not judge come last). A step between near-duplicates is
        left to the near-duplicate finding: the level model's two readings of one sentence differ
        by noise only.
        """
        expected = self._judged_expected
        for thread_id, lows, highs in self._steps():
            low, high = self._strongest(lows), self._strongest(highs)
            if self._near_duplicate(low, high):
                continue
            drop = self._signal_drop(low, high)
            model_drop = (  # False when either statement was not judged (-inf)
                np.isfinite(expected[low] + expected[high])
                and expected[low] - expected[high] >= self.settings.inversion_margin
            )
            if not drop and not model_drop:
                continue
            reasons = list(drop)
            if model_drop:
                reasons.append(
                    f"the level model places it at {expected[high]:.1f} and the lower statement at "
                    f"{expected[low]:.1f} (0 = {self.labels[0]})"
                )
            yield self._finding(
                "inversion",
                thread_id,
                [low, high],
                f"In thread '{self.table.thread_label[high]}', the {self.labels[self.table.level_rank[high]]} "
                f"statement {self._quote(high)} asks for less than the "
                f"{self.labels[self.table.level_rank[low]]} statement {self._quote(low)}: "
                + "; ".join(reasons)
                + ".",
            )

    @cached_property
    def _judged_expected(self) -> pd.Series:
        """Expected levels, with the statements the level model could not judge lowest."""
        return self.table["level_expected"].fillna(-np.inf)

    def _strongest(self, rows: list[int]) -> int:
        """The row the level model reads highest (unjudged rows last; the first on a tie)."""
        expected = self._judged_expected
        return max(rows, key=lambda i: (expected[i], -i))

    def crossed(self):
        """Statements of a thread listed two or more levels apart that the level model reads in the
        other order by a whole level (`crossed_margin`): one finding per higher statement, naming
        the lower ones that read above it. The steps between consecutive levels (`inversions`)
        compare each level's strongest statement, which one misplaced bullet among several leaves
        unchanged."""
        expected = self.table["level_expected"]
        rank = self.table["level_rank"]
        for thread_id, group in self.table.groupby("thread_id", sort=True):
            for high in group.index[expected[group.index].notna()]:
                lows = [
                    low
                    for low in group.index
                    if rank[high] - rank[low] >= 2
                    and pd.notna(expected[low])
                    and expected[low] - expected[high] >= self.settings.crossed_margin
                    and not self._near_duplicate(low, high)
                ]
                if not lows:
                    continue
                top = self._strongest(lows)
                below = (
                    f"{len(lows)} statements listed two or more levels lower, the highest"
                    if len(lows) > 1
                    else "the statement listed"
                )
                yield self._finding(
                    "inversion",
                    thread_id,
                    [*lows, high],
                    f"In thread '{self.table.thread_label[high]}', the {self.labels[rank[high]]} "
                    f"statement {self._quote(high)} reads at {expected[high]:.1f}, a level or more "
                    f"below {below} at {self.labels[rank[top]]}, {self._quote(top)}, which reads "
                    f"at {expected[top]:.1f} (0 = {self.labels[0]}): they may have swapped places.",
                )

    def gaps(self):
        ranks = sorted(self.labels)
        for thread_id, group in self.table.groupby("thread_id", sort=True):
            present = sorted(set(group.level_rank))
            missing = [r for r in ranks if present[0] < r < present[-1] and r not in present]
            if len(present) < 2 or not missing:
                continue
            rows = group.index.tolist()
            yield self._finding(
                "gap",
                thread_id,
                rows,
                f"Thread '{group.thread_label.iloc[0]}' appears at "
                f"{', '.join(self.labels[r] for r in present)} but has no statement at "
                f"{', '.join(self.labels[r] for r in missing)}.",
            )
        yield from self._loose_continuations()
        sizes = self.table.groupby("thread_id").size()
        for rank in ranks:
            rows = self.table.index[self.table.level_rank == rank].tolist()
            if len(ranks) > 1 and all(sizes[self.table.thread_id[i]] == 1 for i in rows):
                yield self._finding(
                    "gap",
                    None,
                    rows,
                    f"No statement of level {self.labels[rank]} continues a thread from another level.",
                )

    def _loose_continuations(self):
        """A gap Ladder filled itself: in a thread it inferred, a middle level whose statement is
        less similar to the levels either side than they are to each other (by `loose_margin`),
        as when the level's own statement is missing and thread building took a neighbour's topic
        instead. Info only: the thread may be missing that level."""
        if "thread_source" not in self.table.columns:
            return
        source = self.table.thread_source
        steps = [step for step in self._steps() if source[step[1][0]] == "inferred"]
        # Two consecutive steps of one thread: its levels low -> middle -> high.
        for (thread_id, lows, middles), (next_id, _, highs) in itertools.pairwise(steps):
            if next_id != thread_id:
                continue
            to_low, to_high = self._closest(middles, lows), self._closest(middles, highs)
            across = self._closest(lows, highs)
            if max(to_low, to_high) >= across - self.settings.loose_margin:
                continue
            low, middle, high = (
                self.labels[self.table.level_rank[r[0]]] for r in (lows, middles, highs)
            )
            yield self._finding(
                "gap",
                thread_id,
                lows + middles + highs,
                f"Thread '{self.table.thread_label[middles[0]]}' continues only loosely at "
                f"{middle}: {self._quote(middles[0])} is less like the {low} and {high} statements "
                f"(cosine {to_low:.2f}, {to_high:.2f}) than they are like each other "
                f"({across:.2f}); the thread may lack a {middle} statement.",
                severity="info",
            )

    def _near_duplicate(self, a: int, b: int) -> bool:
        return float(self.vectors[a] @ self.vectors[b]) >= self.settings.near_duplicate

    def _closest(self, a: list[int], b: list[int]) -> float:
        return float((self.vectors[a] @ self.vectors[b].T).max())

    def near_duplicates(self):
        """Statements at different levels that say the same thing (cosine >= `near_duplicate`),
        grouped: a bullet repeated at three levels is one finding naming all three, not three pairs.
        Similarities are computed in row blocks (`cluster.BLOCK_ROWS`), never as one n x n matrix."""
        ranks = self.table.level_rank.to_numpy()
        rows, cols, sims = [], [], []
        for start in range(0, len(ranks), BLOCK_ROWS):
            block = self.vectors[start : start + BLOCK_ROWS] @ self.vectors.T
            i, j = np.nonzero(block >= self.settings.near_duplicate)
            i += start
            keep = (i < j) & (ranks[i] != ranks[j])
            rows += i[keep].tolist()
            cols += j[keep].tolist()
            sims += block[i[keep] - start, j[keep]].tolist()
        if not rows:
            return
        n = len(ranks)
        graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        _, component = connected_components(graph, directed=False)
        pairs = pd.DataFrame({"i": rows, "j": cols, "sim": sims, "group": component[rows]})
        for _, group in pairs.groupby("group", sort=False):
            members = sorted(set(group.i) | set(group.j), key=lambda k: (ranks[k], k))
            threads = {self.table.thread_id[k] for k in members}
            texts = {self.table.text[k] for k in members}
            levels = [self.labels[ranks[k]] for k in members]
            if len(texts) == 1:
                levels = list(dict.fromkeys(levels))
                said = f"{self._quote(members[0])} appears word for word at {_join(levels)}"
            else:
                low, high = f"{group.sim.min():.2f}", f"{group.sim.max():.2f}"
                quoted = [f"{lv} {self._quote(k)}" for lv, k in zip(levels, members, strict=True)]
                cosine = low if low == high else f"{low}-{high}"
                said = f"{_join(quoted)} say nearly the same thing (cosine {cosine})"
            between = "these levels" if len(set(levels)) > 2 else "the levels"
            yield self._finding(
                "near-duplicate",
                threads.pop() if len(threads) == 1 else None,
                members,
                f"{said}, so nothing marks the step between {between}.",
            )

    def misplaced(self):
        for i in range(len(self.table)):
            if np.isnan(self.proba[i]).any():  # a level of one statement: not judged
                continue
            own, fit = int(self.table.level_rank[i]), int(self.proba[i].argmax())
            if (
                fit != own
                and self.proba[i, fit] >= self.settings.misplaced_probability
                and self.proba[i, own] <= self.settings.misplaced_own_max
            ):
                words = [w for name in SIGNALS for w in self.table[name + "_words"][i]]
                yield self._finding(
                    "misplaced",
                    self.table.thread_id[i],
                    [i],
                    f"{self._quote(i)} is listed at {self.labels[own]} but its language fits "
                    f"{self.labels[fit]} (probability {self.proba[i, fit]:.2f}; own level "
                    f"{self.proba[i, own]:.2f})"
                    + (f"; level words: {', '.join(repr(w) for w in words)}" if words else "")
                    + self._closest_sibling(i)
                    + ".",
                )

    def _closest_sibling(self, i: int) -> str:
        """In a declared thread, the statement most like `i` (which the level model read too)."""
        if "thread_source" not in self.table or self.table.thread_source[i] != "declared":
            return ""
        others = self.table.index[
            (self.table.thread_id == self.table.thread_id[i]) & (self.table.index != i)
        ]
        if not len(others):
            return ""
        j = others[int(np.argmax(self.vectors[others] @ self.vectors[i]))]
        return (
            f"; closest in its thread: {self.labels[self.table.level_rank[j]]} "
            f"{self._quote(j)} (cosine {float(self.vectors[j] @ self.vectors[i]):.2f})"
        )

    def flat_steps(self):
        expected = self.table["level_expected"]
        for thread_id, lows, highs in self._steps():
            rises = any(
                self._rises(low, high) or expected[high] - expected[low] >= 0.25
                for low in lows
                for high in highs
            )
            if rises or any(self._near_duplicate(low, high) for low in lows for high in highs):
                continue  # a near-duplicate step is reported as one
            a, b = self.table.level_rank[lows[0]], self.table.level_rank[highs[0]]
            yield self._finding(
                "flat step",
                thread_id,
                lows + highs,
                f"In thread '{self.table.thread_label[highs[0]]}', the step from {self.labels[a]} to "
                f"{self.labels[b]} changes the topic only: {self._quote(highs[0])} asks for no "
                f"more autonomy, scope, complexity or cognitive demand than {self._quote(lows[0])}.",
            )

    def _rises(self, low: int, high: int) -> bool:
        return any((self._step(name, low, high) or 0) > 0 for name in SIGNALS)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def exit_status(findings: pd.DataFrame, fail_on: str) -> int:
    """0 when no finding is at or above `fail_on` ("warning" or "error"), else 1."""
    floor = SEVERITY_ORDER[fail_on]
    return int(any(SEVERITY_ORDER[s] >= floor for s in findings["severity"]))


def markdown_report(table: pd.DataFrame, findings: pd.DataFrame) -> str:
    """A framework author's report: counts per kind, then every finding with its explanation."""
    framework = table["framework"].iloc[0]
    lines = [f"# Progression audit: {framework}", ""]
    lines.append(
        f"{len(table)} statements, {table.thread_id.nunique()} threads, {len(findings)} findings."
    )
    lines.append("")
    lines.append("| kind | severity | count |")
    lines.append("|---|---|---|")
    for kind, severity in FINDING_KINDS.items():
        lines.append(f"| {kind} | {severity} | {int((findings.kind == kind).sum())} |")
    for kind in FINDING_KINDS:
        subset = findings[findings.kind == kind]
        if subset.empty:
            continue
        lines += ["", f"## {kind}", ""]
        for row in subset.itertuples():
            lines.append(
                f"- **{row.finding_id}** ({row.severity}, {', '.join(row.levels)}): {row.explanation}"
            )
    return "\n".join(lines) + "\n"
