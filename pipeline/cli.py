"""The `ladder` command line: one command per stage, plus `run`.

Every command prints a readable summary, or with `--json` one JSON object per line. Bad input prints
one line naming the file, the record and the field, and exits with status 2 without writing anything.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated

import typer

from pipeline import config
from pipeline.schemas import LadderInputError

app = typer.Typer(
    name="ladder",
    help="Ladder: parse, thread and map leveled competency frameworks.\n\n"
    "Example: ladder run data/raw/onet_41-3091.00_sales_representatives_of_services.lerme.json",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FrameworkArg = Annotated[
    Path,
    typer.Argument(
        help="Framework file (.json LER.me / Ladder shape, .csv, .tsv or .xlsx: a level, statement "
        "list or a rubric grid) or a folder holding one."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object per line.")]
Backend = StrEnum("Backend", {name: name for name in config.BACKENDS})
BackendOpt = Annotated[
    Backend,
    typer.Option(
        "--backend",
        help="Embedding backend: onnx (default: the reference's vectors, faster), torch "
        "(reference), bf16 (CPUs with bf16 instructions), static (distilled, fastest, less accurate).",
    ),
]
DEFAULT_BACKEND = Backend(config.DEFAULT_BACKEND)
InferThreadsOpt = Annotated[
    bool,
    typer.Option(
        "--infer-threads",
        help="Ignore the threads the framework declares (JSON `threads`, a `thread` field or "
        "column, a rubric's rows) and infer every thread from the statements.",
    ),
]


@app.callback()
def _options(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Print how long each stage took (stderr).")
    ] = False,
) -> None:
    """Ladder: parse, thread and map leveled competency frameworks."""
    config.QUIET, config.VERBOSE = quiet, verbose


def _use_backend(backend: Backend) -> None:
    config.DEFAULT_BACKEND = backend.value


def _run_stages(framework: Path, backend: Backend, infer_threads: bool, until: str = "threads"):
    """The stages up to `until` with the command's embedding backend and thread source."""
    from pipeline.stages import run_stages

    _use_backend(backend)
    return run_stages(framework, until=until, declared_threads=not infer_threads)


STATEMENT_FIELDS = [
    "statement_id",
    "level",
    "level_rank",
    "text",
    "subject",
    "verbs",
    "context",
    "thread_id",
    "thread_label",
]


def _user_errors(command: Callable) -> Callable:
    """Turn bad input into one line on stderr and exit status 2 (no traceback)."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except LadderInputError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from None
        except (PermissionError, IsADirectoryError) as err:
            typer.echo(f"error: {err.filename}: {err.strerror}", err=True)
            raise typer.Exit(2) from None

    return wrapper


def _emit_json(record: dict) -> None:
    sys.stdout.write(
        json.dumps(_null_nan(record), ensure_ascii=False, default=_json_default) + "\n"
    )


def _null_nan(value):
    """A missing value (a finding of no single thread) as null, at any depth: NaN is not JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _null_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_null_nan(v) for v in value]
    return value


