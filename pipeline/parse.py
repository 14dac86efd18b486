"""Statement -> subject (what it is about), verbs (the main actions, lemmatized) and context.

Competency statements come in many shapes: "Topic — verb phrase" (LER.me), imperative tasks (O*NET),
"You can: …" and "I can …" stems (DDaT), "Ability to …" / "Experience managing …" / "Responsible for
…" requirements, gerund-led bullets ("Mentoring and developing a team") and noun phrases with no
action at all ("Excellent written communication skills" -> verbs []).

The small spaCy model often tags a sentence-initial imperative as a noun ("Record daily transactions"
-> Record/JJ). So the parser first normalises the statement to its predicate (stem and bullet marker
removed, "Topic —" split off), decides from a verb lexicon (lemminflect) whether the predicate starts
with a verb, and if it does, parses it behind a neutral subject ("You can record daily transactions")
so that spaCy sees an ordinary clause. The main verbs are the clause's root and the verbs coordinated
with it; the subject is the topic before the dash or else the root's direct object; the context is
what remains of the predicate. Job-ad text often glues several bullets into one line; `pieces`
splits such run-ons first and the verbs of every piece are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from pipeline import config
from pipeline.schemas import Parse

# \x95: the bullet of Windows-1252 text read as Latin-1
BULLET_GLYPHS = "•·▪◦●○■□➢►✓✔→‣⁃◆♦❖➤✦☞∙⦁➔\x95"
# ". . enjoy developing": a run of stray full stops too, not ". NET"; "4 ) Work on …" as tokenised
BULLET_RE = re.compile(
    r"^\s*(?:(?:[-*>" + BULLET_GLYPHS + r"]+|\.(?:\s*\.)+)\s*)+|^\s*(?:\(?\d{1,3}(?:[.)]|\s\))|"
    r"\(?[a-zA-Z][.)](?=\s))\s*"
)
# "Topic — verb phrase": an em/en dash, or a spaced hyphen, between a short topic and the predicate.
DASH_RE = re.compile(r"\s+[—–-]\s+|\s*[—–]\s*")

# Who a stem's modal speaks of: the person ("Applicants must", "You will").
STEM_SUBJECT = r"(?:you|i|they|candidates?|the candidate|applicants?)"
# "… be able to", "… be working": optionally after "also" / "still" ("You will also be working on …")
_BE_STEM = r"(?: (?:also |still )?be able to| (?:also |still )?be(?= (?:\w+ly )?\w+ing\b))?"
# Stems that introduce an action; what follows is the predicate. Order matters: longest first.
_ACTION_STEMS = [
    # (not "we": "We will offer …", "We will rely on you to …" are the employer's, read in full)
    STEM_SUBJECT + r" (?:can|could|will|would|should|must|"
    r"shall|are able to|is able to|am able to|will be able to|should be able to|must be able to|"
    r"need to|needs to|have to|will need to)" + _BE_STEM,
    r"you'll" + _BE_STEM,
    r"(?:(?:you|i) )?(?:know|understand) how to",  # also a bullet: "Know how to work …"
    # "Enjoy working …", "Loves automating …" (a third-person bullet)
    r"(?:enjoys?|loves?|likes?|appreciates?)(?= \w+ing\b)|(?:loves?|likes?|wants?) to(?= \w)",
    r"(?:be|being) able to",
    r"(?:motivated|driven|energi[sz]ed) by(?= \w+ing\b)",  # "Motivated by overcoming obstacles …"
    r"able to",
    r"(?:(?:a |the )?(?:proven|demonstrated|demonstrates|demonstrable|strong|excellent|good|solid|"
    r"clear|the|an?|sufficient)\s+)*(?:ability|capability|capacity|willingness|readiness|inclination|talent|knowledge) to",
    r"(?:(?:proven|demonstrated|strong|excellent|good|solid)\s+)*(?:skills?|competence) (?:in|at)"
    r"(?= \w+ing\b)",
    r"(?:(?:you|i) (?:have|bring|possess) )?"  # "You have experience with building …"
    r"(?:(?:a |the )?(?:proven|demonstrated|demonstrable|strong|extensive|significant|solid|"
    r"hands-on|practical|relevant|previous|prior|\d+\+? years?(?: of)?)\s+)*"
    r"(?:experience|expertise|background|exposure)(?: of| in| with| at)?(?= \w+ing\b)",
    r"(?:(?:will be |are |is )?(?:responsible|accountable)) for",
    r"(?:capable|comfortable|confident|proficient|competent|skilled|experienced) (?:of|with|in|at)"
    r"(?: both| either)?(?= \w+ing\b)",
    r"can",
    r"will",
    r"may",
]
STEM_RE = re.compile(r"^(?:" + "|".join(_ACTION_STEMS) + r")\b\s*:?\s*", re.IGNORECASE)
# Lead-in that only announces a list ("You can:", "In this role you will:", "To succeed in the job
# it is crucial that you:", "The candidate will primarily focus on:").
LEAD_IN_RE = re.compile(
    r"^[^.!?:]{0,80}?\b(?:can|will|should|must|shall|that you|focus on)(?: be able to)?\s*:\s*",
    re.IGNORECASE,
)
# Section headings glued to the first bullet by the export ("About the role Lead the roadmap").
HEADINGS = (
    r"(?:about the role|the role|overview|summary|detailed description|primary focus|key (?:skills|responsibilities|"
    r"tasks|duties)|(?:main |primary |key |major )?(?:duties (?:and|&) )?responsibilities|requirements|duties|candidate profile|"
    r"qualifications|essential skills|desirable skills|position|the job|(?:the )?job description|"
    r"profile|"
    r"what you(?:'ll| will) (?:do|be doing|bring)|what you (?:know|bring|have|can do)|who you are)"
)
# A heading's verb before its colon: "Key responsibilities include: HQ lead on …".
HEADING_VERB = r"\s+(?:include|are)"
# "What you'll bring: - Application development experience …": a dash may open the first bullet.
HEADING_RE = re.compile(
    r"^" + HEADINGS + r"(?:" + HEADING_VERB + r"(?=\s*:))?\s*:?\s+(?:[-–]\s+)?(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)  # case kept
# a piece that is a heading ("Key responsibilities include", split off at its colon)
HEADING_ONLY_RE = re.compile(HEADINGS + r"(?:" + HEADING_VERB + r")?\s*:?", re.IGNORECASE)
# A question that opens what follows ("So what are you going to do today?", "How do you fit in?"):
# a heading, not an ask ("Would you like to build …?" is one: it asks the person's wish).
WH_OPENER = r"(?:so,?\s+|and\s+)?(?:what|how|why|who|where|when|which)\b"
QUESTION_HEADING_RE = re.compile(WH_OPENER + r"[^?]*\?", re.IGNORECASE)
# ... but a bulleted know-how with an object asks its verb ("☞ How to refactor code?"; not the
# heading "How to apply for this job?")
HOW_TO_RE = re.compile(r"how to (?=[a-z]+ [^?]*\w\s*\?$)", re.IGNORECASE)
# ... the same before the sentence it opens, within one sentence ("So what are you going to do
# today? As Senior Process Engineer you will …"); `pieces` removes it.
LEADING_QUESTION_RE = re.compile(
    r"(?:^|(?<=[.!?] ))" + WH_OPENER + r"[^?.!]*\?\s+(?=[A-Z])", re.IGNORECASE
)
# Discourse markers that open a sentence and say nothing of the action ("Last but not least you …",
# "Please send your CV").
DISCOURSE_RE = re.compile(  # one or more: "If so, please send …"
    r"^(?:(?:last but not least|(?:and )?best of all|above all|first and foremost|in addition|"
    r"on top of that|further(?:more)?|please|"
    r"(?:where|when|if|as) (?:appropriate|possible|necessary|needed|required|applicable)|"
    r"if (?:yes|so|interested)|"  # "If yes apply now!"
    r"(?-i:and|or|but))"  # "and demonstrate good judgment": a continuation
    r"\s*,?\s+)+",
    re.IGNORECASE,
)
# Adjectives that grade a requirement rather than name it ("Excellent written communication").
GRADING_WORDS = {
    "excellent",
    "strong",
    "good",
    "great",
    "solid",
    "proven",
    "demonstrated",
    "demonstrable",
    "exceptional",
    "outstanding",
    "superb",
    "sound",
    "effective",
    "advanced",
    "basic",
    "extensive",
    "thorough",
    "deep",
    "working",
    "high",
    "highly",
    "very",
    "some",
    "essential",
    "desirable",
    "complete",  # "Complete understanding on SAP …" (the lexicon knows "complete" only as a verb)
}
# Words the lexicon lists as rare verbs that job ads only use otherwise: never an action.
NOT_VERBS = {
    "job",  # the lexicon's rare verb "to job": in job ads always the noun ("Job benefits:")
    "candidate",  # likewise ("Candidates may apply …")
    "over",  # the lexicon's "to over": always the preposition ("Over the course of the year you …")
    "while",  # "to while away": in job ads the conjunction ("While implementing you will train …")
    "product",  # the lexicon's "to product": always the noun ("Product / Project Management skills")
    "outgoing",  # the adjective, not "to outgo" ("you are outgoing as person and great at …")
    "outgo",
    "cloud",  # the noun of "cloud technology", not "to cloud" ("… firmware tools and cloud/VB technology")
    "article",  # "3 ) Articles published in international peer-reviewed journals …"
    "advantage",  # "Advantage: Experience in working with …"
    "full",  # "to full" cloth: in job ads the adjective ("Full valid UK driving Licence is required")
}
# Auxiliary-like first words that are verbs in the lexicon but never the competency's action.
NOT_ACTIONS = NOT_VERBS | {
    "be", "have", "possess", "do", "must", "should", "will", "can", "may", "need", "want",
}  # fmt: skip
# Dropped from the verbs wherever the parser found them (the splitter still reads "including" as a
# verb: "Administer … infrastructure, including Web, file, and mail servers" is one piece).
NEVER_ACTIONS = NOT_VERBS | {
    "including",  # "including writing and taking ownership of stories"
    "resulting",  # "delivering … assessments and resulting/VBG recommendations": an adjective
}
# Prefixes that make new verbs from known ones ("reposition", "degrease", "prepack", "undock").
VERB_PREFIXES = ("re", "de", "pre", "un", "co", "mis", "over", "under", "out")
PREFIXED_NON_VERBS = {"despite", "unless", "until", "unto"}  # the lexicon lists no prepositions
# Endings of verbs coined from nouns and adjectives, which the lexicon often lacks.
COINED_VERB_ENDINGS = ("ize", "izes", "izing", "ise", "ises", "ising", "ify", "ifies", "ifying")
# A main clause about the person after an opening participle phrase ("Working in our global team
# you'll be in charge of …", "Reporting directly to the Head of Sales your job will be to …"), or
# an opening gerund phrase that is the subject of the offer ("Working with us gives you access …",
# "Working in … as a Software Engineer will provide you with …").
LATER_CLAUSE_RE = re.compile(
    r"\s(?:you(?:'ll|’ll| will| would| can| are| have| must| should)"
    r"|your (?:\w+ )?(?:job|role|task|tasks|responsibilities) (?:will|is|are)"  # "your primary tasks"
    r"|the (?:successful )?(?:candidate|applicant) will"
    # "Specialising in manned guarding … the business development manager will receive …"
    r"|the (?:\w+ ){0,3}(?:manager|executive|engineer|assistant|representative|advisor|adviser)"
    r" will"
    r"|(?:(?:will|would|can) (?:give|provide|offer|allow|enable|mean)"
    r"|gives|provides|offers|allows|enables|means) (?:you|us)"
    r"|we (?:can |will )?(?:offer|give|provide))\b",  # "Embarking this exciting role we offer you …"
    re.IGNORECASE,
)
# "past": a résumé bullet ("Led the migration of …"), parsed as "She led the migration of …".
PRONOUN_PREFIX = {"base": "You can ", "gerund": "You are ", "third": "She ", "past": "She "}
FORM_TAGS = {
    "base": {"VB", "VBP"},
    "gerund": {"VBG"},
    "third": {"VBZ"},
    "past": {"VBD", "VBN"},
    "participle": {"VBN", "VBD"},  # "will have produced and developed"
}
COORDINATORS = {",", "and", "or", "and/or", "&", "/", "as well as", ";"}
LIST_JOINERS = ("and", "or", "and/or")  # the word before a listed action
PARTICLES = {"out", "up", "down", "off", "through", "on"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")  # dependency labels of a clause's subject
# Whose action a full sentence describes: the person the statement or ad speaks of.
PERSON_SUBJECTS = {
    "you",
    "i",
    "candidate",
    "applicant",
    "individual",
    "person",
    "postholder",
    "jobholder",
    "holder",
    "employee",
    "she",
    "he",
    "someone",
    "professional",
    "expert",  # "a domain expert who applies …"
    "student",  # "the PhD Student will be responsible for …"
    "intern",
    "apprentice",
    "architect",
    "incumbent",
}
# Subjects that are the employer or the job, not the person ("Our client is looking for ...").
EMPLOYER_SUBJECTS = {
    "we",
    "they",
    "it",
    "this",
    "that",
    "client",
    "company",
    "organisation",
    "organization",
    "team",
    "business",
    "school",
    "employer",
    "agency",
    "firm",
    "group",
    "role",
    "position",
    "department",
    "recruiter",
    "consultant",
    "committee",  # "The Recruitment Committee will shortlist …" ("-ee" is also a role's ending)
    "center",
    "centre",
    "there",
}
ROLE_SUFFIXES = ("er", "or", "ist", "ant", "ian", "ect", "ive", "ee")
NOT_ROLES = {"other", "customer"}  # "help others learn …", "help the customer understand …"
INTENSIFIERS = {"highly", "very", "extremely", "really", "truly", "fully", "suitably"}
# Adverbs that may stand before the verb and that the lexicon also lists as verbs ("still", "even").
PREVERBAL_ADVERBS = {
    "still", "also", "even", "just", "then", "always", "often", "now", "fully",
    "furthermore", "moreover", "therefore", "thus", "hence",  # "You will furthermore take …"
    "please",  # "Therefore please submit …"
}  # fmt: skip
# Words that only introduce the action that follows them ("be able to", "enjoy working", ...).
TRANSPARENT_VERBS = {
    "enjoy",
    "relish",  # "relish solving complex problems", as "enjoy"
    "appreciate",  # "appreciates learning new things"; "You truly appreciate quality": a disposition
    "like",
    "love",
    "want",
    "need",
    "expect",
    "require",
    "continue",
    "involve",
    "consist",  # "Your daily tasks consist of coding …"
    "entail",  # "The role entails working with …" (with a noun it stays a nominal requirement)
    "include",
    "mean",
    "task",  # "You'll be tasked with keeping …"
}
# Transparent only after a duty ("Your daily tasks consist of coding"; not "The department consists
# of …").
DUTY_VERBS = {"consist"}
TRANSPARENT_ADJECTIVES = {
    "able",
    "focused",  # "you'll be focused on running …": the job's focus, as "the focus is on"
    "responsible",
    "accountable",
    "comfortable",
    "happy",
    "willing",
    "keen",
    "eager",
    "passionate",
    "confident",
    "capable",
    "expected",
    "required",
    "proficient",
    "experienced",
    "skilled",
    "used",
    "ready",
    "interested",
    "adept",
    "effective",  # "effective at building relationships", as "comfortable at"
    "good",  # "good at working independently"
    "great",  # "great at getting things to move forward", as "good at"
    "committed",  # "committed to improving yourself", as "determined to"
    "excited",  # "Excited about meeting new people", as "passionate about"
    "fond",  # "Are you fond of making the right decisions …?", as "passionate about"
    "afraid",  # "not afraid to challenge": ready to, as the gold has read it since the fifth set
    "determined",
}
# Participles that pass to their infinitive in the passive: "Are you driven to deliver …?", "You are
# motivated to learn", as "determined to"
DRIVEN_PARTICIPLES = {"driven", "motivated"}
# Participles that grade a nominal requirement: "Experience in sales preferred", "… required".
EVALUATION_VERBS = {"prefer", "require", "desire"}
TRANSPARENT_NOUNS = {
    "ability",
    "talent",
    "abilities",
    "experience",
    "capability",
    "capacity",
    "background",
    "willingness",
    "openness",  # "Openness to work with many stakeholders", as "willingness to"
    "skill",
    "skills",
    "expertise",
    "responsibility",
    "responsibilities",
    "task",
    "tasks",
    "duty",
    "duties",
    "role",
    "passion",
    "eagerness",
    "purpose",
    "focus",
    "desire",
    "flair",
    "determination",
    "aptitude",
    "appetite",
    "enthusiasm",
    "motivation",
    "commitment",
    "interest",  # "an interest in designing mechanical systems"
    "keenness",  # "keenness to learn", as "eagerness"
    "inclination",  # "Inclination to 'do it right'", as "willingness to"
    "hunger",  # "Hunger for the role", as "passion for" (a noun only before "for" / "of")
    "flexibility",  # "Flexibility to teach and support …", as "willingness to"
    "zeal",
    "exposure",  # "Exposure in building large applications", as "experience in"
    "love",  # "Love for solving technical challenges" (a noun only before "for" / "of")
}
# Stem nouns that are also common verbs: a noun only where `_noun_phrase_opening` says so ("Focus
# on safety" is the verb, "Focus of the role" the noun).
VERB_STEM_NOUNS = {"love", "hunger", "focus"}
# What a job's duties are said of: "Work involves …", "Job requires …".
JOB_NOUNS = TRANSPARENT_NOUNS | {"work", "job", "position", "mission", "goal"}


@dataclass(frozen=True)
class _Plan:
    """How one statement will be parsed: its topic (if given) and its predicate."""

    topic: str
    predicate: str
    form: str | None  # "base" | "gerund" | "third" when the predicate starts with a verb, else None
    verb_word: str = ""  # the predicate's first verb (after any leading adverb)


@cache
def load_spacy():
    """The packaged spaCy pipeline, loaded once (NER is not needed).

    spaCy's thinc imports torch if it can (about 1.6 s here) although `en_core_web_sm` runs on
    numpy: unless torch is loaded already, it is hidden while spaCy imports, then unhidden, so a
    later `import torch` works as usual. Parses are the same either way (tests/test_parse.py).
    """
    import sys

    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # makes `import torch` raise ImportError
    try:
        import spacy
    finally:
        if hide:
            del sys.modules["torch"]
    return spacy.load(config.SPACY_MODEL, exclude=["ner"])


def _join_prefix(match: re.Match) -> str:
    """ "co-ordinate" -> "coordinate", "re-tap" -> "retap": the tokenizer splits at the hyphen and
    the parser reads "co" as the verb. Joined only when the word or what follows the prefix is a
    verb ("co-founder", "pre-sales" stay); "pro-actively" -> "proactively", which the parser
    otherwise reads as the adjective "pro" heading the bullet."""
    joined = match.group(1) + match.group(2)
    if match.group(1).lower() == "pro":
        return joined if _parts_of_speech(joined.removesuffix("ly")) else match.group(0)
    return joined if _verb_form(joined) or _verb_form(match.group(2)) else match.group(0)


HYPHENED_PREFIX_RE = re.compile(r"\b(co|re|pre|de|un|pro)-([a-z]{3,})\b", re.IGNORECASE)


# Control characters between words ("problem-solving\x1askills"): spaces.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _strip_markers(text: str) -> str:
    # "You’re": the tagger knows "'re" only; \x92 is the same apostrophe in Windows-1252 text read
    # as Latin-1 ("you\x92ll develop", as \x95 is its bullet)
    text = CONTROL_RE.sub(" ", text)
    text = " ".join(text.split()).replace("’", "'").replace("\x92", "'")
    text = HYPHENED_PREFIX_RE.sub(_join_prefix, text)
    text = BULLET_RE.sub("", text, count=1)
    text = LEAD_IN_RE.sub("", text, count=1)
    text = HEADING_RE.sub("", text, count=1)
    text = DISCOURSE_RE.sub("", text, count=1)
    text = SLASHED_VERBS_RE.sub(_join_slashed, text, count=1)
    return text.strip().rstrip(".;!").strip()


# At the start, or after "to" ("Ability to read/publish on message").
SLASHED_VERBS_RE = re.compile(r"(^|\bto )([A-Za-z]+)/([A-Za-z]+)\b", re.IGNORECASE)


def _join_slashed(match: re.Match) -> str:
    """ "Evaluate/settle specifications": two verbs of one form joined by a slash are a list ("and"
    parses as one; the slash leaves the parser guessing), when one of them is only a verb."""
    opening, first, second = match.groups()
    form = _verb_form(first)
    listed = form == "base" == _verb_form(second) and (
        _verb_only(first) or _verb_only(second)
    )  # not gerunds, often listed with nouns ("Coding/scripting and basic DevOps skills")
    if not listed:
        return match.group(0)  # not "Input/output handling"
    return f"{opening}{first} and {second}"


@cache
def _verb_form(word: str) -> str | None:
    """'base', 'gerund' or 'third' if `word` can be an English verb in that form, else None.

    A word the lexicon lacks counts when it ends like a coined verb ("operationalizes",
    "containerising"), lemmatised by lemminflect's rules for unknown words."""
    from lemminflect import getAllLemmasOOV, getInflection

    lower = word.lower().strip(",:;.")
    if not lower.isalpha() or lower in NOT_ACTIONS:
        return None
    if (lower in TRANSPARENT_NOUNS - VERB_STEM_NOUNS) or lower in TRANSPARENT_ADJECTIVES:
        return None  # "Experience of …", "Passionate about …": a stem, not an action
    if lower.endswith("s") and lower[:-1] in TRANSPARENT_NOUNS - VERB_STEM_NOUNS:
        return None  # "Experiences with user testing …": the stem's plural
    lemmas = _verb_lemmas(lower)
    if not lemmas and _unknown_word(lower) and lower.endswith(COINED_VERB_ENDINGS):
        lemmas = getAllLemmasOOV(lower, "VERB")["VERB"]
    if (
        not lemmas
        and _unknown_word(lower)
        and lower.startswith(VERB_PREFIXES)
        and lower not in PREFIXED_NON_VERBS
    ):
        # "Reposition machines", "Degrease parts", "Undock vessels": a prefix on a known verb;
        # the longest prefix first ("underbid" is "under" + "bid", not "un" + "derbid")
        for prefix in sorted((p for p in VERB_PREFIXES if lower.startswith(p)), key=len)[::-1]:
            rest = lower[len(prefix) :]
            if len(rest) >= 3 and (form := _verb_form(rest)):
                return form
        return None
    if not lemmas or lemmas[0] in NOT_ACTIONS:
        return None
    if lower in lemmas:
        return "base"  # also "saw", "bore", "lay": base forms that are past tenses of others
    lemma = lemmas[0]
    if lower.endswith("ing"):
        return "gerund"
    if lower in getInflection(lemma, "VBZ"):  # "manages", "identifies", "processes"
        return "third"
    return None


