import pytest

from pipeline.readers import Document, html_to_text, read_documents
from pipeline.schemas import LadderInputError
from tests.documents import write_docx, write_encrypted_pdf, write_pdf, write_zip_bomb

BULLETS = ["Negotiate contracts with clients", "Keep CRM records up to date"]


def test_html_keeps_blocks_and_bullets_and_drops_scripts():
    markup = (
        "<html><head><style>p{}</style></head><body><h2>Duties</h2><ul>"
        "<li>Negotiate contracts with clients</li><li>Keep CRM <b>records</b> up to date</li></ul>"
        "<script>var x = 1;</script><p>We offer a pension.</p></body></html>"
    )
    assert html_to_text(markup).splitlines() == [
        "Duties",
        "- Negotiate contracts with clients",
        "- Keep CRM records up to date",
        "We offer a pension.",
    ]


def test_pdf_and_docx_text(tmp_path):
    pdf = tmp_path / "cv.pdf"
    write_pdf(pdf, BULLETS)
    (doc,) = read_documents(pdf)
    assert all(b in doc.text for b in BULLETS)
    docx_path = tmp_path / "ad.docx"
    write_docx(docx_path, "Sales representative", BULLETS)
    (doc,) = read_documents(docx_path)
    assert doc.text.splitlines() == ["Sales representative", *(f"- {b}" for b in BULLETS)]


def test_parquet_batch(tmp_path):
    import pandas as pd

    path = tmp_path / "ads.parquet"
    pd.DataFrame({"id": [1, 2], "text": ["Sell services", "Lead teams"]}).to_parquet(path)
    assert read_documents(path) == [Document("1", "Sell services"), Document("2", "Lead teams")]


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("locked.pdf", lambda p: write_encrypted_pdf(p, BULLETS), "PDF is encrypted"),
        ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj garbage"), "could not read PDF"),
        ("plain.docx", lambda p: p.write_text("not a zip"), "not a .docx: expected a zip archive"),
        ("bomb.docx", write_zip_bomb, "would unpack to"),
        ("bad.parquet", lambda p: p.write_bytes(b"PAR1 nonsense"), "could not read parquet"),
    ],
)
def test_damaged_documents_are_refused(tmp_path, name, make, expected):
    path = tmp_path / name
    make(path)
    with pytest.raises(LadderInputError, match=expected):
        read_documents(path)
