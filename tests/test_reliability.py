"""Reproducibility and concurrency: same input, same bytes; two processes, no corruption."""

import json
import os
import subprocess
import sys

import pytest

from pipeline.io import read_artefact, sha256_file
from tests.conftest import SEED


def _artefact_hashes(root):
    return {
        str(p.relative_to(root)): sha256_file(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in (".parquet", ".json") and not p.name.startswith(".")
    }


def _ladder(*args, processed):
    env = {**os.environ, "LADDER_PROCESSED_DIR": str(processed), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *map(str, args)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_runs_give_byte_identical_artefacts_and_json(tmp_path):
    outputs = []
    for name in ("a", "b"):
        proc = _ladder("threads", SEED, "--json", processed=tmp_path / name)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1]
    first, second = _artefact_hashes(tmp_path / "a"), _artefact_hashes(tmp_path / "b")
    assert len(first) >= 10 and first == second


def test_two_concurrent_processes_share_data_processed(tmp_path):
    procs = [_ladder("run", SEED, processed=tmp_path) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    (out,) = [d for d in tmp_path.iterdir() if d.name != "embeddings"]
    for artefact in out.glob("*.parquet"):
        meta = json.loads(artefact.with_suffix(".meta.json").read_text())
        assert read_artefact(artefact, meta["fingerprint"]) is not None  # sha256 matches
    assert not list(tmp_path.rglob("*.tmp"))


def test_single_level_framework_works_everywhere(tmp_path):
    """A flat taxonomy (one level, like ESCO) is valid: threads, audit and matching all run."""
    import pandas as pd

    from pipeline.embed import default_embedder
    from pipeline.ingest import read_framework
    from pipeline.match import Document, match_document
    from pipeline.stages import run_audit, run_stages

    seed = read_framework(SEED)
    flat = tmp_path / "flat.csv"
    pd.DataFrame({"level": "skill", "statement": seed.text}).to_csv(flat, index=False)
    run = run_stages(flat, processed_dir=tmp_path / "processed")
    assert run.statements.level_rank.eq(0).all() and len(run.statements) == 40
    _, findings = run_audit(run)
    assert not findings.kind.isin(["gap", "misplaced", "inversion"]).any()
    doc = Document("ad", "Negotiate service agreements with clients and close deals.")
    result = match_document(doc, run.statements, run.vectors, default_embedder())
    assert result.matches and result.level["predicted"] is None
    assert result.level["status"] == "single level: level inference does not apply"


def test_one_megabyte_line_is_segmented_and_matched(seed_run):
    from pipeline.embed import default_embedder
    from pipeline.match import MAX_SEGMENT_CHARS, Document, match_document, segment

    text = "negotiate service agreements with clients " * 25_000  # ~1 MB, no sentence end
    segments = segment(text)
    assert len(segments) > 1000 and max(len(s.text) for s in segments) <= MAX_SEGMENT_CHARS
    assert all(text[s.start : s.end] == s.text for s in segments[:50])
    result = match_document(
        Document("one line", text), seed_run.statements, seed_run.vectors, default_embedder()
    )
    assert result.matches[0]["evidence"]["end"] <= len(text)


def test_streamed_artefact_is_all_or_nothing(tmp_path):
    import pyarrow as pa

    from pipeline.io import StreamingArtefact, read_artefact

    schema = pa.schema([("document", pa.string()), ("rank", pa.int64())])
    path = tmp_path / "matches.parquet"
    with pytest.raises(RuntimeError), StreamingArtefact(path, schema, rows_per_group=2) as out:
        out.add([{"document": "a", "rank": 1}] * 5)  # two row groups already on disk
        raise RuntimeError("interrupted")
    assert not path.exists() and list(tmp_path.iterdir()) == []
    with StreamingArtefact(path, schema, rows_per_group=2) as out:
        out.add([{"document": "a", "rank": i} for i in range(5)])
        out.close({"stage": "match"})
    frame = read_artefact(path)
    assert frame is not None and frame["rank"].tolist() == [0, 1, 2, 3, 4]
