"""What matching needs of a fitted framework, as plain arrays that load without scikit-learn.

Importing scikit-learn costs about 1.2 s on this machine (it imports most of scipy), more than the
whole of a one-document `ladder match`. The TF-IDF tables and the level model are fitted with
scikit-learn once per framework (`pipeline.rank`, `pipeline.audit`), then kept here as arrays in a
`.npz` file next to the embedding cache; a later process reads them back and scores with numpy
alone (`Csr` holds sparse rows: scipy.sparse's import costs another 0.15 s). `tests/test_serving.py`
checks that the arrays give scikit-learn's and scipy's numbers.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.io import atomic_write_bytes
from pipeline.signals import add_signals, level_features

_TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token_pattern
_WHITE_SPACES_RE = re.compile(r"\s\s+")
_TERM_SEPARATOR = "\n"  # no term holds one: words are \w runs, char n-grams come from str.split()


@dataclass
class Csr:
    """A sparse matrix as the CSR arrays of `scipy.sparse.csr_matrix`, with the two products scoring
    needs: queries x terms times terms x statements, and sparse rows times dense coefficients."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def of(cls, matrix) -> Csr:
        """From a scipy.sparse matrix."""
        matrix = matrix.tocsr()
        return cls(matrix.data, matrix.indices, matrix.indptr, tuple(matrix.shape))

    def _rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    def dot_csr(self, other: Csr, cols: np.ndarray | None = None) -> np.ndarray:
        """`(self @ other)[:, cols]` as a dense float64 array, one row of self at a time (self has
        few rows: queries; other has one row per term)."""
        width = other.shape[1] if cols is None else len(cols)
        out = np.zeros((self.shape[0], width))
        for i in range(self.shape[0]):
            terms = self.indices[self.indptr[i] : self.indptr[i + 1]]
            starts, lengths = other.indptr[terms], np.diff(other.indptr)[terms]
            if not lengths.sum():
                continue
            # positions in `other` of every entry of the rows `terms`, concatenated
            at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(
                lengths.sum()
            )
            weights = np.repeat(self.data[self.indptr[i] : self.indptr[i + 1]], lengths)
            row = np.bincount(
                other.indices[at], weights=weights * other.data[at], minlength=other.shape[1]
            )
            out[i] = row if cols is None else row[cols]
        return out

    def dot_dense(self, dense: np.ndarray) -> np.ndarray:
        """`self @ dense` as a dense array."""
        out = np.zeros((self.shape[0], dense.shape[1]))
        np.add.at(out, self._rows(), self.data[:, None] * dense[self.indices])
        return out

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = ("data", "indices", "indptr")
        return {f"{prefix}.{n}": getattr(self, n) for n in names} | {
            f"{prefix}.shape": np.asarray(self.shape)
        }

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> Csr:
        parts = (arrays[f"{prefix}.{name}"] for name in ("data", "indices", "indptr"))
        return cls(*parts, tuple(int(n) for n in arrays[f"{prefix}.shape"]))


