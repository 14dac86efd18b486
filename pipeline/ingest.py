"""Framework readers -> one statements table (see `schemas.STATEMENT_COLUMNS`).

Formats:
- LER.me export: `framework.levels.<key>.{label, statements: [str]}`, levels in file order, lowest first.
- The same shape with statements as objects `{id, text, ...}`, optionally with a top-level
  `threads: {thread: [statement_id, ...]}` map (or a `thread` field on each statement).
- CSV with columns `level, statement` and optional `id, level_rank, level_label, thread, description`
  (`description`: alternative labels or a definition, used to enrich matching).
- A rubric CSV (the grid authors keep in spreadsheets): a first column naming the competency
  (`competency`, `skill`, `thread`, …) and one column per level, lowest first; each row is a declared
  thread, each non-empty cell its statement at that level (a cell's lines, several statements).
- An .xlsx workbook whose first worksheet holds either CSV layout (read with openpyxl).

Every problem raises `LadderInputError` naming the file, the record and the field.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.schemas import STATEMENT_COLUMNS, LadderInputError

FRAMEWORK_SUFFIXES = (".json", ".csv", ".tsv", ".xlsx")
FRAMEWORK_KINDS = ", ".join(FRAMEWORK_SUFFIXES[:-1]) + f" or {FRAMEWORK_SUFFIXES[-1]}"


def slugify(text: str) -> str:
    """Lower-case letters and digits of any script, runs of anything else as one '-'."""
    return (
        re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text).lower()).strip("-")
        or "framework"
    )


class LevelSlugs:
    """One slug per level name, distinct: a name that slugifies like an earlier one ("Level 1",
    "level-1") gets a number appended, so generated statement ids never collide."""

    def __init__(self) -> None:
        self._of: dict[str, str] = {}

    def __call__(self, level: str) -> str:
        if level not in self._of:
            slug = candidate = slugify(level)
            taken = set(self._of.values())
            for n in itertools.count(2):
                if candidate not in taken:
                    break
                candidate = f"{slug}-{n}"
            self._of[level] = candidate
        return self._of[level]


def read_text_file(path: Path, max_bytes: int) -> str:
    """Read a text file whatever its encoding (UTF-8 with or without BOM, UTF-16, Latin-1).

    Raises LadderInputError for a missing file, a folder, an empty or oversized file, or binary data.
    """
    check_file(path, max_bytes)
    return decode_text(path.read_bytes(), path)


def check_file(path: Path, max_bytes: int) -> None:
    """Refuse a missing file, a folder, an empty file or one over `max_bytes`."""
    if not path.exists():
        raise LadderInputError(path, "file not found")
    if path.is_dir():
        raise LadderInputError(path, "expected a file, got a directory")
    size = path.stat().st_size
    if size == 0:
        raise LadderInputError(path, "file is empty")
    if size > max_bytes:
        raise LadderInputError(path, f"file is {size:,} bytes; the limit is {max_bytes:,} bytes")


def decode_text(data: bytes, source: object) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:8192]:
            raise LadderInputError(source, "expected text, got binary data (NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    # Control characters other than whitespace mean this is not a text file.
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and controls / len(sample) > 0.05:
        raise LadderInputError(source, "expected text, got binary data (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def resolve_framework_path(path: Path) -> Path:
    """A framework file, or a folder holding exactly one (.json, .csv, .tsv or .xlsx)."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in FRAMEWORK_SUFFIXES)
        if len(found) != 1:
            names = ", ".join(p.name for p in found) or "none"
            raise LadderInputError(
                path,
                f"expected a folder with exactly one {FRAMEWORK_KINDS} framework, found: {names}",
            )
        return found[0]
    return path


def read_framework(path: Path) -> pd.DataFrame:
    """Read and validate a framework file into the statements table."""
    path = resolve_framework_path(Path(path))
    suffix = path.suffix.lower()
    if suffix not in FRAMEWORK_SUFFIXES:
        raise LadderInputError(
            path, f"expected a {FRAMEWORK_KINDS} framework, got '{suffix or path.name}'"
        )
    if suffix == ".xlsx":
        rows = _read_csv(path, _xlsx_as_csv(path), delimiter=",")
    else:
        text = read_text_file(path, config.MAX_FRAMEWORK_BYTES)
        rows = _read_json(path, text) if suffix == ".json" else _read_csv(path, text)
    return _validate(path, rows)


