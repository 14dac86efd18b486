"""Documents (job ads, résumés) -> closest statements with evidence, and a likely level.

A document is split into sentences and bullets with their character offsets; every segment is
embedded with the same model as the statements and scored by `pipeline.rank` (dense + lexical,
sentence + spans); each statement keeps its best segment (and span) as evidence. Statements whose
best segment reaches a cosine of `min_score` are matches, ordered by the hybrid score. The level distribution comes from the
framework's level model reading the document's sentences when one is given (`level_model`), else
from the matched statements' levels weighted by how far their scores clear `min_score`; the
document's seniority cues (years of experience, people managed) then lean it (`with_seniority`). The
level carries the most likely level, its probability, the expected level (for ranking documents) and
the cues with their words. With no match the document gets "no match" and no level, never a forced
one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import config
from pipeline.embed import Embedder, MemoEmbedder, embed_texts
from pipeline.io import code_version, fingerprint, sha256_bytes
from pipeline.level_prior import corpus_version, fit_level_prior
from pipeline.rank import Span, StatementIndex, query_spans
from pipeline.readers import Document, read_documents
from pipeline.schemas import DocumentMatch, Segment
from pipeline.serving import FrameworkLevelModel, load_arrays, save_arrays
from pipeline.signals import SeniorityCues, seniority_cues, title_scale_top

__all__ = ["Document", "match_document", "read_documents", "segment"]

MIN_SEGMENT_WORDS = 3
MAX_SEGMENT_CHARS = (
    600  # longer runs are cut at whitespace: the model reads 256 word pieces at most
)

# Line starts that are list or heading markup, not content.
_MARKER_RE = re.compile(
    r"^\s*(?:#{1,6}\s+|[-*•·▪◦●○■□➢►✓✔→>]+\s+|\(?\d{1,3}[.)]\s+|\(?[a-z][.)]\s+)"
)
# Sentence ends inside a line: ., ! or ? then space then an upper-case letter or a digit.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def segment(text: str) -> list[Segment]:
    """Split a document into sentences and bullets, keeping character offsets into `text`."""
    segments, offset = [], 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        marker = _MARKER_RE.match(line)
        body_start = marker.end() if marker else 0
        body = line[body_start:]
        pieces, last = [], 0
        for end in _SENTENCE_END_RE.finditer(body):
            pieces.append((last, end.start()))
            last = end.end()
        pieces.append((last, len(body)))
        for a, b in _chunks(body, pieces):
            piece = body[a:b]
            stripped = piece.strip()
            if len(stripped.split()) < MIN_SEGMENT_WORDS:
                continue
            lead = len(piece) - len(piece.lstrip())
            s = start + body_start + a + lead
            segments.append(Segment(stripped, s, s + len(stripped)))
    return segments


# What a job ad says that is not a competency. Each pattern names the kind of text it skips.
BOILERPLATE = {
    "salary": r"\b(?:salary|per annum|p\.a\.|per hour|hourly rate|competitive (?:pay|rate|package)|"
    r"ote\b|k\s*\+\s*benefits)|[£$€]\s?\d",
    "benefits": r"\b(?:benefits? package|pension|holidays?|annual leave|health (?:insurance|care plan)|"
    r"dental|bonus(?:es)?|car allowance|company car|perks|gym|free (?:lunch|parking)|we offer)\b",
    "equal opportunity": r"\b(?:equal opportunit|diversity|inclusive employer|regardless of|"
    r"discriminat|sexual orientation|gender identity|reasonable adjustments)",
    "application": r"\b(?:apply (?:now|today|online|via|for this)|to apply|send (?:your|a|an up to date) "
    r"(?:cv|resume|application)|click (?:here|apply)|closing date|recruitment (?:agency|consultant)|"
    r"employment (?:agency|business)|hear from you|get in touch|in relation to this vacancy|"
    r"applications?\b|(?:email|forward|send)\b.{0,40}\bcv\b|call us)",
    "company": r"\b(?:our client|my client|we are (?:a|an|the)\b|is a (?:leading|global|well[- ]known|"
    r"fast[- ]growing|successful)|(?:leading|established) (?:provider|supplier|manufacturer|company)|"
    r"founded in|headquartered|our (?:company|mission|values)|established (?:in|since)|"
    r"recruitment consultancy|(?:has|have) a vacancy|looking to recruit|opportunity has arisen|"
    r"(?:is|are) (?:located|based) in|(?:they|we) have been (?:successful|around))",
}
_BOILERPLATE_RE = {kind: re.compile(p, re.IGNORECASE) for kind, p in BOILERPLATE.items()}


def boilerplate_kind(text: str) -> str | None:
    """The kind of non-competency text `text` is (salary, benefits, ...), or None."""
    for kind, pattern in _BOILERPLATE_RE.items():
        if pattern.search(text):
            return kind
    return None


def competency_segments(text: str) -> list[Segment]:
    """The segments of a document that may state a competency: boilerplate skipped by its phrases
    (`BOILERPLATE`); `learned_boilerplate` skips more once the segments are embedded."""
    return [s for s in segment(text) if boilerplate_kind(s.text) is None]


# The learned half of the filter, trained by `python -m benchmarks.train_segment_filter`.
SEGMENT_FILTER_PATH = config.RESOURCES_DIR / "segment_filter.json"


@cache
def _segment_filter() -> dict | None:
    if not SEGMENT_FILTER_PATH.exists():
        return None
    spec = json.loads(SEGMENT_FILTER_PATH.read_text(encoding="utf-8"))
    return {**spec, "coef": np.asarray(spec["coef"], dtype=np.float32)}


def learned_boilerplate(vectors: np.ndarray, model_id: str) -> np.ndarray:
    """Which sentence vectors the learned filter reads as stating no competency: a logistic
    regression on the packaged MiniLM's vectors, trained on SkillSpan sentences that carry no skill
    or knowledge span ("We are a fast-growing start-up in Copenhagen", "You will join a team of
    12"). All False for vectors of another model (the static backend's 256 dimensions)."""
    spec = _segment_filter()
    if (
        spec is None
        or model_id.split("+")[0] != spec["model"]
        or vectors.ndim != 2
        or vectors.shape[1] != len(spec["coef"])
    ):
        return np.zeros(len(vectors), dtype=bool)
    logit = vectors.astype(np.float32) @ spec["coef"] + np.float32(spec["intercept"])
    return 1.0 / (1.0 + np.exp(-logit)) >= spec["threshold"]


def _chunks(body: str, pieces: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Cut pieces longer than MAX_SEGMENT_CHARS at whitespace (a 1 MB line is not one sentence)."""
    for a, b in pieces:
        while b - a > MAX_SEGMENT_CHARS:
            cut = body.rfind(" ", a, a + MAX_SEGMENT_CHARS)
            cut = cut if cut > a else a + MAX_SEGMENT_CHARS
            yield a, cut
            a = cut
        yield a, b


def level_distribution(
    scores: np.ndarray, ranks: np.ndarray, n_levels: int, min_score: float
) -> np.ndarray:
    """Probability per level from the matched statements' scores (weights = score - min_score)."""
    weights = np.clip(scores - min_score, 0.0, None)
    mass = np.bincount(ranks, weights=weights, minlength=n_levels)
    total = mass.sum()
    return mass / total if total > 0 else np.zeros(n_levels)


SENIORITY_WEIGHT = 0.5  # exponent of the seniority prior against the language-based distribution
FULL_SENIORITY_YEARS = 10  # years of experience read as the framework's top level


def with_seniority(dist: np.ndarray, cues: SeniorityCues) -> np.ndarray:
    """Lean the level distribution towards what the document's seniority cues suggest.

    Years of experience place the document along the framework's levels (0 -> lowest,
    FULL_SENIORITY_YEARS or more -> highest); managing people puts it at least two thirds up; the
    job title's seniority word places it by its rank on the title scale (trainee 0 … head of 1).
    Each cue is a Gaussian of one level's width around its position, raised to SENIORITY_WEIGHT, so
    the document's language still decides when they disagree; years and the title are independent
    evidence and multiply. Without cues `dist` is unchanged.
    """
    n = len(dist)
    if n < 2 or not cues.found:
        return dist
    positions = []
    if cues.years_experience is not None or cues.people_managed is not None:
        fraction = 0.0
        if cues.years_experience is not None:
            fraction = min(cues.years_experience, FULL_SENIORITY_YEARS) / FULL_SENIORITY_YEARS
        if cues.people_managed is not None:
            fraction = max(fraction, 2 / 3)
        positions.append(fraction)
    if cues.title_rank is not None:
        positions.append(cues.title_rank / title_scale_top())
    prior = np.ones(n)
    for fraction in positions:
        prior *= np.exp(-0.5 * (np.arange(n) - fraction * (n - 1)) ** 2) ** SENIORITY_WEIGHT
    posterior = dist * prior
    return posterior / posterior.sum() if posterior.sum() > 0 else dist


def match_document(
    document: Document,
    statements: pd.DataFrame,
    statement_vectors: np.ndarray,
    embedder: Embedder,
    *,
    top_k: int = 10,
    min_score: float = 0.45,
    level_model=None,
    index: StatementIndex | None = None,
    use_spans: bool = True,
    spans_of: dict[str, list[Span]] | None = None,
) -> DocumentMatch:
    """Match one document against a framework's statements.

    Reads `statement_id, level, level_label, level_rank` (and `thread_id, thread_label` when present)
    from `statements`, row-aligned with `statement_vectors`. Statements are ranked by the hybrid score
    of `pipeline.rank` (pass a prebuilt `index` when matching many documents against one framework);
    `use_spans=False` skips the span queries (faster, less accurate on multi-skill sentences);
    `spans_of` gives them precomputed (see `match_documents`).
    """
    segments = competency_segments(document.text)
    level_table = statements[["level", "level_rank"]].drop_duplicates().sort_values("level_rank")
    levels = level_table["level"].tolist()
    # Positions in `levels` of each rank: ranks need not be dense (a subset of a framework).
    position_of = {rank: i for i, rank in enumerate(level_table["level_rank"])}
    empty_level = {
        "predicted": None,
        "predicted_rank": None,
        "confidence": 0.0,
        "expected": None,
        "distribution": {level: 0.0 for level in levels},
        "cues": None,
        "status": "no match",
    }
    if not segments:
        return DocumentMatch(document.document, {**empty_level, "status": "no text"}, [])
    texts = [s.text for s in segments]
    seg_vectors, _ = embed_texts(embedder, texts)
    keep = ~learned_boilerplate(seg_vectors, embedder.model_id)
    if not keep.any():
        return DocumentMatch(document.document, {**empty_level, "status": "no text"}, [])
    if not keep.all():
        segments = [s for s, k in zip(segments, keep, strict=True) if k]
        texts, seg_vectors = [s.text for s in segments], seg_vectors[keep]
    index = index or StatementIndex(statements, statement_vectors, embedder)
    spans = None
    if use_spans:
        spans = (
            [spans_of[t] for t in texts]
            if spans_of is not None
            else query_spans(texts, stop_words=index.stop_words)
        )
    scores = index.score(texts, seg_vectors, spans, embedder)
    # Per statement: its best evidence segment. Rounded first, so that float noise (which differs
    # with the BLAS thread count) cannot decide between segments that tie, e.g. a repeated line.
    best_segment = np.round(scores.hybrid, 5).argmax(axis=0)
    best_score = scores.hybrid[best_segment, np.arange(len(statements))]
    # A match needs one sentence close enough on its own (cosine); the hybrid score orders matches.
    similarity = scores.sentence.max(axis=0)
    # Stable order: score (rounded, so float noise cannot reorder) then statement order.
    rounded = np.round(best_score, 6)
    ranked = sorted(
        (i for i in range(len(statements)) if similarity[i] >= min_score),
        key=lambda i: (-rounded[i], i),
    )
    matches = []
    for i in ranked[:top_k]:
        s = int(best_segment[i])
        seg = segments[s]
        evidence = {"text": seg.text, "start": seg.start, "end": seg.end}
        span_index = int(scores.best_span[s, i])
        if spans is not None and span_index >= 0:
            span = spans[s][span_index]
            evidence["span"] = {
                "text": span.text,
                "start": seg.start + span.start,
                "end": seg.start + span.end,
            }
        row = statements.iloc[i]
        matches.append(
            {
                "statement_id": row["statement_id"],
                "level": row["level"],
                "score": round(float(best_score[i]), 4),
                "similarity": round(float(similarity[i]), 4),
                "text": row["text"],
                "thread_id": row.get("thread_id"),
                "evidence": evidence,
            }
        )
    if not matches:
        return DocumentMatch(document.document, empty_level, [])
    if len(levels) == 1:
        level = {**empty_level, "status": "single level: level inference does not apply"}
    else:
        idx = np.array(ranked[:top_k])
        if level_model is not None:
            # How the document's own sentences sound, read by the framework's level model.
            dist = level_model.document_distribution(texts, seg_vectors)
            dist = dist[level_table["level_rank"].to_numpy()]  # the ranks present, in order
            dist = dist / dist.sum()
        else:
            ranks = np.array([position_of[r] for r in statements["level_rank"].to_numpy()[idx]])
            dist = level_distribution(similarity[idx], ranks, len(levels), min_score)
        cues = seniority_cues(document.text)
        dist = with_seniority(dist, cues)
        top = int(dist.argmax())
        level = {
            "predicted": levels[top],
            "predicted_rank": int(level_table["level_rank"].iloc[top]),
            "confidence": round(float(dist[top]), 4),
            "expected": round(float(dist @ level_table["level_rank"].to_numpy()), 4),
            "distribution": {lv: round(float(p), 4) for lv, p in zip(levels, dist, strict=True)},
            "cues": cues.to_dict(),
            "status": "ok",
        }
    threads, seen = [], set()
    if "thread_id" in statements.columns:
        # Each thread once, at its best match (matches are best first).
        for i, m in zip(ranked[:top_k], matches, strict=True):
            if m["thread_id"] in seen:
                continue
            seen.add(m["thread_id"])
            threads.append(
                {
                    "thread_id": m["thread_id"],
                    "thread_label": statements["thread_label"].iloc[i],
                    "level": m["level"],
                    "score": m["score"],
                }
            )
    return DocumentMatch(document.document, level, matches, threads)


def fit_level_model(
    statements: pd.DataFrame, statement_vectors: np.ndarray, embedder: Embedder
) -> FrameworkLevelModel:
    """The framework's level model for reading documents, with the level prior (fitted without
    this framework, `pipeline.level_prior`)."""
    prior = fit_level_prior(embedder, statements["text"])
    return FrameworkLevelModel.fit(statements, statement_vectors, prior=prior)


def matching_state(
    statements: pd.DataFrame,
    statement_vectors: np.ndarray,
    embedder: Embedder,
    cache_dir: Path | None = None,
) -> tuple[StatementIndex, FrameworkLevelModel | None]:
    """What matching many documents against one framework reuses: its ranking index and, for a
    framework with more than one level, its level model.

    With a `cache_dir`, both are kept there as arrays (`pipeline.serving`), keyed by the statements,
    their vectors, the embedder and the strategy: a later process loads them in milliseconds,
    without refitting or importing scikit-learn.
    """
    multilevel = statements["level_rank"].nunique() > 1
    path = None
    if cache_dir is not None:
        columns = ["statement_id", "text", "description", "verbs", "level_rank"]
        columns = [c for c in columns if c in statements]
        key = fingerprint(
            config.MATCH_STRATEGY,
            code_version("rank", "serving", "audit", "signals"),  # edited code: refit
            corpus_version(),
            embedder.model_id,
            statements[columns].to_json(orient="split", index=False),
            sha256_bytes(np.ascontiguousarray(statement_vectors, dtype=np.float32).tobytes()),
        )
        path = Path(cache_dir) / f"matching-{key[:24]}.npz"
        arrays = load_arrays(path)
        try:
            if arrays is not None:
                index = StatementIndex.from_arrays(arrays, statement_vectors, embedder)
                level_model = (
                    FrameworkLevelModel.from_arrays(arrays, "level") if multilevel else None
                )
                return index, level_model
        except KeyError:  # written by another version: rebuilt below
            pass
    index = StatementIndex(statements, statement_vectors, embedder, cache_dir=cache_dir)
    level_model = fit_level_model(statements, statement_vectors, embedder) if multilevel else None
    if path is not None:
        arrays = index.to_arrays() | (level_model.to_arrays("level") if level_model else {})
        save_arrays(path, arrays)
    return index, level_model


def match_documents(
    documents: Iterable[Document],
    statements: pd.DataFrame,
    statement_vectors: np.ndarray,
    embedder: Embedder,
    *,
    batch_documents: int = config.MATCH_BATCH_DOCUMENTS,
    use_spans: bool = True,
    index: StatementIndex | None = None,
    **options,
) -> Iterator[DocumentMatch]:
    """`match_document` over a stream of documents, `batch_documents` at a time.

    Within a batch, each distinct sentence (and span) is parsed and embedded once, in one
    length-sorted run, however many documents repeat it (job ads share boilerplate); the memo is
    dropped after each batch, so memory stays flat however long the stream. Results come in input
    order and equal those of `match_document` one document at a time.
    """
    index = index or StatementIndex(statements, statement_vectors, embedder)
    memo = MemoEmbedder(embedder)
    batch: list[Document] = []

    def flush() -> Iterator[DocumentMatch]:
        texts = list(dict.fromkeys(s.text for doc in batch for s in competency_segments(doc.text)))
        memo.prime(texts)
        # Sentences the learned filter drops once embedded are never parsed into spans.
        dropped = learned_boilerplate(memo.encode(texts), memo.model_id)
        texts = [t for t, drop in zip(texts, dropped, strict=True) if not drop]
        spans_of = None
        if use_spans:
            spans = query_spans(texts, stop_words=index.stop_words)
            spans_of = dict(zip(texts, spans, strict=True))
            memo.prime([span.text for t in texts for span in spans_of[t]])
        for doc in batch:
            yield match_document(
                doc,
                statements,
                statement_vectors,
                memo,
                index=index,
                use_spans=use_spans,
                spans_of=spans_of,
                **options,
            )
        memo.clear()
        batch.clear()

    for document in documents:
        batch.append(document)
        if len(batch) >= batch_documents:
            yield from flush()
    if batch:
        yield from flush()
