import json

import pandas as pd
import pytest

from pipeline.ingest import read_framework
from pipeline.schemas import STATEMENT_COLUMNS, LadderInputError
from tests.conftest import DDAT_SAMPLE, SEED


def test_lerme_export_reads_levels_in_file_order():
    table = read_framework(SEED)
    assert list(table.columns) == STATEMENT_COLUMNS
    assert len(table) == 40
    levels = table.drop_duplicates("level")[["level", "level_label", "level_rank"]]
    assert levels.values.tolist() == [
        ["emerging", "Emerging", 0],
        ["developing", "Developing", 1],
        ["proficient", "Proficient", 2],
        ["advanced", "Advanced", 3],
    ]
    third = table.iloc[2]
    assert third.statement_id == "onet-41-3091-00:emerging:3"
    assert third.text.startswith("Customer complaints — recognize and escalate")


def test_ids_are_stable_across_reads():
    assert read_framework(SEED).statement_id.tolist() == read_framework(SEED).statement_id.tolist()


def test_object_statements_keep_ids_and_declared_threads():
    table = read_framework(DDAT_SAMPLE)
    assert table.statement_id.is_unique
    assert table.level_rank.is_monotonic_increasing
    assert table.declared_thread.notna().all()
    assert table.loc[table.statement_id == "ddat-A1", "declared_thread"].item() == "Accessibility"


def test_csv_with_optional_columns(tmp_path):
    source = read_framework(SEED)
    frame = pd.DataFrame(
        {
            "level": source.level,
            "statement": source.text,
            "level_rank": source.level_rank + 1,
            "id": [f"s{i}" for i in range(len(source))],
        }
    )
    path = tmp_path / "seed.csv"
    frame.iloc[::-1].to_csv(path, index=False)  # rows out of order: level_rank decides
    table = read_framework(path)
    assert table.drop_duplicates("level").level.tolist() == [
        "emerging",
        "developing",
        "proficient",
        "advanced",
    ]
    assert table.level_rank.tolist() == sorted(table.level_rank.tolist())
    assert set(table.statement_id) == set(frame.id)