def _xlsx_as_csv(path: Path) -> str:
    """The first worksheet of a workbook as CSV text, one line per sheet row (so that "line N" in an
    error is the sheet's row N); either CSV layout is then read as from a .csv file."""
    from openpyxl import load_workbook  # imported for spreadsheets only
    from openpyxl.utils.exceptions import InvalidFileException

    check_file(path, config.MAX_FRAMEWORK_BYTES)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as err:
        raise LadderInputError(path, f"invalid .xlsx workbook: {err}") from None
    buffer = io.StringIO()
    try:
        writer = csv.writer(buffer)
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            writer.writerow([_cell_text(value) for value in row])
    finally:
        workbook.close()
    return buffer.getvalue()


def _cell_text(value: object) -> str:
    """A spreadsheet cell as text: empty for a blank cell, "2" for the number 2.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_level_count(path: Path, count: int, field: str) -> None:
    """Every reader's level limit (`config.MAX_LEVELS`), named at the field that holds the levels."""
    if count > config.MAX_LEVELS:
        raise LadderInputError(
            path, f"{count:,} levels; the limit is {config.MAX_LEVELS}", field=field
        )


def _check_text(path: Path, record: str, field: str, value: object) -> str:
    if not isinstance(value, str):
        raise LadderInputError(
            path, f"expected a string, got {type(value).__name__}", record=record, field=field
        )
    value = " ".join(value.split())
    if not value:
        raise LadderInputError(path, "expected a non-empty statement", record=record, field=field)
    if len(value) > config.MAX_STATEMENT_CHARS:
        raise LadderInputError(
            path,
            f"statement is {len(value):,} characters; the limit is {config.MAX_STATEMENT_CHARS:,}",
            record=record,
            field=field,
        )
    return value


def _optional_text(value: object) -> str | None:
    """An optional free-text field: stripped, or None when absent, blank or not a string."""
    return (value.strip() or None) if isinstance(value, str) else None


def _framework_name(doc: dict, path: Path) -> str:
    framework = doc.get("framework", {})
    if isinstance(framework.get("name"), str) and framework["name"].strip():
        return framework["name"].strip()
    occupation = doc.get("occupation")
    if isinstance(occupation, dict) and occupation.get("soc"):
        return f"O*NET {occupation['soc']} {occupation.get('title', '')}".strip()
    return path.stem


def _framework_slug(doc: dict, path: Path) -> str:
    occupation = doc.get("occupation")
    if isinstance(occupation, dict) and occupation.get("soc"):
        return slugify(f"onet-{occupation['soc']}")
    return slugify(_framework_name(doc, path))


