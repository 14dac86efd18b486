"""Reading and writing artefacts: atomic, fingerprinted, reproducible.

Every artefact is `<name>.parquet` plus `<name>.meta.json`. The meta file records how the artefact was
made (strategy names, model ids, parameters), the fingerprint of its inputs (so an unchanged step is
skipped) and the sha256 of the parquet bytes (so a corrupt or truncated artefact is detected and
rebuilt, never used). No timestamps go into either file: the same inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

_UMASK = os.umask(0)
os.umask(_UMASK)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(*parts: object) -> str:
    """A stable hash of JSON-serialisable parts (input hashes, strategies, parameters)."""
    return sha256_bytes(json.dumps(parts, sort_keys=True, default=str).encode())


def code_version(*modules: str) -> str:
    """Hash of the source of the modules (and resource files) a stage runs, so that editing the
    code invalidates the stage's artefacts even when nobody bumped the strategy version."""
    root = Path(__file__).resolve().parent
    files = [root / f"{m}.py" for m in modules] + sorted((root / "resources").glob("*.json"))
    return fingerprint(*(sha256_file(f) for f in files))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; keep the user's usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dataframe_to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # Drop pandas' schema metadata: it is not needed to read the data back and keeps bytes stable.
    table = table.replace_schema_metadata(None)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def meta_path(artefact: Path) -> Path:
    return artefact.with_suffix(".meta.json")


def write_artefact(path: Path, frame: pd.DataFrame, meta: dict) -> None:
    """Write `frame` as parquet and its meta file, each atomically; the parquet goes first."""
    data = dataframe_to_parquet_bytes(frame)
    atomic_write_bytes(path, data)
    _write_meta(path, meta, len(frame), sha256_bytes(data))


def _write_meta(path: Path, meta: dict, rows: int, sha256: str) -> None:
    """The meta file beside an artefact: its stage's meta, row count and the sha256 of its bytes."""
    full_meta = {**meta, "rows": rows, "sha256": sha256}
    atomic_write_text(meta_path(path), json.dumps(full_meta, indent=2, sort_keys=True) + "\n")


def read_meta(path: Path) -> dict | None:
    try:
        return json.loads(meta_path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def read_artefact(path: Path, expected_fingerprint: str | None = None) -> pd.DataFrame | None:
    """The artefact at `path` if it is intact (and made from `expected_fingerprint`), else None."""
    meta = read_meta(path)
    if meta is None or not path.exists():
        return None
    if expected_fingerprint is not None and meta.get("fingerprint") != expected_fingerprint:
        return None
    data = path.read_bytes()
    if sha256_bytes(data) != meta.get("sha256"):
        return None
    return pq.read_table(pa.BufferReader(data)).to_pandas()


def cached_stage(
    path: Path,
    fp: str,
    meta: dict,
    compute: Callable[[], pd.DataFrame],
) -> tuple[pd.DataFrame, bool]:
    """Return the artefact at `path` if made from `fp`, else compute, write and return it.

    Returns the frame and whether it was recomputed.
    """
    from pipeline.progress import stage

    with stage(str(meta.get("stage", path.stem))):
        cached = read_artefact(path, fp)
        if cached is not None:
            return cached, False
        frame = compute()
        write_artefact(path, frame, {**meta, "fingerprint": fp})
    return frame, True


class StreamingArtefact:
    """Write an artefact in row groups as results arrive, so memory does not grow with the input.

    Rows go to a temporary file beside `path`; `close(meta)` renames it over `path` and writes the
    meta file (sha256 of the bytes, row count). If anything fails first, `abort()` (or leaving the
    `with` block by an exception) deletes the temporary file: `path` is never half-written.
    """

    def __init__(self, path: Path, schema: pa.Schema, rows_per_group: int = 10_000) -> None:
        self.path, self.schema, self.rows_per_group = Path(path), schema, rows_per_group
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        os.close(fd)
        self.tmp = Path(tmp)
        self.writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        self.pending: list[dict] = []
        self.rows = 0

    def add(self, rows: list[dict]) -> None:
        self.pending.extend(rows)
        if len(self.pending) >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.writer.write_table(pa.Table.from_pylist(self.pending, schema=self.schema))
            self.rows += len(self.pending)
            self.pending = []

    def close(self, meta: dict) -> None:
        self._flush()
        self.writer.close()
        with open(self.tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        digest = sha256_file(self.tmp)
        os.replace(self.tmp, self.path)
        _write_meta(self.path, meta, self.rows, digest)

    def abort(self) -> None:
        self.writer.close()
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> StreamingArtefact:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.abort()
