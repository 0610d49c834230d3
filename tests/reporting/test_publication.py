"""The eindrapportage as a publication, on the whole demo (35 regions, their plans and
reports), built once for the module: the DOCX in Dutch and in English, and (LibreOffice)
the tagged PDF. Every table and every figure is checked against the CSV tables; the text
against raw codes, placeholders and question–answer lines; every column's width against its
longest value."""

import io
import re
import subprocess
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length

from sectorplan.cli.demo import demo_load
from sectorplan.monitoring.constants import NOT_STARTED, ReportState
from sectorplan.plans.constants import PlanState
from sectorplan.programmes.models import Question
from sectorplan.reporting import publication
from sectorplan.reporting.exports import write_csv
from sectorplan.reporting.publication import pdf
from sectorplan.reporting.publication.widths import text_cm
from sectorplan.reporting.tables import table_for
from tests.conftest import kept

#: Word's default cell margins (0.19 cm each side): the room a cell's text does not get.
CELL_MARGINS_CM = 0.38
#: A4 less 2.5 cm margins on either side.
TEXT_WIDTH_CM = 16.0


@pytest.fixture
def built(built_once, db):
    return built_once


@pytest.fixture(scope="module")
def built_once(django_db_setup, django_db_blocker):
    def load():
        programme = demo_load()
        made = {
            "programme": programme,
            "nl": publication.render(programme, None, "docx", "nl"),
            "en": publication.render(programme, None, "docx", "en"),
            "html": publication.render(programme, None, "html", "nl").decode(),
            "csv": {code: csv_rows(programme, code) for code in ("coverage", "ser", "regions")},
            "codes": raw_codes(programme),
        }
        made["pdf"] = publication.render(programme, None, "pdf", "nl") if pdf.available() else None
        return made

    yield from kept(django_db_blocker, load)


def csv_rows(programme, code) -> list[dict]:
    stream = io.StringIO()
    write_csv(table_for(programme, code), stream)
    lines = stream.getvalue().splitlines()
    header = lines[0].split(",")
    import csv

    return [dict(zip(header, row, strict=True)) for row in csv.reader(lines[1:])]


def raw_codes(programme) -> set[str]:
    """Codes that must never be printed: workflow states, and the programme's own codes of
    themes, activity types, questions and table rows that are not words."""
    codes = {*PlanState.values, *ReportState.values, NOT_STARTED, "none"}
    codes |= set(programme.activity_types.values_list("code", flat=True))
    codes |= set(programme.themes.values_list("code", flat=True))
    codes |= set(
        Question.objects.filter(questionnaire__round__programme=programme).values_list(
            "code", flat=True
        )
    )
    for table in programme.report_tables.all():
        codes |= set(table.rows.values_list("code", flat=True))
    return {
        code for code in codes if "_" in code or code in {*PlanState.values, *ReportState.values}
    }


