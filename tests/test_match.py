import json

import pytest

from pipeline import config
from pipeline.embed import default_embedder
from pipeline.match import Document, match_document, read_documents, segment
from pipeline.schemas import LadderInputError
from pipeline.signals import seniority_cues

SAMPLE_AD = (config.RESOURCES_DIR / "sample_job_ad.md").read_text(encoding="utf-8")
# The same ad without its seniority cue ("One to two years of experience ...").
NO_CUES_AD = "\n".join(line for line in SAMPLE_AD.split("\n") if "years" not in line)


def test_segments_keep_offsets_and_drop_markup():
    text = "# Role\n- Negotiate contracts with clients. Close deals quickly and well.\n\n1. Keep CRM records up to date\n"
    segments = segment(text)
    assert [s.text for s in segments] == [
        "Negotiate contracts with clients.",
        "Close deals quickly and well.",
        "Keep CRM records up to date",
    ]
    for s in segments:
        assert text[s.start : s.end] == s.text


def test_sample_ad_matches_statements_with_evidence(seed_run):
    doc = Document("ad", SAMPLE_AD)
    result = match_document(doc, seed_run.statements, seed_run.vectors, default_embedder(), top_k=5)
    assert len(result.matches) == 5
    scores = [m["score"] for m in result.matches]
    assert scores == sorted(scores, reverse=True)
    for m in result.matches:
        ev = m["evidence"]
        assert SAMPLE_AD[ev["start"] : ev["end"]] == ev["text"]
    best = result.matches[0]
    assert "Negotiat" in best["text"] and "Negotiate" in best["evidence"]["text"]
    dist = result.level["distribution"]
    assert list(dist) == ["emerging", "developing", "proficient", "advanced"]
    assert sum(dist.values()) == pytest.approx(1.0, abs=1e-3)
    assert result.level["predicted"] in dist
    assert result.threads and all(t["thread_id"] for t in result.threads)


def test_unrelated_document_gets_no_match(seed_run):
    doc = Document(
        "weather",
        "The weather in Lisbon was sunny all week.\nThe river froze in 1963 and again in 1985.",
    )
    result = match_document(doc, seed_run.statements, seed_run.vectors, default_embedder())
    assert result.matches == []
    assert result.level["predicted"] is None and result.level["status"] == "no match"


def test_batch_documents_from_jsonl_and_csv(tmp_path):
    path = tmp_path / "ads.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "Sell services."})
        + "\n\n"
        + json.dumps({"id": 7, "text": "Lead teams."})
        + "\n"
    )
    assert [d.document for d in read_documents(path)] == ["a", "7"]
    path = tmp_path / "ads.csv"
    path.write_text("id,text\nx,Negotiate contracts\n")
    assert read_documents(path) == [Document("x", "Negotiate contracts")]
    path.write_text("id;text\nx;Negotiate contracts, prices and terms\n")  # a ';' spreadsheet
    assert read_documents(path) == [Document("x", "Negotiate contracts, prices and terms")]
    path = tmp_path / "ads.tsv"
    path.write_text("id\ttext\nx\tNegotiate contracts; prices, terms\n")
    assert read_documents(path) == [Document("x", "Negotiate contracts; prices, terms")]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bad.jsonl",
            '{"id": "a", "text": "ok"}\n{"id": "b", "text": \n',
            "record line 2: invalid JSON",
        ),
        ("bad.jsonl", '{"id": "a", "text": ""}\n', "record line 1: field 'text'"),
        ("bad.csv", "name,body\nx,y\n", "expected columns 'id' and 'text'"),
        ("empty.txt", "   \n", "document has no text"),
        ("doc.pdfx", "x", "expected a document"),
    ],
)
def test_bad_documents(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(LadderInputError, match=expected.replace("(", r"\(")):
        read_documents(path)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We offer a competitive salary, a company car and 25 days of holiday.", "salary"),
        ("Generous pension and annual leave.", "benefits"),
        (
            "We are an equal opportunities employer and welcome applicants regardless of age.",
            "equal opportunity",
        ),
        ("Please send your CV to jobs@example.com to apply.", "application"),
        ("Our client is a leading provider of facilities services.", "company"),
        ("Negotiate contract terms with clients and close service agreements.", None),
        ("Keep customer records in our CRM up to date.", None),
    ],
)
def test_boilerplate_is_recognised(text, kind):
    from pipeline.match import boilerplate_kind

    assert boilerplate_kind(text) == kind


def test_boilerplate_is_never_evidence(seed_run):
    doc = Document("ad", SAMPLE_AD)
    result = match_document(
        doc, seed_run.statements, seed_run.vectors, default_embedder(), top_k=40
    )
    assert all("salary" not in m["evidence"]["text"] for m in result.matches)


