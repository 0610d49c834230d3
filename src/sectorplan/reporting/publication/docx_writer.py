"""The report as a Word file (python-docx), styled for print: a cover and a title page, a
table of contents (a TOC field over the headings), a running header and page numbers, tables
whose header row repeats on every page and whose numbers are right-aligned and never wrap,
and the charts as pictures with their alternative text."""

from io import BytesIO

import docx
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from sectorplan.reporting.publication.model import Block, Document
from sectorplan.reporting.publication.widths import table_layout

FONT = "Arial"
BRAND = RGBColor(0x15, 0x42, 0x73)
MUTED = RGBColor(0x55, 0x55, 0x55)
DRAFT = RGBColor(0x8A, 0x4B, 0x00)
HEADER_FILL = "154273"
STRIPE_FILL = "EEF3F8"
BORDER = "A6B4C4"
#: The order of the children of a cell's and a table's properties (ECMA-376).
TC_ORDER = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark",
)  # fmt: skip
TBL_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
)  # fmt: skip
#: Tables up to this many rows are kept on one page.
KEEP_TOGETHER_ROWS = 15
#: A4 with 2.5 cm margins: the width of the text.
TEXT_WIDTH_CM = 16.0


def to_docx(document: Document, toc: list[tuple[int, str, int | None]] | None = None) -> bytes:
    """The Word file. `toc` gives the table of contents' entries (level, text, page; page
    None when not known): the TOC field's last result, which Word updates on opening."""
    word = docx.Document()
    _styles(word, document.language)
    _page(word, document)
    _cover(word, document)
    _title_page(word, document)
    _table_of_contents(word, toc)
    blocks = document.blocks
    for index, block in enumerate(blocks):
        following = blocks[index + 1].kind if index + 1 < len(blocks) else ""
        keep = following in {"table", "chart", "list", "quote"} or (
            block.lead != "" and following == "paragraph"
        )
        _block(word, block, keep_with_next=keep)
    properties = word.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.language = document.language
    properties.author = dict(document.about).get(_("Programme office"), "")
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- styles and page -----------------------------------------------------------------------


def _styles(word, language: str) -> None:
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    normal.element.get_or_add_rPr().append(lang)
    for name, size, before in (
        ("Heading 1", 16, 0),
        ("Heading 2", 12.5, 14),
        ("Heading 3", 11, 10),
        ("Title", 24, 0),
    ):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = BRAND
        style.font.bold = True
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(8)
        style.paragraph_format.keep_with_next = True
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:ascii"), FONT)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), FONT)
    styles["Heading 1"].paragraph_format.page_break_before = True
    quote = styles["Quote"]
    quote.font.color.rgb = BRAND
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(1)


def _page(word, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.2)
    section.different_first_page_header_footer = True  # the cover has neither
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(document.running_header)
    run.font.size, run.font.color.rgb = Pt(8), MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = footer.add_run(_("Page") + " ")
    run.font.size, run.font.color.rgb = Pt(8), MUTED
    _field(footer, "PAGE", "1", size=8)


def _field(paragraph, instruction: str, result: str, size: float | None = None) -> None:
    """A complex field (PAGE, TOC …) with its last known result."""

    def char(kind):
        run = paragraph.add_run()
        if size:
            run.font.size, run.font.color.rgb = Pt(size), MUTED
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    shown = paragraph.add_run(result)
    if size:
        shown.font.size, shown.font.color.rgb = Pt(size), MUTED
    char("end")


# --- front matter ----------------------------------------------------------------------------


