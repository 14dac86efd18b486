"""Reproducibility and concurrency: same input, same bytes; two processes, no corruption."""

import json
import os
import subprocess
import sys

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
