"""Statements -> threads: the same competency followed across levels.

Naive clustering of statement embeddings fails because it groups statements by level wording as much
as by topic (all the "under supervision" statements end up together). Ladder instead only links
statements *across* levels and lets structure constrain the groups:

1. Candidate links between levels: mutual nearest neighbours for every pair of levels (so a thread
   may skip a level), scored by cosine similarity of the statement embeddings.
2. Frameworks written as a grid keep the same row order in every level (DDaT, SFIA and LER.me exports
   often do). When the mutual nearest neighbours of consecutive levels are in the same order (Kendall
   tau >= `order_tau` over their relative positions, pooled, with p < 0.001), the framework is treated as *ordered* and threads are found by segmenting
   the grid instead (`_segment_aligned`): all levels are aligned into one sequence of columns
   (progressive alignment with gaps, so a topic may be missing at a level) and the sequence is cut
   into topics where the similarity of neighbouring columns dips (TextTiling's depth scores), so a
   thread holds a contiguous run of statements at each level. Measured on DDaT: F1 0.630, against
   0.419 for linking statements pairwise. An ordered framework too large to align
   (MAX_ALIGNMENT_CELLS) falls back to links: a monotone alignment (dynamic time warping) of
   consecutive levels and the neighbours within a level add candidate links, and a thread may hold
   several contiguous statements per level.
   In an unordered framework a thread holds several statements of one level only when they are
   near-paraphrases (`min_same_level`).
3. Links are merged greedily, strongest first (deterministic tie-break on ids), when the link is strong
   enough and the two groups are similar on average (`min_group_similarity`), which stops chaining.

Measured (benchmarks/threads_quality.py): embedding the statement without its level phrases
(`signals.topic_text`) did worse on the seed (F1 0.61 vs 0.80) and no better on DDaT, so the whole
statement is embedded; the level phrases are kept apart by the cross-level linking instead.
Each thread is labelled with the subject of its most central statement.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline import config


@dataclass
class ThreadBuilder:
    """Groups statements into threads (scikit-learn style: parameters in __init__, fit returns self).

    Args:
        min_link: cosine a cross-level mutual-nearest-neighbour link needs.
        min_order_link: cosine an alignment or same-level neighbour link needs (ordered frameworks).
        min_group_similarity: mean cosine two groups need to merge (unordered / ordered).
        order_tau: Kendall tau above which a framework counts as ordered.
        order_p_value: ... and the p-value that tau needs (a few pairs can be in order by chance).
        min_same_level: in an unordered framework, two statements of one level may share a thread
            only if their cosine reaches this (None: never).
        min_depth: an ordered framework's grid is cut where the depth of a similarity valley exceeds
            the mean depth by this many standard deviations (TextTiling's rule, relative to the
            framework's own similarities rather than a fixed cosine).
    """

    min_link: float = 0.4
    min_order_link: float = 0.2
    min_group_similarity: tuple[float, float] = (0.3, 0.2)
    order_tau: float = 0.6
    order_p_value: float = 0.001
    min_same_level: float | None = 0.6
    min_depth: float = 0.0
    labels_: np.ndarray = field(init=False, repr=False)
    ordered_: bool = field(init=False, default=False)
    segmented_: bool = field(init=False, default=False)
    order_tau_: float = field(init=False, default=0.0)

    def fit(self, level_rank: np.ndarray, vectors: np.ndarray) -> ThreadBuilder:
        """`level_rank`: one int per statement, in file order; `vectors`: L2-normalised statement vectors.

        Memory stays linear in the number of statements: similarities are computed in row blocks
        (`_mutual_neighbours`) or for the few pairs a decision needs, never as one n x n matrix.
        """
        level_rank = np.asarray(level_rank)
        vectors = np.asarray(vectors, dtype=np.float32)
        n = len(level_rank)
        members = {r: np.flatnonzero(level_rank == r) for r in sorted(set(level_rank.tolist()))}
        levels = list(members)
        position = np.zeros(n, dtype=int)
        for idx in members.values():
            position[idx] = np.arange(len(idx))

        def cosine(i: int, j: int) -> float:
            return float(vectors[i] @ vectors[j])

        links: dict[tuple[int, int], tuple[float, float]] = {}  # (i, j) -> (similarity, threshold)
        # Relative positions (0-1) of mutual neighbours of consecutive levels, pooled over all
        # consecutive pairs: a grid keeps them in the same order.
        here, there = [], []
        for a, b in itertools.combinations(levels, 2):
            ia, ib = members[a], members[b]
            mutual = _mutual_neighbours(vectors[ia], vectors[ib])
            for x, y, score in mutual:
                links[(ia[x], ib[y])] = (score, self.min_link)
            if b == levels[levels.index(a) + 1]:
                here += [x / len(ia) for x, _, _ in mutual]
                there += [y / len(ib) for _, y, _ in mutual]
        tau, p_value = _kendall(here, there) if len(here) > 2 else (np.nan, 1.0)
        self.order_tau_ = 0.0 if np.isnan(tau) else float(tau)
        # Significance too: with a few pairs (10 statements a level) a high tau happens by chance.
        self.ordered_ = bool(self.order_tau_ >= self.order_tau and p_value < self.order_p_value)
        if self.ordered_ and _alignable(members, levels):
            self.labels_ = _segment_aligned(vectors, members, levels, self.min_depth)
            self.segmented_ = True
            return self
        self.segmented_ = False
        if not self.ordered_ and self.min_same_level is not None:
            for idx in members.values():
                for x, y, score in _mutual_neighbours(vectors[idx], vectors[idx], same_set=True):
                    if x < y:
                        links[(idx[x], idx[y])] = (score, self.min_same_level)
        if self.ordered_:
            for a, b in itertools.pairwise(levels):
                ia, ib = members[a], members[b]
                if len(ia) * len(ib) > MAX_ALIGNMENT_CELLS:
                    continue  # too large to align; the mutual-neighbour links still apply
                for x, y in _dtw_path(1.0 - vectors[ia] @ vectors[ib].T):
                    key = (ia[x], ib[y])
                    links.setdefault(key, (cosine(*key), self.min_order_link))
            for idx in members.values():
                for i, j in itertools.pairwise(idx):
                    links[(i, j)] = (cosine(i, j), self.min_order_link)

        group_floor = self.min_group_similarity[1 if self.ordered_ else 0]
        owner = np.arange(n)
        groups = {i: [i] for i in range(n)}
        sums = {i: vectors[i].astype(np.float64) for i in range(n)}  # mean cosine = sum·sum / n·m
        for (i, j), (score, floor) in sorted(links.items(), key=lambda kv: (-kv[1][0], kv[0])):
            a, b = owner[i], owner[j]
            if a == b or score < floor:
                continue
            merged = groups[a] + groups[b]
            if not self._allowed(merged, level_rank, position, vectors):
                continue
            if float(sums[a] @ sums[b]) / (len(groups[a]) * len(groups[b])) < group_floor:
                continue
            groups[a] = merged
            sums[a] = sums[a] + sums[b]
            owner[groups[b]] = a
            del groups[b], sums[b]
        self.labels_ = owner
        return self

    def _allowed(
        self, merged: list[int], level_rank: np.ndarray, position: np.ndarray, vectors: np.ndarray
    ) -> bool:
        """Ordered frameworks: a contiguous run per level. Unordered: one statement per level, or
        several whose pairwise cosine all reach `min_same_level`."""
        for rank in set(level_rank[merged].tolist()):
            same = [i for i in merged if level_rank[i] == rank]
            if len(same) < 2:
                continue
            if self.ordered_:
                pos = sorted(position[same])
                if pos[-1] - pos[0] + 1 != len(pos):
                    return False
            elif self.min_same_level is None:
                return False
            else:
                block = vectors[same] @ vectors[same].T
                if block[np.triu_indices(len(same), 1)].min() < self.min_same_level:
                    return False
        return True


MAX_ALIGNMENT_CELLS = 4_000_000  # levels larger than this (e.g. 2,000 x 2,000) are not aligned
BLOCK_ROWS = 2048  # rows of a similarity block: memory is BLOCK_ROWS x (size of the other set)


def _best(rows: np.ndarray, cols: np.ndarray, same_set: bool) -> tuple[np.ndarray, np.ndarray]:
    """For each row vector, the index and cosine of its nearest column vector (block by block)."""
    index = np.zeros(len(rows), dtype=np.int64)
    value = np.zeros(len(rows), dtype=np.float32)
    for start in range(0, len(rows), BLOCK_ROWS):
        block = rows[start : start + BLOCK_ROWS] @ cols.T
        if same_set:  # a statement is not its own neighbour
            np.fill_diagonal(block[:, start:], -1.0)
        index[start : start + len(block)] = block.argmax(axis=1)
        value[start : start + len(block)] = block.max(axis=1)
        del block  # before the next block is allocated: one block alive at a time
    return index, value


def _mutual_neighbours(
    a: np.ndarray, b: np.ndarray, same_set: bool = False
) -> list[tuple[int, int, float]]:
    """Pairs (x, y, cosine) where b[y] is a[x]'s nearest neighbour in b and a[x] is b[y]'s in a."""
    if len(a) == 0 or len(b) == 0 or (same_set and len(a) < 2):
        return []
    best_b, value = _best(a, b, same_set)
    best_a = best_b if same_set else _best(b, a, False)[0]
    return [(x, int(y), float(value[x])) for x, y in enumerate(best_b) if best_a[y] == x]


def _dtw_path(cost: np.ndarray) -> list[tuple[int, int]]:
    """Monotone alignment of two sequences minimising the summed cost (classic DTW)."""
    n, m = cost.shape
    acc = np.full((n + 1, m + 1), np.inf)
    acc[0, 0] = 0.0
    for i in range(1, n + 1):
        row, prev = acc[i], acc[i - 1]
        for j in range(1, m + 1):
            row[j] = cost[i - 1, j - 1] + min(prev[j - 1], prev[j], row[j - 1])
    path, i, j = [], n, m
    while i > 0 and j > 0:
        path.append((i - 1, j - 1))
        step = int(np.argmin([acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1]]))
        i, j = (i - 1, j - 1) if step == 0 else (i - 1, j) if step == 1 else (i, j - 1)
    return path[::-1]


def _alignable(members: dict[int, np.ndarray], levels: list[int]) -> bool:
    """Whether progressive alignment stays under MAX_ALIGNMENT_CELLS for every level it adds."""
    columns = len(members[levels[0]])
    for rank in levels[1:]:
        size = len(members[rank])
        if columns * size > MAX_ALIGNMENT_CELLS:
            return False
        columns += size  # a DTW path is at most as long as both sequences together
    return True


def _normalise(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def _segment_aligned(
    vectors: np.ndarray, members: dict[int, np.ndarray], levels: list[int], min_depth: float
) -> np.ndarray:
    """Threads of an ordered framework: align all levels into one sequence, then cut it into topics.

    1. Progressive alignment (as in multiple sequence alignment): the lowest level's statements are
       the first columns; each higher level is aligned to the column profiles (`_align`, which lets
       a topic be missing from either side), and the result is the new column sequence.
    2. TextTiling (Hearst 1997) on the column sequence: the cosine of consecutive column means,
       its depth scores (how far each point lies below the peaks on either side), and a cut where
       the depth exceeds mean + `min_depth` x std.
    Every level contributes evidence to every cut, which a single level's neighbours do not give.
    """
    columns = [[int(i)] for i in members[levels[0]]]
    for rank in levels[1:]:
        idx = members[rank]
        profile = _normalise(np.array([vectors[c].mean(axis=0) for c in columns]))
        merged = []
        for x, y in _align(profile @ vectors[idx].T):
            merged.append(
                (columns[x] if x is not None else []) + ([int(idx[y])] if y is not None else [])
            )
        columns = merged
    means = _normalise(np.array([vectors[c].mean(axis=0) for c in columns]))
    similarity = np.einsum("ij,ij->i", means[:-1], means[1:])
    depth = _depth_scores(similarity)
    cuts = depth > depth.mean() + min_depth * depth.std() if len(depth) else depth.astype(bool)
    labels = np.zeros(len(vectors), dtype=np.int64)
    for column, segment in zip(
        columns, np.concatenate([[0], np.cumsum(cuts)]).tolist(), strict=True
    ):
        labels[column] = segment
    return labels


Step = tuple[int | None, int | None]


def _align(similarity: np.ndarray) -> list[Step]:
    """Monotone alignment of profile columns (rows) with a level's statements (columns).

    Needleman-Wunsch with free gaps, rewarding a matched pair by its similarity minus the mean
    similarity of the two sequences (only better-than-average pairs are worth matching), so a topic
    missing from one level is a gap rather than a forced match. Steps are (x, y), (x, None) or
    (None, y). Inside a run of gaps, the order of unmatched columns and statements is not decided
    by the score; each unmatched statement is put next to the most similar column of its run
    (including the matched columns around it), keeping the statements in order.
    """
    score = similarity - similarity.mean()
    n, m = score.shape
    acc = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row, prev, gain = acc[i], acc[i - 1], score[i - 1]
        for j in range(1, m + 1):
            row[j] = max(prev[j - 1] + gain[j - 1], prev[j], row[j - 1])
    steps: list[Step] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and acc[i, j] == acc[i - 1, j - 1] + score[i - 1, j - 1]:
            steps.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and (j == 0 or acc[i, j] == acc[i - 1, j]):
            steps.append((i - 1, None))
            i -= 1
        else:
            steps.append((None, j - 1))
            j -= 1
    return _place_gaps(steps[::-1], similarity)


def _place_gaps(steps: list[Step], similarity: np.ndarray) -> list[Step]:
    out: list[Step] = []
    k = 0
    while k < len(steps):
        if None not in steps[k]:
            out.append(steps[k])
            k += 1
            continue
        end = k
        while end < len(steps) and None in steps[end]:
            end += 1
        lone_columns = [x for x, y in steps[k:end] if y is None]
        lone_statements = [y for x, y in steps[k:end] if x is None]
        before = out[-1][0] if out else None
        after = steps[end][0] if end < len(steps) else None
        anchors = [c for c in [before, *lone_columns, after] if c is not None]
        placed: dict[int, list[int]] = {c: [] for c in anchors}
        start = 0
        for y in lone_statements:
            start = max(range(start, len(anchors)), key=lambda t: (similarity[anchors[t], y], -t))
            placed[anchors[start]].append(y)
        if before is not None:
            out.extend((None, y) for y in placed[before])
        for x in lone_columns:
            out.append((x, None))
            out.extend((None, y) for y in placed[x])
        if after is not None:
            out.extend((None, y) for y in placed[after])
        k = end
    return out


def _depth_scores(similarity: np.ndarray) -> np.ndarray:
    """TextTiling depth: for each valley, (left peak - value) + (right peak - value), climbing while
    the similarity keeps rising on each side."""
    n = len(similarity)
    left, right = similarity.copy(), similarity.copy()  # the peak reached climbing each way
    for k in range(1, n):
        if similarity[k - 1] >= similarity[k]:
            left[k] = left[k - 1]
    for k in range(n - 2, -1, -1):
        if similarity[k + 1] >= similarity[k]:
            right[k] = right[k + 1]
    return left + right - 2 * similarity


def _label(frame: pd.DataFrame, vectors: np.ndarray) -> str:
    """The subject (else the text) of the statement closest to the thread's centroid."""
    centroid = vectors.mean(axis=0)
    best = int(np.argmax(vectors @ centroid))
    row = frame.iloc[best]
    label = (row.get("subject") or "").strip() or row["text"]
    words = label.split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def assign_threads(
    statements: pd.DataFrame,
    vectors: np.ndarray,
    builder: ThreadBuilder | None = None,
    declared: bool = True,
) -> tuple[pd.DataFrame, dict]:
    """Reads `level_rank`, `subject`, `text` (in file order) and `declared_thread` when present; adds
    `thread_id` and `thread_label`.

    A framework that declares its threads (JSON `threads` map, a `thread` field or CSV column) is
    threaded as its author wrote it, labelled with the declared names: that is the structure an author
    audits. Statements without a declared thread, or all of them when `declared` is False, are
    threaded by `builder` among themselves.

    Thread ids are `t001`, `t002`, … in order of each thread's first statement (lowest level first).
    Returns the table and a meta dict (source, strategy, parameters, whether the framework counted as
    ordered).
    """
    builder = builder or ThreadBuilder()
    n = len(statements)
    names = (
        statements["declared_thread"].to_numpy(dtype=object)
        if declared and "declared_thread" in statements.columns
        else np.full(n, None, dtype=object)
    )
    given = pd.notna(names) & (names != "")
    keys = np.empty(n, dtype=object)
    keys[given] = [f"declared:{name}" for name in names[given]]
    inferred = np.flatnonzero(~given)
    if len(inferred):
        builder.fit(statements["level_rank"].to_numpy()[inferred], vectors[inferred])
        keys[inferred] = [f"inferred:{lab}" for lab in builder.labels_.tolist()]
    first = {}
    for i, key in enumerate(keys.tolist()):
        first.setdefault(key, i)
    ids = {key: f"t{k:03d}" for k, key in enumerate(sorted(first, key=first.get), start=1)}
    out = statements.copy()
    out["thread_id"] = [ids[key] for key in keys]
    thread_labels = {}
    for key, idx in pd.Series(np.arange(n)).groupby(keys).groups.items():
        idx = np.asarray(idx)
        thread_labels[ids[key]] = (
            key.removeprefix("declared:")
            if key.startswith("declared:")
            else _label(statements.iloc[idx], vectors[idx])
        )
    out["thread_label"] = out["thread_id"].map(thread_labels)
    # Whether the author declared the thread or Ladder inferred it (the audit reads inferred
    # threads for loose continuations, which an author's own thread is not suspected of).
    out["thread_source"] = [
        "declared" if key.startswith("declared:") else "inferred" for key in keys
    ]
    source = "declared" if not len(inferred) else "inferred" if given.sum() == 0 else "both"
    meta = {
        "source": source,
        "declared_statements": int(given.sum()),
        "strategy": config.THREADS_STRATEGY,
        "parameters": {
            "min_link": builder.min_link,
            "min_order_link": builder.min_order_link,
            "min_group_similarity": list(builder.min_group_similarity),
            "order_tau": builder.order_tau,
            "order_p_value": builder.order_p_value,
            "min_same_level": builder.min_same_level,
            "min_depth": builder.min_depth,
        },
        "ordered": builder.ordered_,
        "segmented": builder.segmented_,
        "order_tau": round(builder.order_tau_, 4),
        "threads": len(ids),
        "threads_spanning_levels": int(
            out.groupby("thread_id")["level_rank"].nunique().gt(1).sum()
        ),
    }
    return out, meta


def _kendall(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Kendall tau and its p-value (scipy.stats loads here only: it costs a second to import)."""
    from scipy.stats import kendalltau

    return kendalltau(a, b)