@cache
def _unknown_word(word: str) -> bool:
    """True if the lexicon knows `word` under no part of speech (e.g. "unclamp")."""
    from lemminflect import getAllLemmasOOV

    lower = word.lower()
    return lower.isalpha() and not _parts_of_speech(lower) and bool(getAllLemmasOOV(lower, "VERB"))


# Base forms of workplace verbs newer than the lexicon ("Onboard new colleagues").
NEW_VERBS = {"onboard", "offboard", "upskill", "reskill", "upsell"}


@cache
def _verb_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas the lexicon gives `word` as a verb, most likely first ("coding" -> ("code",))."""
    from lemminflect import getAllInflectionsOOV, getAllLemmas

    lower = word.lower()
    for verb in NEW_VERBS:
        if any(lower in forms for forms in getAllInflectionsOOV(verb, "VERB").values()):
            return (verb,)  # "onboarding" -> "onboard"
    return tuple(getAllLemmas(lower, upos="VERB").get("VERB", ()))


@cache
def _parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech the lexicon knows `word` under ("design": NOUN and VERB)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()))


def _verb_only(word: str) -> bool:
    """True if the lexicon knows `word` as a verb and under no other part of speech ("analyze")."""
    return _parts_of_speech(word) == {"VERB"}


def _never_verb(word: str) -> bool:
    """True if the lexicon knows `word`, but not as a verb ("algorithms", "thoracic")."""
    parts = _parts_of_speech(word)
    return bool(parts) and "VERB" not in parts


def _can_be_noun(word: str) -> bool:
    return "NOUN" in _parts_of_speech(word)


def _can_be_adjective(word: str) -> bool:
    return "ADJ" in _parts_of_speech(word)


def _is_adverb(word: str) -> bool:
    lower = word.lower()
    return (
        lower.endswith("ly")
        and len(lower) > 4
        and lower not in INTENSIFIERS
        and _verb_form(lower) is None
    )


def _split_topic(text: str) -> tuple[str, str]:
    """Split "Topic — predicate" when the part after the dash starts with a verb."""
    match = DASH_RE.search(text)
    if match and match.start() > 0 and match.end() < len(text):
        topic, rest = text[: match.start()].strip(), text[match.end() :].strip()
        first = rest.split()[0] if rest.split() else ""
        if len(topic.split()) <= 12 and _verb_form(first):
            return topic, rest
    return "", text


def plan(text: str) -> _Plan:
    """Normalise a statement to (topic, predicate, verb form of the predicate's first word)."""
    cleaned = _strip_markers(text)
    if BULLET_RE.match(text) and (how_to := HOW_TO_RE.match(cleaned)):
        cleaned = cleaned[how_to.end() :].rstrip(" ?")
    if HEADING_ONLY_RE.fullmatch(cleaned) or QUESTION_HEADING_RE.fullmatch(cleaned):
        # "What you will do:" before its bullets; "So what are you going to do today?"
        return _Plan(topic="", predicate="", form=None)
    topic, predicate = _split_topic(cleaned)
    stem = STEM_RE.match(predicate)
    rest = predicate[stem.end() :].strip() if stem else ""
    # "Applicants must hold a PhD": kept whole, so that the subject makes "hold" possession
    holds = rest.lower().startswith("hold ") and re.match(STEM_SUBJECT, stem.group(0), re.I)
    # "You can expect to work on …": kept whole, so that "can expect" reads as the offer
    expects = rest.lower().startswith("expect ") and stem.group(0).lower().rstrip(" :").endswith(
        "can"
    )
    predicate = predicate if holds or expects else rest or predicate
    if re.match(r"have (?:proven|demonstrated|demonstrable) ", rest, re.IGNORECASE) and (
        again := STEM_RE.match("you " + rest)
    ):
        # "You will have proven/VBN experience in reporting …" (read as a perfect): the modal's
        # stem, then the experience's
        predicate = ("you " + rest)[again.end() :].strip() or predicate
    words = [w.strip(",:;") for w in predicate.split()]
    while len(words) > 1 and (_is_adverb(words[0]) or words[0].lower() in PREVERBAL_ADVERBS):
        words = words[1:]  # "strategically support stakeholders", "also proactively automate …"
        if len(words) > 2 and words[0].lower() in ("and", "or") and _is_adverb(words[1]):
            words = words[1:]  # "clearly and professionally present information"
    if not words:
        return _Plan(topic=topic, predicate=predicate, form=None)
    if (
        len(words) > 3
        and words[1].lower() in COMPOUND_ADJECTIVES
        and words[2].lower() in COORDINATORS
    ):
        # "Result oriented and work constructively": a quality, then the action.
        rest = plan(" ".join(words[3:]))
        return _Plan(
            topic=topic, predicate=rest.predicate, form=rest.form, verb_word=rest.verb_word
        )
    form = _verb_form(words[0])
    if form and (
        _noun_phrase_opening(words)
        or _coordinated_with_noun(words, form)
        or _listed_practices(predicate.split())  # (its commas kept)
    ):
        form = None
    if form and re.match(r"\w+\s*:", predicate):
        form = None  # "Focus: sales and service": a one-word heading
    if form and _acronym(words[0]) and not predicate.isupper():
        form = None  # "REST API ) You will …", "ARM Cortex-A/M ) …": a name, not "rest", "arm"
    if form == "gerund" and LATER_CLAUSE_RE.search(predicate):
        form = None  # "Reporting directly to the Head of Sales your job will be to …": read whole
    if form is None and topic and _unknown_word(words[0]):
        form = "base"
    if form is None and stem and stem.group(0).rstrip(" :").lower().endswith(" to"):
        # after "able to", "ability to": an infinitive even where the lexicon lacks the verb
        # ("Able to multitask, prioritise …", "multi-task") or a noun is folded into it ("Able to
        # problem solve")
        if _unknown_word(words[0]):
            form = "base"
        elif (parts := words[0].split("-")) and len(parts) == 2 and not _verb_lemmas(parts[0]):
            # "multi-task": the plan's word is the tokeniser's first part
            return _Plan(topic=topic, predicate=predicate, form="base", verb_word=parts[0])
        elif len(words) > 1 and _can_be_noun(words[0]) and _verb_form(words[1]) == "base":
            return _Plan(topic=topic, predicate=predicate, form="base", verb_word=words[1])
    if form is None and not topic and _past_bullet(words):
        form = "past"
    if form is None and not topic and len(words) > 1 and _unknown_word(words[0]):
        # A verb the lexicon lacks, recognisable by what follows ("Unclamp and hoist reels").
        follows = words[1].lower() in ("and", "or") and len(words) > 2 and _verb_form(words[2])
        form = "base" if follows else None
    return _Plan(topic=topic, predicate=predicate, form=form, verb_word=words[0] if form else "")


# What opens a verb's object after a résumé's past-tense verb ("Managed a team", "Led our …").
OBJECT_OPENERS = {"a", "an", "the", "our", "my", "their", "his", "her", "its", "this", "these"}


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word.isupper()


def _past_bullet(words: list[str]) -> bool:
    """Whether a statement opens with a past-tense action, as résumé bullets do ("Managed a team of
    five", "Designed and implemented a new workflow"): only before what opens an object. A
    participle before a bare noun describes it far more often in job ads ("Paid time off",
    "Motivated colleagues", "Documented experience with SQL", "Spoken and written English"), so
    "Led cross-functional teams" is not read as an action."""
    if len(words) < 2 or not _past_form(words[0]):
        return False
    second = words[1].lower()
    if second in OBJECT_OPENERS or second[:1].isdigit():
        return True
    return (
        second in ("and", "&")
        and len(words) > 3
        and _past_form(words[2])
        and words[3].lower() in OBJECT_OPENERS
    )


@cache
def _past_form(word: str) -> bool:
    """True if `word` is only a past tense or participle of a verb ("led", "managed"), not also its
    base form ("set", "put") nor a word of the stems ("experienced", "required")."""
    from lemminflect import getInflection

    lower = word.lower()
    if not lower.isalpha() or lower in NOT_ACTIONS | TRANSPARENT_ADJECTIVES | {"given"}:
        return False  # "Given the success of …": a preposition
    lemmas = _verb_lemmas(lower)
    if not lemmas or lower in lemmas or lemmas[0] in NOT_ACTIONS:
        return False
    return lower in getInflection(lemmas[0], "VBD") + getInflection(lemmas[0], "VBN")


# Second words that make a verb-looking first word an adjective: "Detail oriented", "Results driven".
COMPOUND_ADJECTIVES = {
    "oriented",
    "orientated",
    "driven",
    "focused",
    "focussed",
    "minded",
    "savvy",
    "led",
}
# What a grading adjective grades in a nominal requirement ("Working knowledge of …").
REQUIREMENT_NOUNS = {
    "knowledge",
    "understanding",
    "grasp",
    "awareness",
    "command",
    "familiarity",
    "proficiency",
    "experience",
    "background",
    "skills",
    "communication",
}
# What a person knows, not does: "knowledge of interfacing superconductors"
KNOWING_NOUNS = {"knowledge", "understanding", "grasp", "awareness", "command", "familiarity"}
# What a practice's name heads in a nominal requirement ("Change management experience").
PRACTICE_HEADS = {"experience", "skills", "knowledge", "background", "expertise"}
ACTION_NOUN_ENDINGS = ("ment", "tion", "sion", "ance", "ence", "ing", "sis", "ery")  # "delivery"
# Verbs whose object is a skill or experience ("Share communication skills", "Gain management
# experience"): their bullets are actions even when an action noun comes between.
SKILL_VERBS = {
    "share", "gain", "build", "bring", "apply", "use", "develop", "improve", "transfer", "leverage",
    "deepen", "broaden", "expand", "grow", "acquire", "enhance", "utilise", "utilize", "demonstrate",
    "hone", "sharpen", "refine", "master", "update", "refresh", "upgrade",
}  # fmt: skip
# "Hands on engineer", "Open to change", "Key to this role is …"
FIXED_ADJECTIVES = {("hands", "on"), ("open", "to"), ("open", "for"), ("key", "to")}
MODALS = {"will", "should", "must", "shall", "can", "would"}
FINITE_AFTER_SUBJECT = MODALS | {"needs", "is", "has"}


# Word pairs whose first word is never an action, though the lexicon lists it as a verb: "Track
# record of delivering …", "Team player with …", "Sense for writing …", "Code reviews and …",
# "contributor to open source projects".
NOUN_COMPOUNDS = {
    ("track", "record"), ("team", "player"), ("sense", "for"), ("sense", "of"), ("code", "reviews"),
    ("open", "source"),
}  # fmt: skip


def _fixed_adjective(token) -> bool:
    """Whether `token` opens a FIXED_ADJECTIVES pair ("Open/VB for change"), not a verb."""
    after = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
    return (token.lower_, after) in FIXED_ADJECTIVES


def _noun_phrase_opening(words: list[str]) -> bool:
    """Whether a verb-looking first word opens a noun phrase instead of an imperative:
    "Results driven and …", "Product manager needs to …", "Sales engineer will …"."""
    first, second = words[0].lower(), words[1].lower() if len(words) > 1 else ""
    if second in COMPOUND_ADJECTIVES or (first, second) in FIXED_ADJECTIVES:
        return True
    if first == "key" and second in TRANSPARENT_NOUNS:
        return True  # "Key responsibilities include managing …": the adjective
    if first in GRADING_WORDS and second in REQUIREMENT_NOUNS:
        return True  # "Working knowledge of GDPR", "Sound understanding of …": graded nouns
    if first == "access" and second == "to":
        return True  # "Access to the UK's leading … deals": the noun ("to access" takes no "to")
    if first in VERB_STEM_NOUNS and second in ("for", "of"):
        return True  # "Love for solving …": the stem noun, not "Love what you do"
    if (first, second) in NOUN_COMPOUNDS:
        return True
    if (
        len(words) > 2
        and words[2].lower() in PRACTICE_HEADS
        and all(w.istitle() for w in words[:3])
    ):
        return True  # "Telephone Sales Experience": a title-case name of a requirement
    if (
        second in PRACTICE_HEADS
        and (_can_be_noun(first) or _verb_form(first) == "gerund")
        and not {first, *_verb_lemmas(first)} & SKILL_VERBS
    ):
        # "Design skills", "Programming skills in Java", "Consulting experience" (not "Build skills
        # in …", "Hone …", "Gaining experience")
        return True
    if _names_practice(words) and _can_be_noun(first):
        return True  # "Change management experience", "Project management skills"
    head = next((k for k, w in enumerate(words[:4]) if w.lower() in PRACTICE_HEADS), 0)
    if (
        head >= 3  # (not "Present exercise knowledge, program information, or …": objects)
        and _can_be_adjective(first)
        and all(w.isalpha() and _can_be_noun(w) for w in words[1:head])
        and not {first, *_verb_lemmas(first)} & SKILL_VERBS
    ):
        return True  # "Direct industry sales experience": the adjective, not "to direct"
    if second == "of" and (
        first.endswith("ing") or _verb_form(first) == "third" or _can_be_noun(first)
    ):
        # "Understanding of safety policies", "Copies of the publications", "Design of flow
        # charts": a noun (not "Dispose of waste", which is a verb only)
        return True
    if (
        first in JOB_NOUNS
        and _verb_form(second) == "third"
        and any(lemma in TRANSPARENT_VERBS for lemma in _verb_lemmas(second)[:1])
    ):
        return True  # "Work involves defining …", "Role includes …" (not "Identify means to …")
    third = words[2].lower() if len(words) > 2 else ""
    if third == "who" and second.endswith(ROLE_SUFFIXES) and _verb_form(second) is None:
        return True  # "Team player who likes to engage …": a person described, not "team"
    if third in MODALS and second.endswith("s") and _can_be_noun(first) and _can_be_noun(second):
        # "Network Operations will be able to …", "Research methods should mostly be …": a noun
        # phrase, then its modal (an imperative's object takes none)
        return True
    return third in FINITE_AFTER_SUBJECT and (
        second in PERSON_SUBJECTS
        or (second.endswith(ROLE_SUFFIXES) and _verb_form(second) is None)
        # "Network engineers will use …": a plural role before a modal ("engineers" is also a verb)
        or (third in MODALS and second.endswith(tuple(f"{s}s" for s in ROLE_SUFFIXES)))
    )


def _listed_practices(words: list[str]) -> bool:
    """Whether the words open with a comma list of single names before a requirement noun
    ("Project, finance or office experience"), not a list of actions ("Plan, organise and manage
    experience days", where every name can be a verb)."""
    if not words or not words[0].endswith(","):
        return False
    names = []
    for k, word in enumerate(words[:8]):
        if word.lower() in ("and", "or") and names:
            continue
        bare = word.rstrip(",")
        if not bare.isalpha():
            return False
        if bare.lower() in PRACTICE_HEADS and len(names) >= 2:
            return any(_verb_form(name) is None for name in names)
        # each name ends with a comma, or comes before "and" / "or" or the requirement noun
        after = words[k + 1].lower() if k + 1 < len(words) else ""
        if word == bare and after not in PRACTICE_HEADS | {"and", "or"}:
            return False
        names.append(bare)
    return False


def _names_practice(words: list[str]) -> bool:
    """Whether the words open with a requirement named by a practice: two nouns, the second an
    action noun, before the requirement ("Change management experience", "Test automation
    skills"), not a verb's object ("Share communication skills", "Gain sales experience")."""
    return (
        len(words) > 2
        and words[2].lower() in PRACTICE_HEADS
        and words[1].isalpha()
        and words[1].lower().endswith(ACTION_NOUN_ENDINGS)
        and _can_be_noun(words[1])
        and not set(_verb_lemmas(words[0])) & SKILL_VERBS
    )


def _coordinated_with_noun(words: list[str], form: str) -> bool:
    """Whether the first word is joined to a word that cannot be a verb of its form: a noun list
    ("Interest or experience with IoT"), not a list of actions ("Clean and repair", "Sell or lease")."""
    if len(words) < 3 or words[1].lower() not in ("and", "or", "&", "and/or"):
        return False
    following = words[2].lower()
    return (
        following.isalpha()
        and _verb_form(following) != form
        and not _is_adverb(following)
        # "Processing and analyze …": a verb of another form is still a verb, not a noun
        and not (_verb_form(following) and _verb_only(following))
    )


def _join(tokens: Iterable) -> str:
    """The tokens' text as written; where a token between two kept ones was dropped ("products,
    explain" without the verb), a space keeps their neighbours apart ("products explain")."""
    parts, last = [], None
    for t in tokens:
        if last is not None and t.i != last.i + 1 and not last.whitespace_:
            parts.append(" ")
        parts.append(t.text_with_ws)
        last = t
    text = "".join(parts).strip()
    text = re.sub(r"^[\s,;:.—–-]+|[\s,;:—–-]+$", "", text)
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", text))


# Participles that are prepositions ("according to", "owing to", "regarding").
PREPOSITIONAL_PARTICIPLES = {"according", "owing", "regarding", "concerning", "pertaining"}


def _coordinated(doc, root, form: str) -> list:
    """Verbs coordinated with `root` by the parser: same form, no subject of their own.

    Sharing the root's form keeps out nouns the tagger mistook for verbs ("customer needs
    analysis"); a subject of their own marks a separate clause ("that amounts agree").
    """
    verbs, frontier = [root], [root]
    while frontier:
        head = frontier.pop()
        for child in head.children:
            if child.dep_ != "conj" or _own_subject(child):
                continue
            # Walk through mis-tagged links ("queries/VBZ … and seek") but keep only real verbs.
            frontier.append(child)
            if child.lower_ in PREPOSITIONAL_PARTICIPLES:
                continue  # "delivers … and according to business needs": a preposition
            if (
                child.tag_ in FORM_TAGS.get(form, {child.tag_})
                or (_verb_form(child.text) == form and child.i <= head.i + 3)
                # "Processing and analyze data and investigate …": sloppy forms, still verbs
                or (
                    form == "gerund"
                    and child.tag_ in ("VB", "VBP")
                    and _verb_only(child.text)
                    and not any(c.dep_ == "aux" for c in child.children)  # "and will include"
                )
                # "working with people … and can bring others along": what the person can do
                or (
                    form == "gerund"
                    and child.tag_ == "VB"
                    and _verb_form(child.text) == "base"
                    and any(c.dep_ == "aux" and c.lower_ == "can" for c in child.children)
                )
            ):
                verbs.append(child)
    return verbs


def _leading_list(doc, root, form: str) -> list:
    """Verbs listed right after the first one: "Clean, trim, slice, and section carcasses".

    The small model often parses such lists as nouns; the lexicon and the separators decide here.
    Separators may be missing ("Coach guide and mentor teams", as tokenised job ads often are)
    only when an "and"/"or" closes the list.
    """
    found, pending = [], []
    i = root.i + (3 if _split_at_hyphen(root) else 1)  # "multi-task, prioritise and work …"
    while i < len(doc):
        if doc[i].lower_ in PARTICLES and doc[i].tag_ in ("RP", "IN") and i == root.i + 1:
            i += 1
            continue
        separators = []
        while i < len(doc) and doc[i].lower_ in COORDINATORS:
            separators.append(doc[i].lower_)
            i += 1
        if i < len(doc) and _is_adverb(doc[i].text):
            i += 1
        if i >= len(doc) or _verb_form(doc[i].text) != form:
            break
        if form == "third" and not separators and doc[i].tag_ != "VBZ":
            break  # "Prepares budgets and reports": plural nouns look like verbs in the third person
        if not separators and (found or any(t.text == "," for t in doc)):
            break  # "champion best practice": unseparated words only inside the first list
        if not separators and doc[i].tag_ in ("JJ", "JJR", "JJS") and doc[i].dep_ == "amod":
            break  # "share best practice and coach others": an adjective of the object
        pending.append(doc[i])
        if any(s in ("and", "or", "and/or", "&", "as well as") for s in separators):
            found.extend(pending)
            pending = []
        i += 1
        if i < len(doc) and doc[i].lower_ in PARTICLES and doc[i].tag_ == "RP":
            i += 1
    if pending and not found:
        # "Clean, oil, lubricate": commas only, no closing conjunction.
        found = [t for t in pending if doc[t.i - 1].lower_ == ","]
    if found and not any(doc[t.i - 1].text == "," for t in found):
        # "monitor cost and budget", "keep scope and deliver iteratively": a list without commas
        # that nothing (or only an adverb) follows names the objects
        after = found[-1].i + 1
        while after < len(doc) and _is_adverb(doc[after].text):
            after += 1
        hyphenated = after < len(doc) and doc[after].text == "-" and not found[-1].whitespace_
        if after >= len(doc) or (doc[after].is_punct and not hyphenated):  # not "hand-feed"
            return []
    return found


# "… and want to build": the wanted action.
DESIRE_VERBS = {"want", "wish", "like", "love", "enjoy", "relish"}
# Verbs that join a subject to a description ("become a key role", "It might seem like an easy task").
COPULAS = {"be", "become", "seem", "remain"}  # "You remain calm …"


def _possesses_quality(verb) -> bool:
    """ "have good collaboration skills", "be reliable": a quality the person has, not an action
    ("have an understanding of" stays: DDaT's way of saying "understand")."""
    if verb.lemma_.lower() in COPULAS:
        return True
    return any(
        c.dep_ == "dobj" and c.lemma_.lower() in TRANSPARENT_NOUNS | QUALITY_NOUNS
        for c in verb.children
    )


# What a person has as a trait: "… and have a pragmatic approach", "… and have a keen eye".
QUALITY_NOUNS = {"approach", "mindset", "attitude", "eye", "ethic", "personality", "sense"}


def _third_person_joined(doc, root) -> list:
    """A third-person verb right after "and"/"or" that the parser hung on a noun: "Identifies new
    prospects and prepares proposals" ("prepares" as an adjective of "proposals"). The tagger's VBZ
    and the lexicon decide, not the attachment (for base forms the tagger's VB after "and" is too
    often a noun: "write headlines and cover copy", "take food and drink orders"). Not a clause
    with its own subject ("and the team reports to …"), nor a verb under a subordinate one ("to
    present information and explain services": the purpose)."""
    return [
        token
        for token in doc[root.i + 2 :]
        if token.tag_ == "VBZ"
        and doc[token.i - 1].lower_ in LIST_JOINERS
        and not (token.i + 1 < len(doc) and doc[token.i + 1].text == "-")  # "and follow-up tasks"
        and _verb_form(token.text) == "third"
        and not _subjects(token)
        and _under(token, root)
    ]


# Verbs that take a clause with its own subject: "Ensure products meet standards".
CLAUSE_VERBS = {
    "ensure",
    "verify",
    "check",
    "confirm",
    "see",
    "note",
    "notice",
    "demonstrate",
    "show",
    "prove",
    "know",
    "understand",
    "believe",
    "think",
    "feel",
    "say",
    "suggest",
    "recommend",
    "require",
    "request",
    "decide",
    "determine",
    "ascertain",
    "assume",
    "expect",
    "hear",
    "help",
    "let",
    "make",
    "have",
    "watch",
    "insist",
    "assure",
    "guarantee",
    "indicate",
    "mean",
    "find",
    "agree",
    "predict",
    "anticipate",
    "ask",
    "tell",
    "mandate",
}


def _joined_to_object(root, form: str) -> list:
    """ "Answer customer calls and update account records", "Implementing unit testing and
    debugging software": a verb of the root's form with an object of its own that the parser joined
    to the root's object ("calls … and update") instead of the root."""
    if form not in ("base", "gerund"):
        return []
    return [
        child
        for obj in root.children
        if obj.dep_ == "dobj"
        for child in obj.children
        if _listed_verb(child, form) and any(c.dep_ == "dobj" for c in child.children)
    ]


def _verb_read_as_modifier(root, form: str) -> list:
    """ "meet deadlines / prioritise/compound workloads", "… and prioritise/compound workloads": a
    word the lexicon knows only as a verb, after a list joiner, that the tagger read as a modifier of
    the noun after it."""
    doc = root.doc
    return [
        t
        for t in doc[root.i + 2 :]
        if t.dep_ in ("compound", "amod", "nmod")
        and t.head.i == t.i + 1
        and doc[t.i - 1].lower_ in (*LIST_JOINERS, "/")
        # after the object of a listed verb (not "identify and diagnose root causes", "teams and
        # varying …", "to maximize value and minimize/compound costs": a purpose's), before the
        # noun it acts on (not "log/compound book/compound entries")
        and doc[t.i - 2].dep_ == "dobj"
        and _under(doc[t.i - 2], root)
        and t.head.dep_ != "compound"
        and _verb_form(t.text) == form
        and _verb_only(t.text)
        and _under(t, root)
    ]


def _listed_verb(token, form: str = "base") -> bool:
    """A verb of `form` (base or gerund) after "and"/"or" with no subject of its own: a listed
    action, whatever head the parser joined it to."""
    return (
        token.dep_ == "conj"
        and token.tag_ == {"base": "VB", "gerund": "VBG"}[form]
        and token.doc[token.i - 1].lower_ in LIST_JOINERS
        and _verb_form(token.text) == form
        and not _subjects(token)
    )


def _joined_to_gerund(root, form: str) -> list:
    """ "Identify gaps in logging capabilities and develop and propose strategies": a base-form
    verb that the parser joined to a gerund inside the root's phrase ("in logging … and develop");
    a base form cannot continue a gerund, so it continues the root."""
    if form != "base":
        return []
    return [
        token
        for token in root.subtree
        if _listed_verb(token)
        and token.head.tag_ == "VBG"
        and token.head.dep_ in ("pcomp", "pobj")
        and not any(c.dep_ == "aux" for c in token.children)
        and not _noun_before_noun(token)
        and token.head.head.dep_ == "prep"  # the gerund's preposition hangs on the root or
        and (token.head.head.head == root or token.head.head.head.head == root)  # its object
    ]


def _noun_before_noun(token) -> bool:
    """A word that can be a noun, right before a noun: more likely a compound ("defect management
    processes", "set lengths") than a verb and its object."""
    doc = token.doc
    return (
        not _verb_only(token.text)
        and token.i + 1 < len(doc)
        and doc[token.i + 1].pos_ in ("NOUN", "PROPN")
    )


# Verbs that take a bare infinitive ("help build", "make people feel"): not a list.
BARE_INFINITIVE_VERBS = {"help", "let", "make", "have", "see", "watch", "hear", "feel", "bid"}


def _unmarked_xcomp(root, form: str) -> list:
    """ "lead the team propose and drive initiatives": a base-form verb after the root's object
    with no "to", which the parser made the root's complement; job-ad text that lost its commas."""
    if form != "base" or root.lemma_.lower() in BARE_INFINITIVE_VERBS:
        return []
    first_object = min((c.i for c in root.children if c.dep_ == "dobj"), default=None)
    if first_object is None:
        return []
    return [
        child
        for child in root.children
        if child.dep_ == "xcomp"
        and child.tag_ == "VB"
        and first_object < child.i
        and _verb_form(child.text) == "base"
        and not any(c.dep_ in ("aux", "mark") or c.lower_ == "to" for c in child.children)
        and not _subjects(child)
        # "pieces and watch dials", "aids, answer keys": a noun listed with the object
        and not _noun_before_noun(child)
        # an object of its own or of a verb listed with it, and no noun listed with it
        # ("Inspect biofuels plant or processing equipment")
        and any(c.dep_ == "dobj" for v in _conjuncts(child, ("conj",)) for c in v.children)
        and not any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") for c in child.children)
    ]


# Verbs that take a clause without "that" ("Ensure all employees understand the policy").
CLAUSE_TAKING_VERBS = {
    "ensure", "make", "help", "see", "check", "verify", "confirm", "let", "ask", "know",
    "understand", "show", "demonstrate", "prove", "recommend", "suggest", "require", "guarantee",
    "assure", "insist", "feel", "think", "believe", "notice", "watch", "hear", "say", "tell",
    "determine", "decide", "mean", "expect", "find", "realise", "realize", "learn", "agree", "note",
}  # fmt: skip


def _joined_duties(root) -> list:
    """Copulas "and (will) be responsible/accountable for …" joined, with no subject of their own,
    to a word below `root` (not inside a relative clause)."""
    return [
        t
        for t in root.subtree
        if t.dep_ == "conj"
        and t.lemma_ == "be"
        and t.head is not root
        and t.i > root.i
        and not _subjects(t)
        and t.left_edge.i > 0
        and t.doc[t.left_edge.i - 1].lower_ == "and"
        and any(
            c.dep_ == "acomp" and c.lower_ in ("responsible", "accountable") for c in t.children
        )
        and not any(a.dep_ == "relcl" for a in t.ancestors)
    ]


def _object_read_as_subject(verb) -> list:
    """ "pioneer new approaches define/ccomp and share best practices": a comma-less list whose next
    verb the parser gave the first one's object as its subject (not "Ensure all employees
    understand the policy", a clause)."""
    if verb.lemma_.lower() in CLAUSE_TAKING_VERBS or any(c.dep_ == "dobj" for c in verb.children):
        return []
    return [
        c
        for c in verb.children
        if c.dep_ == "ccomp"
        and c.tag_ == "VBP"
        and c.doc[verb.i + 1].tag_ not in ("WRB", "WP", "WDT")  # "explain how … methods affect …"
        and not any(a.dep_ in ("aux", "mark") for a in c.children)
        and any(
            s.dep_ == "nsubj" and s.tag_ == "NNS" and s.left_edge.i == verb.i + 1
            for s in c.children
        )
    ][:1]


def _bare(verb) -> bool:
    """A verb with no auxiliary, marker or subject of its own: the next item of a list that lost
    its commas, not a clause."""
    return not any(c.dep_ in ("aux", "mark", *SUBJECT_DEPS) for c in verb.children)


# Verbs that take a gerund as their complement ("keep improving", "enjoy working"): a gerund after
# them is not the next item of a list.
GERUND_TAKING = {
    "keep",
    "start",
    "stop",
    "continue",
    "avoid",
    "consider",
    "finish",
    "begin",
    "mind",
}


def _adjacent_gerunds(root, form: str) -> list:
    """ "designing analyzing optimising code": gerunds that lost their commas, each of which the
    parser made the complement of the one before, right after it with nothing of its own."""
    if form != "gerund":
        return []
    chain, verb = [], root
    while verb.lemma_.lower() not in GERUND_TAKING | DESIRE_VERBS and (
        following := next(
            (
                c
                for c in verb.children
                if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == verb.i + 1 and _bare(c)
            ),
            None,
        )
    ):
        chain.append(following)
        verb = following
    return chain


def _unseparated_next(root, form: str) -> list:
    """ "set priorities meet timelines", "articulate value inspire clients": job-ad text that lost
    its commas, where the parser reads the bare noun after the first verb as the subject of the
    next ("priorities meet"). Not after verbs that take such a clause ("Ensure products meet …")."""
    if form != "base" or root.lemma_.lower() in CLAUSE_VERBS:
        return []
    found = []
    for clause in root.children:
        subjects = _subjects(clause)
        if (
            clause.dep_ == "ccomp"
            and clause.tag_ in ("VB", "VBP")
            and _verb_form(clause.text) == "base"
            and len(subjects) == 1
            and subjects[0].i == root.i + 1 == clause.i - 1
            and subjects[0].tag_ in ("NN", "NNS")
            and not list(subjects[0].children)
            and not any(c.dep_ in ("aux", "mark") for c in clause.children)
        ):
            found.append(clause)
    return found


def _then_next(root, form: str) -> list:
    """ "document a strategy … then carry it through to completion": a base-form verb opened by
    "then", with no subject, auxiliary or marker of its own, that the parser hung on the action as
    a loose dependent: the next step of the same list."""
    if form != "base":
        return []
    return [
        clause
        for clause in root.children
        if clause.dep_ in ("dep", "parataxis")
        and clause.tag_ in ("VB", "VBP")
        and _verb_form(clause.text) == "base"
        and clause.i > 0
        and clause.doc[clause.i - 1].lower_ == "then"
        and _bare(clause)
    ]


def _adjacent_sibling(verb, form: str):
    """ "the ability to lead a project team make decisions …": a base-form verb the parser hung
    beside `verb` (on its head, with its role) right where `verb`'s phrase ends, with no subject,
    auxiliary or marker of its own: the next item of a list that lost its commas. Or None."""
    if form != "base" or verb.dep_ not in SUBORDINATE_DEPS:
        return None  # (a verb tagged in a compound, "Install/compound blanket/compound insulation")
    end = max(t.i for t in verb.subtree)
    return next(
        (
            s
            for s in verb.head.children
            if s.i == end + 1
            and s.dep_ == verb.dep_
            and s.tag_ in ("VB", "VBP")
            and _verb_form(s.text) == "base"
            and _bare(s)
        ),
        None,
    )


# Phrases that add an action to the one before ("… as well as designing …", "… in addition to
# defining best practices …").
ADDING_PHRASES = (["as", "well", "as"], ["in", "addition", "to"])


def _after_as_well_as(token) -> bool:
    return [t.lower_ for t in token.doc[max(token.i - 3, 0) : token.i]] in ADDING_PHRASES


def _as_well_as(doc, root) -> list:
    """ "Develop threat models … as well as designing controls": a gerund after "as well as" adds an
    action to the root's, whatever the parser hung it on, unless it sits under a subordinate verb
    or pairs with an earlier gerund that is not the root ("work with … in ensuring … as well as
    streamlining": the manner of the work)."""
    return [
        token
        for token in doc[root.i + 4 :]
        if (token.tag_ == "VBG" or _base_verb_after(token, root))
        and _after_as_well_as(token)
        and not any(t.tag_ == "VBG" for t in doc[root.i + 1 : token.i - 3])
        and _under(token, root)
    ]


def _base_verb_after(token, root) -> bool:
    """ "apply your knowledge … as well as partner continuously with …": a base form after a base
    root, read as a verb when an adverb, preposition or determiner follows it (not "as well as
    partner organisations", "as well as part of a team")."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        root.tag_ == "VB"
        and _verb_form(token.text) == "base"
        and following is not None
        and following.tag_ in ("RB", "IN", "DT", "PRP$")
        and not (following.lower_ == "of" and _can_be_noun(token.text))  # "as well as part of"
    )


def _under(token, root) -> bool:
    """Whether `token` hangs from `root` through no subordinate verb (purpose, complement,
    relative clause) on the way up."""
    head = token.head
    while head.i != root.i and head.dep_ not in SUBORDINATE_DEPS and head.head.i != head.i:
        head = head.head
    return head.i == root.i


# Dependencies of a verb subordinate to another: its purpose, complement or relative clause.
SUBORDINATE_DEPS = {"xcomp", "advcl", "acl", "relcl", "ccomp", "pcomp", "csubj"}


def _main_verbs(doc, root, form: str) -> list:
    verbs = {t.i: t for t in _coordinated(doc, root, form) + _leading_list(doc, root, form)}
    if form == "third":
        verbs.update((t.i, t) for t in _third_person_joined(doc, root))
    listed = [root]
    while next_item := _adjacent_sibling(listed[-1], form):
        listed.append(next_item)
    for verb in listed[1:] + [
        found
        for item in listed
        for found in _unseparated_next(item, form)
        + _then_next(item, form)
        + _joined_to_object(item, form)
        + _verb_read_as_modifier(item, form)
        + _joined_to_gerund(item, form)
        + _unmarked_xcomp(item, form)
        + _adjacent_gerunds(item, form)
        + _object_read_as_subject(item)
    ]:
        verbs.update((t.i, t) for t in _coordinated(doc, verb, form))
    stem = root.head if root.dep_ == "xcomp" else None
    if stem is not None and stem.pos_ == "VERB" and stem.lemma_.lower() in DESIRE_VERBS:
        # "You like to dive into the numbers analyze them and …": the commas lost, the parser
        # hangs the next actions on the stem, not on the first action
        for verb in (c for c in stem.children if c.dep_ == "conj" and c.i > root.i):
            if verb.pos_ == "VERB" and not _subjects(verb) and not _given(verb):
                verbs.update((t.i, t) for t in _coordinated(doc, verb, _form_of(verb)))
    for duty in _joined_duties(root):
        # "… will be using Unity to implement … and will be responsible for making …": a duty
        # stem joined below the root (the parser hung it on a purpose or a misread noun)
        action = _action_of(duty, depth=1)
        if action is not None:
            verbs.update((t.i, t) for t in _coordinated(doc, action, _form_of(action)))
    for gerund in _as_well_as(doc, root):
        listed = _coordinated(doc, gerund, "gerund")
        # "… as well as receiving and shipping.": gerunds with nothing after them name departments
        after = max(t.i for t in listed) + 1
        if after < len(doc) and not doc[after].is_punct:
            verbs.update((t.i, t) for t in listed)
    for verb in list(verbs.values()):
        # (a stem cannot continue a purpose: "work in teams to achieve goals and passionate/conj
        # about building …" continues the root)
        objects = [
            c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "advcl" and _infinitive(c))
        ]
        for child in [c for head in (verb, *objects) for c in head.children]:
            # "Able to analyse systems and happy to bring …": a stem coordinated with the verb (or,
            # as the parser often attaches it, with the verb's object)
            if child.dep_ == "conj" and child.lemma_.lower() in TRANSPARENT_ADJECTIVES:
                action = _action_of(_verbal_complement(child), depth=1)
                if action is not None:
                    verbs.update((t.i, t) for t in _coordinated(doc, action, _form_of(action)))
    for i, verb in list(verbs.items()):
        if (caring := _takes_care_of(verb)) is not None:
            # "take care of designing and implementing …": the actions cared for
            del verbs[i]
            verbs.update((t.i, t) for t in _coordinated(doc, caring, "gerund"))
            continue
        lemma = verb.lemma_.lower()
        if verb is not root and lemma in EVALUATION_VERBS:
            # "the role will involve receiving enquiries … and require consultative selling": what
            # the job requires, not an action
            del verbs[i]
            continue
        if verb is root or lemma not in {*COPULAS, *POSSESSION, *DESIRE_VERBS, "expect"}:
            continue
        # "deliver care and be capable of working …", "… and want to build": the stem's action.
        action = _action_of(verb, depth=1)
        if action is not None:
            del verbs[i]
            verbs.update((t.i, t) for t in _coordinated(doc, action, _form_of(action)))
        elif _possesses_quality(verb):
            del verbs[i]  # "… and to have good collaboration skills": possession, no action
        elif lemma in DESIRE_VERBS and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in COPULAS for c in verb.children
        ):
            del verbs[i]  # "… Want to be the architect of your own success": a wish to be
        elif lemma == "expect" and any(c.dep_ == "xcomp" for c in verb.children):
            del verbs[i]  # "… and can expect to be trained as experts": the offer, no action
    return [verbs[i] for i in sorted(verbs)]


def _takes_care_of(verb):
    """The gerund in "take care of V-ing" (the parser hangs "of" on "take" or on "care"), or None."""
    if verb.lemma_.lower() != "take":
        return None
    care = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "care"), None)
    if care is None:
        return None
    for prep in (*verb.children, *care.children):
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next(
                (c for c in prep.children if c.dep_ in ("pcomp", "pobj") and c.tag_ == "VBG"), None
            )
    return None


# Prepositions whose phrase says where, how or with whom: context, not part of the subject.
CONTEXT_PREPS = {
    "in",
    "on",
    "at",
    "under",
    "using",
    "with",
    "within",
    "across",
    "during",
    "to",
    "from",
    "through",
    "by",
    "via",
    "into",
    "between",
    "throughout",
    "without",
    "following",
}


def _object(doc, verbs: Sequence):
    """The direct object (or attribute) of the first main verb that has one (not a main verb the
    parser made an object: "build, configure, administer and support solutions")."""
    verb_ids = {v.i for v in verbs}
    for verb in verbs:
        for child in verb.children:
            if child.dep_ in ("dobj", "attr", "oprd") and child.i not in verb_ids:
                return child
    # The parser lost the object of a verb list ("Clean, oil, and lubricate machines"): take the
    # first noun phrase after the last verb.
    last = max(v.i for v in verbs)
    if last + 1 < len(doc) and doc[last + 1].pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM"):
        for chunk in doc.noun_chunks:
            # "Correct and document user interfaces": the chunk may have swallowed the last verb
            if chunk.root.i > last:
                return chunk.root
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == "prep":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
    return None


def _subject_tokens(obj, verb_ids: set[int]) -> set[int]:
    """The object's phrase without its where/how/with-whom prepositional phrases, nor the main
    verbs the parser hung on it ("calls and update records": "calls")."""
    dropped = set()
    for child in obj.children:
        if child.dep_ in ("prep", "acl", "relcl") and (
            child.lower_ in CONTEXT_PREPS or child.dep_ != "prep"
        ):
            dropped.update(t.i for t in child.subtree)
        elif child.i in verb_ids:
            dropped.update(t.i for t in child.subtree)
            dropped.update(c.i for c in obj.children if c.dep_ == "cc" and c.i < child.i)
    return {t.i for t in obj.subtree} - dropped - verb_ids


def _np_subject(text: str) -> str:
    words = text.split()
    while words and words[0].lower().strip(",") in GRADING_WORDS:
        words = words[1:]
    return " ".join(words)


def _form_of(token) -> str:
    for form, tags in FORM_TAGS.items():
        if token.tag_ in tags:
            return form
    return "base"


def _verbal_complement(token, after: int = -1):
    """The verb a transparent word introduces: "able [to manage]", "experience [managing]" (only
    among the children after position `after`, when given)."""
    nominal = False
    for child in token.children:
        if child.i <= after:
            continue
        if any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in child.children):
            continue  # "As you will work with people, it is important to …": background, not the ask
        if child.dep_ == "acl" and child.tag_ in ("VBN", "VBD"):
            continue  # "skills combined with team spirit", "experience gained in retail"
        if (
            child.dep_ == "acl"
            and nominal
            and _infinitive(child)
            and token.lower_ in PRACTICE_HEADS
        ):
            # "experience at middle management level in … budgets to ensure value for money": the
            # purpose of what the experience is of (not "the level of insight to take …")
            continue
        if child.dep_ in ("xcomp", "acl", "ccomp", "pcomp", "advcl") and child.pos_ == "VERB":
            return child
        if (
            child.dep_ == "relcl"
            and child.pos_ == "VERB"
            and _infinitive(child)
            and token.lemma_.lower() in TRANSPARENT_NOUNS
            and not any(c.dep_ == "expl" for c in token.head.children)
        ):
            # "Experience to work with …", "a key role to drive …" (not "the time to …", nor
            # "There is an increasing interest within research to investigate …")
            return child
        if child.dep_ == "xcomp" and child.lemma_ == "be":
            return child  # "need to be a developer keen to …": what the person is to be
        if child.dep_ == "dobj" and child.tag_ == "VBG":
            return child  # "involve assessing"
        if child.dep_ == "amod" and child.tag_ == "VBG" and child.i == token.i + 1:
            return child  # "with experience managing/amod and mentoring junior staff"
        if child.dep_ == "conj" and child.tag_ == "VBG" and child.i > token.i:
            return child  # "Experience with SQL and managing/conj large databases"
        # not "As an SRE …"; nor "by V-ing", a means ("You thrive by working independently")
        if child.dep_ == "prep" and not nominal and child.i > token.i and child.lower_ != "by":
            for grandchild in child.children:
                if (
                    grandchild.dep_ == "pcomp"
                    and (grandchild.tag_ == "VBG" or _verb_form(grandchild.text) == "gerund")
                ) or (grandchild.dep_ == "pobj" and grandchild.tag_ == "VBG"):
                    return grandchild  # also "comfortable with designing/NN", "at consulting/pobj"
                if grandchild.dep_ == "pobj" and grandchild.lemma_.lower() in TRANSPARENT_NOUNS:
                    return _verbal_complement(grandchild)  # "5 years of experience developing"
                if (
                    grandchild.dep_ == "conj"
                    and grandchild.lower_ == child.lower_
                    and (gerund := _pcomp_gerund(grandchild)) is not None
                ):
                    # "responsible for the management … and for ensuring/pcomp timely …": the
                    # same preposition repeated for a gerund
                    return gerund
                if grandchild.dep_ == "pobj" and (listed := _listed_gerund_action(grandchild)):
                    # "Experience with user testing and understanding/conj the results"
                    return listed
                if (
                    grandchild.dep_ == "pobj"
                    # not "experience with networking technologies", "… in challenging
                    # environments", "duties including sweeping mopping": modifiers there
                    and (
                        gerund := next(
                            (
                                g
                                for g in grandchild.children
                                if g.dep_ in ("amod", "nmod")
                                and g.tag_ == "VBG"
                                and g.i == child.i + 1
                                and (
                                    (
                                        child.lower_ == "for"
                                        and g.dep_ == "amod"
                                        and _verb_only(g.text)
                                    )
                                    # "confident in networking/nmod and building/conj
                                    # relationships": gerunds listed before the object
                                    or (
                                        child.lower_ in ("for", "in", "at")
                                        and any(
                                            c.dep_ == "conj" and c.tag_ == "VBG" for c in g.children
                                        )
                                    )
                                )
                            ),
                            None,
                        )
                    )
                ):
                    # "responsible for developing/amod applications": a gerund the tagger read as
                    # its object's modifier, right after the preposition (as "Responsible for
                    # developing applications" reads as a bullet)
                    return gerund
                if grandchild.dep_ == "pobj" and grandchild.pos_ in ("NOUN", "PROPN"):
                    # "responsible for all development phases from planning to …": a thing is
                    # asked; a later preposition's gerund is not the action.
                    nominal = True
    head = token.head
    if token.dep_ == "nsubj" and head.tag_ == "VBG" and head.i == token.i + 1:
        return head  # "with experience/nsubj managing and prioritising your workload"
    return None


def _listed_gerund_action(noun):
    """A gerund with an object (its own or its list's), joined by "and"/"or" to `noun` ("user
    testing and understanding the results"), or None."""
    return next(
        (
            c
            for c in noun.children
            if c.dep_ == "conj"
            and c.tag_ == "VBG"
            and c.pos_ == "VERB"
            and c.i > noun.i
            and c.doc[c.i - 1].lower_ in LIST_JOINERS
            and any(g.dep_ == "dobj" for t in _conjuncts(c, ("conj",)) for g in t.children)
        ),
        None,
    )


def _infinitive(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# What the employer offers, not what the person does: "You'll have an opportunity to work …".
OFFER_NOUNS = {
    "opportunity",
    "chance",
    "possibility",
    "access",
    "freedom",
    "option",
    "autonomy",
    "salary",  # "the appointee will receive a pensionable annual salary"
}


# What the person is given with the job: "You will receive world class training", "get a bonus".
BENEFIT_NOUNS = {"training", "package", "benefit", "bonus", "pension", "induction"}


def _under_offer(token) -> bool:
    """Whether `token` hangs below what the employer offers ("an opportunity … to work", "receive
    … training … to help you achieve …")."""
    return any(a.lemma_.lower() in OFFER_NOUNS or _given(a) for a in token.ancestors)


def _offers(verb) -> bool:
    """Whether the verb's object is what the employer offers ("get the chance to …")."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in OFFER_NOUNS for c in verb.children)


def _given(verb) -> bool:
    """Whether the verb receives what the job offers: "you will get the chance to learn …", "you
    will receive world class training", "You can expect a … work life where you meet …"."""
    lemma = verb.lemma_.lower()
    if lemma == "expect":
        return any(c.dep_ == "aux" and c.lower_ == "can" for c in verb.children)
    # (anywhere in the object: "receive an attractive starting salary/preconj and strong
    # commission structure/dobj")
    return lemma in ("get", "receive") and any(
        w.lemma_.lower() in OFFER_NOUNS | BENEFIT_NOUNS
        for c in verb.children
        if c.dep_ == "dobj"
        for w in c.subtree
    )


SUBORDINATORS = {"as", "if", "because", "while", "since", "when", "although", "so", "unless"}
IMPORTANCE_WORDS = {"important", "essential", "vital", "key", "crucial", "necessary", "required"}


def _conjuncts(token, deps: tuple[str, ...]) -> list:
    """`token` and the words joined to it by `deps`, transitively ("independent, motivated and
    willing to …"), in text order."""
    found, frontier = [token], [token]
    while frontier:
        for child in frontier.pop().children:
            if child.dep_ in deps:
                found.append(child)
                frontier.append(child)
    return sorted(found, key=lambda t: t.i)


POSSESSION = ("have", "possess")  # "You have / possess strong skills": a quality, not an action
HOLDING = ("hold", "carry")  # possession only of what is held: "Carry effective … skills"
# What a person holds rather than does: "You must hold a valid driving licence", "Applicants must
# hold a PhD" (not "You will hold regular meetings").
QUALIFICATIONS = {
    "degree", "phd", "doctorate", "bachelor", "master", "masters", "msc", "bsc", "ba", "ma", "mba",
    "beng", "meng", "diploma", "education",
    "qualification", "certificate", "certification", "licence", "license", "accreditation",
    "clearance", "card", "passport", "visa", "permit", "membership", "registration", "title",
}  # fmt: skip


HELD_NOUNS = QUALIFICATIONS | REQUIREMENT_NOUNS | TRANSPARENT_NOUNS | QUALITY_NOUNS


def _holds_qualification(verb) -> bool:
    return not any(c.dep_ == "prt" for c in verb.children) and any(  # not "carry out tasks"
        c.dep_ == "dobj" and c.lemma_.lower().replace(".", "") in HELD_NOUNS for c in verb.children
    )


SHOWING = ("demonstrate", "show", "prove", "evidence")  # "… the ability to X": X is the action
ABILITY_NOUNS = {"ability", "abilities", "capability", "capacity", "willingness", "aptitude"}
# Participles that job ads use as adjectives after "have": "will have proven track records".
ADJECTIVAL_PARTICIPLES = {"proven", "demonstrated", "demonstrable", "established"}


def _adjectival_participle(token) -> bool:
    """ "(will) have proven track records": the participle describes the object; "have" possesses."""
    doc = token.doc
    return (
        token.lower_ in ADJECTIVAL_PARTICIPLES
        and token.i + 1 < len(doc)
        and doc[token.i + 1].pos_ in ("NOUN", "PROPN", "ADJ")
        and any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
    )


def _glued_complement(obj):
    """A stem inside the object phrase right before a gerund, which the parser read as one noun
    phrase: "have [experience managing] printed materials" (experience/compound, managing/amod)."""
    for word in obj.subtree:
        following = word.nbor() if word.i + 1 < len(word.doc) else None
        if (
            word.lemma_.lower() in TRANSPARENT_NOUNS
            and following is not None
            and following.tag_ == "VBG"
            and following.head.i in (obj.i, word.i)
        ):
            return following
    return None


def _inside_name(token) -> bool:
    """A capitalised "verb" inside a run of capitalised words that ends there or goes on
    capitalised: "the Business Objects/VBZ Universe", "SAP Business Objects Universe/VB"."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.pos_ == "VERB"
        and token.i > 0
        and token.text.istitle()  # not a shouted heading ("WHAT YOU WILL DO Build …")
        and doc[token.i - 1].text[:1].isupper()
        and doc[token.i - 1].is_alpha
        and (following is None or following.is_punct or following.text[:1].isupper())
    )


def _listed_stem_action(token, depth: int, stems: set[str] = TRANSPARENT_NOUNS):
    """The action introduced by `token` or a word listed with it that is a stem ("… skills and
    willingness [to undergo]"), or None."""
    listed = _conjuncts(token, ("conj", "appos"))
    # "a good understanding of financials … with the ability to relate this …": a stem the
    # requirement comes with
    listed += [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    # "a relevant degree, such as Chemistry or Physics, as well as experience in teaching …": a
    # stem after "as well as", whichever word of the list the parser hung it on
    listed += [w for w in token.subtree if _after_as_well_as(w) and _under(w, token)]
    # "Have a technical acumen, able/amod to negotiate prices …": a stem adjective after a comma
    abilities = [
        c
        for c in token.children
        if c.dep_ == "amod" and c.i > token.i + 1 and c.doc[c.i - 1].text == ","
    ]
    for word in listed + abilities:
        if word.lemma_.lower() in stems | TRANSPARENT_ADJECTIVES or word.lower_ in stems:
            action = _action_of(_verbal_complement(word), depth + 1)
            if action is not None:
                return action
    return None


def _subjects(token) -> list:
    """The subjects of a verb (active or passive)."""
    return [c for c in token.children if c.dep_ in SUBJECT_DEPS]


def _own_subject(verb) -> bool:
    """Whether a verb has a subject of its own other than a relative pronoun ("that amounts agree",
    "which production will access"; not "who takes ownership"): a separate clause."""
    return any(c.tag_ not in ("WP", "WDT") for c in _subjects(verb))


def _someone_else(subjects: list) -> bool:
    """Whether a clause's subject is someone other than the person asked: the employer, the job
    ("We offer …", "Our client is …"); an empty "it" ("It is important that you …") is not."""
    # (two subjects are the parser's error: "Responsible for … proposal development and presentation
    # you will manage …" is the person's clause)
    return (
        bool(subjects)
        # "it" doing something is the company ("it has quickly added blue chip customers")
        and (subjects[0].lower_ != "it" or _does(subjects[0].head))
        # (two subjects: "If you are ambitious, … and a team player/nsubj then we/nsubj would like
        # to hear from you": "we" is the employer)
        and (not any(map(_is_person, subjects)) or _we_among(subjects))
    )


def _does(verb) -> bool:
    """A lexical verb, not "be" or an auxiliary ("It is important that …", "It will be your task")."""
    return verb.pos_ == "VERB" and verb.lemma_.lower() not in COPULAS


def _names_duty(token) -> bool:
    """A stem ("Your main task"), or a part of one ("Another key part of your role"; not "The
    global nature of this role")."""
    if token.lemma_.lower() in TRANSPARENT_NOUNS:
        return True
    if token.lemma_.lower() in JOB_NOUNS and any(c.lower_ == "your" for c in token.children):
        return True  # "your job will be to strengthen sales": the person's job
    return token.lemma_.lower() in PART_NOUNS and any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in TRANSPARENT_NOUNS for g in c.children)
        for c in token.children
    )


# What a person is in an action: "be an important part in developing …", "a key driver for …"
CONTRIBUTION_NOUNS = {"part", "driver", "contributor", "force"}

# "Another key part of your role", "One of the key responsibilities"
PART_NOUNS = {"part", "aspect", "element", "component", "portion", "share", "one"}


def _indefinite(noun) -> bool:
    """ "a/an" someone or something: "a highly motivated individual", "an experienced … Controller"."""
    return any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in noun.children)


def _we_among(subjects: list) -> bool:
    """ "we" among a clause's subjects: the employer, even beside a person the parser joined to it
    ("… and a team player/nsubj then we/nsubj would like to hear from you")."""
    return any(s.lower_ == "we" for s in subjects)


def _addressed(token) -> bool:
    """The person a text speaks to or for: "you", or the "I" of a résumé or an "I can" statement."""
    return token.lower_ in ("you", "i")


def _is_person(token) -> bool:
    if token.head.tag_ in ("VBZ", "VBP", "VBD") and any(
        c.dep_ == "poss" and c.lower_ == "our" for c in token.children
    ):
        # "Our engineers collaborate at every step": the employer's people (but "we expect our
        # employees to take responsibility": the person asked)
        return False
    if token.i == 0 and token.lower_ == "who":
        return True  # "who as part of supply chain team will be securing …": the person described
    lemma = token.lemma_.lower()
    if any(c.dep_ == "nummod" for c in token.children) and token.tag_ in ("NNS", "NNPS"):
        # "more than 80 dedicated employees work with design": a head count, the employer's staff
        return False
    if lemma in PERSON_SUBJECTS:
        return True
    if lemma in ("type", "kind", "sort"):
        # "the type of manager who enjoys leading …": the person the kind is of
        return any(
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(g.dep_ == "pobj" and _is_person(g) for g in c.children)
            for c in token.children
        )
    # "the Data Partner drives …": a role written as a name, with its article
    named_role = token.pos_ == "PROPN" and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    )
    if lemma in EMPLOYER_SUBJECTS or (token.pos_ != "NOUN" and not named_role):
        return False
    # "The SRE will support operations", "The PSM will work …": a role's initials
    acronym = named_role and token.text.isupper() and 2 <= len(token.text) <= 5
    return acronym or (lemma.endswith(ROLE_SUFFIXES) and lemma not in NOT_ROLES)


# What the employer counts on the person to do: "We will rely on you to ensure …", "Our team relies
# on smart driven people like you to develop …", "We count on you to deliver …".
RELY_VERBS = {"rely", "count", "depend"}
# What the employer urges the person addressed to do: "I encourage you to apply …".
URGING_VERBS = {"encourage", "invite", "urge"}


def _entrusted(verb):
    """The infinitive of "rely on <person> to V", when the one relied on is the person."""
    relied_on = [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children
    ]
    if not any(
        g.lemma_.lower() in PERSON_SUBJECTS or any(map(_addressed, g.subtree)) for g in relied_on
    ):
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB" and _infinitive(c)
        ),
        None,
    )