def test_subset_without_some_levels_keeps_official_ranks(seed_run):
    # One thread's statements only (ranks not dense, e.g. 0, 1, 3): the predicted rank is a real rank.
    keep = seed_run.statements.level_rank.isin([0, 1, 3]).to_numpy()
    subset = seed_run.statements[keep].reset_index(drop=True)
    doc = Document("ad", NO_CUES_AD)
    result = match_document(doc, subset, seed_run.vectors[keep], default_embedder())
    assert list(result.level["distribution"]) == ["emerging", "developing", "advanced"]
    assert result.level["predicted_rank"] in (0, 1, 3)


def test_level_model_distribution_follows_the_ranks_present(seed_run):
    from pipeline.serving import FrameworkLevelModel

    model = FrameworkLevelModel.fit(seed_run.statements, seed_run.vectors)
    keep = seed_run.statements.level_rank.isin([0, 1, 3]).to_numpy()
    subset = seed_run.statements[keep].reset_index(drop=True)
    doc = Document("ad", NO_CUES_AD)
    full = match_document(
        doc, seed_run.statements, seed_run.vectors, default_embedder(), level_model=model
    )
    part = match_document(
        doc, subset, seed_run.vectors[keep], default_embedder(), level_model=model
    )
    # Dropping Proficient renormalises the other three levels' probabilities; it does not shift them.
    kept = {k: full.level["distribution"][k] for k in ("emerging", "developing", "advanced")}
    total = sum(kept.values())
    for level, p in part.level["distribution"].items():
        assert p == pytest.approx(kept[level] / total, abs=2e-3)


@pytest.mark.parametrize(
    ("text", "years", "people"),
    [
        ("We need 5+ years of experience in B2B sales.", 5, None),
        ("3-5 years relevant industry experience; you will manage a team of 8", 3, 8),
        ("Minimum two years working in retail.", 2, None),
        ("You will line manage the account executives.", None, 0),
        ("You will line manage two junior analysts and supervise 12 staff.", None, 12),
        ("Manage 3 projects at once", None, None),
        ("Founded 25 years ago, we sell insurance.", None, None),
        # Job-ad sentences from SkillSpan (MIT): other ways of asking for years, and for none.
        ("At least 5 years in a Microsoft-based development environment .", 5, None),
        (
            "Several years of experience as a senior/lead java engineer and or system architect",
            3,
            None,
        ),
        ("No previous experience is necessary as we offer full training .", 0, None),
        ("Minimum 21 years with a clean criminal record .", None, None),  # an age
        ("Prior work experience should include four or more years of Java development", 4, None),
        ("Experience: 7 years in retail banking", 7, None),
        ("Over a decade of experience in enterprise sales", 10, None),
    ],
)
def test_seniority_cues_are_read_with_their_words(text, years, people):
    cues = seniority_cues(text)
    assert (cues.years_experience, cues.people_managed) == (years, people)
    assert all(word in text for word in cues.evidence)
    assert cues.found == (years is not None or people is not None or cues.title_rank is not None)


@pytest.mark.parametrize(
    ("text", "rank", "title"),
    [
        # Job-ad sentences from SkillSpan (MIT) and DDaT role levels (OGL v3.0).
        ("Lead Java Software Engineer", 4, "Lead Java Software Engineer"),
        ("Head of IT ( m/f/d )", 6, "Head of IT"),
        ("Senior Linux Developer ( Ethernet ) <ORGANIZATION>", 3, "Senior Linux Developer"),
        (
            "We are looking for a Senior QA Engineer to join our Engineering department .",
            3,
            "Senior QA Engineer",
        ),
        ("As a Principal DevOps Engineer you’ll be a key player", 5, "Principal DevOps Engineer"),
        ("A junior data engineer is learning to build data products.", 1, "junior data engineer"),
        (
            "The head of data governance works with the chief data officer across government.",
            6,
            "head of data",
        ),
        ("Jane Doe\nSenior Account Manager\njane@example.com", 3, "Senior Account Manager"),
        # A résumé's latest role: the first entry under its work-history heading.
        (
            "Jane Doe\njane@example.com | London\nProfile\nData engineer who builds pipelines for "
            "retail clients.\nExperience\nLead Data Engineer, Acme Ltd, London – 2020 to present\n"
            "- Designed the streaming platform.\nData Engineer, Beta plc – 2016 to 2020",
            4,
            "Lead Data Engineer",
        ),
        (
            "Sam Lee\nPROFESSIONAL EXPERIENCE\nAcme Ltd, London\nJanuary 2021 – present\n"
            "Junior Software Developer",
            1,
            "Junior Software Developer",
        ),
        # Not the role's own title, or no title at all.
        ("You will report to the Senior Sales Manager.", None, None),
        ("Working with stakeholders such as the Head of Finance.", None, None),
        ("Experience in lead generation and as a lead generation specialist.", None, None),
        ("A graduate degree in computer science is required.", None, None),
        ("Work with senior stakeholders to deliver change.", None, None),
        ("# Account Representative, Business Services", None, None),
        # ... the latest role whatever the order: dated "present", else the latest year; the work
        # history ends at the next section ("Education").
        (
            "Jane Doe\nExperience\nJunior Analyst, Beta plc – 2014 to 2017\n- Built reports.\n"
            "Analyst, Gamma Ltd – 2017 to 2020\nPrincipal Analyst, Acme Ltd – 2020 to present\n"
            "Education\nSenior Wrangler, University – 2023",
            5,
            "Principal Analyst",
        ),
        # An ad's "Experience" section lists what is asked, not a role held.
        (
            "Account Representative\n\nExperience\nSenior stakeholder management experience\n"
            "Lead generation in B2B services",
            None,
            None,
        ),
    ],
)
def test_the_document_title_ranks_its_seniority(text, rank, title):
    cues = seniority_cues(text)
    assert cues.title_rank == rank
    assert (title in cues.evidence) if title else cues.evidence == ()