def _json_default(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _statement_records(table) -> list[dict]:
    fields = [f for f in STATEMENT_FIELDS if f in table.columns]
    records = []
    for row in table[fields].to_dict(orient="records"):
        if "verbs" in row:
            row["verbs"] = list(row["verbs"])
        records.append(row)
    return records


def _stage_command(
    framework: Path,
    until: str,
    json_out: bool,
    printer: Callable,
    backend: Backend = DEFAULT_BACKEND,
    infer_threads: bool = False,
):
    """Run the stages up to `until`; print the statements as JSON lines or with `printer`; the run."""
    run = _run_stages(framework, backend, infer_threads, until)
    if json_out:
        for record in _statement_records(run.statements):
            _emit_json(record)
    else:
        printer(run.statements)
    return run


def _print_levels(table) -> None:
    from pipeline.ingest import levels_of

    framework = table["framework"].iloc[0]
    typer.echo(f"{framework}: {len(table)} statements in {table['level'].nunique()} levels")
    for row in levels_of(table).itertuples():
        typer.echo(f"  {row.level_rank}  {row.level_label:<20} {row.statements:>5} statements")


@app.command()
@_user_errors
def ingest(framework: FrameworkArg, json_out: JsonOpt = False) -> None:
    """Read and validate a framework; write statements.parquet.

    Example: ladder ingest data/raw/onet_41-3091.00_sales_representatives_of_services.lerme.json
    """
    _stage_command(framework, "ingest", json_out, _print_levels)


@app.command()
@_user_errors
def parse(framework: FrameworkArg, json_out: JsonOpt = False) -> None:
    """Parse each statement into subject, verbs and context; write parsed.parquet.

    Example: ladder parse data/raw --json
    """
    _stage_command(framework, "parse", json_out, _print_parses)


def _print_parses(table) -> None:
    for row in table.itertuples():
        typer.echo(f"[{row.level}] {row.text}")
        typer.echo(f"    subject: {row.subject}\n    verbs:   {', '.join(row.verbs) or '-'}")
        typer.echo(f"    context: {row.context or '-'}")


@app.command()
@_user_errors
def threads(
    framework: FrameworkArg,
    json_out: JsonOpt = False,
    backend: BackendOpt = DEFAULT_BACKEND,
    infer_threads: InferThreadsOpt = False,
    rubric: Annotated[
        Path | None,
        typer.Option(
            "--rubric",
            help="Also write the thread x level grid here as a rubric CSV (a row per thread, a "
            "column per level), which Ladder reads back with the threads declared.",
        ),
    ] = None,
) -> None:
    """Group statements into threads across levels; write threads.parquet.

    A framework that declares its threads keeps them; --infer-threads infers them all instead.
    Example: ladder threads data/raw --json; ladder threads data/raw --rubric grid.csv
    """
    from pipeline.ingest import rubric_csv
    from pipeline.io import atomic_write_text

    run = _stage_command(framework, "threads", json_out, _print_threads, backend, infer_threads)
    if rubric is not None:
        atomic_write_text(rubric, rubric_csv(run.statements))
        typer.echo(f"rubric written to {rubric}", err=json_out)


def _print_threads(table, limit: int | None = None) -> None:
    levels = table.drop_duplicates("level_rank").sort_values("level_rank")
    spanning = table.groupby("thread_id")["level_rank"].nunique()
    shown = [t for t in table["thread_id"].unique() if spanning[t] > 1]
    typer.echo(
        f"{table['thread_id'].nunique()} threads, {len(shown)} spanning more than one level"
        + (f" (first {limit} shown)" if limit and len(shown) > limit else "")
    )
    for thread_id in shown[:limit]:
        members = table[table["thread_id"] == thread_id]
        label = members["thread_label"].iloc[0]
        cells = []
        for level in levels.itertuples():
            n = int((members["level_rank"] == level.level_rank).sum())
            cells.append(f"{level.level_label}" + (f"×{n}" if n > 1 else "") if n else "·")
        typer.echo(f"  {thread_id}  {label[:48]:<48}  {' → '.join(cells)}")


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class FailOn(StrEnum):
    warning = "warning"
    error = "error"


@app.command()
@_user_errors
def audit(
    framework: FrameworkArg,
    json_out: JsonOpt = False,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when a finding reaches this severity.")
    ] = FailOn.error,
    out: Annotated[Path | None, typer.Option("--out", help="Write a markdown report here.")] = None,
    backend: BackendOpt = DEFAULT_BACKEND,
    infer_threads: InferThreadsOpt = False,
) -> None:
    """Audit progression: inversions, gaps, near-duplicates, misplaced statements, flat steps.

    Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 bad input.
    Example: ladder audit data/raw --fail-on warning --out audit.md
    """
    from pipeline.audit import exit_status, markdown_report
    from pipeline.io import atomic_write_text
    from pipeline.stages import run_audit

    run = _run_stages(framework, backend, infer_threads)
    table, findings = run_audit(run)
    if json_out:
        for record in findings.to_dict(orient="records"):
            _emit_json(record)
    else:
        typer.echo(f"{len(findings)} findings on {len(table)} statements")
        for row in findings.itertuples():
            typer.echo(f"  {row.finding_id} {row.severity:<7} {row.kind:<14} {row.explanation}")
    if out is not None:
        atomic_write_text(out, markdown_report(table, findings))
    raise typer.Exit(exit_status(findings, fail_on.value))


@app.command()
@_user_errors
def match(
    documents: Annotated[
        list[Path], typer.Argument(help="Documents: .txt/.md, or .jsonl/.csv/.tsv with id,text.")
    ],
    framework: Annotated[
        Path, typer.Option("--framework", "-f", help="Framework to match against.")
    ],
    top_k: Annotated[
        int, typer.Option("--top-k", min=1, help="Statements to keep per document.")
    ] = 10,
    min_score: Annotated[
        float, typer.Option(help="Cosine a statement needs to count as a match.")
    ] = 0.45,
    spans: Annotated[
        bool, typer.Option(help="Also score the phrases inside each sentence (slower, better).")
    ] = True,
    json_out: JsonOpt = False,
    backend: BackendOpt = DEFAULT_BACKEND,
    infer_threads: InferThreadsOpt = False,
    engine: Annotated[
        Engine, typer.Option(help="Where to match: in this process, or on a Dask cluster.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://host:8786); default: a local cluster of 2 workers."
        ),
    ] = None,
) -> None:
    """Map documents (job ads, résumés) to the closest statements and a likely level.

    Example: ladder match job_ad.md --framework data/raw --json
    Example: ladder match ads.jsonl --framework data/raw --engine dask --scheduler tcp://host:8786
    """
    from pipeline.io import read_meta
    from pipeline.match import read_documents
    from pipeline.progress import stage, track
    from pipeline.stages import write_matches

    # Every document is read and validated before anything is matched or written.
    docs = [doc for path in documents for doc in read_documents(path)]
    run = _run_stages(framework, backend, infer_threads)
    options = {"use_spans": spans, "top_k": top_k, "min_score": min_score}
    if engine is Engine.dask:
        from pipeline.distributed import match_on_dask

        key = (read_meta(run.out_dir / "threads.parquet") or {}).get("fingerprint", "")
        results = match_on_dask(
            docs,
            run.statements,
            run.vectors,
            key=key,
            backend=backend.value,
            scheduler=scheduler,
            **options,
        )
    else:
        results = _match_here(run, docs, **options)
    show = (lambda r: _emit_json(r.to_dict())) if json_out else _print_match
    with stage("match"):
        write_matches(run, track(results, len(docs), "matching", "docs"), on_result=show)