# What the person's own quality lets the person do: "Your excellent communication skills allow you to
# work with customers", "Your ability … makes you able to engage …".
ENABLING_VERBS = {"allow", "enable", "make", "let", "permit"}


def _enabled(verb):
    """The clause of "you" that a verb whose subject is "your" skill, ability or experience opens,
    or None."""
    if not any(
        s.lemma_.lower() in TRANSPARENT_NOUNS and any(c.lower_ == "your" for c in s.children)
        for s in _subjects(verb)
    ):
        return None
    for clause in verb.children:
        if clause.dep_ in ("ccomp", "xcomp") and any(
            c.dep_ in ("dobj", "nsubj") and _is_person(c)
            for c in (*verb.children, *clause.children)
        ):
            return clause
    return None


def _described_with_stem(description, depth: int):
    """The action of a stem that a description after "be" comes with: "be an excellent communicator
    with the ability to build …", "You are data focussed and … oriented with a strong ability to
    manage …"; also when the parser hung the stem's complement on the description ("an engineer
    with experience from/prep(engineer) working …"). Or None."""
    for word in _conjuncts(description, ("conj",)):
        for prep in word.children:
            if prep.dep_ != "prep" or prep.lower_ != "with":
                continue
            for stem in (g for g in prep.children if g.dep_ == "pobj"):
                action = _listed_stem_action(stem, depth)
                if action is None and stem.lemma_.lower() in TRANSPARENT_NOUNS:
                    action = _action_of(_verbal_complement(word, after=prep.i), depth + 1)
                if action is not None:
                    return action
    return None


