"""Hybrid ranking of statements for query sentences: dense + lexical, sentence + span level.

A statement is represented by its text (for ESCO: the preferred label) and, when the framework gives
one, an enriched text (label, alternative labels and description). A query sentence is scored
against both by cosine, and so are the short spans inside it (noun chunks, verb phrases, list
items, word 1-2-grams), since a job-ad sentence often names several skills and a skill's label is
short. Two TF-IDF views add the lexical evidence dense models blur: words over the enriched text and
character n-grams over the text (tool names such as "PostgreSQL", "C#").

    score = dense(sentence) + w.span * max(dense(best span), dense(sentence))
            + w.words * tfidf_words(sentence) + w.chars * tfidf_chars(sentence)
            + w.span_words * max tfidf_words(span)

The weights were chosen on the validation splits of the Decorte TECH and HOUSE benchmarks, never on
their test splits (`benchmarks/esco_matching.py` prints both).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import config
from pipeline.embed import Embedder, embed_texts
from pipeline.serving import Csr, TfidfTable


@dataclass(frozen=True)
class HybridWeights:
    span: float = 1.0
    words: float = 0.4
    chars: float = 0.2
    span_words: float = 0.2


@dataclass(frozen=True)
class Span:
    """A candidate skill mention inside a query: its text and offsets into the query."""

    text: str
    start: int
    end: int


MAX_SPAN_TOKENS = 12
_LIST_SPLIT_RE = re.compile(r"[,;/()•|:]|\band\b|\bor\b|\s-\s")
_VERB_ARGS = ("dobj", "prep", "attr", "xcomp", "ccomp", "acomp")


_WORD_RE = re.compile(r"[A-Za-z0-9#+.\-]+")
MAX_NGRAM = 2  # word n-grams up to this length are spans too (chosen on the validation splits)


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (importing scikit-learn costs about a second: matching
    passes the copy its word TF-IDF table keeps instead, the same list)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def _word_ngrams(text: str, stop_words: frozenset[str]) -> list[tuple[int, int]]:
    """Offsets of word 1- and 2-grams that neither start nor end with a stop word (tool names,
    short skill names: "PostgreSQL", "unit testing"); single words need 3 characters."""
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD_RE.finditer(text)]
    found = []
    for n in range(1, MAX_NGRAM + 1):
        for i in range(len(words) - n + 1):
            first, last = words[i], words[i + n - 1]
            if first[2] in stop_words or last[2] in stop_words:
                continue
            if n == 1 and len(first[2]) < 3:
                continue
            found.append((first[0], last[1]))
    return found


def query_spans(
    texts: Sequence[str], batch_size: int = 256, stop_words: frozenset[str] | None = None
) -> list[list[Span]]:
    """Noun chunks, verb phrases (verb + its arguments), list items and word 1-2-grams of each text,
    deduplicated; n-grams do not start or end with one of `stop_words` (default:
    `english_stop_words()`).

    The whole text is never one of its own spans.
    """
    from pipeline.parse import load_spacy  # spaCy loads only when spans are asked for

    stop_words = english_stop_words() if stop_words is None else stop_words

    out = []
    for text, doc in zip(texts, load_spacy().pipe(texts, batch_size=batch_size), strict=True):
        found: dict[str, Span] = {}

        def add(start: int, end: int, text: str = text, found: dict = found) -> None:
            piece = text[start:end]
            stripped = piece.strip()
            if not stripped or not any(c.isalnum() for c in stripped):
                return
            start += len(piece) - len(piece.lstrip())
            if stripped != text.strip() and stripped not in found:
                found[stripped] = Span(stripped, start, start + len(stripped))

        for chunk in doc.noun_chunks:
            add(chunk.start_char, chunk.end_char)
        for token in doc:
            if token.pos_ != "VERB":
                continue
            args = [t for c in token.children if c.dep_ in _VERB_ARGS for t in c.subtree]
            if args:
                first = min(token.i, *(t.i for t in args))
                last = min(max(token.i, *(t.i for t in args)), first + MAX_SPAN_TOKENS - 1)
                add(doc[first].idx, doc[last].idx + len(doc[last]))
        last = 0
        for sep in _LIST_SPLIT_RE.finditer(text):
            add(last, sep.start())
            last = sep.end()
        if last:
            add(last, len(text))
        for start, end in _word_ngrams(text, stop_words):
            add(start, end)
        out.append(sorted(found.values(), key=lambda s: (s.start, s.end, s.text)))
    return out


class StatementIndex:
    """What ranking needs of a framework's statements: vectors of their texts and enriched texts,
    and word and character TF-IDF indexes. Built once per framework, reused for every query;
    `to_arrays`/`from_arrays` keep it between processes (`pipeline.match.matching_state`)."""

    def __init__(
        self,
        statements: pd.DataFrame,
        vectors: np.ndarray,
        embedder: Embedder,
        *,
        cache_dir: Path | None = None,
        weights: HybridWeights = HybridWeights(),
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = statements["text"].tolist()
        enriched = texts
        if "description" in statements.columns:
            enriched = [
                f"{t} {d}" if isinstance(d, str) and d.strip() else t
                for t, d in zip(texts, statements["description"], strict=True)
            ]
        vectors = np.asarray(vectors, dtype=np.float32)
        enriched_vectors = (
            vectors if enriched == texts else embed_texts(embedder, enriched, cache_dir)[0]
        )
        words = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), stop_words="english")
        chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))
        ann = None
        if len(vectors) >= config.ANN_MIN_STATEMENTS:
            from pipeline.ann import AnnIndex

            both = (
                vectors if enriched_vectors is vectors else np.vstack([vectors, enriched_vectors])
            )
            ann = AnnIndex().fit(both)
        self._set(
            embedder,
            weights,
            vectors,
            enriched_vectors,
            _fit(words, enriched),
            _fit(chars, texts),
            ann,
        )

    @property
    def stop_words(self) -> frozenset[str] | None:
        """The stop words of the word table (`english_stop_words()`), for `query_spans`."""
        return self.words.stop_words if self.words is not None else None

    def _set(self, embedder, weights, vectors, enriched_vectors, words, chars, ann) -> None:
        self.embedder, self.weights = embedder, weights
        self.vectors, self.enriched_vectors, self.ann = vectors, enriched_vectors, ann
        (self.words, self.word_matrix), (self.chars, self.char_matrix) = words, chars

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Everything fitted, as arrays (`serving.save_arrays`); the statement vectors are not
        included: they are the framework's own, passed to `from_arrays` again."""
        arrays = {}
        if self.enriched_vectors is not self.vectors:
            arrays["enriched_vectors"] = self.enriched_vectors
        for name, table, matrix in (
            ("words", self.words, self.word_matrix),
            ("chars", self.chars, self.char_matrix),
        ):
            if table is not None:
                arrays |= table.to_arrays(name) | matrix.to_arrays(f"{name}.matrix")
        if self.ann is not None:
            arrays["ann"] = self.ann.to_bytes()
        return arrays

    @classmethod
    def from_arrays(
        cls,
        arrays: dict[str, np.ndarray],
        vectors: np.ndarray,
        embedder: Embedder,
        weights: HybridWeights = HybridWeights(),
    ) -> StatementIndex:
        """The index `to_arrays` stored, without refitting (and without importing scikit-learn)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        parts = [
            (TfidfTable.from_arrays(arrays, name), Csr.from_arrays(arrays, f"{name}.matrix"))
            if f"{name}.idf" in arrays
            else (None, None)
            for name in ("words", "chars")
        ]
        ann = None
        if "ann" in arrays:
            from pipeline.ann import AnnIndex

            ann = AnnIndex.from_bytes(arrays["ann"])
        index = cls.__new__(cls)
        index._set(embedder, weights, vectors, arrays.get("enriched_vectors", vectors), *parts, ann)
        return index

    def _lexical(self, table: TfidfTable | None, matrix, texts: Sequence[str], cols=None):
        width = len(self.vectors) if cols is None else len(cols)
        if table is None or not texts:
            return np.zeros((len(texts), width), dtype=np.float32)
        return table.transform(texts).dot_csr(matrix, cols).astype(np.float32)

    def dense(self, query_vectors: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """Cosine of each query with each statement (or the statements `cols`): the better of its
        text and enriched text."""
        vectors = self.vectors if cols is None else self.vectors[cols]
        scores = query_vectors @ vectors.T
        if self.enriched_vectors is not self.vectors:
            enriched = self.enriched_vectors if cols is None else self.enriched_vectors[cols]
            np.maximum(scores, query_vectors @ enriched.T, out=scores)
        return scores

    def candidates(self, *query_sets: np.ndarray) -> np.ndarray | None:
        """Statements worth scoring exactly for these query vectors: None (all of them) below
        `config.ANN_MIN_STATEMENTS`, else the union of each query's `config.ANN_CANDIDATES` nearest
        texts or enriched texts in the HNSW graph, sorted."""
        if self.ann is None:
            return None
        found = [np.zeros(0, dtype=np.int64)]
        for queries in query_sets:
            if len(queries):
                _, ids = self.ann.search(queries, config.ANN_CANDIDATES)
                found.append(ids[ids >= 0] % len(self.vectors))
        return np.unique(np.concatenate(found))

    def score(
        self,
        queries: Sequence[str],
        query_vectors: np.ndarray,
        spans: Sequence[Sequence[Span]] | None = None,
        embedder: Embedder | None = None,
    ) -> Scores:
        """Hybrid scores of each query (row) for each statement (column); spans are embedded with
        `embedder` (default: the index's own)."""
        w = self.weights
        flat = [s.text for group in spans for s in group] if spans is not None else []
        span_vectors = embed_texts(embedder or self.embedder, flat)[0] if flat else None
        cols = self.candidates(query_vectors, *([span_vectors] if flat else []))
        similarity = self.dense(query_vectors, cols)
        best_dense = similarity.copy()
        best_span = np.full(similarity.shape, -1, dtype=np.int32)
        score = similarity.copy()
        score += w.words * self._lexical(self.words, self.word_matrix, queries, cols)
        score += w.chars * self._lexical(self.chars, self.char_matrix, queries, cols)
        if spans is not None:
            span_dense = self.dense(span_vectors, cols) if flat else np.zeros((0, 0))
            span_words = self._lexical(self.words, self.word_matrix, flat, cols)
            start = 0
            for i, group in enumerate(spans):
                if not group:
                    continue
                block = span_dense[start : start + len(group)]
                top, top_value = block.argmax(axis=0), block.max(axis=0)
                better = top_value > best_dense[i]
                best_dense[i, better] = top_value[better]
                best_span[i, better] = top[better]
                score[i] += w.span_words * span_words[start : start + len(group)].max(axis=0)
                start += len(group)
        score += w.span * best_dense
        if cols is None:
            return Scores(score, similarity, best_span)
        # Statements outside the candidates rank last and never pass a similarity threshold.
        full = Scores(
            np.full((len(queries), len(self.vectors)), -np.inf, dtype=np.float32),
            np.full((len(queries), len(self.vectors)), -1.0, dtype=np.float32),
            np.full((len(queries), len(self.vectors)), -1, dtype=np.int32),
        )
        full.hybrid[:, cols], full.sentence[:, cols], full.best_span[:, cols] = (
            score,
            similarity,
            best_span,
        )
        return full


def _fit(vectorizer, texts: list[str]) -> tuple[TfidfTable | None, object]:
    """A fitted TF-IDF table and its statement matrix (terms x statements, CSR); (None, None) when
    the texts hold no usable term at all (e.g. statements made only of stop words)."""
    try:
        matrix = vectorizer.fit_transform(texts).T.tocsr()
    except ValueError:
        return None, None
    return TfidfTable.from_vectorizer(vectorizer), Csr.of(matrix)


@dataclass
class Scores:
    """Per (query, statement): the hybrid score that ranks, the dense cosine of the whole query, and
    which span gave the best dense cosine (-1: the query itself)."""

    hybrid: np.ndarray
    sentence: np.ndarray
    best_span: np.ndarray
