"""Column contracts between stages, the user-facing error type and small result records."""

from __future__ import annotations

from dataclasses import dataclass, field

# ingest -> statements table
STATEMENT_COLUMNS = [
    "statement_id",
    "framework",
    "level",
    "level_label",
    "level_rank",
    "text",
    "declared_thread",  # a thread the framework itself declares (CSV `thread`, JSON `threads`), or None
    "description",  # optional enrichment for matching (ESCO: alternative labels, description), or None
]
# parse adds
PARSE_COLUMNS = ["subject", "verbs", "context"]
# cluster adds
THREAD_COLUMNS = ["thread_id", "thread_label", "thread_source"]  # source: declared | inferred


class LadderInputError(ValueError):
    """Bad user input: names the file, the record, the field and what was expected.

    The CLI prints `str(error)` on one line and exits with status 2.
    """

    def __init__(
        self,
        source: object,
        message: str,
        *,
        record: object | None = None,
        field: str | None = None,
    ) -> None:
        self.source = str(source)
        self.record = record
        self.field = field
        self.message = message
        where = [self.source]
        if record is not None:
            where.append(f"record {record}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{': '.join(where)}: {message}")


@dataclass(frozen=True)
class Parse:
    """What a statement is about, what it asks to do, and under which conditions."""

    subject: str
    verbs: tuple[str, ...]
    context: str


@dataclass(frozen=True)
class Segment:
    """A sentence or bullet of a document with its character offsets in the document text."""

    text: str
    start: int
    end: int


@dataclass
class DocumentMatch:
    """One document matched against a framework (see `ladder match --json`)."""

    document: str
    level: dict
    matches: list[dict] = field(default_factory=list)
    threads: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "document": self.document,
            "level": self.level,
            "matches": self.matches,
            "threads": self.threads,
        }