def _gerund_duty(noun):
    """A gerund with an object of its own that "and" joins to a duty named by a noun of something
    ("Analysis of …, and developing and maintaining cash flow forecasts"), or None ("Design and
    development of software, and testing": a noun list)."""
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return None
    return _listed_gerund_action(noun)


def _pcomp_gerund(prep):
    """The gerund a preposition takes ("by using …", "for ensuring …"), or None."""
    return next((g for g in prep.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), None)


def _prep_gerund(verb, preposition: str, after: int = -1):
    """The gerund of "<preposition> V-ing" under `verb` past index `after`, if any."""
    return next(
        (
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == preposition and c.i > after
            if (g := _pcomp_gerund(c)) is not None
        ),
        None,
    )


def _by_means(verb):
    """The gerund of "by V-ing" under `verb`, if any ("do this by using …")."""
    return _prep_gerund(verb, "by")


SEEKING_VERBS = {"look", "seek", "search"}


def _seeks(verb) -> bool:
    """A verb of seeking whose subject is someone other than the person addressed (a recruiter)."""
    subjects = _subjects(verb)
    return verb.lemma_.lower() in SEEKING_VERBS and bool(subjects) and not _addressed(subjects[0])


def _sought(verb) -> list:
    """What a verb of seeking seeks: its object, or what it looks for ("looking for a leader"),
    also as the subject of a for-clause ("looking for forklift drivers to work …")."""
    sought = [
        o
        for c in verb.children
        for o in ([c] if c.dep_ == "dobj" else c.children if c.lower_ == "for" else [])
        if o.dep_ in ("dobj", "pobj")
    ]
    for clause in verb.children:
        if clause.dep_ != "advcl":
            continue
        marked = any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)
        # "looking for/prep(looking) someone/nsubj(be) to be part of …": "for" hung on the verb
        sought += [
            s
            for s in clause.children
            if s.dep_ == "nsubj"
            and (marked or (s.i > 0 and (f := s.doc[s.i - 1]).lower_ == "for" and f.head == verb))
        ]
    return sought


