"""Document readers: job ads and résumés as plain text, whatever file they come in.

One document per file for .txt/.md/.html/.pdf/.docx; one per record (`id`, `text`) for
.jsonl/.csv/.parquet batches. Every problem raises `LadderInputError` naming file, record and field:
an encrypted or corrupt PDF, a .docx that is not a zip archive or would unpack past the limit, a
batch with a bad record (the whole batch is refused, naming the line).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from pipeline import config
from pipeline.ingest import check_file, csv_delimiter, read_text_file
from pipeline.schemas import LadderInputError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
RICH_SUFFIXES = (".html", ".htm", ".pdf", ".docx")
RECORD_SUFFIXES = (".jsonl", ".csv", ".tsv", ".parquet")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + RICH_SUFFIXES + RECORD_SUFFIXES
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a zip member expanding more than this is treated as a zip bomb


@dataclass(frozen=True)
class Document:
    document: str  # the id of a record, else the path
    text: str


def read_documents(path: Path) -> list[Document]:
    """The documents in `path` (see module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise LadderInputError(
            path, f"expected a document ({', '.join(DOCUMENT_SUFFIXES)}), got '{suffix}'"
        )
    if suffix in RECORD_SUFFIXES:
        return _records_to_documents(path, suffix)
    if suffix in TEXT_SUFFIXES:
        text = read_text_file(path, config.MAX_DOCUMENT_BYTES)
    elif suffix in (".html", ".htm"):
        text = html_to_text(read_text_file(path, config.MAX_DOCUMENT_BYTES))
    elif suffix == ".pdf":
        text = _pdf_text(path)
    else:
        text = _docx_text(path)
    if not text.strip():
        raise LadderInputError(path, "document has no text")
    return [Document(str(path), text)]


def _check_size(path: Path) -> None:
    check_file(path, config.MAX_DOCUMENT_BYTES)


class _HTMLText(HTMLParser):
    """Visible text with a line break at every block element and '- ' before list items."""

    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "dd",
        "dt",
        "blockquote",
    }
    HIDDEN = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(" ".join(data.split(" ")) if data.strip() else " ")


def html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line and line != "-")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    _check_size(path)
    # pypdf logs its repairs of damaged files; the user gets our one line instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    encrypted = LadderInputError(path, "PDF is encrypted; expected an unencrypted PDF")
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an empty user password still opens some PDFs
            except Exception:  # e.g. AES without the optional cryptography package
                raise encrypted from None
            if not opened:
                raise encrypted
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except LadderInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise LadderInputError(path, f"could not read PDF: {err}") from None
    except Exception as err:  # pypdf raises many kinds on damaged files; none is the user's bug
        raise LadderInputError(path, f"could not read PDF: {type(err).__name__}: {err}") from None


def _docx_text(path: Path) -> str:
    _check_size(path)
    if not zipfile.is_zipfile(path):
        raise LadderInputError(path, "not a .docx: expected a zip archive")
    with zipfile.ZipFile(path) as archive:
        total = 0
        for member in archive.infolist():
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > MAX_DOCX_UNPACKED_BYTES or ratio > MAX_ZIP_RATIO:
                raise LadderInputError(
                    path,
                    f"refused: member '{member.filename}' would unpack to {member.file_size:,} bytes "
                    f"(ratio {ratio:.0f}; limits {MAX_DOCX_UNPACKED_BYTES:,} bytes, ratio {MAX_ZIP_RATIO})",
                )
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises KeyError, ValueError, lxml errors on bad parts
        raise LadderInputError(path, f"could not read .docx: {type(err).__name__}: {err}") from None
    lines = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        text = paragraph.text.strip()
        if text:
            lines.append(f"- {text}" if "list" in style else text)
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text.strip() for cell in row.cells if cell.text.strip())
    return "\n".join(lines)


def _records_to_documents(path: Path, suffix: str) -> list[Document]:
    if suffix == ".parquet":
        records = _parquet_records(path)
    else:
        text = read_text_file(path, config.MAX_BATCH_BYTES)
        records = _jsonl_records(path, text) if suffix == ".jsonl" else _csv_records(path, text)
    documents, seen = [], set()
    for where, record in records:
        doc_id, body = record.get("id"), record.get("text")
        if doc_id is None or str(doc_id) == "":
            raise LadderInputError(path, "expected a non-empty id", record=where, field="id")
        if not isinstance(body, str) or not body.strip():
            raise LadderInputError(path, "expected a non-empty string", record=where, field="text")
        if str(doc_id) in seen:
            raise LadderInputError(path, f"duplicate id '{doc_id}'", record=where, field="id")
        seen.add(str(doc_id))
        documents.append(Document(str(doc_id), body))
    if not documents:
        raise LadderInputError(path, "no records")
    return documents


def _jsonl_records(path: Path, text: str) -> Iterator[tuple[str, dict]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise LadderInputError(
                path, f"invalid JSON: {err.msg}", record=f"line {number}"
            ) from None
        if not isinstance(record, dict):
            raise LadderInputError(path, "expected a JSON object", record=f"line {number}")
        yield f"line {number}", record


def _csv_records(path: Path, text: str) -> Iterator[tuple[str, dict]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=csv_delimiter(path, text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "id" not in header or "text" not in header:
        raise LadderInputError(path, f"expected columns 'id' and 'text', found {header}")
    for number, row in enumerate(reader, start=2):
        yield f"line {number}", {(k or "").strip().lower(): v for k, v in row.items()}


def _parquet_records(path: Path) -> Iterator[tuple[str, dict]]:
    import pyarrow.parquet as pq

    _check_size(path)
    try:
        table = pq.read_table(path)
    except Exception as err:  # pyarrow raises ArrowInvalid/OSError on damaged files
        raise LadderInputError(path, f"could not read parquet: {err}") from None
    columns = [c.lower() for c in table.column_names]
    if "id" not in columns or "text" not in columns:
        raise LadderInputError(path, f"expected columns 'id' and 'text', found {columns}")
    frame = table.rename_columns(columns).select(["id", "text"]).to_pandas()
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        yield f"row {number}", {"id": row.id, "text": row.text}


def conll_sentences(path: Path) -> list[tuple[str, set[str]]]:
    """Sentences of a CoNLL file (token first, BIO tags after) with the span types they contain."""
    sentences, tokens, tags = [], [], set()
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split()
        if not parts:
            if tokens:
                sentences.append((" ".join(tokens), tags))
            tokens, tags = [], set()
            continue
        tokens.append(parts[0])
        tags.update(t.split("-", 1)[1] for t in parts[1:] if "-" in t)
    return sentences
