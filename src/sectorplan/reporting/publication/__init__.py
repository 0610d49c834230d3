"""The eindrapportage as a publication: one document model (`build`), written out as DOCX
(`docx_writer`), as printable HTML (`html`) and as a tagged PDF (LibreOffice's export of the
DOCX, `pdf`). `render` is the one way to get the report as bytes, for the command line, the
download buttons and (later) a background job."""

from datetime import datetime

from django.utils import timezone, translation

from sectorplan.programmes.models import Programme, Round
from sectorplan.reporting.publication import pdf
from sectorplan.reporting.publication.build import final_report
from sectorplan.reporting.publication.docx_writer import to_docx
from sectorplan.reporting.publication.html import to_html
from sectorplan.reporting.publication.model import Document

FORMATS = ("docx", "pdf", "html")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def build(
    programme: Programme, round_: Round | None, language: str, read_at: datetime | None = None
) -> Document:
    with translation.override(language):
        document = final_report(programme, round_, read_at or timezone.localtime())
        document.language = "nl-NL" if language.startswith("nl") else "en-GB"
    return document


def render(
    programme: Programme,
    round_: Round | None,
    fmt: str,
    language: str,
    read_at: datetime | None = None,
) -> bytes:
    """The report in `fmt` (docx, pdf, html) and `language` (nl, en), as bytes.

    DOCX and PDF get a table of contents with page numbers: the document is rendered once to
    find the pages of its headings (LibreOffice), then again with the numbers. Without
    LibreOffice the DOCX lists the headings and Word fills in the numbers on opening; the
    PDF needs LibreOffice (PdfUnavailable)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    document = build(programme, round_, language, read_at)
    with translation.override(language):
        if fmt == "html":
            return to_html(document).encode()
        headings = [(b.level, b.text) for b in document.toc]
        if not pdf.available():
            if fmt == "pdf":
                raise pdf.PdfUnavailable("LibreOffice and pdftotext are needed for a PDF")
            return to_docx(document, [(level, text, None) for level, text in headings])
        # First rendering with a table of contents of the same length, to find the pages.
        draft = to_docx(document, [(level, text, 0) for level, text in headings])
        pages = pdf.heading_pages(pdf.page_texts(pdf.docx_to_pdf(draft)), [t for _l, t in headings])
        content = to_docx(
            document,
            [(level, text, page) for (level, text), page in zip(headings, pages, strict=True)],
        )
        return pdf.docx_to_pdf(content) if fmt == "pdf" else content