def _looks_forward(verb) -> bool:
    """ "look forward to …": what the job offers ("you can look forward to regular team events")
    or the employer's courtesy ("We look forward to hearing from you"), never an ask."""
    return verb.lemma_.lower() == "look" and any(c.lower_ == "forward" for c in verb.children)


def _action_of(token, depth: int = 0):
    """Follow a full sentence's root through stems to the action it describes, or None.

    "You will be responsible for managing" -> managing; "Experience working with" -> working;
    "The role involves assessing" -> assessing. Possession and description ("You have strong
    skills", "You are reliable") and sentences about the employer ("We offer …") give None.
    """
    if token is None or depth > 4:
        return None
    lemma = token.lemma_.lower()
    subjects = _subjects(token)
    # "We strive to achieve …", "We need people who …", "The company requires a producer to join":
    # the employer's own aims, unless the person addressed is what the verb asks of ("We expect
    # you to …", "… requires the candidate to travel").
    employer_aims = (
        subjects
        and (_we_among(subjects) or any(c.dep_ == "dobj" for c in token.children))
        and not any(
            c.dep_ == "dobj"
            and c.lemma_.lower() in PERSON_SUBJECTS
            # (not "My client requires a highly motivated individual to join …": one sought)
            and not _indefinite(c)
            for c in token.children
        )
    )
    if lemma in RELY_VERBS and (entrusted := _entrusted(token)) is not None:
        return _action_of(entrusted, depth + 1)  # "We will rely on you to ensure …"
    if lemma in ENABLING_VERBS and (enabled := _enabled(token)) is not None:
        return _action_of(enabled, depth + 1)  # "Your skills allow you to work …"
    if lemma in URGING_VERBS and any(c.dep_ == "dobj" and _addressed(c) for c in token.children):
        urged = next((c for c in token.children if c.dep_ == "xcomp" and _infinitive(c)), None)
        if urged is not None:
            return _action_of(urged, depth + 1)  # "I encourage you to apply …": the ask
    if lemma == "hear" and any(
        c.dep_ == "prep" and c.lower_ == "from" and any(map(_addressed, c.children))
        for c in token.children
    ):
        return None  # "then I'd like to hear from you": the recruiter's, never an ask
    if lemma == "suit" and any(c.dep_ == "dobj" for c in token.children):
        return None  # "The … Manager role would ideally suit a dynamic …": what the job fits
    # a plural stem the tagger made a verb ("Excellent organization skills/VBZ to balance …")
    stem_as_verb = token.tag_ == "VBZ" and token.lower_ in TRANSPARENT_NOUNS
    about_employer = (
        depth == 0
        and not stem_as_verb
        and _someone_else(subjects)
        and (lemma not in TRANSPARENT_VERBS or employer_aims or lemma in DUTY_VERBS)
        # "The job Your main tasks … are to pick": a stem among the subjects asks the action (not
        # "This role would suit applicants …", "The role will enable the candidate to …", "The role
        # … will give you/dative the opportunity …": what the job does for the person)
        and not (
            any(_names_duty(s) for s in subjects)
            and not any(c.dep_ in ("dobj", "dative") and _is_person(c) for c in token.children)
        )
        # "This is a key role to drive …": the role's infinitive is the duty
        and not (
            lemma == "be"
            and subjects[0].lower_ in ("this", "it")
            and any(c.dep_ == "attr" and _names_duty(c) for c in token.children)
        )
    )
    if about_employer:
        return None  # about the employer or the job: "We offer …", "Our client is …"
    if (
        token.lower_ in COMPOUND_ADJECTIVES
        and token.i > 0
        and token.doc[token.i - 1].pos_ in ("NOUN", "PROPN")
        and not any(c.dep_ in ("aux", "auxpass", "dobj", "prep") for c in token.children)
    ):
        return None  # "Excellent communication skills and highly customer focussed": a quality
    if _inside_name(token):
        # "… experience working with the iTrent Business Objects/VBZ Universe": a product name,
        # not a verb; its subject may still be a stem.
        return next((a for c in subjects if (a := _listed_stem_action(c, depth))), None)
    # The tagger sometimes calls a sentence-initial adjective a verb ("Passionate/VB about …"), or
    # a word the lexicon knows only as a noun or adjective ("algorithms/VBZ", "thoracic/VB surgery")
    if (
        token.pos_ in ("NOUN", "PROPN", "ADJ")
        or token.lower_ in TRANSPARENT_ADJECTIVES
        or stem_as_verb
        or _fixed_adjective(token)  # "Open/VB for continuous change …"
        # (not "You architect, build and maintain our app": a subject or auxiliary makes it a verb;
        # but "required to be enterprising/VBG": an adjective after "be")
        or (
            _never_verb(token.lower_)
            and (
                not any(c.dep_ in ("nsubj", "aux") for c in token.children)
                or (
                    token.tag_ == "VBG"
                    and any(c.dep_ == "aux" and c.lemma_ == "be" for c in token.children)
                )
            )
        )
    ):
        # "3 years sales experience or relevant experience selling IT": any listed stem.
        action = _listed_stem_action(token, depth, TRANSPARENT_NOUNS | TRANSPARENT_ADJECTIVES)
        if action is not None:
            return action
        if depth == 0 and (duty := _gerund_duty(token)) is not None:
            return duty  # "Analysis of …, and developing and maintaining cash flow forecasts"
        if depth == 0 and _is_person(token):
            # "Senior technologist to lead a technical team": the role's infinitive is the ask;
            # "A team-player who works well with others": the relative clause's action ("who
            # likes to engage …": the liked action).
            clause = next(
                (
                    c
                    for c in token.children
                    if c.dep_ in ("acl", "relcl")
                    and c.pos_ == "VERB"
                    and (
                        _infinitive(c)
                        or (
                            any(s.dep_ == "nsubj" and s.tag_ in ("WP", "WDT") for s in c.children)
                            # not a head count: "1,550 employees who do their utmost …"
                            and not any(n.dep_ == "nummod" for n in token.children)
                        )
                    )
                ),
                None,
            )
            return None if clause is None else _action_of(clause, depth + 1) or clause
        return None
    # "You have demonstrated the ability to manage …": a claim to have it, as "You have the
    # ability to manage …"; the action is the stem's ("be able to demonstrate the ability to …"
    # asks to show it, and "demonstrate capability" names no other action).
    # "will demonstrate experience of working with …": experience is shown only by having it.
    claimed = any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
    if lemma in SHOWING:
        for child in token.children:
            complement = _verbal_complement(child) if child.dep_ == "dobj" else None
            if (
                (child.lower_ in ABILITY_NOUNS and claimed or child.lower_ == "experience")
                and complement is not None
                and complement.pos_ == "VERB"
            ):
                action = _action_of(complement, depth + 1)
                if action is not None:
                    return action
    described = _adjectival_participle(token)  # "have proven records": "have" possesses
    # "You hold solid … skills", "Applicants must hold a PhD": possession too, when someone holds a
    # qualification, skill or quality ("You will hold regular meetings" stays an action).
    # "You have got a good understanding of …", "you've got to …": "have" itself
    have_got = (
        lemma == "get"
        and token.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
    )
    if (lemma == "have" or have_got) and not any(c.dep_ == "dobj" for c in token.children):
        duty = next((c for c in token.children if c.dep_ == "xcomp" and _infinitive(c)), None)
        if duty is not None:
            return _action_of(duty, depth + 1)  # "may have to develop new procedures": must
    held = lemma in HOLDING and _holds_qualification(token)
    # "You will need previous experience maintaining QMS": what the person needs, they must have
    # (not "You will need your ability to prioritize …", "I will be needing a … nanny")
    needed = (
        lemma == "need"
        and _holds_qualification(token)
        and not any(g.dep_ == "poss" for c in token.children for g in c.children)
    )
    if lemma in POSSESSION or have_got or held or described or needed:
        for child in token.children:
            if child.dep_ == "dobj" and child.lemma_.lower() not in OFFER_NOUNS:
                if any(
                    c.dep_ == "compound" and (c.lower_, child.lower_) in NOUN_COMPOUNDS
                    for c in child.children
                ):
                    continue  # "You have a track record of achieving …": nominal, as in a bullet
                if described and child.lemma_.lower() not in TRANSPARENT_NOUNS:
                    continue  # "have proven track records ideally gained …": no stem, no action
                complement = _verbal_complement(child)
                if (
                    child.lemma_.lower() in KNOWING_NOUNS
                    and complement is not None
                    and complement.tag_ == "VBG"
                ):
                    continue  # "have a profound knowledge of interfacing …": known, not done
                action = _action_of(
                    complement or _glued_complement(child), depth + 1
                ) or _listed_stem_action(child, depth)  # "have … skills and the ability to liaise"
                if action is not None:
                    return action
        stems = {
            c.i
            for c in token.children
            if c.dep_ == "dobj" and c.lemma_.lower() in TRANSPARENT_NOUNS
        }
        # "Do you have strong … skills to provide/advcl(have) …": the stem's infinitive right after
        # it, hung on "have" (not "skills combined with a … structure to ensure …", the structure's
        # purpose, nor a fronted purpose: "To help achieve this you have great … skills")
        purpose = next(
            (
                c
                for c in token.children
                if c.dep_ == "advcl" and _infinitive(c) and c.left_edge.i - 1 in stems
            ),
            None,
        )
        if (action := _action_of(purpose, depth + 1)) is not None:
            return action
        # "have experience in change management, developing/advcl(have) and mentoring …", "Have
        # experience with interfaces … and understanding/advcl(have) their needs": a gerund listed
        # after a comma or "and" with the stem's object, hung on "have"
        stem_ends = {c.right_edge.i for c in token.children if c.i in stems}
        listed = next(
            (
                c
                for c in token.children
                if c.dep_ == "advcl"
                and c.tag_ == "VBG"
                and c.left_edge.i == c.i
                and c.doc[c.i - 1].lower_ in (",", "and")
                # (the parser may keep the "and" inside the object)
                and (
                    c.i - 2 in stem_ends
                    or (c.doc[c.i - 1].lower_ == "and" and c.i - 1 in stem_ends)
                )
            ),
            None,
        )
        if (action := _action_of(listed, depth + 1)) is not None:
            return action
        # "You have a mature approach and can demonstrate leadership": the coordinated action,
        # also past a description listed between ("have … ethic and be detail oriented and be
        # able to work").
        for child in _conjuncts(token, ("conj",)):
            # (not "… and we imagine you having …": the employer's clause)
            if (
                child is not token
                and child.tag_ in ("VB", "VBP")
                and not _someone_else(_subjects(child))
            ):
                wished = next((c for c in child.children if c.dep_ == "xcomp"), None)
                if child.lemma_.lower() in DESIRE_VERBS and wished is not None:
                    child = wished  # "Do you have a track record … and wish to make a difference"
                return _action_of(child, depth + 1)
        return None
    if _given(token):
        return None  # "you will get the chance to …", "you can expect to work on …": the offer
    if _seeks(token) and any(_is_person(o) for o in _sought(token)):
        return None  # "The Head Teacher is looking for an effective leader …": a recruiter
    if _looks_forward(token):
        return None  # "you can look forward to a close collaboration with …": the offer
    if lemma == "do" and (means := _by_means(token)) is not None:
        return _action_of(means, depth + 1)  # "You will do this by using … data": the means
    if lemma in COPULAS or token.pos_ == "AUX":  # "become a key role", "seem like a task"
        for child in token.children:
            if child.dep_ == "acomp" and (action := _modal_conjunct(child)) is not None:
                return action  # "You are organised/VBN and can prioritise"
            if child.dep_ == "acomp" and (action := _stem_conjunct(child, depth)) is not None:
                # "You are motivated and have/conj the ability to strive …": a verb or stem the
                # parser joined to the description rather than to "be"
                return action
            if child.dep_ in ("acomp", "attr"):
                action = _described_with_stem(child, depth)
                if action is None and child.lemma_.lower() in CONTRIBUTION_NOUNS:
                    # "you'll be an important part in developing …", "a key driver for defining
                    # …": the person's part in an action (not "part of our team")
                    action = _action_of(_verbal_complement(child), depth + 1)
                if action is not None:
                    return action
                # "You are structured and able to …": look at the coordinated complements too;
                # "able and willing to work": the first stem with a complement.
                stems = [
                    c
                    for c in _conjuncts(child, ("conj",))
                    if c.lemma_.lower() in TRANSPARENT_ADJECTIVES
                    or c.lower_ in TRANSPARENT_ADJECTIVES  # "experienced/VBN with working"
                    # "You are smart and love/NN to work …": a liking verb read as a noun
                    or (c is not child and c.lemma_.lower() in DESIRE_VERBS)
                    # "it will be your mission to ensure …": the person's duty named
                    or (child.dep_ == "attr" and _names_duty(c))
                ]
                if stems:
                    action = next(
                        (
                            a
                            for c in stems
                            if (a := _action_of(_verbal_complement(c), depth + 1)) is not None
                        ),
                        None,
                    )
                    if action is None and not any(c.i > stems[-1].i for c in stems[-1].children):
                        # "be comfortable at both consulting and …", "be a developer keen to …
                        # design": the parser hung the stranded stem's complement on "be".
                        action = _action_of(_verbal_complement(token, after=stems[-1].i), depth + 1)
                    if action is None:
                        # "be responsible for the strategy and ensuring that …", "… for the
                        # budget and for ensuring/pcomp …": the gerund the parser joined to "be"
                        action = next(
                            (
                                c
                                for c in token.children
                                if c.dep_ == "conj" and c.tag_ == "VBG" and not _subjects(c)
                            ),
                            None,
                        ) or _prep_gerund(token, "for", after=stems[-1].i)
                    if action is not None:
                        return action
                    # "Are you interested in becoming part of a team and are keen to make …":
                    # the clause coordinated with "be" may still ask
                    continue
                if (
                    child.dep_ == "attr"
                    and child.tag_ == "VBG"
                    and any(
                        c.dep_ == "amod" and c.lemma_.lower() in TRANSPARENT_ADJECTIVES
                        for c in child.children
                    )
                ):
                    return child  # "you're comfortable/amod giving/attr and receiving feedback"
                if child.lemma_.lower() in IMPORTANCE_WORDS:
                    action = _action_of(_verbal_complement(token) or _verbal_complement(child), 0)
                    if action is not None:
                        return action
                # (or "a/an" someone described by "who": "an experienced … Cost Controller who has
                # …", not "There aren't many companies who can boast …")
                if child.dep_ == "attr" and (
                    _is_person(child)
                    or (
                        _indefinite(child)
                        and any(
                            c.dep_ == "relcl" and any(s.lower_ == "who" for s in _subjects(c))
                            for c in child.children
                        )
                    )
                ):
                    # "You're someone who takes ownership": the relative clause is the action.
                    clause = next((c for c in child.children if c.dep_ == "relcl"), None)
                    # (not "an expert in this area which production and others will access")
                    if clause is not None and clause.pos_ == "VERB" and not _own_subject(clause):
                        if clause.lemma_.lower() in POSSESSION:
                            # "… a Cost Controller who has the ability to go beyond …"
                            return _action_of(clause, depth + 1)
                        return clause
                    if clause is not None and clause.lemma_.lower() == "be":
                        # "a team player who is happy to discuss and resolve conflicts"
                        action = _action_of(clause, depth + 1)
                        if action is not None:
                            return action
                    for stem in (t for t in child.subtree if t.i > child.i):
                        # "be a seasoned engineer keen to design and build services", also where the
                        # parser hung the stem on a noun after ("a … technician with high quality
                        # standards able/amod(standards) to handle …")
                        if stem.dep_ == "amod" and stem.lemma_.lower() in TRANSPARENT_ADJECTIVES:
                            action = _action_of(_verbal_complement(stem), depth + 1)
                            if action is not None:
                                return action
            if child.dep_ == "xcomp" and child.pos_ == "VERB":
                return _action_of(child, depth + 1)
            if child.dep_ == "prep" and child.lower_ == "in":
                # "be in charge of developing …", as "be responsible for"
                for charge in child.children:
                    if charge.dep_ == "pobj" and charge.lower_ == "charge":
                        action = _action_of(_verbal_complement(charge), depth + 1)
                        if action is not None:
                            return action
            if child.dep_ == "nsubj" and not any(c.dep_ == "expl" for c in token.children):
                # "Experience from working abroad is an asset": the subject's action (not "There is
                # an increasing interest within research to investigate …"); also when
                # the stem is one of listed subjects ("… skills and willingness to undergo …").
                action = _listed_stem_action(child, depth)
                if action is not None:
                    return action
            if (
                child.dep_ == "conj"
                # "enjoy being part of a team and interacting with people": a gerund after "being"
                # "Is open-minded and acknowledges different perspectives": a third-person bullet
                and (child.tag_ in ("VB", "VBP") or child.tag_ == token.tag_ in ("VBG", "VBZ"))
                and (
                    child.lemma_.lower() not in NOT_ACTIONS
                    or child.lemma_.lower() in (*POSSESSION, *COPULAS)
                )
                and not _subjects(child)
            ):
                # "You are loyal and treat information with care": the coordinated action;
                # "Are you newly graduated and have flair to learn …": the action of "have";
                # "will be an enthusiastic team player and will be able to take …": of "be".
                action = _action_of(child, depth + 1)
                if action is not None:
                    return action
            if child.dep_ == "conj" and child.lemma_.lower() in TRANSPARENT_ADJECTIVES:
                # "you are energetic and not afraid/conj to take …": a stem the parser hung on "be"
                action = _action_of(_verbal_complement(child), depth + 1)
                if action is not None:
                    return action
        # "be results and client focused and follow the agile paradigm": the same past a listed
        # description the parser made the head of the action.
        for child in _conjuncts(token, ("conj",)):
            if (
                child.head is not token
                and child.tag_ in ("VB", "VBP")
                and child.lemma_.lower() not in NOT_ACTIONS
                and not _subjects(child)
            ):
                action = _action_of(child, depth + 1)
                if action is not None:
                    return action
        return None
    if token.pos_ != "VERB":
        return None
    auxiliaries = any(c.dep_ in ("aux", "auxpass") for c in token.children)
    if (
        token.tag_ == "VBG"
        and token.dep_ == "ROOT"
        and subjects
        and not auxiliaries
        and (
            not any(c.dep_ in ("dobj", "xcomp", "ccomp", "conj") for c in token.children)
            # "Hunger for the role, showing/ROOT keenness to progress …": a participle after a
            # comma describes the noun phrase before it
            or (token.i > 0 and token.doc[token.i - 1].text == "," and subjects[0].i < token.i)
        )
    ):
        # "Team player/nsubj with a methodical approach to problem solving/ROOT": a bare gerund
        # with a subject and no auxiliary is no clause, but a noun phrase the parser misread
        return None
    if (
        token.tag_ == "VBZ"
        and token.dep_ == "ROOT"
        and subjects
        and subjects[0].pos_ == "NOUN"
        and not _is_person(subjects[0])
        and all(c.dep_ in (*SUBJECT_DEPS, "punct") for c in token.children)
        and all(t.is_punct for t in token.doc[token.i + 1 :])
    ):
        # "Experience/nsubj with development lifecycle processes/VBZ": a plural noun that ends
        # a noun phrase, no verb with nothing after it
        return None
    if token.lower_ in DRIVEN_PARTICIPLES and not subjects and not auxiliaries:
        return _action_of(_verbal_complement(token), depth + 1)  # "Always driven to enhance …"
    if (
        lemma in EVALUATION_VERBS
        and token.tag_ in ("VBN", "VBD")
        and not any(c.dep_ == "aux" for c in token.children)  # ("is desired" too)
        and subjects
        and not any(s.pos_ == "PRON" or _is_person(s) for s in subjects)
    ):
        # "Field experience supporting … enterprises strongly preferred": the requirement's own
        # action, if any, as "… is preferred" (not "prefer")
        return _listed_stem_action(subjects[0], depth)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children):
        # Passive: only "be expected / required to <act>" still names an action, or one coordinated
        # with the description ("You are structured/VBN and can communicate …", "You will be
        # motivated/VBN, organised and be able to work …").
        if lemma in TRANSPARENT_VERBS or token.lower_ in DRIVEN_PARTICIPLES:
            action = _action_of(_verbal_complement(token), depth + 1)
            if action is not None:
                return action
        return _modal_conjunct(token) or _stem_conjunct(token, depth)
    if _passes_to_infinitive(token):
        # "You manage to create …" (succeed in), "you understand how to work …"
        return _action_of(_verbal_complement(token), depth + 1)
    if lemma == "focus" and any(s.lemma_.lower() in JOB_NOUNS for s in subjects):
        # "Your role will also focus on driving …": the role's focus, as "Your focus will be on …"
        return _action_of(_verbal_complement(token), depth + 1)
    if lemma in TRANSPARENT_VERBS:
        # ("thrive", "strive", "aim" and "seek" are actions even before an action, as the gold reads
        # "thrive on working", "seek to resolve")
        return _action_of(_verbal_complement(token), depth + 1)
    perfect = (
        token.tag_ in ("VBN", "VBG")
        and token.i > 0
        and token.doc[0].lemma_ == "have"
        and all(  # "(The candidate will) have planned …", "have been working with …"
            t.dep_ == "aux" and t.head.i == token.i and t.lemma_ in ("have", "be")
            for t in token.doc[: token.i]
        )
    )
    if (
        depth == 0
        and not subjects
        and not perfect
        and (token.i > 0 or token.tag_ in ("VBN", "VBD"))
        and not _fronted_imperative(token)
    ):
        return None  # no subject: an imperative opens the text, a participle there describes
    return token


