"""Ladder: an NLP pipeline for leveled competency frameworks.

Stages (each a module): ingest -> parse -> embed -> cluster (threads) -> match.
Importing the package does nothing: models load lazily, on first use.
"""

__version__ = "0.1.0"