def _cover(word, document: Document) -> None:
    spacer = word.add_paragraph()
    spacer.paragraph_format.space_before = Cm(6)
    title = word.add_paragraph(style="Title")
    title.paragraph_format.page_break_before = False
    _unbroken(title, document.title)
    subtitle = word.add_paragraph()
    run = subtitle.add_run(document.subtitle)
    run.font.size, run.font.color.rgb = Pt(14), MUTED
    status = word.add_paragraph()
    status.paragraph_format.space_before = Cm(1)
    run = status.add_run(document.status.upper())
    run.bold, run.font.size, run.font.color.rgb = True, Pt(12), DRAFT
    about = dict(document.about)
    for label in (_("Programme office"), _("Date")):
        if label in about:
            line = word.add_paragraph()
            line.add_run(about[label]).font.size = Pt(12)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _unbroken(paragraph, text: str) -> None:
    """`text` with non-breaking hyphens: a title never breaks after "SW-"."""
    run = paragraph.add_run()
    for index, part in enumerate(text.split("-")):
        if index:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if part:
            element = OxmlElement("w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = part
            run._r.append(element)


def _title_page(word, document: Document) -> None:
    heading = word.add_paragraph()
    run = heading.add_run(_("Colophon"))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(14), BRAND
    table = word.add_table(rows=0, cols=2)
    for label, value in document.about:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    _set_widths(table, [4.5, TEXT_WIDTH_CM - 4.5])
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table_of_contents(word, toc: list[tuple[int, str, int | None]] | None) -> None:
    heading = word.add_paragraph()
    run = heading.add_run(_("Contents"))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(14), BRAND
    paragraph = word.add_paragraph()
    _field_begin(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
    if toc:
        for level, text, page in toc:
            entry = word.add_paragraph()
            entry.paragraph_format.left_indent = Cm(0 if level == 1 else 0.8)
            entry.paragraph_format.space_after = Pt(2 if level == 2 else 4)
            entry.paragraph_format.tab_stops.add_tab_stop(
                Cm(TEXT_WIDTH_CM), alignment=2, leader=1
            )  # right-aligned, dotted
            run = entry.add_run(text if page is None else f"{text}\t{page}")
            run.bold = level == 1
        end = word.add_paragraph()
    else:
        paragraph.add_run(_("Update this field to see the table of contents."))
        end = paragraph
    _field_end(end)
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _field_begin(paragraph, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                element.set(qn("w:dirty"), "true")
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _field_end(paragraph) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(element)


# --- blocks ----------------------------------------------------------------------------------


def _block(word, block: Block, keep_with_next: bool = False) -> None:
    """One block; `keep_with_next` keeps a paragraph on the page of the table or chart it
    introduces."""
    if block.kind == "heading":
        word.add_heading(block.text, block.level)
    elif block.kind == "paragraph":
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.keep_with_next = keep_with_next
        if block.lead:
            paragraph.add_run(
                f"{block.lead}. " if not block.lead.endswith(".") else block.lead + " "
            ).bold = True
        paragraph.add_run(block.text)
    elif block.kind == "draft":
        paragraph = word.add_paragraph()
        run = paragraph.add_run(block.text)
        run.italic, run.font.color.rgb = True, DRAFT
    elif block.kind == "quote":
        word.add_paragraph(block.text, style="Quote").paragraph_format.keep_together = True
    elif block.kind == "list":
        for number, item in enumerate(block.items, 1):
            paragraph = word.add_paragraph(f"{number}.\t{item}")
            paragraph.paragraph_format.left_indent = Cm(0.8)
            paragraph.paragraph_format.first_line_indent = Cm(-0.8)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
    elif block.kind == "chart":
        _chart(word, block)
    elif block.kind == "pagebreak":
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        _table(word, block)


def _chart(word, block: Block) -> None:
    paragraph = word.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run()
    run.add_picture(BytesIO(block.image), width=Cm(15))
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", block.text)  # the alternative text
        properties.set("title", block.text)
    caption = word.add_paragraph()
    text = caption.add_run(block.text)
    text.italic, text.font.size, text.font.color.rgb = True, Pt(8.5), MUTED


def _table(word, block: Block) -> None:
    numeric = [c.numeric for c in block.columns]
    headers = [c.label for c in block.columns]
    widths, size = table_layout(headers, numeric, block.rows, TEXT_WIDTH_CM)
    table = word.add_table(rows=1, cols=len(headers), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    _row_properties(header, repeat=True)
    for cell, text, is_number in zip(header.cells, headers, numeric, strict=True):
        _cell(cell, text, is_number, size, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF))
        _shade(cell, HEADER_FILL)
    # A short table stays on one page (its rows keep with the next); a long one breaks
    # between rows, with its header repeated.
    together = len(block.rows) <= KEEP_TOGETHER_ROWS
    for index, row in enumerate(block.rows):
        cells = table.add_row()
        _row_properties(cells)
        last = index == len(block.rows) - 1
        for cell, text, is_number in zip(cells.cells, row, numeric, strict=True):
            _cell(cell, text, is_number, size, keep=together and not last)
            if index % 2:
                _shade(cell, STRIPE_FILL)
    for cell in header.cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    _borders(table)
    _set_widths(table, widths)
    word.add_paragraph().paragraph_format.space_after = Pt(2)


def _cell(
    cell,
    text: str,
    is_number: bool,
    size: float,
    bold: bool = False,
    colour=None,
    keep: bool = False,
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.keep_with_next = keep
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if is_number:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _ordered(cell._tc.get_or_add_tcPr(), OxmlElement("w:noWrap"), TC_ORDER)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if colour is not None:
        run.font.color.rgb = colour


def _row_properties(row, repeat: bool = False) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if repeat:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)


def _borders(table) -> None:
    """Thin grey lines instead of the grid style's black ones."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), BORDER)
        borders.append(line)
    _ordered(properties, borders, TBL_ORDER)


def _ordered(parent, element, order: tuple[str, ...]) -> None:
    """Insert `element` where the schema wants it among `parent`'s children (Word refuses
    a file whose properties are out of order; LibreOffice does not mind)."""
    name = element.tag.split("}")[1]
    later = set(order[order.index(name) + 1 :])
    for child in parent:
        if child.tag.split("}")[1] in later:
            child.addprevious(element)
            return
    parent.append(element)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    _ordered(cell._tc.get_or_add_tcPr(), shading, TC_ORDER)


def _set_widths(table, widths_cm: list[float]) -> None:
    """The grid (which LibreOffice follows) and every cell (which Word follows)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