FRONTED_DEPS = ("prep", "advmod", "npadvmod", "advcl", "punct", "intj")


def _passes_to_infinitive(token) -> bool:
    """ "manage to V" (succeed in) and "understand / know how to V": the infinitive is the action."""
    lemma = token.lemma_.lower()
    if lemma not in ("manage", "understand", "know") or any(
        c.dep_ == "dobj" for c in token.children
    ):
        return False
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
            how = any(c.lower_ == "how" for c in child.children)
            if _infinitive(child) and (lemma == "manage" or how):
                return True
    return False


def _stem_conjunct(token, depth: int):
    """The action of a verb or stem joined to a description, with no subject of its own: "(You are
    motivated) and have/conj the ability to strive …", "(You will be motivated) and able/conj to
    work", "… organised and be/conj able to work"."""
    for child in _conjuncts(token, ("conj",))[1:]:
        if _subjects(child):
            continue
        if child.tag_ in ("VB", "VBP"):
            action = _action_of(child, depth + 1)
        elif child.lemma_.lower() in TRANSPARENT_ADJECTIVES:
            action = _action_of(_verbal_complement(child), depth + 1)
        else:
            continue
        if action is not None:
            return action
    return None


def _modal_conjunct(token):
    """ "(You are organised/structured) and can prioritise": a verb with a modal of its own and no
    subject, coordinated with a description."""
    return next(
        (
            c
            for c in token.children
            if c.dep_ == "conj"
            and c.tag_ == "VB"
            and any(a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)
            and not _subjects(c)
        ),
        None,
    )