def test_seniority_cues_lean_the_document_level(seed_run):
    from pipeline.serving import FrameworkLevelModel

    model = FrameworkLevelModel.fit(seed_run.statements, seed_run.vectors)

    def level(text):
        doc = Document("ad", text)
        return match_document(
            doc, seed_run.statements, seed_run.vectors, default_embedder(), level_model=model
        ).level

    assert level(SAMPLE_AD)["cues"]["years_experience"] == 1  # "One to two years of experience"
    plain = level(NO_CUES_AD)
    senior = level(NO_CUES_AD + "\n- 10+ years of experience in services sales; lead a team of 12.")
    junior = level(NO_CUES_AD + "\n- 0-1 years of experience in services sales is fine.")
    assert plain["cues"]["years_experience"] is None
    assert senior["cues"]["years_experience"] == 10 and senior["cues"]["people_managed"] == 12
    assert junior["expected"] < plain["expected"] < senior["expected"]
    # The job title's seniority word leans the level the same way.
    heading = "# Account Representative"
    trainee = level(NO_CUES_AD.replace(heading, "# Trainee Account Representative"))
    head = level(NO_CUES_AD.replace(heading, "# Head of Account Management"))
    assert plain["cues"]["title_rank"] is None
    assert (trainee["cues"]["title_rank"], head["cues"]["title_rank"]) == (0, 6)
    assert trainee["expected"] < plain["expected"] < head["expected"]
    assert sum(senior["distribution"].values()) == pytest.approx(1.0, abs=1e-3)


def test_batched_matching_equals_one_document_at_a_time(seed_run):
    from pipeline.match import match_documents
    from pipeline.rank import StatementIndex

    embedder = default_embedder()
    index = StatementIndex(seed_run.statements, seed_run.vectors, embedder)
    docs = [
        Document("a", SAMPLE_AD),
        Document("b", NO_CUES_AD),
        Document("c", "Handle customer complaints politely.\nThe river froze in 1963."),
        Document("d", SAMPLE_AD.replace("spreadsheet", "CRM dashboard")),
        Document("e", "The weather in Lisbon was sunny all week."),
    ]
    batched = list(
        match_documents(
            docs, seed_run.statements, seed_run.vectors, embedder, index=index, batch_documents=2
        )
    )
    single = [
        match_document(d, seed_run.statements, seed_run.vectors, embedder, index=index)
        for d in docs
    ]
    assert [r.to_dict() for r in batched] == [r.to_dict() for r in single]
    assert [r.document for r in batched] == list("abcde")
    assert batched[4].level["status"] == "no match"


def test_learned_filter_skips_sentences_without_competency_and_keeps_skill_sentences():
    """60 SkillSpan test sentences (30 with a skill or knowledge span, 30 without; never read in
    training) and 60 Decorte validation sentences (each names an ESCO skill)."""
    import numpy as np
    import pandas as pd

    from pipeline.embed import embed_texts, make_embedder
    from pipeline.match import boilerplate_kind, learned_boilerplate
    from tests.conftest import DATA

    sample = pd.read_csv(DATA / "skillspan_test_sample.csv")
    competency = sample["competency"].to_numpy() == 1
    embedder = default_embedder()
    vectors, _ = embed_texts(embedder, sample["text"].tolist())
    rules = np.array([boilerplate_kind(t) is not None for t in sample["text"]])
    skipped = rules | learned_boilerplate(vectors, embedder.model_id)
    assert (skipped & ~competency).sum() >= (rules & ~competency).sum() + 3  # skips more blurbs
    assert (~skipped & competency).mean() / competency.mean() >= 0.85  # keeps skill sentences
    decorte = pd.read_csv(DATA / "decorte_sample.csv")["sentence"].tolist()
    decorte_vectors, _ = embed_texts(embedder, decorte)
    assert learned_boilerplate(decorte_vectors, embedder.model_id).mean() <= 0.05
    # Vectors of another model are not read by it (the static backend: 256 dimensions).
    static = make_embedder("static")
    static_vectors, _ = embed_texts(static, sample["text"].tolist())
    assert not learned_boilerplate(static_vectors, static.model_id).any()
