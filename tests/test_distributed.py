"""Matching on a real Dask cluster (2 worker processes) equals the in-process run exactly."""

import json

import pytest
from typer.testing import CliRunner

from pipeline import config
from pipeline.cli import app
from pipeline.embed import default_embedder
from pipeline.match import Document, match_documents, matching_state

SAMPLE_AD = (config.RESOURCES_DIR / "sample_job_ad.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        env={"OMP_NUM_THREADS": "1", "LADDER_THREADS": "1", "HF_HUB_OFFLINE": "1"},
    ) as local:
        yield local


def _documents(n: int) -> list[Document]:
    lines = [line for line in SAMPLE_AD.split("\n") if line.startswith("- ")]
    return [
        Document(f"ad{i}", "\n".join(lines[i % len(lines) :] + lines[: i % 3])) for i in range(n)
    ]


def test_dask_partitions_equal_the_in_process_run(cluster, seed_run):
    from distributed import Client

    from pipeline.distributed import match_on_dask

    docs = _documents(9)
    embedder = default_embedder()
    index, level_model = matching_state(seed_run.statements, seed_run.vectors, embedder)
    local = [
        r.to_dict()
        for r in match_documents(
            docs,
            seed_run.statements,
            seed_run.vectors,
            embedder,
            index=index,
            level_model=level_model,
        )
    ]
    distributed = [
        r.to_dict()
        for r in match_on_dask(
            docs,
            seed_run.statements,
            seed_run.vectors,
            key="seed",
            backend=config.DEFAULT_BACKEND,
            scheduler=cluster.scheduler_address,
            partition=4,  # 3 partitions over 2 workers
        )
    ]
    assert distributed == local and [r["document"] for r in distributed] == [
        d.document for d in docs
    ]
    with Client(cluster.scheduler_address) as client:
        assert len(client.scheduler_info()["workers"]) == 2


def test_cli_engine_dask_on_a_given_scheduler(cluster, tmp_path):
    batch = tmp_path / "ads.jsonl"
    batch.write_text(
        "\n".join(json.dumps({"id": d.document, "text": d.text}) for d in _documents(5)) + "\n"
    )
    runner = CliRunner()
    common = ["match", str(batch), "--framework", str(config.RAW_DIR), "--json"]
    local = runner.invoke(app, common)
    remote = runner.invoke(
        app, [*common, "--engine", "dask", "--scheduler", cluster.scheduler_address]
    )
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.output == local.output and remote.output.count("\n") == 5
