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
from typing import TYPE_CHECKING

import numpy as np

from pipeline import config

if TYPE_CHECKING:
    import pandas as pd

DIMENSIONS = ("autonomy", "scope", "complexity")
SIGNALS = ("bloom", *DIMENSIONS)
SIGNAL_SCALE = {"bloom": 5, "autonomy": 4, "scope": 4, "complexity": 2}


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
        # Keep the longest wording: "under direct supervisor guidance", not also its tail.
        words = [w for w in words if not any(w != o and w.lower() in o.lower() for o in words)]
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


@dataclass(frozen=True)
class BloomLevel:
    """Cognitive demand of a statement's verbs on Bloom's revised taxonomy."""

    level: int | None  # 0 remember … 5 create; None when no verb is in the lists
    verb: str | None  # the verb that decided it
    ambiguous: bool  # the verb sits at several levels and the context did not decide
    candidates: tuple[int, ...] = ()


@cache
def bloom_lexicon() -> tuple[list[str], dict[str, tuple[int, ...]]]:
    """Level names and, per verb lemma, the Bloom levels it is listed at (Anderson & Krathwohl first)."""
    spec = json.loads((config.RESOURCES_DIR / "bloom_verbs.json").read_text(encoding="utf-8"))
    names = spec["levels"]
    primary = {
        v: (names.index(lv),)
        for lv, verbs in spec["anderson_krathwohl_2001"].items()
        for v in verbs
    }
    secondary: dict[str, set[int]] = {}
    for lv, verbs in spec["clemson_action_verbs"].items():
        for verb in verbs:
            secondary.setdefault(verb, set()).add(names.index(lv))
    lexicon = {v: tuple(sorted(levels)) for v, levels in secondary.items()}
    lexicon.update(primary)
    return names, lexicon


def _spelling(verb: str) -> str:
    # The lists use US spelling; statements often use UK spelling ("analyse", "organise").
    return re.sub(r"ys(e|ing)$", r"yz\1", re.sub(r"is(e|ing)$", r"iz\1", verb))


def bloom_level(verbs: list[str] | tuple[str, ...], complexity: int | None) -> BloomLevel:
    """The highest Bloom level among `verbs`.

    A verb listed at several levels is resolved by the statement's complexity wording: routine
    context takes its lowest listed level, complex or strategic context its highest; with no such
    wording it is marked ambiguous and counted at its lowest level.
    """
    _, lexicon = bloom_lexicon()
    best = BloomLevel(None, None, False)
    for verb in verbs:
        levels = lexicon.get(verb) or lexicon.get(_spelling(verb))
        if not levels:
            continue
        ambiguous = False
        if len(levels) == 1:
            level = levels[0]
        elif complexity is not None:
            level = levels[0] if complexity == 0 else levels[-1]
        else:
            level, ambiguous = levels[0], True
        if best.level is None or level > best.level:
            best = BloomLevel(level, verb, ambiguous, levels)
    return best


def signal_columns(statements) -> dict[str, list]:
    """Per-statement signal columns (reads `text`, `verbs`): `<dimension>` rank and `<dimension>_words`."""
    columns: dict[str, list] = {
        f"{d}{s}": [] for d in (*DIMENSIONS, "bloom") for s in ("", "_words")
    }
    columns["bloom_ambiguous"] = []
    for text, verbs in zip(statements["text"], statements["verbs"], strict=True):
        found = level_signals(text)
        for dim in DIMENSIONS:
            rank, words = found[dim]
            columns[dim].append(rank)
            columns[f"{dim}_words"].append(words)
        bloom = bloom_level(list(verbs), found["complexity"][0])
        columns["bloom"].append(bloom.level)
        columns["bloom_words"].append([bloom.verb] if bloom.verb else [])
        columns["bloom_ambiguous"].append(bloom.ambiguous)
    return columns