def ddat_rubric() -> pd.DataFrame:
    """The DDaT sample (OGL v3.0) as the grid authors keep: a row per skill, a column per level,
    a cell's bullets on separate lines."""
    source = read_framework(DDAT_SAMPLE)
    levels = list(dict.fromkeys(source.level_label))
    cells = source.groupby(["declared_thread", "level_label"], sort=False).text.agg(list)
    return pd.DataFrame(
        [
            [skill] + ["\n".join(f"- {t}" for t in cells.get((skill, lv), [])) for lv in levels]
            for skill in dict.fromkeys(source.declared_thread)
        ],
        columns=["Skill", *levels],
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_rubric_reads_as_the_same_framework_with_declared_threads(tmp_path, suffix):
    source = read_framework(DDAT_SAMPLE)
    path = tmp_path / f"ddat_rubric{suffix}"
    if suffix == ".csv":
        ddat_rubric().to_csv(path, index=False)
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        grid = ddat_rubric()
        workbook.active.append(list(grid.columns))
        for row in grid.itertuples(index=False):
            workbook.active.append(list(row))
        workbook.save(path)
    table = read_framework(path)
    assert list(table.columns) == STATEMENT_COLUMNS
    columns = ["level_label", "text", "declared_thread"]
    assert sorted(map(tuple, table[columns].values)) == sorted(map(tuple, source[columns].values))
    assert table.drop_duplicates("level").level_rank.tolist() == [0, 1, 2, 3]
    assert table.statement_id.iloc[0] == "ddat-rubric:awareness:1"
    assert table.statement_id.tolist() == read_framework(path).statement_id.tolist()


def test_xlsx_in_the_long_layout_and_a_broken_workbook(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in (["level", "statement", "level_rank"], ["Senior", "Plan menus", 2.0]):
        workbook.active.append(row)
    workbook.active.append(["Junior", "Take orders", 1])
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    table = read_framework(path)
    assert table[["level", "level_rank", "text"]].values.tolist() == [
        ["Junior", 0, "Take orders"],
        ["Senior", 1, "Plan menus"],
    ]
    broken = tmp_path / "broken.xlsx"
    broken.write_text("level,statement\nJunior,Take orders\n")  # a CSV named .xlsx
    with pytest.raises(LadderInputError, match="invalid .xlsx workbook"):
        read_framework(broken)


def test_threads_written_as_a_rubric_read_back_as_declared_threads(tmp_path, seed_run):
    # `ladder threads --rubric`: the seed's inferred thread x level grid, for an author to edit
    # and read back as declared threads.
    from pipeline.ingest import rubric_csv

    path = tmp_path / "seed_grid.csv"
    path.write_text(rubric_csv(seed_run.statements), encoding="utf-8")
    table = read_framework(path)
    inferred = seed_run.statements.groupby("thread_id").text.agg(frozenset)
    declared = table.groupby("declared_thread").text.agg(frozenset)
    assert set(declared) == set(inferred)
    assert (
        table.level_label.tolist()
        == seed_run.statements.sort_values(
            ["level_rank", "thread_id"], kind="stable"
        ).level_label.tolist()
    )
    assert sorted(table.text) == sorted(seed_run.statements.text)


def test_rubric_level_column_left_empty_is_no_level(tmp_path):
    path = tmp_path / "grid.csv"
    path.write_text("Competency,Junior,Mid,Senior,\nOrders,Take orders,,Plan menus,\n\n")
    table = read_framework(path)
    assert table[["level", "level_rank"]].values.tolist() == [["Junior", 0], ["Senior", 1]]
    assert table.declared_thread.tolist() == ["Orders", "Orders"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_read_from_the_header(tmp_path, delimiter):
    # Spreadsheets save ';' where the comma is the decimal mark; tab-separated exports are often
    # named .csv. Statements keep their own commas and semicolons.
    source = read_framework(SEED)
    path = tmp_path / "seed.csv"
    frame = pd.DataFrame({"level": source.level, "statement": source.text})
    frame.loc[0, "statement"] = "Orders, refunds; complaints — take, log and escalate"
    frame.to_csv(path, index=False, sep=delimiter)
    table = read_framework(path)
    assert table.text.tolist() == frame.statement.tolist()
    assert table.level_rank.tolist() == source.level_rank.tolist()
    grid = tmp_path / "grid.csv"
    ddat_rubric().to_csv(grid, index=False, sep=delimiter)
    assert len(read_framework(grid)) == len(read_framework(DDAT_SAMPLE))


def test_tsv_framework(tmp_path):
    source = read_framework(SEED)
    path = tmp_path / "seed.tsv"
    pd.DataFrame({"level": source.level, "statement": source.text}).to_csv(
        path, sep="\t", index=False
    )
    table = read_framework(path)
    assert table.text.tolist() == source.text.tolist()
    assert read_framework(tmp_path).text.tolist() == source.text.tolist()  # a folder holding it


def test_csv_with_bom_and_latin1(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufefflevel,statement\nJunior,Café orders — take\n".encode())
    assert read_framework(path).text.tolist() == ["Café orders — take"]
    path = tmp_path / "latin1.csv"
    path.write_bytes("level,statement\nJunior,Café orders — take\n".encode("cp1252"))
    assert read_framework(path).text.tolist() == ["Café orders — take"]


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        ("{", ".json", "invalid JSON at line 1"),
        ('{"framework": {"levels": []}}', ".json", "field 'framework.levels'"),
        ('{"framework": {"levels": {}}}', ".json", "expected at least one level"),
        (
            '{"framework": {"levels": {"a": {"statements": ["ok", "  "]}}}}',
            ".json",
            "record a[2]: field 'framework.levels.a.statements[2]': expected a non-empty statement",
        ),
        (
            '{"framework": {"levels": {"a": {"statements": [{"id": "x", "text": "t"}, '
            '{"id": "x", "text": "u"}]}}}}',
            ".json",
            "duplicate statement id 'x'",
        ),
        ("level,text\na,b\n", ".csv", "missing 'statement'"),
        # rubric CSVs: a row without its competency, a level named twice, no level columns
        (
            "Skill,Junior,Senior\n,x,y\n",
            ".csv",
            "record line 2: field 'Skill': expected a competency",
        ),
        ("Skill,Junior,Junior\nA,x,y\n", ".csv", "expected each level column once"),
        ("Skill\nA\n", ".csv", "expected a named column per level"),
        ("Skill,Junior,Senior\nA,,\n", ".csv", "record line 2: expected a statement"),
        (
            '{"framework": {"levels": {"a": {"statements": [3]}}}}',
            ".json",
            "expected a string, got int",
        ),
    ],
)
def test_bad_input_names_file_record_and_field(tmp_path, content, suffix, expected):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LadderInputError) as err:
        read_framework(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LadderInputError, match="file not found"):
        read_framework(tmp_path / "nope.json")
    (tmp_path / "a.json").write_text(json.dumps({"x": 1}))
    (tmp_path / "b.json").write_text(json.dumps({"x": 1}))
    with pytest.raises(LadderInputError, match="exactly one"):
        read_framework(tmp_path)


def test_level_names_in_any_script_give_distinct_ids(tmp_path):
    # Non-Latin level names used to slugify to nothing and collide as duplicate ids.
    path = tmp_path / "levels.csv"
    path.write_text(
        "level,statement\nΑρχάριος,Take orders\nΈμπειρος,Design menus\n"
        "niveau débutant,Serve\nniveau dèbutant,Cook\nLevel 1,Wash\nlevel-1,Dry\n",
        encoding="utf-8",
    )
    ids = read_framework(path).statement_id.tolist()
    assert ids == [
        "levels:αρχάριος:1",
        "levels:έμπειρος:1",
        "levels:niveau-débutant:1",
        "levels:niveau-dèbutant:1",
        "levels:level-1:1",
        "levels:level-1-2:1",
    ]
