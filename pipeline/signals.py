"""Level language: how much autonomy, scope and complexity a statement's wording asks for.

The phrase lists live in `resources/level_language.json` with their sources (SFIA levels of
responsibility, EQF descriptors). Each dimension is an ordinal scale; a statement scores the highest
rung any of its phrases reaches, and keeps the words that triggered it, so that findings can quote
them. `topic_text` removes the phrases that only express level, leaving what the statement is about:
threads are built from that, not from the level wording.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from pipeline import config

DIMENSIONS = ("autonomy", "scope", "complexity")


@dataclass(frozen=True)
class _Phrase:
    rank: int
    pattern: re.Pattern
    strip: bool


@cache
def level_language() -> dict[str, list[_Phrase]]:
    spec = json.loads((config.RESOURCES_DIR / "level_language.json").read_text(encoding="utf-8"))
    return {
        name: [
            _Phrase(rank, re.compile(rf"\b(?:{pattern})", re.IGNORECASE), strip)
            for rank, pattern, strip in dim["phrases"]
        ]
        for name, dim in spec["dimensions"].items()
    }


@cache
def scales() -> dict[str, list[str]]:
    spec = json.loads((config.RESOURCES_DIR / "level_language.json").read_text(encoding="utf-8"))
    return {name: dim["scale"] for name, dim in spec["dimensions"].items()}


def level_signals(text: str) -> dict[str, tuple[int | None, list[str]]]:
    """For each dimension: the highest rung reached (None if no phrase) and the words that reached it."""
    result = {}
    for name, phrases in level_language().items():
        best, words = None, []
        for phrase in phrases:
            for match in phrase.pattern.finditer(text):
                if best is None or phrase.rank > best:
                    best, words = phrase.rank, [match.group(0)]
                elif phrase.rank == best and match.group(0) not in words:
                    words.append(match.group(0))
        result[name] = (best, words)
    return result


def topic_text(text: str) -> str:
    """`text` without the phrases that only express level ("under direct supervision", ...)."""
    for phrases in level_language().values():
        for phrase in phrases:
            if phrase.strip:
                text = phrase.pattern.sub(" ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", text))
    return re.sub(r"(?:^[\s,;:—–-]+)|(?:[\s,;:—–-]+$)", "", text).strip()
