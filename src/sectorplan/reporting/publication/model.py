"""The report as one list of blocks. Every writer (DOCX, HTML, and through the DOCX the PDF)
walks the same list, so they say the same. Cells are text already formatted for the
reader (Dutch numbers in a Dutch report); a column knows whether it holds numbers, so the
writers right-align it and never let it wrap."""

from dataclasses import dataclass, field


@dataclass
class Column:
    label: str
    numeric: bool = False


@dataclass
class Block:
    #: heading, paragraph, table, quote, list (numbered), chart, draft (a generated text not
    #: yet accepted by the office), pagebreak
    kind: str
    text: str = ""
    level: int = 1
    columns: list[Column] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    #: chart: the PNG, drawn from the same figures as the table beside it
    image: bytes = b""
    #: an anchor for the HTML's table of contents
    anchor: str = ""
    #: paragraph: a few words in bold before the text (a region's theme, "Plan")
    lead: str = ""


@dataclass
class Document:
    title: str
    subtitle: str
    #: "concept" or "definitief" (as words in the report's language)
    status: str
    #: (label, value) pairs of the title page: programme, period, office, date, status
    about: list[tuple[str, str]]
    running_header: str
    language: str
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> None:
        anchor = f"h{sum(1 for b in self.blocks if b.kind == 'heading') + 1}"
        self.blocks.append(Block("heading", text, level, anchor=anchor))

    def paragraph(self, text: str, lead: str = "") -> None:
        for part in (p.strip() for p in text.split("\n\n")):
            if part:
                self.blocks.append(Block("paragraph", part, lead=lead))
                lead = ""

    def draft(self, text: str) -> None:
        """Generated text the office has not accepted yet: printed, and marked as a draft."""
        if text.strip():
            self.blocks.append(Block("draft", text.strip()))

    def table(self, columns: list[Column], rows: list[list[str]]) -> None:
        self.blocks.append(
            Block("table", columns=columns, rows=[[str(v) for v in r] for r in rows])
        )

    def quote(self, text: str) -> None:
        self.blocks.append(Block("quote", text))

    def numbered(self, items: list[str]) -> None:
        if items:
            self.blocks.append(Block("list", items=items))

    def chart(self, image: bytes, text: str) -> None:
        """A chart as a picture; `text` is its caption and alternative text."""
        self.blocks.append(Block("chart", text, image=image))

    def page_break(self) -> None:
        self.blocks.append(Block("pagebreak"))

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def toc(self) -> list[Block]:
        """The headings the table of contents lists: levels 1 and 2."""
        return [b for b in self.headings if b.level <= 2]

    def text_blocks(self) -> list[str]:
        """Every piece of text in the document, in order (for the checks in the tests)."""
        parts = [self.title, self.subtitle, self.status]
        parts += [f"{label}: {value}" for label, value in self.about]
        for block in self.blocks:
            parts += [block.lead, block.text, *block.items, *(c.label for c in block.columns)]
            parts += [cell for row in block.rows for cell in row]
        return [p for p in parts if p]
