"""Documents (job ads, résumés) -> closest statements with evidence, and a likely level.

A document is split into sentences and bullets with their character offsets; every segment is
embedded with the same model as the statements; each statement keeps its best segment as evidence.
Statements scoring at least `min_score` are matches. The level distribution weighs each matched
statement's level by how far its score clears `min_score`; with no match the document gets
"no match" and no level, never a forced one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import config
from pipeline.embed import Embedder, embed_texts
from pipeline.ingest import read_text_file
from pipeline.schemas import DocumentMatch, LadderInputError, Segment

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
RECORD_SUFFIXES = (".jsonl", ".csv")
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


@dataclass(frozen=True)
class Document:
    document: str  # the id of a record, else the path
    text: str


def read_documents(path: Path) -> list[Document]:
    """A .txt/.md file is one document; a .jsonl/.csv file holds one per record (`id`, `text`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + RECORD_SUFFIXES:
        raise LadderInputError(
            path,
            f"expected a document ({', '.join(TEXT_SUFFIXES + RECORD_SUFFIXES)}), got '{suffix}'",
        )
    text = read_text_file(path, config.MAX_DOCUMENT_BYTES)
    if suffix in TEXT_SUFFIXES:
        if not text.strip():
            raise LadderInputError(path, "document has no text")
        return [Document(str(path), text)]
    records = _jsonl_records(path, text) if suffix == ".jsonl" else _csv_records(path, text)
    documents, seen = [], set()
    for where, record in records:
        doc_id, body = record.get("id"), record.get("text")
        if doc_id in (None, ""):
            raise LadderInputError(path, "expected a non-empty id", record=where, field="id")
        if not isinstance(body, str) or not body.strip():
            raise LadderInputError(path, "expected a non-empty string", record=where, field="text")
        if str(doc_id) in seen:
            raise LadderInputError(path, f"duplicate id '{doc_id}'", record=where, field="id")
        seen.add(str(doc_id))
        documents.append(Document(str(doc_id), body))
    if not documents:
        raise LadderInputError(path, "no records")
    return documents


def _jsonl_records(path: Path, text: str) -> Iterator[tuple[str, dict]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise LadderInputError(
                path, f"invalid JSON: {err.msg}", record=f"line {number}"
            ) from None
        if not isinstance(record, dict):
            raise LadderInputError(path, "expected a JSON object", record=f"line {number}")
        yield f"line {number}", record


def _csv_records(path: Path, text: str) -> Iterator[tuple[str, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "id" not in header or "text" not in header:
        raise LadderInputError(path, f"expected columns 'id' and 'text', found {header}")
    for number, row in enumerate(reader, start=2):
        yield f"line {number}", {(k or "").strip().lower(): v for k, v in row.items()}


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


def match_document(
    document: Document,
    statements: pd.DataFrame,
    statement_vectors: np.ndarray,
    embedder: Embedder,
    *,
    top_k: int = 10,
    min_score: float = 0.45,
) -> DocumentMatch:
    """Match one document against a framework's statements.

    Reads `statement_id, level, level_label, level_rank` (and `thread_id, thread_label` when present)
    from `statements`, row-aligned with `statement_vectors`.
    """
    segments = segment(document.text)
    levels = (
        statements[["level", "level_rank"]]
        .drop_duplicates()
        .sort_values("level_rank")["level"]
        .tolist()
    )
    empty_level = {
        "predicted": None,
        "predicted_rank": None,
        "confidence": 0.0,
        "distribution": {level: 0.0 for level in levels},
        "status": "no match",
    }
    if not segments:
        return DocumentMatch(document.document, {**empty_level, "status": "no text"}, [])
    seg_vectors, _ = embed_texts(embedder, [s.text for s in segments])
    scores = seg_vectors @ statement_vectors.T  # segments x statements
    best_segment = scores.argmax(axis=0)
    best_score = scores.max(axis=0)
    # Stable order: score (rounded, so float noise cannot reorder) then statement order.
    rounded = np.round(best_score, 6)
    ranked = sorted(
        (i for i in range(len(statements)) if best_score[i] >= min_score),
        key=lambda i: (-rounded[i], i),
    )
    matches = []
    for i in ranked[:top_k]:
        seg = segments[int(best_segment[i])]
        row = statements.iloc[i]
        matches.append(
            {
                "statement_id": row["statement_id"],
                "level": row["level"],
                "score": round(float(best_score[i]), 4),
                "text": row["text"],
                "thread_id": row.get("thread_id"),
                "evidence": {"text": seg.text, "start": seg.start, "end": seg.end},
            }
        )
    if not matches:
        return DocumentMatch(document.document, empty_level, [])
    idx = np.array(ranked[:top_k])
    ranks = statements["level_rank"].to_numpy()[idx]
    dist = level_distribution(best_score[idx], ranks, len(levels), min_score)
    top = int(dist.argmax())
    level = {
        "predicted": levels[top],
        "predicted_rank": top,
        "confidence": round(float(dist[top]), 4),
        "distribution": {lv: round(float(p), 4) for lv, p in zip(levels, dist, strict=True)},
        "status": "ok",
    }
    if len(levels) == 1:
        level = {**empty_level, "status": "single level: level inference does not apply"}
    threads = []
    if "thread_id" in statements.columns:
        seen = {}
        for m in matches:
            seen.setdefault(m["thread_id"], m)
        for thread_id, m in seen.items():
            row = statements.loc[statements["statement_id"] == m["statement_id"]].iloc[0]
            threads.append(
                {
                    "thread_id": thread_id,
                    "thread_label": row.get("thread_label"),
                    "level": m["level"],
                    "score": m["score"],
                }
            )
    return DocumentMatch(document.document, level, matches, threads)
