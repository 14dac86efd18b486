import re

import pytest

from tests.input_cases import CASES, DOC_PATH, render, run_case


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    results = []
    for case in CASES:
        folder = tmp_path_factory.mktemp(re.sub(r"\W+", "-", case.name))
        results.append((case, *run_case(case, folder)))
    return results


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.name for c in CASES])
def test_case(outcomes, processed_dir, index):
    case, code, line = outcomes[index]
    assert code == case.expect_exit, line
    assert case.expect in line
    if code == 2:
        assert line.startswith("error: ") and case.file_name.split(".")[0] in line


def test_refused_inputs_write_nothing(outcomes, processed_dir):
    assert not processed_dir.exists() or not any(processed_dir.rglob("*.parquet"))


def test_document_of_cases_is_current(outcomes):
    assert DOC_PATH.read_text(encoding="utf-8") == render(outcomes), (
        "docs/input-cases.md is stale: run python -m tests.input_cases"
    )