def _fronted_imperative(token) -> bool:
    """ "For more information, visit …", "Where appropriate assist …": an imperative after a
    fronted phrase of its own."""
    if (
        token.i == 0
        or token.tag_ not in ("VB", "VBP")
        or any(c.dep_ == "aux" for c in token.children)
    ):
        return False
    fronted = [t for c in token.lefts if c.dep_ in FRONTED_DEPS for t in c.subtree]
    before = token.doc[token.i - 1]
    separated = before.lower_ in (",", "please")
    return (
        sum(not t.is_punct for t in fronted) >= 2  # a phrase, not one adverb ("Highly numerate")
        # (not "If you want to experience a country and combine/ROOT that …": a conjunct)
        and before.dep_ != "cc"
        and {t.i for t in fronted} >= set(range(token.i))
        # "Together with the team you will design, develop …": a clause of its own in front (a
        # condition's own subject is not one, set off by a comma or "please": "If you are
        # interested, please send your CV")
        and not any(
            t.dep_ in SUBJECT_DEPS and not (separated and _subordinate_subject(t)) for t in fronted
        )
    )


WISH_NOUNS = {"plus", "advantage", "bonus", "asset", "merit"}


def _wished(clause) -> bool:
    """Whether `clause` is the condition of a wish, which asks it: "It is a plus if you have been
    working in the financial sector"."""
    head = clause.head
    return (
        clause.dep_ == "advcl"
        and head.lemma_ == "be"
        and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in head.children)
        and any(c.dep_ == "attr" and c.lemma_.lower() in WISH_NOUNS for c in head.children)
    )


def _subordinate_subject(token) -> bool:
    return token.head.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in token.head.children
    )


