"""The PDF: LibreOffice's tagged export of the DOCX (see docs/decisions/0011). The headings
become the PDF's bookmarks; the table of contents gets its page numbers from a first
rendering, so the DOCX and the PDF show the same numbers."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from sectorplan.core.office import office_program, to_pdf

#: LibreOffice's PDF export: tagged (structure, reading order, alternative texts), PDF/UA,
#: bookmarks from the headings, and the document's title in the viewer's title bar.
EXPORT = "pdf:writer_pdf_Export:" + json.dumps(
    {
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "PDFUACompliance": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
        "ExportNotes": {"type": "boolean", "value": "false"},
    },
    separators=(",", ":"),
)


class PdfUnavailable(RuntimeError):
    """LibreOffice (or poppler's pdftotext) is not installed, or the conversion failed."""


def available() -> bool:
    return office_program() is not None and shutil.which("pdftotext") is not None


def docx_to_pdf(content: bytes) -> bytes:
    pdf = to_pdf(content, "eindrapportage.docx", EXPORT)
    if pdf is None:
        raise PdfUnavailable("LibreOffice could not convert the report to PDF")
    return pdf


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page (pdftotext, in reading order)."""
    with tempfile.TemporaryDirectory(prefix="sectorplan-pdftext-") as directory:
        path = Path(directory) / "report.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=120,
        )
    return done.stdout.decode().split("\f")


def _normal(text: str) -> str:
    return " ".join(text.split())


def heading_pages(pages: list[str], headings: list[str]) -> list[int]:
    """The page number (from 1) of each heading, found in order. The search starts at the
    page that opens with the first heading (the body; before it come the cover, the title
    page and the table of contents, which lists the headings too)."""
    cursor = 0
    first = _normal(headings[0]) if headings else ""
    for index, page in enumerate(pages):
        lines = [_normal(line) for line in page.splitlines() if line.strip()]
        if first and first in lines[:3] and not any(line == first + " 0" for line in lines):
            cursor = index
            break
    numbers = []
    for heading in headings:
        wanted = _normal(heading)
        for index in range(cursor, len(pages)):
            lines = {_normal(line) for line in pages[index].splitlines()}
            if wanted in lines or wanted in _normal(pages[index]):
                cursor = index
                break
        numbers.append(cursor + 1)
    return numbers