def _match_here(run, docs: list, **options):
    """Match `docs` in this process against a run's framework: the ranking index (its enriched
    vectors cached in data/processed) and the level model are built once for all documents."""
    from pipeline.embed import default_embedder
    from pipeline.match import match_documents, matching_state

    embedder = default_embedder()
    index, level_model = matching_state(
        run.statements, run.vectors, embedder, config.PROCESSED_DIR / "embeddings"
    )
    return match_documents(
        docs, run.statements, run.vectors, embedder, index=index, level_model=level_model, **options
    )


def _print_match(result) -> None:
    level = result.level
    if level["predicted"] is None:
        typer.echo(f"{result.document}: {level['status']}")
    else:
        typer.echo(
            f"{result.document}: likely level {level['predicted']} "
            f"(confidence {level['confidence']:.2f}); "
            + ", ".join(f"{k} {v:.2f}" for k, v in level["distribution"].items())
        )
        if level.get("cues") and level["cues"]["evidence"]:
            typer.echo(f"  seniority cues: {'; '.join(level['cues']['evidence'])}")
    for m in result.matches[:5]:
        ev = m["evidence"]
        typer.echo(f"  {m['score']:.2f} [{m['level']}] {m['text'][:90]}")
        typer.echo(f'       evidence @{ev["start"]}-{ev["end"]}: "{ev["text"][:90]}"')
        if "span" in ev:
            typer.echo(f'       closest phrase: "{ev["span"]["text"][:90]}"')


@app.command()
@_user_errors
def run(
    framework: Annotated[
        Path, typer.Argument(help="Framework file or folder (default: the bundled seed).")
    ] = config.DEFAULT_FRAMEWORK,
    backend: BackendOpt = DEFAULT_BACKEND,
    infer_threads: InferThreadsOpt = False,
) -> None:
    """Run every stage on a framework (audit included) and print a summary with a sample match.

    Example: ladder run data/raw/onet_41-3091.00_sales_representatives_of_services.lerme.json
    """
    from pipeline.audit import FINDING_KINDS
    from pipeline.embed import default_embedder
    from pipeline.match import Document, fit_level_model, match_document
    from pipeline.stages import run_audit, write_matches

    result = _run_stages(framework, backend, infer_threads)
    _, findings = run_audit(result)
    table = result.statements
    _print_levels(table)
    recomputed = [stage for stage, fresh in result.recomputed.items() if fresh]
    typer.echo(
        f"artefacts in {result.out_dir} (recomputed: {', '.join(recomputed) or 'none'}; "
        f"texts encoded: {result.encoded})"
    )
    _print_threads(table, limit=15)
    counts = findings["kind"].value_counts()
    kinds = ", ".join(f"{counts[kind]} {kind}" for kind in FINDING_KINDS if kind in counts)
    typer.echo(
        f"\naudit: {len(findings)} findings{f' ({kinds})' if kinds else ''}; "
        f"details: ladder audit {framework}"
    )
    sample = config.RESOURCES_DIR / "sample_job_ad.md"
    doc = Document("built-in sample job ad", sample.read_text(encoding="utf-8"))
    typer.echo("")
    level_model = fit_level_model(table, result.vectors, result.embedder)
    sample_match = match_document(
        doc, table, result.vectors, default_embedder(), top_k=10, level_model=level_model
    )
    _print_match(sample_match)
    write_matches(result, [sample_match])


@app.command()
@_user_errors
def report(
    framework: FrameworkArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
    documents: Annotated[
        list[Path] | None,
        typer.Option("--documents", "-d", help="Documents to map into the report (repeatable)."),
    ] = None,
    backend: BackendOpt = DEFAULT_BACKEND,
    infer_threads: InferThreadsOpt = False,
) -> None:
    """Write one self-contained HTML report: thread x level grid, 2-D map, findings, documents.

    Example: ladder report data/raw --documents job_ad.md --out report.html
    """
    from pipeline.io import atomic_write_text
    from pipeline.match import read_documents
    from pipeline.progress import track
    from pipeline.report import build_report
    from pipeline.stages import run_audit

    docs = [doc for path in documents or [] for doc in read_documents(path)]
    run = _run_stages(framework, backend, infer_threads)
    _, findings = run_audit(run)
    results = []
    if docs:
        results = list(track(_match_here(run, docs), len(docs), "matching", "docs"))
    atomic_write_text(out, build_report(run.statements, run.vectors, findings, results))
    typer.echo(
        f"wrote {out} ({len(run.statements)} statements, {len(findings)} findings, "
        f"{len(results)} documents)"
    )


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