def _find_action(doc):
    """The action of a full sentence: from its root, else from any clause with a person subject."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    # "If you like monitoring …;": a condition is no ask; its main clause may be ("If you have any
    # questions you can contact us"), found below among the clauses about the person.
    condition = bool(roots) and any(
        c.dep_ == "mark" and c.lower_ == "if" for c in roots[0].children
    )
    # The first root, then any later one whose subject is the person: "As a Backend Engineer (
    # f/m/x ) at <ORGANIZATION> you will build …" has a fragment's root before the clause's.
    later = [
        r
        for r in roots[1:]
        if any(c.dep_ == "nsubj" and _addressed(c) for c in r.children)
        # after a fragment only: "Our QA team is working from … but you can also work from home"
        # is the employer's clause, then the offer
        and (roots[0].pos_ != "VERB" or _fixed_adjective(roots[0]))
    ]
    first = [] if condition else roots[:1]
    action = next((a for root in first + later if (a := _action_of(root)) is not None), None)
    if action is not None:
        return action
    employer_root = bool(roots) and _someone_else(_subjects(roots[0]))
    # "Our customer is looking for forklift drivers to work …": whom a recruiter seeks is not asked
    sought = {t.i for t in _sought(roots[0])} if roots and _seeks(roots[0]) else set()
    fronted = len(doc) > 0 and doc[0].pos_ in ("ADP", "ADV", "SCONJ")
    for token in doc:
        if any(c.dep_ == "nsubj" and c.i in sought for c in token.children):
            continue
        subordinate = any(
            c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in token.children
        ) and not _wished(token)
        # "inquisitive about how someone has achieved …" (an embedded question), "when you apply for
        # this position" (a time): not an ask ("a role where you will build …" is one)
        subordinate |= any(
            c.lower_ in ("how", "why", "whether", "when") and c.i < token.i for c in token.children
        )
        # "If you are looking for … and want to make a real impact then we want to talk to you":
        # a clause joined to a condition is part of it
        subordinate |= token.dep_ == "conj" and any(
            c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in token.head.children
        )
        if _under_offer(token):
            # "an opportunity for someone to work for a council", "the autonomy to deliver … to
            # help the customer understand …": the offer, not an ask
            continue
        # (not "… and a team player/nsubj then we/nsubj would like to hear from you")
        has_person = any(
            c.dep_ == "nsubj" and _is_person(c) for c in token.children
        ) and not _we_among(_subjects(token))
        # "You will be part of our team and your role will be to collaborate …": a later clause
        # whose subject names the person's duty
        has_person |= token.lemma_.lower() in COPULAS and any(
            c.dep_ == "nsubj"
            and _names_duty(c)
            and not any(g.dep_ == "poss" and g.lower_ in ("our", "their") for g in c.children)
            for c in token.children
        )
        in_relative = token.dep_ == "relcl" or any(a.dep_ == "relcl" for a in token.ancestors)
        if employer_root and in_relative and not has_person:
            # "<ORGANIZATION> is seeking engineers who enjoy solving …", "We are looking for people
            # who want to work … and want to help …": whom it seeks
            continue
        if (
            token.dep_ in ("relcl", "acl")
            and token.head.dep_ == "pobj"
            and has_person
            and not fronted
        ):
            # "an interest in trends … which you use to create …", "a lead to a team that the
            # successful candidate will build out": inside an object (not "Together with the team
            # you will design …", a main clause the parser hung on the fronted phrase)
            continue
        introduces = (
            token.pos_ == "VERB"
            and token.lemma_.lower() in TRANSPARENT_VERBS
            and token.dep_ != "prep"  # "systems including following the PM": a preposition
        )
        if (
            token.pos_ in ("VERB", "AUX")
            and token.dep_ != "ROOT"
            and not subordinate
            and (has_person or introduces)
        ):
            action = _action_of(token)
            if action is not None:
                return action
    return _stem_in_noun_phrase(doc)


def _person_clauses(action) -> list:
    """Clauses coordinated with the one that holds `action` (or with a clause above it) that have
    the person as their own subject ("… and you know how to solve problems"), or share it through
    a copula ("… and are able to communicate …")."""
    spine = [action, *action.ancestors]
    doc = action.doc
    return [
        child
        for head in spine
        for child in head.children
        if child.dep_ in ("conj", "parataxis")
        and child not in spine
        # joined by a coordinator: not "the products you are working on", which the parser may
        # also hang as a conjunct
        and child.left_edge.i > 0
        and doc[child.left_edge.i - 1].lower_ in ("and", "but", ",", ";")
        and (
            any(c.dep_ == "nsubj" and _addressed(c) for c in child.children)
            # "(You will be comfortable with working …) and are able to communicate …": a copula
            # sharing the person's subject
            or (
                child.lemma_ == "be"
                and not _subjects(child)
                and all(_addressed(s) for h in spine for s in _subjects(h))
            )
        )
        and not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in child.children)
    ]


def _stem_in_noun_phrase(doc):
    """ "Strong communicator with the ability to influence stakeholders", "A self-starter with
    experience managing …", "individual able to work under pressure": a noun-phrase requirement
    holding a stem asks for the stem's action. Not an employer's own experience ("A company with
    experience delivering …") nor an offer ("Opportunity to gain experience working …")."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    # "Someone who is able to collaborate …": a person pronoun heads the phrase as a noun would
    if len(roots) != 1 or not (
        roots[0].pos_ in ("NOUN", "PROPN") or (roots[0].pos_ == "PRON" and _is_person(roots[0]))
    ):
        return None
    if roots[0].lemma_.lower() in EMPLOYER_SUBJECTS | OFFER_NOUNS:
        return None
    for word in roots[0].subtree:
        lemma = word.lemma_.lower()
        if word is roots[0] or lemma not in TRANSPARENT_NOUNS | TRANSPARENT_ADJECTIVES:
            continue
        if _under_offer(word):
            continue
        # "Attention to detail with the experience to/advcl(Attention) identify issues …": the
        # infinitive right after the stem, hung higher
        complement = _verbal_complement(word) or next(
            (
                t
                for t in doc
                if t.dep_ == "advcl" and _infinitive(t) and t.left_edge.i == word.i + 1
            ),
            None,
        )
        action = _action_of(complement, depth=1)
        if action is not None:
            return action
    return None


def _infinitive_duty(doc):
    """ "To manage the delivery of …": a duty written as a bare infinitive, with no clause of its
    own ("To help us grow, we are looking for …" has one: the infinitive is its purpose; "To manage
    all finances …, to ensure that budgets are met" has none: that subject is a clause's inside it)."""
    if len(doc) < 2 or doc[0].lower_ != "to" or doc[1].tag_ != "VB" or doc[1].lemma_ in COPULAS:
        return None
    verb = doc[1]
    return None if any(t.dep_ in SUBJECT_DEPS and not _embedded(t, verb) for t in doc) else verb


def _embedded(subject, verb) -> bool:
    """Whether a subject's clause hangs below `verb` as a "that" clause or a relative clause with its
    relative pronoun, or as an infinitive ("to help them/nsubj to break/ccomp problems …"); not
    "position/dobj we invest/relcl in …", a main clause the parser hung."""
    clause = subject.head
    marked = any(
        c.dep_ == "mark"
        or (clause.dep_ == "relcl" and c.tag_ in ("WDT", "WP"))
        or (c.dep_ == "aux" and c.lower_ == "to")
        for c in clause.children
    )
    return marked and verb in clause.ancestors


def _parse_planned(item: _Plan, doc) -> Parse:
    if item.form is None:
        action = _find_action(doc) or _infinitive_duty(doc)
        root, form, tokens = action, _form_of(action) if action else "", doc[:]
    else:
        offset = len(PRONOUN_PREFIX[item.form].split())
        tokens = doc[offset:]
        root = next((t for t in tokens if t.text == item.verb_word), tokens[0])
        form = item.form
        if _looks_forward(root) or (_given(root) and root.lemma_ != "expect"):
            # "Looking forward to your application!", "(You will) get the chance to …": the offer
            # (the "can" of "You can expect" is the prefix's here: `plan` keeps a real one whole)
            root = None
        elif (
            form == "gerund"
            and root.lemma_.lower() in SEEKING_VERBS
            and any(_is_person(o) and _indefinite(o) for o in _sought(root))
        ):
            # "Looking for a experienced pipelayer …": the recruiter's heading (not "Search
            # prisoners and vehicles …", "Seek a buyer for …": duties)
            root = None
        elif root.lemma_.lower() in HOLDING and _holds_qualification(root):
            # "Hold a full driving licence", "Carry effective organisational skills and the
            # ability to multi-task": possession; only an ability held asks an action
            root = _action_of(root)
            form = _form_of(root) if root is not None else form
    if root is None:
        return _no_action(item)
    verbs = _main_verbs(doc, root, form)
    if item.form is None:
        # "You are not afraid to try out … and you like to reflect …": each clause's action
        for clause in _person_clauses(root):
            action = _action_of(clause)
            # not "… and you will get a possibility to …"
            if action is not None and not _offers(action) and action not in verbs:
                verbs += [v for v in _main_verbs(doc, action, _form_of(action)) if v not in verbs]
        verbs.sort(key=lambda t: t.i)
    elif _verb_as_subject(root, form):
        # "Design write code and modify …": the first verb of a comma-less list read as the
        # subject of the next
        verbs = [root] + [v for v in _main_verbs(doc, root.head, form) if v is not root]
    verbs = [v for v in verbs if not _never_action(v)]
    if not verbs:
        return _no_action(item)
    verb_ids = {v.i for v in verbs}
    # Drop what joins the verbs: "recognize and escalate", "design and govern, establishing".
    joiners = {
        t.i
        for t in tokens
        if (t.dep_ in ("cc", "preconj") and t.head.i in verb_ids and t.i < max(verb_ids))
        or (
            t.lower_ in COORDINATORS
            and min(verb_ids) < t.i < max(verb_ids)
            and t.head.i in verb_ids
        )
        or (t.pos_ == "PUNCT" and t.i - 1 in verb_ids)
        or (t.dep_ == "cc" and t.i + 1 in verb_ids)  # "calls and update": "and" hung on "calls"
    }
    # Whatever precedes the first verb in a full sentence is its stem ("You will", "Able to").
    lead = {t.i for t in tokens if t.i < root.i} if item.form is None else set()
    lemmas = tuple(_lemma(v, form) for v in verbs)
    if item.topic:
        rest = [t for t in tokens if t.i not in verb_ids | joiners]
        return Parse(subject=item.topic, verbs=lemmas, context=_join(rest))
    obj = _object(doc, verbs)
    subject_ids = _subject_tokens(obj, verb_ids) if obj is not None else set()
    # "difficult discussions [within the team] or": no coordinator left dangling
    subject = re.sub(r"\s+(?:and|or|and/or|&)$", "", _join(t for t in tokens if t.i in subject_ids))
    rest = [t for t in tokens if t.i not in verb_ids | joiners | subject_ids | lead]
    return Parse(subject=subject, verbs=lemmas, context=_join(rest))


def _verb_as_subject(root, form: str) -> bool:
    """The plan's first verb parsed as the subject of a base-form verb right after it."""
    head = root.head
    return (
        form == "base"
        and root.dep_ == "nsubj"
        and head.i == root.i + 1
        and head.tag_ == "VB"
        and _verb_form(head.text) == "base"
        # a word only a verb, with an object or a listed verb of its own (not "Diagram supply/VB
        # chain models", "People remain at the centre …")
        and _verb_only(head.text)
        and any(c.dep_ == "dobj" or (c.dep_ == "conj" and c.tag_ == "VB") for c in head.children)
    )


def _never_action(token) -> bool:
    """ "you are outgoing/VBG as …", "contributor to open/VB source projects": never an action."""
    after = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
    return token.lower_ in NEVER_ACTIONS or (token.lower_, after) in NOUN_COMPOUNDS


def _no_action(item: _Plan) -> Parse:
    """A noun-phrase requirement ("Excellent written communication skills")."""
    subject = item.topic or _np_subject(item.predicate)
    return Parse(subject=subject, verbs=(), context=item.predicate if item.topic else "")


def _split_at_hyphen(token) -> bool:
    """The first part of a word the tokeniser split at its hyphen, itself no verb ("multi-task")."""
    doc = token.doc
    return (
        token.i + 2 < len(doc)
        and not token.whitespace_
        and doc[token.i + 1].text == "-"
        and not doc[token.i + 1].whitespace_
        and doc[token.i + 2].is_alpha
        and not _verb_lemmas(token.lower_)
    )


def _lemma(token, form: str = "") -> str:
    """The verb's lemma; `form`: the form of the statement's verbs, when its plan knows it."""
    from lemminflect import getLemma

    if _split_at_hyphen(token):
        # "the ability to multi-task": a verb the tokeniser split at its hyphen ("multi" no verb)
        return token.lower_ + "-" + _lemma(token.doc[token.i + 2], form)
    if token.tag_ == "VB" and token.is_alpha:
        return token.lower_  # a base form is its own lemma
    base = _verb_form(token.text) == "base"
    if form == "base" and base:
        # "Design and lay out …": listed with base-form verbs, even when the tagger reads a past
        # tense ("lay" of "lie")
        return token.lower_
    known = _verb_lemmas(token.lower_) if token.is_alpha else ()
    spacy_lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and known:
        if spacy_lemma not in known:
            return known[0]  # "coding": spaCy's rules give "cod", the lexicon "code"
        if known[0] == spacy_lemma + spacy_lemma[-1:]:
            # "installing": "install" (the lexicon also knows spaCy's "instal"); "programming"
            # stays "program", not the lexicon's "programme"
            return known[0]
    if (
        token.pos_ in ("VERB", "AUX")
        and spacy_lemma
        and not _unknown_word(token.text)
        # "You are Keeping updated": a capitalised gerund the lemmatiser leaves as it is
        and not (spacy_lemma == token.lower_ and _verb_form(token.text) != "base")
    ):
        return spacy_lemma
    if base:
        return token.lower_  # "Lay bricks" tagged as a name: "lay", not the past of "lie"
    if known:
        return known[0]  # "Installing" (left as it is by the lemmatiser): "install", not "instal"
    # lemminflect's rules for a word the lexicon lacks: "onboarding" -> "onboard" (spaCy: "onboarde")
    lemmas = getLemma(token.text.lower(), upos="VERB")
    return (lemmas[0] if lemmas else token.text).lower()


# Where job-ad text glues bullets together: "… the sales force Ability to develop …",
# "… enterprise systems Participate in …". A new piece starts at a capitalised action stem, or at a
# capitalised verb that follows a lower-case content word and precedes a lower-case word.
STEM_START_RE = re.compile(
    r"(?<=[A-Za-z0-9)\]]) (?=(?:(?:Proven|Demonstrated) (?i:ability|experience)|Ability|Able|"
    r"Capability|Capacity|Willingness|Experience|Knowledge|Proficiency) (?:to|in|of|with|at|and)\b"
    r"|The (?:ideal|successful) (?:candidate|applicant|person) will\b"  # "… of Excel The ideal …"
    r"|The ability to\b)"  # "… with a business partner The ability to think …"
)
# Where one piece certainly ends: a colon that announces ("… is to: Produce"), the end of a sentence
# before a capitalised word ("… atmosphere? You love …"), a bullet glyph inside the text and a
# semicolon between bullets ("Develop reusable code; Design and support applications").
PIECE_BREAK_RE = re.compile(
    # "… What we're looking for: 3-5 years of experience in …": a colon before years, too
    r"(?<=\w)\s*:\s+(?=[A-Z]|\d+\+?(?:-\d+)? years?\b)|(?<=[a-z])\s?[?!.]\s+(?=[A-Z][a-z])"
    r"|(?:\s+|(?<=[;:]))[" + BULLET_GLYPHS + r"]\s*|\s+\*\s+(?=[A-Z])|(?<=[\w)])\s?;\s+"
    r"|\s+-(?=[A-Z][a-z])"  # "… to: -Provide support … -Drive projects": a hyphen bullet
    # "… business value• Ensuring builds …": a glyph glued to the bullet before it
    r"|(?<=[\w)])[" + BULLET_GLYPHS + r"]\s+(?=[A-Z])"
)
# A capitalised heading glued inside the text before a capitalised word ("… at client locations Job
# Description You will be joining …"); split in `pieces` after a lower-case word only.
MID_HEADING_RE = re.compile(r"\s+(?=(?=[A-Z])(?i:" + HEADINGS + r")\s+[A-Z])")
# What follows a verb that certainly starts a glued bullet: its clause or its object's determiner.
CLAUSE_OPENERS = {"that", "a", "an", "the", "all"}
SENTENCE_OPENERS = {"You", "As"}  # capitalised inside a text only where a sentence starts
NOT_BEFORE_PIECE = {
    "use",  # "use Excel and …": a tool named like a verb, not a new bullet
    "using",
    "the",
    "a",
    "an",
    "our",
    "your",
    "their",
    "its",
    "this",
    "of",
    "for",
    "in",
    "to",
    "with",
    "and",
    "or",
    "on",
    "at",
    "by",
    "as",
    "from",
    "into",
    "via",
}


def _listed_actions(words: list[str]) -> bool:
    """Whether the words open with a comma-separated list of base verbs ("Support , maintain")."""
    return (
        len(words) > 2 and words[1] == "," and words[2].islower() and _verb_form(words[2]) == "base"
    )


def _split_mid_headings(text: str) -> list[str]:
    """Split before each MID_HEADING_RE heading that follows a lower-case word (not "Key
    Responsibilities", not "for the Position Description role")."""
    out, start = [], 0
    for match in MID_HEADING_RE.finditer(text):
        before = text[: match.start()].rsplit(" ", 1)[-1]
        if before.isalpha() and before.islower() and before not in NOT_BEFORE_PIECE:
            out.append(text[start : match.start()])
            start = match.end()
    return [*out, text[start:]]


# A heading in title case before a colon ("Networking Communication and Persuasion: Ability to …").
TITLE_HEADING_RE = re.compile(
    r"^[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|and|&|or))*\s+[A-Z][a-z]+\s*:\s+(?=[A-Z])"
)


# What copied text carries in place of its characters: UTF-8 bullets and apostrophes decoded as
# Windows-1252, once or twice ("Ã¢Â€Â¢ Installing …"); Windows-1252 quotes and dashes decoded as
# Latin-1 ("a Masters\x92 degree"; its bullet \x95 is a BULLET_GLYPHS glyph); soft hyphens
# ("responsibili\xadties").
TEXT_REPAIRS = {
    "Ã¢Â€Â¢": "•", "â€¢": "•", "Ã¢Â€Â™": "'", "â€™": "'",
    "\x91": "'", "\x92": "'", "\x93": '"', "\x94": '"', "\x96": "–", "\x97": "—",
    "\xad": "",
}  # fmt: skip


def pieces(text: str) -> list[str]:
    """Split a run-on of glued bullets into its bullets; most statements are one piece.

    Splits after a colon that ends an announcement ("The purpose of the role is to: Produce
    reports"), after a sentence's end before a capitalised word ("Interested? Apply …"), at a bullet
    glyph inside the text ("… vision • Coordinate …"), before a capitalised action stem inside the
    text ("… company Ability to develop …") and before a capitalised verb glued to the previous
    bullet ("… systems Participate in …", "… clients Undertaking assessments …").
    """
    parts = []
    for mangled, repaired in TEXT_REPAIRS.items():
        text = text.replace(mangled, repaired)
    text = LEADING_QUESTION_RE.sub("", text)  # a heading (the split below would drop its "?")
    # "Driving these tasks you will: Coordinate …": a lead-in (the colon split would keep it whole)
    text = LEAD_IN_RE.sub("", text, count=1)
    text = TITLE_HEADING_RE.sub("", text, count=1)
    for part in PIECE_BREAK_RE.split(text):
        for piece in _split_mid_headings(part):
            parts.extend(STEM_START_RE.split(piece))
    out = []
    for part in parts:
        words = part.split(" ")
        start = 0
        for k in range(1, len(words) - 1):
            word, before, after = words[k], words[k - 1], words[k + 1]
            # "… and decommissioning Ensure that …", "… Delivery Manage a portfolio …": a word
            # that is only a verb, before what opens a clause or an object; "… Delivery To manage
            # all finances …": an infinitive bullet
            infinitive = word == "To" and after.islower() and _verb_form(after) == "base"
            sure = infinitive or (_verb_only(word) and after in CLAUSE_OPENERS)
            # "… configuration issues ) Enhance quality …": a verb-only word after a bracket
            bracketed = before == ")" and _verb_only(word)
            if (
                word[:1].isupper()
                and word[1:].islower()
                and (before.isalpha() or bracketed)
                and (before.islower() or sure or bracketed)
                and before not in NOT_BEFORE_PIECE
                # "delivering Rail projects": an object
                and (_verb_form(before) != "gerund" or sure)
                # "… are in place Support , maintain and assist …": a list of actions
                and (after[:1].islower() or _listed_actions(words[k:]))
                and after != "of"  # "the individual Line of Business": a name
                # "requires End to end testing": the verb's object ("products Approve …" splits)
                and not (_verb_form(before) == "third" and _verb_only(before))
                and (
                    _verb_form(word) == "base"
                    # "… or food science Have experience with …": the lexicon has no "have"
                    or word in ("Have", "Be")
                    or (word == "Are" and after not in ("you", "we", "they"))  # not a question
                    or infinitive
                    # "… with customers You and your team will …", "… execution As a Product
                    # Manager it will …": a sentence glued to the one before
                    or word in SENTENCE_OPENERS
                    # "… the follow Conducting consultations": a gerund bullet, unless an
                    # adjective before it makes it a noun ("senior Marketing roles").
                    # ("… employees worldwide Communicating with …": a gerund that is only a verb,
                    # before no noun: not "a new Pricing team")
                    or (
                        _verb_form(word) == "gerund"
                        and (
                            not _can_be_adjective(before)
                            or (_verb_only(word) and not _can_be_noun(after))
                        )
                    )
                    # "… at all times Proactively seeking ways to …": an adverb opens the bullet
                    or (_is_adverb(word) and _verb_form(after) in ("gerund", "base"))
                )
                and k - start >= 3
            ):
                out.append(" ".join(words[start:k]))
                start = k
        out.append(" ".join(words[start:]))
    return [p for p in (p.strip() for p in out) if p] or [text]


def parse_texts(texts: Sequence[str], batch_size: int = 256) -> list[Parse]:
    """Parse statements (any of the shapes in the module docstring) in one spaCy pass.

    A statement that glues several bullets together (`pieces`) is parsed bullet by bullet: its verbs
    are those of every bullet in order, its subject and context those of its first bullet with an
    action (the other bullets' text joins the context).
    """
    split = [pieces(text) for text in texts]
    plans = [plan(piece) for parts in split for piece in parts]
    nlp = load_spacy()
    inputs = [PRONOUN_PREFIX[p.form] + p.predicate if p.form else p.predicate for p in plans]
    docs = nlp.pipe(inputs, batch_size=batch_size)
    parsed = iter([_parse_planned(p, doc) for p, doc in zip(plans, docs, strict=True)])
    out = []
    for parts in split:
        group = [next(parsed) for _ in parts]
        out.append(group[0] if len(group) == 1 else _combine(group, parts))
    return out


def _combine(group: list[Parse], parts: list[str]) -> Parse:
    main = next((k for k, p in enumerate(group) if p.verbs), 0)
    others = [parts[k] for k in range(len(parts)) if k != main]
    context = "; ".join(x for x in [group[main].context, *others] if x)
    verbs = tuple(v for p in group for v in p.verbs)
    return Parse(subject=group[main].subject, verbs=verbs, context=context)


def parse_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """Reads `text`; adds `subject`, `verbs` (list of lemmas) and `context`."""
    parsed = parse_texts(statements["text"].tolist())
    out = statements.copy()
    out["subject"] = [p.subject for p in parsed]
    out["verbs"] = [list(p.verbs) for p in parsed]
    out["context"] = [p.context for p in parsed]
    return out
