"""The eindrapportage on the pages: the office's own texts in it (accepting the generated
findings, replacing them, conclusions and recommendations as numbered lists), the printable
page, the documents made by the background job (the one way to download them), and (where
LibreOffice is installed; CI installs it) the DOCX and the workbook opened by LibreOffice,
showing the dashboard's figures. The document itself is checked on the whole demo in
test_publication.py."""

import io
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

import sectorplan
from sectorplan.accounts.models import User
from sectorplan.core import clock, jobs
from sectorplan.core.jobs import Job
from sectorplan.core.office import to_pdf
from sectorplan.programmes.constants import ProgrammeStatus
from sectorplan.reporting.models import TextKey
from sectorplan.reporting.services import report_text_save

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
STATIC = Path(sectorplan.__file__).resolve().parent / "static" / "sectorplan"


def made(client, fmt: str) -> bytes:
    """The final report as the dashboard's button makes it: a job, run by the worker's code
    in this process, and the file its page offers."""
    response = client.post(reverse("national-report-job", args=["sw-2015", fmt]), **EN)
    assert response.status_code == 302
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert jobs.run_ready() == 1
    download = client.get(reverse("job-file", args=[job.pk]))
    assert download.status_code == 200, Job.objects.get(pk=job.pk).errors
    return b"".join(download.streaming_content)


