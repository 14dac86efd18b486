import json

import pandas as pd
from typer.testing import CliRunner

from pipeline import config
from pipeline.cli import app
from tests.conftest import DDAT_SAMPLE, SEED

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_run_prints_summary_and_writes_artefacts(processed_dir):
    result = invoke("run", SEED)
    assert result.exit_code == 0, result.output
    assert "40 statements in 4 levels" in result.output
    assert "threads" in result.output and "likely level" in result.output
    assert "audit: 7 findings (2 gap, 4 misplaced, 1 flat step)" in result.output
    (out,) = [d for d in processed_dir.iterdir() if d.name != "embeddings"]
    stages = {
        "statements": "ingest",
        "parsed": "parse",
        "embeddings": "embed",
        "threads": "threads",
        "findings": "audit",
        "matches": "match",
    }
    for artefact, stage in stages.items():
        assert (out / f"{artefact}.parquet").exists()
        meta = json.loads((out / f"{artefact}.meta.json").read_text())
        assert meta["stage"] == stage
        assert "strategy" in meta and "fingerprint" in meta
    again = invoke("run", SEED)
    assert "recomputed: none; texts encoded: 0" in again.output


def test_parse_and_threads_json_lines():
    result = invoke("threads", SEED, "--json")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 40
    assert set(lines[0]) == {
        "statement_id",
        "level",
        "level_rank",
        "text",
        "subject",
        "verbs",
        "context",
        "thread_id",
        "thread_label",
    }
    assert lines[2]["verbs"] == ["recognize", "escalate"]
    parsed = [
        json.loads(line) for line in invoke("parse", DDAT_SAMPLE, "--json").output.splitlines()
    ]
    assert parsed[0]["statement_id"] == "ddat-A1" and parsed[0]["verbs"] == ["understand"]


def test_match_json_contract(tmp_path):
    ad = tmp_path / "ad.md"
    ad.write_text(
        "- Negotiate service agreements with clients\n- Update CRM customer profiles daily\n"
    )
    result = invoke("match", ad, "--framework", SEED, "--top-k", "3", "--json")
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    assert record["document"] == str(ad)
    assert set(record["level"]) >= {"predicted", "predicted_rank", "confidence", "distribution"}
    assert 1 <= len(record["matches"]) <= 3
    assert set(record["matches"][0]) >= {"statement_id", "level", "score", "evidence"}
    assert set(record["matches"][0]["evidence"]) == {"text", "start", "end"}
    (table,) = [pd.read_parquet(p) for p in config.PROCESSED_DIR.rglob("matches.parquet")]
    assert table.statement_id.tolist() == [m["statement_id"] for m in record["matches"]]
    assert table.evidence_start.tolist() == [m["evidence"]["start"] for m in record["matches"]]


def test_bad_input_one_line_exit_2_nothing_written(tmp_path, processed_dir):
    bad = tmp_path / "bad.json"
    bad.write_text('{"framework": {"levels": {"a": {"statements": ["fine", ""]}}}}')
    for args in (("run", bad), ("parse", tmp_path / "missing.json"), ("threads", tmp_path)):
        result = runner.invoke(app, [str(a) for a in args])
        assert result.exit_code == 2
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ")
        assert "Traceback" not in result.output
    assert "record a[2]" in runner.invoke(app, ["run", str(bad)]).output
    assert not processed_dir.exists() or not any(processed_dir.rglob("*.parquet"))


def test_thread_map_naming_an_unknown_statement_is_bad_input(tmp_path, processed_dir):
    framework = {
        "framework": {
            "levels": {
                "low": {"statements": [{"id": "s1", "text": "Answer customer calls"}]},
                "high": {"statements": [{"id": "s2", "text": "Lead the contact centre"}]},
            }
        },
        "threads": {"calls": ["s1", "s3"]},
    }
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(framework))
    result = runner.invoke(app, ["audit", str(path)])
    assert result.exit_code == 2
    assert "framework.json" in result.output and "threads" in result.output
    assert "'s3'" in result.output and "Traceback" not in result.output
    assert not processed_dir.exists() or not any(processed_dir.rglob("*.parquet"))


def test_help_shows_examples():
    assert "Example:" in invoke("--help").output
    assert "Example: ladder match" in invoke("match", "--help").output


def test_backend_is_chosen_on_the_command_line_and_recorded(processed_dir, monkeypatch):
    monkeypatch.setattr(config, "DEFAULT_BACKEND", config.DEFAULT_BACKEND)  # restored after
    result = invoke("threads", SEED, "--backend", "static", "--json")
    assert result.exit_code == 0, result.output
    (out,) = [d for d in processed_dir.iterdir() if d.name != "embeddings"]
    meta = json.loads((out / "embeddings.meta.json").read_text())
    assert meta["model_id"].endswith("+model2vec-pca256")
    vectors = pd.read_parquet(out / "embeddings.parquet")["embedding"]
    assert len(vectors.iloc[0]) == 256
    invoke("threads", SEED, "--backend", "onnx")
    meta = json.loads((out / "embeddings.meta.json").read_text())
    assert meta["model_id"].endswith("+onnx-fp32")
    bad = runner.invoke(app, ["threads", str(SEED), "--backend", "gpu"])
    assert bad.exit_code == 2 and "gpu" in bad.output
