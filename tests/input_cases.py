"""The bad-input matrix: each case, what Ladder does with it, and the table in docs/input-cases.md.

`python -m tests.input_cases` regenerates docs/input-cases.md by running every case through the CLI;
tests/test_input_cases.py runs the same cases and checks the document is current.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from pipeline import config
from pipeline.cli import app
from tests.documents import write_encrypted_pdf, write_zip_bomb

DOC_PATH = config.PROJ_ROOT / "docs" / "input-cases.md"
SEED_TEXT = config.DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
CSV_ROWS = "level,statement\nJunior,Café orders — take and record\nSenior,Café menus — design\n"


def _lerme(levels: object) -> str:
    return json.dumps({"framework": {"levels": levels}})


@dataclass(frozen=True)
class Case:
    name: str
    file_name: str
    write: Callable[[Path], None]  # writes the input at the given path
    command: str  # "ingest" (framework) or "match" (document against the seed)
    expect_exit: int
    expect: str  # a fragment of the output line


def _text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode(encoding))


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


CASES = [
    Case("missing file", "absent.json", lambda p: None, "ingest", 2, "file not found"),
    Case("directory given as framework", "folder", lambda p: p.mkdir(), "ingest", 2, "exactly one"),
    Case("empty file", "empty.json", _text(""), "ingest", 2, "file is empty"),
    Case(
        "truncated JSON", "cut.json", _text(SEED_TEXT[:500]), "ingest", 2, "invalid JSON at line 1"
    ),
    Case(
        "JSON array at top level",
        "list.json",
        _text("[1, 2]"),
        "ingest",
        2,
        "expected a JSON object",
    ),
    Case(
        "levels as a list",
        "levels.json",
        _text(_lerme([])),
        "ingest",
        2,
        "field 'framework.levels'",
    ),
    Case(
        "statements as numbers",
        "numbers.json",
        _text(_lerme({"a": {"statements": [1, 2]}})),
        "ingest",
        2,
        "expected a string, got int",
    ),
    Case(
        "null statement text",
        "null.json",
        _text(_lerme({"a": {"statements": [{"id": "x", "text": None}]}})),
        "ingest",
        2,
        "expected a string, got NoneType",
    ),
    Case(
        "empty statement",
        "blank.json",
        _text(_lerme({"a": {"statements": ["ok", " "]}})),
        "ingest",
        2,
        "expected a non-empty statement",
    ),
    Case(
        "statement over 10,000 characters",
        "long.json",
        _text(_lerme({"a": {"statements": ["word " * 2001]}})),
        "ingest",
        2,
        "the limit is 10,000",
    ),
    Case(
        "duplicate statement ids",
        "dup.json",
        _text(_lerme({"a": {"statements": [{"id": "x", "text": "t"}, {"id": "x", "text": "u"}]}})),
        "ingest",
        2,
        "duplicate statement id 'x'",
    ),
    Case(
        "statement in two declared threads",
        "threads.json",
        _text(
            json.dumps(
                {
                    "framework": {"levels": {"a": {"statements": [{"id": "x", "text": "t"}]}}},
                    "threads": {"one": ["x"], "two": ["x"]},
                }
            )
        ),
        "ingest",
        2,
        "statement id 'x' is in two threads ('one' and 'two')",
    ),
    Case(
        "level names in another script, or alike once slugified",
        "greek.csv",
        _text(
            "level,statement\nΑρχάριος,Take orders\nΈμπειρος,Design menus\nlevel 1,Serve\nLevel-1,Cook\n"
        ),
        "ingest",
        0,
        "4 statements in 4 levels",
    ),
    Case(
        "framework with 10,000 levels",
        "levels10k.json",
        _text(_lerme({f"l{i}": {"statements": ["do"]} for i in range(10_000)})),
        "ingest",
        2,
        "10,000 levels; the limit is 50",
    ),
    Case(
        "unsupported framework type",
        "framework.xml",
        _text("<x/>"),
        "ingest",
        2,
        "expected a .json, .csv, .tsv or .xlsx",
    ),
    Case(
        "rubric CSV row without its competency",
        "grid.csv",
        _text("Skill,Junior,Senior\nOrders,Take orders,Plan menus\n,Serve,Train staff\n"),
        "ingest",
        2,
        "record line 3: field 'Skill': expected a competency name",
    ),
    Case(
        "rubric CSV with a level named twice",
        "twice.csv",
        _text("Skill,Junior,Junior\nOrders,Take orders,Plan menus\n"),
        "ingest",
        2,
        "expected each level column once",
    ),
    Case(
        "spreadsheet that is no workbook",
        "sheet.xlsx",
        _text(CSV_ROWS),
        "ingest",
        2,
        "invalid .xlsx workbook",
    ),
    Case(
        "CSV missing columns",
        "cols.csv",
        _text("level,text\na,b\n"),
        "ingest",
        2,
        "missing 'statement'",
    ),
    Case(
        "CSV in Latin-1",
        "latin1.csv",
        _text(CSV_ROWS, "cp1252"),
        "ingest",
        0,
        "2 statements in 2 levels",
    ),
    Case(
        "CSV in UTF-16",
        "utf16.csv",
        _text(CSV_ROWS, "utf-16"),
        "ingest",
        0,
        "2 statements in 2 levels",
    ),
    Case(
        "CSV with a UTF-8 BOM",
        "bom.csv",
        _text(CSV_ROWS, "utf-8-sig"),
        "ingest",
        0,
        "2 statements in 2 levels",
    ),
    Case(
        "CSV with mixed line endings",
        "mixed.csv",
        _bytes(b"level,statement\r\nJunior,Orders - take\nSenior,Menus - design\r"),
        "ingest",
        0,
        "2 statements in 2 levels",
    ),
    Case(
        "binary file named .txt",
        "binary.txt",
        _bytes(bytes(range(256)) * 40),
        "match",
        2,
        "expected text, got binary data",
    ),
    Case(
        "document over 20 MB",
        "huge.txt",
        _bytes(b"Negotiate contracts. " * 1_000_000),
        "match",
        2,
        "the limit is 20,971,520 bytes",
    ),
    Case(
        "whitespace-only document",
        "blank.txt",
        _text(" \n\t\n"),
        "match",
        2,
        "document has no text",
    ),
    Case(
        "unsupported document type",
        "cv.rtf",
        _text("{\\rtf1 hi}"),
        "match",
        2,
        "expected a document",
    ),
    Case(
        "encrypted PDF",
        "locked.pdf",
        lambda p: write_encrypted_pdf(p, ["Negotiate contracts"]),
        "match",
        2,
        "PDF is encrypted",
    ),
    Case(
        "corrupt PDF",
        "broken.pdf",
        _bytes(b"%PDF-1.7\n1 0 obj garbage"),
        "match",
        2,
        "could not read PDF",
    ),
    Case("a .docx that is not a zip", "plain.docx", _text("hello"), "match", 2, "not a .docx"),
    Case("a .docx that is a zip bomb", "bomb.docx", write_zip_bomb, "match", 2, "would unpack to"),
    Case(
        "HTML file of 50 MB",
        "page.html",
        _bytes(b"<p>Negotiate contracts.</p>" * 1_900_000),
        "match",
        2,
        "the limit is 20,971,520 bytes",
    ),
    Case(
        "JSONL with one bad line",
        "batch.jsonl",
        _text(
            '{"id": "a", "text": "Sell services"}\n{"id": "b", "text": \n{"id": "c", "text": "x"}\n'
        ),
        "match",
        2,
        "record line 2: invalid JSON",
    ),
    Case(
        "JSONL record without text",
        "notext.jsonl",
        _text('{"id": "a"}\n'),
        "match",
        2,
        "record line 1: field 'text'",
    ),
]


def run_case(case: Case, folder: Path) -> tuple[int, str]:
    """Run one case through the CLI, with `folder/processed` as data/processed; returns the exit
    status and its first output line."""
    path = folder / case.file_name
    case.write(path)
    if case.command == "ingest":
        args = ["ingest", str(path)]
    else:
        args = ["match", str(path), "--framework", str(config.DEFAULT_FRAMEWORK)]
    saved, config.PROCESSED_DIR = config.PROCESSED_DIR, folder / "processed"
    try:
        result = CliRunner().invoke(app, args)
    finally:
        config.PROCESSED_DIR = saved
    line = (result.output.strip().splitlines() or [""])[0]
    return result.exit_code, line.replace(str(folder) + "/", "")


def render(rows: list[tuple[Case, int, str]]) -> str:
    lines = [
        "# Input cases and what Ladder does with them",
        "",
        "Generated by `python -m tests.input_cases` from the cases that `tests/test_input_cases.py` runs.",
        "Exit status 2 means the input was refused with the one line shown and nothing was written.",
        "",
        "| case | command | exit | output (first line) |",
        "|---|---|---|---|",
    ]
    for case, code, line in rows:
        shown = re.sub(r"\s+", " ", line).replace("|", "\\|")
        lines.append(f"| {case.name} | `ladder {case.command}` | {code} | {shown} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            folder = Path(tmp) / re.sub(r"\W+", "-", case.name)
            folder.mkdir()
            rows.append((case, *run_case(case, folder)))
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(render(rows), encoding="utf-8")
    print(f"wrote {DOC_PATH}")


if __name__ == "__main__":
    main()