def text_of_docx(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


DRAFT_NOTE = "Draft generated from the data; the programme office has not accepted it yet."


def test_the_office_writes_the_texts_and_they_are_in_the_report(as_office, answered):
    url = reverse("report-texts", args=["sw-2015"])
    form = as_office.get(url, **EN)
    assert form.status_code == 200
    assert "Key findings generated from the data" in form.content.decode()
    before = text_of_docx(made(as_office, "docx"))
    assert DRAFT_NOTE in before and "Status | concept" in before and "Conclusions" not in before
    data = {
        "inleiding": "In 2015 kregen de 35 regio's elk een sectorplan.",
        "inleiding-lock_version": "1",
        "inleiding-accept": "1",
        "conclusies": "1. De regio's werken samen.\n2. Het werk is niet af.",
        "conclusies-lock_version": "1",
        "aanbevelingen": "- Herhaal de SER-tabel elke ronde.",
        "aanbevelingen-lock_version": "1",
    }
    assert as_office.post(url, data).status_code == 302
    stale = as_office.post(url, {**data, "conclusies": "Overschreven?"}, **EN)
    assert stale.status_code == 409
    assert "Someone else saved" in stale.content.decode()
    assert "Overschreven?" in stale.content.decode()  # what was typed stays in the form
    text = text_of_docx(made(as_office, "docx"))
    assert "In 2015 kregen de 35 regio's elk een sectorplan." in text
    assert DRAFT_NOTE not in text and "Key findings" in text  # accepted: printed, no mark
    # numbered lists, without the numbers and bullets the office typed
    assert "1.\tDe regio's werken samen.\n2.\tHet werk is niet af." in text
    assert "1.\tHerhaal de SER-tabel elke ronde." in text and "Overschreven?" not in text
    assert "Developing employee skills | 67% | 6 | 1" in text  # 4 of 6, 1 don't know
    assert "Programme office | Cedris" in text and "Status | definitive" in text
    # Replacing: the generated introduction and findings give way to the office's text.
    data = {**data, "inleiding-replaces": "1"}
    data.update({f"{k}-lock_version": "2" for k in ("inleiding", "conclusies", "aanbevelingen")})
    assert as_office.post(url, data).status_code == 302
    text = text_of_docx(made(as_office, "docx"))
    assert "Key findings" not in text and "In 2015 kregen de 35 regio's" in text


def test_only_the_office_writes_the_texts(as_ministry, demo):
    assert as_ministry.get(reverse("report-texts", args=["sw-2015"])).status_code == 403


def test_the_printable_page_says_the_same(as_ministry, answered):
    page = as_ministry.get(reverse("final-report", args=["sw-2015"]), **EN)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Final report SW-sectorplannen 2015–2017" in body
    assert "67%" in body and "Main results per region" in body
    assert '<a href="#h1">Introduction and background</a>' in body


def test_the_contents_number_the_chapters_once(as_ministry, demo):
    """The themes' titles carry the template's own numbers ("1. Pathways"), so the contents
    list adds none of its own: no "2. 1. Pathways" (issue 22). The DOCX lists the titles
    as they are."""
    body = as_ministry.get(reverse("final-report", args=["sw-2015"]), **EN).content.decode()
    contents = re.search(r"<nav[^>]*report-document__toc.*?</nav>", body, re.S).group(0)
    assert ">1. Pathways</a>" in contents
    lists = re.findall(r"<(ol|ul)([^>]*)>", contents)
    assert lists and all('class="toc-list"' in attributes for _tag, attributes in lists)
    css = (STATIC / "sectorplan.css").read_text(encoding="utf-8")
    rule = re.search(r"^\.toc-list \{([^}]*)\}", css, re.M)
    assert rule and "list-style: none" in rule.group(1)


def test_an_empty_programme_still_gives_a_report(as_office, demo):
    text = text_of_docx(made(as_office, "docx"))
    assert "Groningen (AM01)" in text and "No plan" in text
    assert "Secondment | – | 0 | 0 | – | 0 | 0" in text  # nobody answered: no percentages
    assert "In summary" not in text  # and no sentences about nothing


def test_an_open_programme_s_concept_is_dated_today(as_office, demo):
    """While the programme runs its data change: the report is a concept of the day it is
    read, on the page and in the documents."""
    today = date_format(timezone.localdate(), "j F Y")
    body = as_office.get(reverse("final-report", args=["sw-2015"])).content.decode()
    assert f"<dt>Datum</dt><dd>{today}</dd>" in body
    assert "<dt>Status</dt><dd>concept</dd>" in body
    with translation.override("en"):
        english_today = date_format(timezone.localdate(), "j F Y")
    assert f"Date | {english_today}" in text_of_docx(made(as_office, "docx"))


def test_a_closed_programme_s_report_is_dated_when_it_was_finished(as_office, demo):
    """A closed programme's report keeps its date: the programme's end while the office wrote
    nothing, then the moment the office last saved its texts (the audit trail's), not the
    day it is downloaded again."""
    demo.status = ProgrammeStatus.CLOSED
    demo.save(update_fields=["status"])
    url = reverse("final-report", args=["sw-2015"])
    assert "<dt>Datum</dt><dd>28 februari 2017</dd>" in as_office.get(url).content.decode()
    written = datetime(2017, 2, 20, 10, tzinfo=timezone.get_current_timezone())
    with clock.at(written):
        report_text_save(
            programme=demo,
            key=TextKey.CONCLUSIONS,
            text="De regio's werken samen.",
            lock_version=1,
            by=User.objects.get(username="bureau"),
        )
    body = as_office.get(url).content.decode()
    assert "<dt>Datum</dt><dd>20 februari 2017</dd>" in body
    assert "De regio&#x27;s werken samen." in body
    assert "Date | 20 February 2017" in text_of_docx(made(as_office, "docx"))


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def test_libreoffice_opens_the_docx_and_the_workbook(as_office, answered, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        reason = "LibreOffice or pdftotext is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI installs libreoffice and poppler-utils)")
        pytest.skip(reason)
    pdf = made(as_office, "pdf")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Secondment 13% 8 0 13% 8 0" in lines  # the SER table, as on the dashboard
    assert any(line.startswith("Developing") and "67% 6 1 50% 8 0" in line for line in lines)
    workbook = as_office.get(reverse("report-workbook", args=["sw-2015"])).content
    assert openpyxl.load_workbook(io.BytesIO(workbook))["ser"]["F2"].value == 67
    pdf = to_pdf(workbook, "tabellen.xlsx")
    assert pdf is not None
    assert "sw-2015" in pdf_text(pdf, tmp_path)


def test_the_office_picks_the_quotes_of_a_theme_chapter(as_office, granted_and_reported):
    from sectorplan.monitoring.models import Answer

    url = reverse("report-texts", args=["sw-2015"])
    report_url = reverse("final-report", args=["sw-2015"])
    default = as_office.get(report_url, **EN).content.decode()
    assert "in the order of the region codes" in default  # the stated default rule
    quote = Answer.objects.filter(question__kind="short_text", theme__code="trajecten").get()
    page = as_office.get(url, **EN).content.decode()
    assert f'name="pick" value="{quote.pk}"' in page and "(default)" in page
    data = {f"{k}-lock_version": "1" for k in ("inleiding", "conclusies", "aanbevelingen")}
    assert as_office.post(url, {**data, "pick": [str(quote.pk)]}).status_code == 302
    body = as_office.get(report_url, **EN).content.decode()
    chapter = body.rsplit("Achievements and quotes: 1. Pathways", 1)[1].split("<h", 1)[0]
    assert "as picked by the programme office" in chapter
    assert "Kort antwoord" in chapter and "Een antwoord in woorden." not in chapter
    # an answer the report cannot print is refused, and nothing else changes
    refused = as_office.post(url, {**data, "pick": ["999999"]}, **EN)
    assert refused.status_code == 409
    assert "These answers cannot be picked for the report: 999999" in refused.content.decode()
