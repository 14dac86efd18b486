"""Property-based tests: arbitrary Unicode never crashes the readers, the segmenter, the parser or
the seniority cues; years of experience are read however a job ad writes them."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import read_framework
from pipeline.match import segment
from pipeline.parse import parse_texts
from pipeline.schemas import LadderInputError
from pipeline.signals import _NUMBER_WORDS

# Any Unicode: RTL scripts, emoji, control characters, combining marks, lone surrogates excluded.
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
samples = [
    "مهارات التواصل — تطوير",  # Arabic (RTL)
    "Kundenbeschwerden — bearbeiten und eskalieren",  # German
    "顧客対応 — 苦情を処理する",  # Japanese
    "e\u0301\u0301\u0301 combining marks",
    "🙂 emoji 🚀 bullets",
    "\x00\x01\x07 control characters",
    "",
    "   ",
    "word " * 2000,
]
PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(statements=st.lists(unicode_text, min_size=1, max_size=5))
def test_framework_reader_reads_or_refuses(tmp_path_factory, statements):
    path = tmp_path_factory.mktemp("prop") / "framework.json"
    path.write_text(json.dumps({"framework": {"levels": {"one": {"statements": statements}}}}))
    try:
        table = read_framework(path)
    except LadderInputError as err:
        assert str(path) in str(err)
    else:
        assert len(table) == len(statements)
        assert table.text.str.len().gt(0).all()


@PROPERTY_SETTINGS
@given(text=unicode_text)
def test_segments_point_back_into_the_text(text):
    for seg in segment(text):
        assert text[seg.start : seg.end] == seg.text
        assert seg.text.strip() == seg.text and seg.text


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(unicode_text, min_size=1, max_size=4))
def test_parser_returns_one_parse_per_text(texts):
    parsed = parse_texts(texts)
    assert len(parsed) == len(texts)
    for p in parsed:
        assert all(isinstance(v, str) and v for v in p.verbs)


def test_parser_on_non_english_and_edge_cases():
    parsed = parse_texts(samples)
    assert len(parsed) == len(samples)
    # No English action in Arabic, German or Japanese: no verbs invented, the text kept as subject.
    for p, text in zip(parsed[:3], samples[:3], strict=True):
        assert p.verbs == () and p.subject == text
    assert parsed[6].subject == "" and parsed[6].verbs == ()
    assert len(parsed[-1].subject) + len(parsed[-1].context) > 1000  # 10,000 characters, parsed


@PROPERTY_SETTINGS
@given(text=unicode_text)
def test_seniority_cues_never_fail_and_quote_the_text(text):
    from pipeline.signals import seniority_cues

    cues = seniority_cues(text)
    assert cues.years_experience is None or 0 <= cues.years_experience <= 40
    assert all(words in text for words in cues.evidence)


NUMBER_WORDS = list(_NUMBER_WORDS)  # the number words the cues read, in order


@PROPERTY_SETTINGS
@given(
    years=st.integers(0, 12),
    as_word=st.booleans(),
    template=st.sampled_from(
        [
            "{} years of experience in B2B sales",
            "{}+ years' experience managing accounts",
            "At least {} years in a similar role",
            "Minimum of {} years working in retail",
            "{} or more years of Java development",
            "Experience: {} years",
        ]
    ),
    before=unicode_text,
)
def test_seniority_cues_read_the_years_however_they_are_written(years, as_word, template, before):
    from pipeline.signals import seniority_cues

    number = NUMBER_WORDS[years] if as_word else str(years)
    text = f"{before}\nWhat we ask for: {template.format(number)}."
    assert seniority_cues(text).years_experience == years