def level_features(statements: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
    """Embedding plus, per signal, its rung scaled to [0, 1] and whether it was found."""
    cols = []
    for name in SIGNALS:
        values = np.array([np.nan if v is None else v for v in statements[name]], dtype=float)
        found = ~np.isnan(values)
        cols += [np.where(found, values / SIGNAL_SCALE[name], 0.0), found.astype(float)]
    return np.hstack([vectors, np.stack(cols, axis=1)])


def add_signals(statements: pd.DataFrame) -> pd.DataFrame:
    """Reads `text`, `verbs`; adds `bloom, autonomy, scope, complexity` and their `_words` columns."""
    out = statements.copy()
    for name, values in signal_columns(statements).items():
        out[name] = values
    return out


# Seniority cues of a whole document (job ad, résumé): years of experience asked for or claimed,
# people managed. Numbers are read as written ("3-5 years" -> 3, the minimum asked).
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
# Vague amounts as job ads write them, read as the fewest years they can mean.
_VAGUE_YEARS = {"a few": 2, "a couple of": 2, "some": 2, "several": 3, "many": 5}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_AMOUNT = r"(\d{1,2}|" + "|".join([*_NUMBER_WORDS, *_VAGUE_YEARS]) + r")"
# What the years are of: "5+ years of B2B sales experience", "four or more years of Java development".
_EXPERIENCE_NOUNS = (
    r"(?:experience|expertise|working|proficiency|background|development|programming)"
)
_YEARS_RE = re.compile(
    rf"\b{_AMOUNT}\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*{_NUM}\s*\+?\s*)?(?:or more\s+)?years?'?\s+"
    rf"(?:of\s+)?(?:[\w/-]+\s+){{0,6}}?{_EXPERIENCE_NOUNS}"
    # "At least 5 years in a Microsoft-based environment", "Minimum 3 years in IT projects"
    rf"|\b(?:at least|minimum(?: of)?|min\.)\s+{_NUM}\s*\+?\s*years?\b(?! old| of age)"
    # "Experience: 7 years", "experience of 5+ years"
    rf"|\bexperience\s*(?::|-|–|of)\s*{_NUM}\s*\+?\s*years?\b",
    re.IGNORECASE,
)
_DECADES_RE = re.compile(
    rf"\b(a|one|two|\d)\s+decades?\s+(?:of\s+)?(?:[\w/-]+\s+){{0,6}}?{_EXPERIENCE_NOUNS}",
    re.IGNORECASE,
)
MAX_BARE_YEARS = 15  # "at least N years" with no word for experience: longer reads as an age
# An ask for no experience at all: the lowest level. "No previous experience is necessary".
_NO_EXPERIENCE_RE = re.compile(
    r"\bno\s+(?:prior\s+|previous\s+|formal\s+|relevant\s+|industry\s+)?(?:work\s+)?"
    r"experience\s+(?:is\s+)?(?:required|necessary|needed)\b"
    r"|\bentry[- ]level\s+(?:role|position|job|opportunity)\b",
    re.IGNORECASE,
)
_PEOPLE = (
    r"(?:people|persons|staff|employees|engineers|analysts|developers|designers|consultants|"
    r"executives|representatives|reps|managers|agents|colleagues|members|specialists|scientists|"
    r"technicians|operatives|nurses|teachers|officers|assistants|associates|advisors|advisers)"
)
_TEAM_RE = re.compile(
    rf"\b(?:manag\w*|lead\w*|led|supervis\w*|line[- ]manag\w*)\s+(?:a\s+)?(?:team|staff)\s+of\s+"
    rf"(?:up\s+to\s+|over\s+|around\s+)?{_NUM}\b|\b{_NUM}\s+direct\s+reports\b"
    # "line manage two junior analysts", "supervise 12 staff": people counted, not a team named
    rf"|\b(?:manag\w*|lead\w*|led|supervis\w*|line[- ]manag\w*)\s+(?:up\s+to\s+|over\s+|around\s+)?"
    rf"{_NUM}\s+(?:[\w-]+\s+){{0,2}}?{_PEOPLE}\b",
    re.IGNORECASE,
)
_MANAGER_RE = re.compile(
    r"\b(?:line[- ]manag\w*|direct reports|people manage\w*|manag\w* (?:a |the )?team\b|"
    r"lead (?:a |the )?team\b)",
    re.IGNORECASE,
)


# The document's own job title: "Senior Data Engineer" as a heading, "Job title: Lead Developer",
# "We are looking for a Principal Analyst", "As a junior designer you will", "A senior data
# engineer designs ...". Its seniority word ranks it on the DDaT career-path scale of
# `resources/job_titles.json`; a title needs a head noun from O*NET's titles ("engineer", "nurse")
# within TITLE_WORDS words, or is "head of ..." ("Head of Sales").
TITLE_WORDS = 5
HEADING_WORDS = 8  # a heading line longer than this is a sentence, not a title
HEADING_LINES = 3  # an ad's or résumé's first lines: name, title, place
ENTRY_WORDS = 16  # a résumé's job entry: "Lead Data Engineer, Acme Ltd, London – 2020 to present"
_ROLE_INTRO_RE = re.compile(
    r"\b(?:looking for|seeking|hiring|recruiting(?: for)?|(?:join|work|working|start) (?:us |"
    r"the team |our team )?as|(?<!such )as|role of|position of|post of)\s+(?:an?|the|our)\s+"
    r"|^[#*\s]*(?:job\s+)?(?:title|role|position|post|vacancy)\s*:\s*"
    # the document's first words: "A senior data engineer designs …", "The head of data … works"
    r"|\A[#*\s]*(?:An?|The)\s+",
    re.IGNORECASE | re.MULTILINE,
)
# A résumé's work-history heading ("Experience", "Professional experience", "Employment history"):
# its first entry, latest first by convention, names the candidate's current role.
_WORK_HISTORY_RE = re.compile(
    r"(?:(?:work|professional|relevant|employment|career)\s+)?(?:experience|history|employment)"
    r"\s*:?",
    re.IGNORECASE,
)
# What ends a résumé's work history, and how its entries are dated.
_SECTION_RE = re.compile(
    r"(?:education|(?:key |technical )?skills|qualifications|certifications?|projects|"
    r"languages|interests|references|publications|awards|training|volunteering)\s*:?",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_CURRENT_RE = re.compile(r"\b(?:present|current|now|to date|today)\b", re.IGNORECASE)
_TITLE_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]")
_TITLE_STOPS = frozenset(
    {"in", "with", "for", "to", "who", "will", "would", "is", "are", "at", "on", "from", "that"}
    | {"which", "within", "across", "by", ",", ".", ";", ":", "!", "?", "(", ")", "|", "/", "-"}
    | {"–", "—", "the", "a", "an"}
)


@cache
def _job_titles() -> tuple[dict[str, int], frozenset[str], int]:
    spec = json.loads((config.RESOURCES_DIR / "job_titles.json").read_text(encoding="utf-8"))
    return spec["seniority"], frozenset(spec["title_heads"]), len(spec["scale"]) - 1


def title_scale_top() -> int:
    """The highest rank of the title seniority scale (head of / director / chief)."""
    return _job_titles()[2]


def _title_at(text: str) -> tuple[int, str] | None:
    """(seniority rank, title words) of a title starting at `text`'s first word, if it has one."""
    seniority, heads, top = _job_titles()
    words = []
    for match in _TITLE_WORD_RE.finditer(text):
        if match.group(0).lower() in _TITLE_STOPS:
            break
        words.append(match)
        if len(words) > TITLE_WORDS:
            break
    lower = [w.group(0).lower() for w in words]
    ends = [
        end
        for end, word in enumerate(lower)
        if word in heads
        or word.removesuffix("s") in heads
        or (word == "of" and end and seniority.get(lower[end - 1]) == top)  # "Head of Sales"
    ]
    if not ends:
        return None
    # "Principal Analyst", "Senior Account Manager": the head is the first noun that is not itself
    # a seniority word ("principal", "associate", "director"), when there is one.
    head = next((e for e in ends if lower[e] not in seniority), ends[0])
    title = lower[: head + 1]
    after = [*title[1:], ""]
    ranks = [
        seniority[w]
        for w, following in zip(title, after, strict=True)
        if w in seniority and not (w == "lead" and following in ("generation", "time"))
    ]
    if "vice president" in " ".join(title):
        ranks.append(seniority["vice president"])
    end = min(head + (lower[head] == "of"), len(words) - 1)  # "Head of Sales", not "Head of"
    return (max(ranks), text[words[0].start() : words[end].end()]) if ranks else None


def _short_line_title(lines: list[str], words: int = HEADING_WORDS) -> tuple[int, str] | None:
    """The title of the first of `lines` that is short (up to `words` words, no full stop) and
    names one ("Senior Account Manager", "Lead Data Engineer, Acme Ltd – 2020 to present")."""
    for line in lines:
        if len(line.split()) > words or line.endswith(".") or re.search(r":\s*\S", line):
            continue
        for part in re.split(r"\s[|–—-]\s|,\s|\(|\|", line):
            if found := _title_at(part):
                return found
    return None


def _latest_role(entries: list[str]) -> tuple[int, str] | None:
    """The title of a work history's latest entry: the one dated "present" / "current", else the
    one with the latest year (on its line or a line next to it), else the first (latest first is
    the convention)."""
    found = []
    for i, line in enumerate(entries):
        if (title := _short_line_title([line], ENTRY_WORDS)) is None:
            continue  # (a sentence, "- Built reports.", is no entry: `_short_line_title` skips it)
        dates = " ".join(entries[max(i - 1, 0) : i + 2])
        years = [int(y) for y in _YEAR_RE.findall(dates)]
        found.append((1 if _CURRENT_RE.search(dates) else 0, max(years, default=0), -i, title))
    return max(found)[-1] if found else None


def document_title(text: str) -> tuple[int, str] | None:
    """The seniority rank and words of the job title a document names first, if any: one of its
    first short lines, else the latest entry of a résumé's work history, else an introduced role
    ("looking for a ...", "as a ...", "Job title: ...")."""
    lines = [line.strip(" #*\t") for line in text.splitlines() if line.strip(" #*\t")]
    history = next((i + 1 for i, line in enumerate(lines) if _WORK_HISTORY_RE.fullmatch(line)), 0)
    # the work history runs to the next section heading ("Education", "Skills", …)
    end = next(
        (i for i in range(history, len(lines)) if _SECTION_RE.fullmatch(lines[i])), len(lines)
    )
    heading = lines[: min(HEADING_LINES, history - 1)] if history else lines[:HEADING_LINES]
    if found := _short_line_title(heading) or (history and _latest_role(lines[history:end])):
        return found
    for intro in _ROLE_INTRO_RE.finditer(text):
        if found := _title_at(text[intro.end() :]):
            return found
    return None


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else _VAGUE_YEARS[word]


@dataclass(frozen=True)
class SeniorityCues:
    years_experience: int | None
    people_managed: int | None  # 0 when people management is named without a number
    evidence: tuple[str, ...]
    title_rank: int | None = None  # seniority of the document's job title, 0 … title_scale_top()

    @property
    def found(self) -> bool:
        return any(
            v is not None for v in (self.years_experience, self.people_managed, self.title_rank)
        )

    def to_dict(self) -> dict:
        return {
            "years_experience": self.years_experience,
            "people_managed": self.people_managed,
            "title_rank": self.title_rank,
            "evidence": list(self.evidence),
        }


def seniority_cues(text: str) -> SeniorityCues:
    """Years of experience (the largest minimum asked), people managed and the seniority of the
    document's job title, with the words found."""
    years, people, evidence = None, None, []
    asks = []
    for match in _YEARS_RE.finditer(text):
        value = _number(next(g for g in match.groups() if g))
        if match.group(3) is None or value <= MAX_BARE_YEARS:  # a bare "Minimum 21 years": an age
            asks.append((match, value))
    asks += [
        (m, 10 * (1 if m.group(1).lower() == "a" else _number(m.group(1))))
        for m in _DECADES_RE.finditer(text)
    ]
    asks += [(m, 0) for m in _NO_EXPERIENCE_RE.finditer(text)]
    for match, value in sorted(asks, key=lambda mv: mv[0].start()):
        if value <= 40:  # "founded 180 years ago", "more than 50 years of experience": the company
            years = max(years or 0, value)
            evidence.append(match.group(0))
    for match in _TEAM_RE.finditer(text):
        value = _number(next(g for g in match.groups() if g))
        people = max(people or 0, value)
        evidence.append(match.group(0))
    if people is None and (found := _MANAGER_RE.search(text)):
        people = 0
        evidence.append(found.group(0))
    title_rank = None
    if title := document_title(text):
        title_rank = title[0]
        evidence.append(title[1])
    return SeniorityCues(years, people, tuple(evidence), title_rank)
