"""Shared fixtures: real frameworks (bundled seed, vendored DDaT sample), real models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import config

DATA = Path(__file__).resolve().parent / "data"
SEED = config.DEFAULT_FRAMEWORK
DDAT_SAMPLE = DATA / "ddat_sample.json"


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


CHECKOUT_PROCESSED = config.DATA_DIR / "processed"


def _checkout_listing() -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in CHECKOUT_PROCESSED.rglob("*") if p.is_file()}


def pytest_sessionstart(session) -> None:
    session.config.stash[_LISTING] = _checkout_listing()


def pytest_sessionfinish(session, exitstatus) -> None:
    """Tests write under temporary folders only: a file the run added to or changed in the
    checkout's data/processed fails the run."""
    before = session.config.stash.get(_LISTING, None)
    if before is None:
        return
    after = _checkout_listing()
    touched = sorted(p for p, mtime in after.items() if before.get(p) != mtime)
    if touched:
        print(f"\ntests wrote into {CHECKOUT_PROCESSED}: {touched[:5]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_LISTING = pytest.StashKey[dict]()


@pytest.fixture(scope="session", autouse=True)
def session_processed_dir(tmp_path_factory):
    """Module- and session-scoped fixtures run before `processed_dir` below: they write here, never
    into the checkout's data/processed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "PROCESSED_DIR", tmp_path_factory.mktemp("session-processed"))
        yield


@pytest.fixture(autouse=True)
def processed_dir(tmp_path, monkeypatch) -> Path:
    """Every test writes its artefacts under its own temporary data/processed."""
    out = tmp_path / "processed"
    monkeypatch.setattr(config, "PROCESSED_DIR", out)
    return out


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    from pipeline.stages import run_stages

    return run_stages(SEED, processed_dir=tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="session")
def ddat_run(tmp_path_factory):
    from pipeline.stages import run_stages

    # Threads inferred, not read from the sample's declared skills: the thread tests score inference.
    return run_stages(
        DDAT_SAMPLE, processed_dir=tmp_path_factory.mktemp("ddat"), declared_threads=False
    )


def seed_gold_threads(statements) -> dict[str, str]:
    """Gold threads keyed by Ladder's statement ids, from the vendored gold."""
    from benchmarks.threads_quality import seed_gold

    return seed_gold(statements, DATA / "seed_threads.json")
