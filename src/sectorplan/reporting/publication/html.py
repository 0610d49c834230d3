"""The report as one printable HTML file: the same blocks as the DOCX, a linked table of
contents, the charts inline (data URIs) with their tables, and the site's style inside, so it
also reads well when saved or mailed."""

from base64 import b64encode
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from sectorplan.reporting.publication.model import Document


def to_html(document: Document, back: str = "", inline_css: bool = True) -> str:
    # The theme's tokens first, then the rules that read them.
    css = (
        "\n".join(
            Path(finders.find(f"sectorplan/{name}")).read_text(encoding="utf-8")
            for name in ("theme.css", "sectorplan.css")
        )
        if inline_css
        else ""
    )
    charts = {
        id(block): "data:image/png;base64," + b64encode(block.image).decode()
        for block in document.blocks
        if block.kind == "chart"
    }
    blocks = [
        {
            "block": block,
            "image": charts.get(id(block), ""),
            "labels": ", ".join(c.label for c in block.columns if c.label),
            "rows": [
                list(zip(row, [c.numeric for c in block.columns], strict=True))
                for row in block.rows
            ],
        }
        for block in document.blocks
    ]
    return render_to_string(
        "reporting/final_report.html",
        {"document": document, "blocks": blocks, "back": back, "css": css},
    )