def _read_json(path: Path, text: str) -> list[dict]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise LadderInputError(
            path, f"invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    if not isinstance(doc, dict):
        raise LadderInputError(path, f"expected a JSON object, got {type(doc).__name__}")
    framework = doc.get("framework")
    if not isinstance(framework, dict):
        raise LadderInputError(path, "expected an object", field="framework")
    levels = framework.get("levels")
    if not isinstance(levels, dict):
        got = "missing" if levels is None else type(levels).__name__
        raise LadderInputError(
            path,
            f"expected an object of levels keyed by level name, got {got}",
            field="framework.levels",
        )
    if not levels:
        raise LadderInputError(path, "expected at least one level", field="framework.levels")
    _check_level_count(path, len(levels), "framework.levels")
    name = _framework_name(doc, path)
    slug = _framework_slug(doc, path)
    threads = doc.get("threads") or {}
    if not isinstance(threads, dict):
        raise LadderInputError(
            path, "expected an object {thread: [statement ids]}", field="threads"
        )
    thread_of = {}
    for thread, members in threads.items():
        if not isinstance(members, list):
            raise LadderInputError(
                path, "expected a list of statement ids", field=f"threads.{thread}"
            )
        for member in members:
            earlier = thread_of.setdefault(str(member), str(thread))
            if earlier != str(thread):
                raise LadderInputError(
                    path,
                    f"statement id '{member}' is in two threads ('{earlier}' and '{thread}');"
                    " expected one thread per statement",
                    field=f"threads.{thread}",
                )

    rows, level_slug = [], LevelSlugs()
    for rank, (key, level) in enumerate(levels.items()):
        where = f"framework.levels.{key}"
        if not isinstance(level, dict):
            raise LadderInputError(
                path, f"expected an object, got {type(level).__name__}", field=where
            )
        label = level.get("label", key)
        if not isinstance(label, str) or not label.strip():
            label = str(key)
        statements = level.get("statements")
        if not isinstance(statements, list) or not statements:
            raise LadderInputError(
                path, "expected a non-empty list of statements", field=f"{where}.statements"
            )
        for position, item in enumerate(statements, start=1):
            record = f"{key}[{position}]"
            if isinstance(item, dict):
                text = _check_text(
                    path, record, f"{where}.statements[{position}].text", item.get("text")
                )
                given = item.get("id")
                statement_id = str(given) if given not in (None, "") else None
                declared = item.get("thread")
                description = _optional_text(item.get("description"))
            else:
                text = _check_text(path, record, f"{where}.statements[{position}]", item)
                statement_id, declared, description = None, None, None
            statement_id = statement_id or f"{slug}:{level_slug(str(key))}:{position}"
            rows.append(
                {
                    "statement_id": statement_id,
                    "framework": name,
                    "level": str(key),
                    "level_label": label.strip(),
                    "level_rank": rank,
                    "text": text,
                    "declared_thread": thread_of.get(statement_id, declared),
                    "description": description,
                    "_record": record,
                }
            )
    unknown = set(thread_of) - {row["statement_id"] for row in rows}
    if unknown:
        raise LadderInputError(
            path, f"unknown statement id '{sorted(unknown)[0]}' in a thread", field="threads"
        )
    return rows


CSV_DELIMITERS = (",", ";", "\t", "|")


def csv_delimiter(path: Path, text: str) -> str:
    """The delimiter of a CSV file: a tab for a .tsv; else the candidate its header line holds most
    often, a comma on a tie or when it holds none. Spreadsheets save with ";" where the comma is the
    decimal mark, and tab-separated exports are often named .csv."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = text.split("\n", 1)[0]
    return max(CSV_DELIMITERS, key=lambda d: (header.count(d), d == ","))


def _read_csv(path: Path, text: str, delimiter: str | None = None) -> list[dict]:
    """`delimiter`: None to tell it from the file (`csv_delimiter`)."""
    delimiter = delimiter or csv_delimiter(path, text)
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        records = list(reader)
    except csv.Error as err:
        raise LadderInputError(path, f"invalid CSV: {err}") from None
    missing = [c for c in ("level", "statement") if c not in header]
    if missing and header and header[0] in RUBRIC_FIRST_COLUMNS:
        return _read_rubric(path, text, delimiter)
    if missing:
        raise LadderInputError(
            path,
            f"expected columns 'level' and 'statement' (optional: id, level_rank, level_label, "
            f"thread, description), or a rubric (a first column named "
            f"{' / '.join(sorted(RUBRIC_FIRST_COLUMNS))}, then one column per level); missing "
            f"{', '.join(repr(m) for m in missing)}; found {header}",
        )
    if not records:
        raise LadderInputError(path, "expected at least one statement row")
    slug, level_slug = slugify(path.stem), LevelSlugs()
    rows, first_seen, given_rank = [], {}, {}
    positions: dict[str, int] = {}
    for line, raw in enumerate(records, start=2):
        record = {(k or "").strip().lower(): (v or "") for k, v in raw.items() if k is not None}
        where = f"line {line}"
        level = record.get("level", "").strip()
        if not level:
            raise LadderInputError(path, "expected a level name", record=where, field="level")
        text = _check_text(path, where, "statement", record.get("statement"))
        first_seen.setdefault(level, len(first_seen))
        if record.get("level_rank", "").strip():
            try:
                rank = int(float(record["level_rank"]))
            except ValueError:
                raise LadderInputError(
                    path,
                    f"expected an integer, got '{record['level_rank']}'",
                    record=where,
                    field="level_rank",
                ) from None
            if given_rank.setdefault(level, rank) != rank:
                raise LadderInputError(
                    path,
                    f"level '{level}' has two ranks ({given_rank[level]} and {rank})",
                    record=where,
                    field="level_rank",
                )
        positions[level] = positions.get(level, 0) + 1
        rows.append(
            {
                "statement_id": record.get("id", "").strip()
                or f"{slug}:{level_slug(level)}:{positions[level]}",
                "framework": path.stem,
                "level": level,
                "level_label": record.get("level_label", "").strip() or level,
                "level_rank": None,
                "text": text,
                "declared_thread": record.get("thread", "").strip() or None,
                "description": _optional_text(record.get("description")),
                "_record": where,
            }
        )
    if given_rank and len(given_rank) != len(first_seen):
        raise LadderInputError(
            path, "expected level_rank on every row or on none", field="level_rank"
        )
    _check_level_count(path, len(first_seen), "level")
    order = sorted(first_seen, key=lambda lv: (given_rank.get(lv, 0), first_seen[lv]))
    dense = {level: rank for rank, level in enumerate(order)}
    for row in rows:
        row["level_rank"] = dense[row["level"]]
    return rows


# The first column of a rubric: what each row's statements are about.
RUBRIC_FIRST_COLUMNS = frozenset(
    {"competency", "competence", "skill", "thread", "topic", "area", "dimension", "criterion"}
)
_CELL_BULLET_RE = re.compile(r"^\s*(?:[-*•▪◦·]|\d+[.)])\s+")


def _read_rubric(path: Path, text: str, delimiter: str) -> list[dict]:
    """A grid: one row per competency (a declared thread), one column per level, lowest first."""
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in lines[0]]
    levels = header[1:]
    while levels and not levels[-1]:
        levels.pop()  # trailing empty columns of a spreadsheet export
    if len(levels) < 1 or not all(levels):
        raise LadderInputError(
            path, f"expected a named column per level after '{header[0]}'; found {header}"
        )
    if len({lv.lower() for lv in levels}) != len(levels):
        raise LadderInputError(path, f"expected each level column once; found {levels}")
    _check_level_count(path, len(levels), "header")
    slug, level_slug = slugify(path.stem), LevelSlugs()
    rows, positions = [], dict.fromkeys(levels, 0)
    for line, cells in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue  # a blank row between groups
        where = f"line {line}"
        if len(cells) > len(levels) + 1 and any(cells[len(levels) + 1 :]):
            raise LadderInputError(
                path, f"expected {len(levels) + 1} columns, found {len(cells)}", record=where
            )
        thread = cells[0]
        if not thread:
            raise LadderInputError(
                path, "expected a competency name", record=where, field=header[0]
            )
        found = 0
        for level, cell in zip(levels, cells[1:], strict=False):
            for statement in (_CELL_BULLET_RE.sub("", part) for part in cell.splitlines()):
                if not statement.strip():
                    continue
                positions[level] += 1
                found += 1
                rows.append(
                    {
                        "statement_id": f"{slug}:{level_slug(level)}:{positions[level]}",
                        "framework": path.stem,
                        "level": level,
                        "level_label": level,
                        "level_rank": None,  # below, once the levels present are known
                        "text": _check_text(path, where, level, statement),
                        "declared_thread": thread,
                        "description": None,
                        "_record": where,
                    }
                )
        if not found:
            raise LadderInputError(
                path,
                f"expected a statement in at least one level column of '{thread}'",
                record=where,
            )
    if not rows:
        raise LadderInputError(path, "expected at least one competency row")
    # a level column no row fills is no level: ranks stay 0, 1, 2 … over the levels present
    dense = {lv: rank for rank, lv in enumerate(lv for lv in levels if positions[lv])}
    for row in rows:
        row["level_rank"] = dense[row["level"]]
    return rows


def rubric_csv(statements: pd.DataFrame) -> str:
    """The thread x level grid as a rubric CSV that `read_framework` reads back with each thread
    declared: a row per thread (its label, numbered where two threads share one), a column per level
    (lowest first), a cell's statements one per line after "- "."""
    levels = statements.drop_duplicates("level_rank").sort_values("level_rank")
    headers = levels.level_label if levels.level_label.is_unique else levels.level
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["competency", *headers])
    seen: dict[str, int] = {}
    for _, members in statements.groupby("thread_id", sort=True):
        label = " ".join(str(members.thread_label.iloc[0]).split())
        seen[label] = seen.get(label, 0) + 1
        cells = [
            "\n".join(
                f"- {' '.join(text.split())}" for text in members.text[members.level_rank == r]
            )
            for r in levels.level_rank
        ]
        writer.writerow([label if seen[label] == 1 else f"{label} ({seen[label]})", *cells])
    return buffer.getvalue()


def _validate(path: Path, rows: list[dict]) -> pd.DataFrame:
    if len(rows) > config.MAX_STATEMENTS:
        raise LadderInputError(
            path, f"{len(rows):,} statements; the limit is {config.MAX_STATEMENTS:,}"
        )
    seen: dict[str, str] = {}
    for row in rows:
        if row["statement_id"] in seen:
            raise LadderInputError(
                path,
                f"duplicate statement id '{row['statement_id']}' (first at {seen[row['statement_id']]})",
                record=row["_record"],
                field="id",
            )
        seen[row["statement_id"]] = row["_record"]
    frame = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    frame["level_rank"] = frame["level_rank"].astype("int64")
    return frame.sort_values(["level_rank"], kind="stable").reset_index(drop=True)


def levels_of(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per level, lowest first: level, level_label, level_rank, statements."""
    return (
        statements.groupby(["level_rank", "level", "level_label"], sort=True)
        .size()
        .rename("statements")
        .reset_index()[["level", "level_label", "level_rank", "statements"]]
    )
