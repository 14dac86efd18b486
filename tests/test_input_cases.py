import re

import pytest

from tests.input_cases import CASES, DOC_PATH, render, run_case


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Each case runs with its own data/processed (`run_case`: folder/processed)."""
    results = []
    for case in CASES:
        folder = tmp_path_factory.mktemp(re.sub(r"\W+", "-", case.name))
        results.append((case, *run_case(case, folder), folder / "processed"))
    return results


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.name for c in CASES])
def test_case(outcomes, index):
    case, code, line, _ = outcomes[index]
    assert code == case.expect_exit, line
    assert case.expect in line
    if code == 2:
        assert line.startswith("error: ") and case.file_name.split(".")[0] in line


def test_refused_inputs_write_nothing(outcomes):
    refused = [(case, out) for case, code, _, out in outcomes if code == 2]
    accepted = [out for _, code, _, out in outcomes if code == 0]
    assert refused and accepted
    for case, out in refused:
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()], case.name
    # the accepted inputs did write their artefacts where the refused ones would have
    assert all(any(out.rglob("*.parquet")) for out in accepted)


def test_document_of_cases_is_current(outcomes):
    rows = [row[:3] for row in outcomes]
    assert DOC_PATH.read_text(encoding="utf-8") == render(rows), (
        "docs/input-cases.md is stale: run python -m tests.input_cases"
    )