def paragraphs_of(content: bytes) -> list[str]:
    word = docx.Document(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for section in word.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return parts


def table_rows(content: bytes) -> list[list[str]]:
    word = docx.Document(io.BytesIO(content))
    return [
        [cell.text.replace("\u00a0", " ") for cell in row.cells]
        for table in word.tables
        for row in table.rows
    ]


def euro(value: str) -> str:
    """CSV '1234.56' as the Dutch report prints it: '€ 1.234,56' (empty: a dash)."""
    if value == "":
        return "–"
    whole, _dot, cents = f"{Decimal(value):.2f}".partition(".")
    groups = re.sub(r"(?<=\d)(?=(\d{3})+$)", ".", whole)
    return f"€ {groups},{cents}"


def pct(yes: str, n: str) -> str:
    return f"{yes}%" if yes != "" else "–"


# --- what must never be printed ----------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_raw_code_anywhere(built, language):
    text = "\n".join(paragraphs_of(built[language]))
    found = {code for code in built["codes"] if re.search(rf"(?<![\w-]){code}(?![\w-])", text)}
    if language == "en":  # English state words are words in an English report
        found -= {*PlanState.values, *ReportState.values}
    assert found == set()


def test_no_raw_code_in_the_html(built):
    body = re.sub(r"<[^>]+>", " ", built["html"].split("<body", 1)[1])
    assert {c for c in built["codes"] if "_" in c and re.search(rf"\b{c}\b", body)} == set()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_placeholder_and_no_question_answer_lines(built, language):
    text = "\n".join(paragraphs_of(built[language]))
    for placeholder in (
        "Nog niet geschreven",
        "nog niet geschreven",
        "Not written",
        "not written",
        "%(",
        "{{",
        "TODO",
        "Werk dit veld bij",
        "Update this field",
        "sectorplan report (CLI)",
    ):
        assert placeholder not in text, placeholder
    assert not re.search(r"\b(None|nan|NaN|null)\b", text)
    assert "?:" not in text
    questions = Question.objects.filter(questionnaire__round__programme=built["programme"])
    labels = {q.label_nl for q in questions} | {q.label_en for q in questions}
    assert [label for label in labels if label in text] == []


def test_every_table_fits_the_page_and_every_number_its_column(built):
    """Per table: it is no wider than the text (16 cm). Per column: the grid width holds the
    longest value of a number column on one line, and the longest word of any cell or
    header, in the font size the table is set in."""
    word = docx.Document(io.BytesIO(built["nl"]))
    checked = 0
    for table in word.tables[1:]:  # the first is the colophon
        grid = [Length(int(col.get(qn("w:w"))) * 635).cm for col in table._tbl.tblGrid]
        assert sum(grid) <= TEXT_WIDTH_CM + 0.01, [c.text for c in table.rows[0].cells]
        for index, width in enumerate(grid):
            room = width - CELL_MARGINS_CM
            for row_index, row in enumerate(table.rows):
                cell = row.cells[index]
                runs = cell.paragraphs[0].runs
                if not runs:
                    continue
                size, bold = runs[0].font.size.pt, row_index == 0
                if row_index > 0 and cell.paragraphs[0].alignment is not None:  # a number
                    assert text_cm(cell.text, size_pt=size) <= room, (cell.text, width)
                    checked += 1
                for piece in cell.text.split():
                    assert text_cm(piece, bold, size) <= room, (piece, width)
    assert checked > 500


# --- the same numbers as the CSV tables --------------------------------------------------


def test_the_docx_holds_every_figure_of_the_csv_tables(built):
    rows = table_rows(built["nl"])
    cells = {tuple(row) for row in rows}
    for line in built["csv"]["coverage"]:
        share = round(100 * int(line["plans"]) / int(line["total"]))
        assert (line["label"], line["plans"], line["total"], f"{share}%") in cells, line
    for line in built["csv"]["ser"]:
        expected = (
            line["label"],
            pct(line["present_pct"], line["present_n"]),
            line["present_n"],
            line["present_unknown"],
            pct(line["contribution_pct"], line["contribution_n"]),
            line["contribution_n"],
            line["contribution_unknown"],
        )
        assert expected in cells, line
    for line in built["csv"]["regions"]:
        match = [row for row in rows if row[0] == f"{line['region_name']} ({line['region_code']})"]
        assert match, line
        assert match[0][2:5] == [
            euro(line["subsidy"]),
            euro(line["cofinancing"]),
            euro(line["spent"]),
        ]
        # and in the region's own section, the same plan totals
        assert [euro(line["subsidy"]), euro(line["cofinancing"])] in [r[:2] for r in rows[1:]]


def pdf_lines(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    text = done.stdout.decode().replace("\u00a0", " ")
    return [" ".join(line.split()) for line in text.splitlines()]


def needs_pdf(built):
    if built["pdf"] is None:
        pytest.fail("LibreOffice and pdftotext are needed (CI installs them)")


def test_the_pdf_holds_every_figure_of_the_csv_tables(built, tmp_path):
    needs_pdf(built)
    lines = pdf_lines(built["pdf"], tmp_path)
    text = "\n".join(lines)
    for line in built["csv"]["ser"]:
        figures = " ".join(
            [
                pct(line["present_pct"], line["present_n"]),
                line["present_n"],
                line["present_unknown"],
                pct(line["contribution_pct"], line["contribution_n"]),
                line["contribution_n"],
                line["contribution_unknown"],
            ]
        )
        assert any(
            row.startswith(line["label"].split()[0]) and row.endswith(figures) for row in lines
        ), line
    for line in built["csv"]["coverage"]:
        share = round(100 * int(line["plans"]) / int(line["total"]))
        assert f"{line['plans']} {line['total']} {share}%" in text, line
    for line in built["csv"]["regions"]:
        figures = f"{euro(line['subsidy'])} {euro(line['cofinancing'])} {euro(line['spent'])}"
        assert any(row.endswith(figures) or figures in row for row in lines), line


def test_the_pdf_is_tagged_with_bookmarks_and_a_table_of_contents(built, tmp_path):
    needs_pdf(built)
    content = built["pdf"]
    assert content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+Eindrapportage SW-sectorplannen", info, re.M)
    assert b"/Outlines" in content and b"/StructTreeRoot" in content
    lines = pdf_lines(content, tmp_path)
    # The table of contents lists the headings with the pages they are on.
    pages = (
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split("\f")
    )
    entry = next(line for line in lines if line.startswith("Belangrijkste resultaten per regio"))
    page = int(re.search(r"(\d+)$", entry).group(1))
    assert "Belangrijkste resultaten per regio" in pages[page - 1]
    assert any(line.startswith("Pagina ") for line in lines)


# --- the parts of the 2017 report --------------------------------------------------------


def test_front_matter_and_chapters(built):
    text = "\n".join(paragraphs_of(built["nl"]))
    for part in (
        "Eindrapportage SW-sectorplannen 2015–2017",
        "DEFINITIEF",
        "Colofon",
        "Programmabureau | Cedris",
        "Inhoud",
        "Inleiding en achtergronden",
        "Belangrijkste bevindingen",
        "1. Trajecten",
        "Belangrijkste resultaten per regio",
        "Deelnemende organisaties.",
        "Bijdrage aan de 6 functionaliteiten van de SER",
        "Resumerend",
        "Bijlage: regio's",
        "Pagina",
    ):
        assert part in text, part
    assert re.search(
        r"\d+ van de 35 regio's leverden hun rapportage voor de ronde Eindevaluatie in", text
    )
    # how many regions still had an activity running, said as a Dutch reader says it
    assert re.search(
        r"In (geen van de \d+ regio's die rapporteerden liep nog een activiteit"
        r"|\d+ van de \d+ regio's liep nog ten minste één activiteit)",
        text,
    )
    assert not re.search(r"geen van de \d+ regio's liep nog ten minste", text)
    word = docx.Document(io.BytesIO(built["nl"]))
    instructions = "".join(t.text for t in word.element.body.iter(qn("w:instrText")))
    assert "TOC" in instructions
    # a chart per theme's coverage, per theme's spending, per yes/no table, each described
    pictures = list(word.element.body.iter(qn("wp:docPr")))
    assert len(pictures) >= 7 and all(p.get("descr") for p in pictures)


def test_the_demo_s_report_is_final_and_dated_february_2017(built):
    """The model programme is finished history: the office accepted the findings and wrote
    its conclusions and recommendations in February 2017 (demo_data/final_report.toml), so
    its report is final and dated that day, in the DOCX, the HTML and the PDF alike."""
    text = "\n".join(paragraphs_of(built["nl"]))
    assert "Datum | 20 februari 2017" in text and "Status | definitief" in text
    assert "Concept, gegenereerd uit de gegevens" not in text  # the findings are accepted
    assert "Conclusies en aanbevelingen" in text
    assert "Deel de verkregen inzichten uit de projecten van de sectorplannen" in text
    assert "Date | 20 February 2017" in "\n".join(paragraphs_of(built["en"]))
    assert "<dt>Datum</dt><dd>20 februari 2017</dd>" in built["html"]
    assert "<dt>Status</dt><dd>definitief</dd>" in built["html"]
    saved = built["programme"].report_texts.values_list("updated_at__year", flat=True)
    assert set(saved) == {2017}  # the texts page's "last saved" says so too
    if built["pdf"] is not None:
        first_pages = "\n".join(pdf.page_texts(built["pdf"])[:3])
        assert "20 februari 2017" in first_pages and "DEFINITIEF" in first_pages


def test_the_english_report_is_in_english(built):
    text = "\n".join(paragraphs_of(built["en"]))
    assert "Introduction and background" in text and "1. Pathways" in text
    assert "Inleiding" not in text and "Deelnemende" not in text


def test_the_html_has_a_linked_table_of_contents(built):
    html = built["html"]
    anchors = re.findall(r'<a href="#(h\d+)">', html)
    assert len(anchors) > 40
    assert all(f'id="{anchor}"' in html for anchor in anchors)
    assert 'class="num"' in html and "data:image/png;base64," in html


def test_building_the_report_reads_a_fixed_number_of_queries(built, django_assert_max_num_queries):
    """Everything is read in bulk (facts.py), so the count does not grow with the regions:
    62 for the demo's 35 regions, as for 350 (measured with `generate-load --regions 350`),
    and 2 more since the state labels come from the programme's workflow tables, and 1 for the
    closed programme's date (when the office last saved its texts, from the audit trail)."""
    with django_assert_max_num_queries(65):
        document = publication.build(built["programme"], None, "nl")
    assert len([b for b in document.headings if b.text.endswith("(AM35)")]) == 1


def test_the_key_figures_keep_subsidy_and_co_financing_apart(built):
    """As on the dashboard: granted, paid and spent subsidy, and the co-financing of the
    granted plans with what of it was spent, each with the line that says what it is and the
    shares worked out from the figures themselves (issue 22)."""
    from sectorplan.reporting.selectors import key_figures

    programme = built["programme"]
    figures = key_figures(programme, programme.rounds.order_by("-position").first())
    rows = {row[0]: row[1:] for row in table_rows(built["nl"]) if len(row) == 3}
    for label, amount in (
        ("Toegekende subsidie", figures.granted),
        ("Betaalde subsidie", figures.paid),
        ("Bestede subsidie", figures.spent_subsidy),
        ("Cofinanciering in toegekende plannen", figures.granted_cofinancing),
        ("Bestede cofinanciering", figures.spent_cofinancing),
    ):
        assert label in rows, (label, sorted(rows))
        assert rows[label][0] == euro(f"{amount:.2f}"), (label, rows[label])
    share = round(100 * figures.spent_subsidy / figures.granted)
    assert rows["Bestede subsidie"][1].startswith(f"{share}% van de toegekende subsidie")
    share = round(100 * figures.spent_cofinancing / figures.granted_cofinancing)
    assert rows["Bestede cofinanciering"][1].startswith(f"{share}% van de cofinanciering")
    assert "termijn" in rows["Betaalde subsidie"][1]
    assert "Gerapporteerd besteed" not in rows  # no sum of the two beside subsidy alone