@dataclass
class TfidfTable:
    """A fitted `TfidfVectorizer` (lowercase, default token pattern, l2 norm, `analyzer` "word" or
    "char_wb"), reduced to what `transform` needs: its vocabulary and idf weights."""

    analyzer: str
    ngram_range: tuple[int, int]
    sublinear_tf: bool
    stop_words: frozenset[str]
    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def from_vectorizer(cls, vectorizer) -> TfidfTable:
        if vectorizer.analyzer not in ("word", "char_wb") or not vectorizer.lowercase:
            raise ValueError("TfidfTable serves lowercased word or char_wb vectorizers only")
        defaults = {"token_pattern": _TOKEN_RE.pattern, "norm": "l2", "use_idf": True}
        defaults |= {"binary": False, "strip_accents": None, "preprocessor": None}
        defaults |= {"tokenizer": None}
        if any(getattr(vectorizer, name) != value for name, value in defaults.items()):
            raise ValueError(f"TfidfTable serves these vectorizer settings only: {defaults}")
        return cls(
            vectorizer.analyzer,
            tuple(vectorizer.ngram_range),
            bool(vectorizer.sublinear_tf),
            frozenset(vectorizer.get_stop_words() or ()),
            {term: int(i) for term, i in vectorizer.vocabulary_.items()},
            np.asarray(vectorizer.idf_, dtype=np.float64),
        )

    def terms(self, text: str) -> list[str]:
        """The n-grams scikit-learn's analyzer yields for `text`, in its order."""
        low, high = self.ngram_range
        text = text.lower()
        if self.analyzer == "char_wb":
            grams = []
            for word in _WHITE_SPACES_RE.sub(" ", text).split():
                word = f" {word} "
                for n in range(low, high + 1):
                    grams += [word[i : i + n] for i in range(max(len(word) - n, 0) + 1)]
                    if len(word) <= n:  # a short word counts once
                        break
            return grams
        tokens = [t for t in _TOKEN_RE.findall(text) if t not in self.stop_words]
        return [
            " ".join(tokens[i : i + n])
            for n in range(low, high + 1)
            for i in range(len(tokens) - n + 1)
        ]

    def transform(self, texts: Sequence[str]) -> Csr:
        """Rows equal to the vectorizer's `transform(texts)` (float64, l2-normalised)."""
        indptr, indices, values = [0], [], []
        for text in texts:
            counts = Counter(self.vocabulary[t] for t in self.terms(text) if t in self.vocabulary)
            columns = sorted(counts)
            indices += columns
            values += [counts[c] for c in columns]
            indptr.append(len(indices))
        data = np.asarray(values, dtype=np.float64)
        if self.sublinear_tf:
            data = np.log(data) + 1.0
        indices = np.asarray(indices, dtype=np.int64)
        data *= self.idf[indices]
        matrix = Csr(data, indices, np.asarray(indptr, dtype=np.int64), (len(texts), len(self.idf)))
        # l2 norm per row, summed in row order as scikit-learn's `normalize` does
        rows = matrix._rows()
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(texts)))
        norms[norms == 0] = 1.0
        data /= norms[rows]
        return matrix

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            f"{prefix}.params": np.array(
                [self.analyzer, *map(str, self.ngram_range), str(int(self.sublinear_tf))]
            ),
            f"{prefix}.stop_words": np.array(sorted(self.stop_words), dtype=str),
            f"{prefix}.terms": np.frombuffer(_TERM_SEPARATOR.join(terms).encode(), dtype=np.uint8),
            f"{prefix}.idf": self.idf,
        }

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> TfidfTable:
        analyzer, low, high, sublinear = arrays[f"{prefix}.params"].tolist()
        terms = arrays[f"{prefix}.terms"].tobytes().decode().split(_TERM_SEPARATOR)
        return cls(
            analyzer,
            (int(low), int(high)),
            sublinear == "1",
            frozenset(arrays[f"{prefix}.stop_words"].tolist()),
            {term: i for i, term in enumerate(terms)},
            arrays[f"{prefix}.idf"],
        )


@dataclass
class LogisticThresholds:
    """The binary logistic regressions of an ordinal level model (one per threshold "level > k"),
    as coefficient rows; a threshold whose training labels were all equal keeps a constant."""

    coef: np.ndarray  # (thresholds, features); rows of constants are zero
    intercept: np.ndarray  # (thresholds,)
    constant: np.ndarray  # (thresholds,): the probability for constant thresholds, else NaN

    def greater(self, X, words: Csr | None = None) -> np.ndarray:
        """P(level > k) for each row of X and threshold k (what `predict_proba(X)[:, 1]` gives);
        `words`, when given, are further columns of X kept sparse."""
        logits = np.tile(self.intercept, (X.shape[0], 1))
        if self.coef.shape[1]:  # width 0: every threshold is a constant
            logits += np.asarray(X @ self.coef[:, : X.shape[1]].T)
            if words is not None:
                logits += words.dot_dense(self.coef[:, X.shape[1] :].T)
        proba = 1.0 / (1.0 + np.exp(-logits))
        fixed = ~np.isnan(self.constant)
        proba[:, fixed] = self.constant[fixed]
        return proba

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}.{k}": getattr(self, k) for k in ("coef", "intercept", "constant")}

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> LogisticThresholds:
        return cls(*(arrays[f"{prefix}.{k}"] for k in ("coef", "intercept", "constant")))


def ordinal_proba(greater: np.ndarray) -> np.ndarray:
    """Level probabilities from P(level > k) per threshold k (Frank & Hall)."""
    n = len(greater)
    greater = np.minimum.accumulate(greater, axis=1)  # P(y > k) must not rise with k
    upper = np.hstack([np.ones((n, 1)), greater])
    lower = np.hstack([greater, np.zeros((n, 1))])
    return np.clip(upper - lower, 0.0, 1.0)


@dataclass
class FrameworkLevelModel:
    """The ordinal level model (`pipeline.audit.LevelModel`) fitted on all of a framework's
    statements, for reading documents: `document_distribution` averages the level probabilities of
    a document's sentences. Fitted with scikit-learn, kept and applied as arrays."""

    thresholds: LogisticThresholds
    classes: np.ndarray
    words: TfidfTable | None  # word features of `audit.LevelFeatures`, when the framework has them
    n_levels: int

    @classmethod
    def fit(
        cls,
        statements,
        vectors: np.ndarray,
        *,
        min_word_statements: int | None = None,
        prior=None,
    ) -> FrameworkLevelModel:
        """Fit on `statements` (`text, verbs, level_rank`) and their vectors; word features from
        `min_word_statements` statements on (default: `audit.LevelFeatures`'); `prior`, a
        `level_prior.LevelPrior`, is read as a feature and folded into the thresholds."""
        from pipeline.audit import LevelFeatures, LevelModel

        table = add_signals(statements)
        y = table["level_rank"].to_numpy(dtype=int)
        features = LevelFeatures(prior=prior)
        if min_word_statements is not None:
            features.min_statements = min_word_statements
        features.fit(table)
        model = LevelModel().fit(features.transform(table, vectors), y)
        thresholds = model.thresholds()
        if prior is not None:
            thresholds = prior.fold_into(thresholds)
        words = TfidfTable.from_vectorizer(features.words_) if features.words_ is not None else None
        return cls(thresholds, model.classes_, words, int(y.max()) + 1)

    def document_distribution(self, sentences: list[str], vectors: np.ndarray) -> np.ndarray:
        import pandas as pd

        table = add_signals(pd.DataFrame({"text": sentences, "verbs": [[] for _ in sentences]}))
        words = self.words.transform(sentences) if self.words is not None else None
        greater = self.thresholds.greater(level_features(table, vectors), words)
        proba = np.zeros((len(sentences), self.n_levels))
        proba[:, self.classes] = ordinal_proba(greater)
        return proba.mean(axis=0)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        arrays = self.thresholds.to_arrays(prefix) | {
            f"{prefix}.classes": self.classes,
            f"{prefix}.n_levels": np.asarray(self.n_levels),
        }
        return arrays | (self.words.to_arrays(f"{prefix}.words") if self.words else {})

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> FrameworkLevelModel:
        words = None
        if f"{prefix}.words.idf" in arrays:
            words = TfidfTable.from_arrays(arrays, f"{prefix}.words")
        return cls(
            LogisticThresholds.from_arrays(arrays, prefix),
            arrays[f"{prefix}.classes"],
            words,
            int(arrays[f"{prefix}.n_levels"]),
        )


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write `arrays` as one .npz, atomically (no pickles: strings are stored as str arrays)."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic_write_bytes(path, buffer.getvalue())


def load_arrays(path: Path) -> dict[str, np.ndarray] | None:
    """The arrays of `save_arrays`, or None when the file is missing or unreadable (rebuilt)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None
