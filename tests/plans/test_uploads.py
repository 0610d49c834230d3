"""Attachments of a plan: PDF, DOCX, XLSX and ODT only, at most 20 MB, the type read from the
content and not from the name; stored under a safe name; downloaded only through the page,
by whoever may see the plan."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sectorplan.accounts.models import User
from sectorplan.plans import services
from sectorplan.plans.forms import MAX_ATTACHMENT_BYTES, attachment_name, sniff_document
from sectorplan.plans.models import Advice, Attachment, Decision, Payment, Plan, Settlement
from sectorplan.programmes.models import Region
from tests.conftest import log_in

AM01 = "/programmas/sw-2015/plannen/AM01/"
AM02 = "/programmas/sw-2015/plannen/AM02/"
UPLOAD = AM01 + "bijlagen/"
MB = 1024 * 1024


@pytest.fixture
def demo(demo):
    """The demo programme without plans, whatever the demo holds: each test builds its own."""
    Payment.objects.all().delete()
    Settlement.objects.all().delete()
    Advice.objects.all().delete()
    Decision.objects.all().delete()
    Plan.objects.all().delete()
    return demo


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def login(username: str) -> Client:
    return log_in(Client(), User.objects.get(username=username))


def draft(demo, code: str = "AM01") -> Plan:
    region = Region.objects.get(region_set=demo.region_set, code=code)
    return services.plan_for_region(programme=demo, region=region)


def upload(client: Client, name: str, content: bytes, url: str = UPLOAD):
    return client.post(
        url,
        {"file": SimpleUploadedFile(name, content, "application/octet-stream")},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def main_of(response) -> str:
    match = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    return match.group(0)


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


# --- Documents as office programs write them ----------------------------------------------


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ZIP = zipped({"readme.txt": b"hello"})
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (DOCX, "docx"),
        (XLSX, "xlsx"),
        (ODT, "odt"),
        (ODS, None),
        (EXE, None),
        (ZIP, None),
        (b"", None),
        (b"PK\x03\x04 not really a zip", None),
        (b"%PD", None),
    ],
)
def test_sniff_document_reads_the_content(content, kind):
    handle = io.BytesIO(content)
    handle.seek(3 if content else 0)
    assert sniff_document(handle) == kind
    assert handle.tell() == 0  # left at the start, ready to be stored


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Begroting 2015 (v2).pdf", "Begroting_2015_v2.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\jan\\plan.docx", "plan.docx"),
        ("....pdf", "attachment.pdf"),
        ("a" * 300 + ".xlsx", "a" * 145 + ".xlsx"),  # 150 characters
    ],
)
def test_attachment_names_are_made_safe(name, safe):
    assert attachment_name(name) == safe


# --- Through the page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Begroting 2015 (v2).pdf", PDF, "application/pdf"),
        (
            "plan.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "BEGROTING.XLSX",
            XLSX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notulen.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_the_region_uploads_a_document_and_everyone_who_sees_the_plan_downloads_it(
    demo, name, content, content_type
):
    plan = draft(demo)
    response = upload(login("regio-am01"), name, content)
    assert response.status_code == 302
    attachment = Attachment.objects.get(plan=plan)
    assert attachment.name == attachment_name(name)
    assert (attachment.content_type, attachment.size) == (content_type, len(content))
    assert attachment.uploaded_by.username == "regio-am01"
    url = f"{AM01}bijlagen/{attachment.pk}/"
    assert url in main_of(login("bureau").get(AM01))
    # Assessing parties read plans only once submitted (CONTRACTS §8).
    for username in ["vng", "sociale-partners"]:
        assert login(username).get(url).status_code == 404, username
    for username in ["regio-am01", "gemeente-am01", "bureau", "szw"]:
        response = login(username).get(url)
        assert response.status_code == 200, username
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="{attachment.name}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == content


def test_a_file_over_20_mb_is_refused_and_nothing_is_stored(demo, media):
    plan = draft(demo)
    big = b"%PDF-1.4\n" + b"0" * (21 * MB)
    response = upload(login("regio-am01"), "groot.pdf", big)
    assert response.status_code == 200
    page = main_of(response)
    assert 'class="error-summary"' in page
    assert "The file is 21.0 MB; at most 20 MB is accepted." in page
    assert not Attachment.objects.filter(plan=plan).exists()
    assert stored_files(media) == []


def test_a_file_of_exactly_20_mb_is_accepted(demo):
    plan = draft(demo)
    content = b"%PDF-1.4\n" + b"0" * (MAX_ATTACHMENT_BYTES - 9)
    assert upload(login("regio-am01"), "precies.pdf", content).status_code == 302
    assert Attachment.objects.get(plan=plan).size == MAX_ATTACHMENT_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "factuur.pdf",
            EXE,
            "The content of &#x27;factuur.pdf&#x27; is not PDF, although its name says so.",
        ),
        ("plan.xlsx", DOCX, "The content of &#x27;plan.xlsx&#x27; is not XLSX"),
        ("plan.docx", ZIP, "is not DOCX"),
        ("plan.odt", ODS, "is not ODT"),
        ("plan.pdf", b"", "The submitted file is empty."),
        ("setup.exe", EXE, "Only PDF, DOCX, XLSX and ODT files are accepted."),
        ("verslag.pdf", HTML, "The content of &#x27;verslag.pdf&#x27; is not PDF"),
        ("verslag.html", HTML, "Only PDF, DOCX, XLSX and ODT files are accepted."),
        ("plan.doc", PDF, "Only PDF, DOCX, XLSX and ODT files are accepted."),
        ("plan", PDF, "Only PDF, DOCX, XLSX and ODT files are accepted."),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(demo, media, name, content, message):
    plan = draft(demo)
    response = upload(login("regio-am01"), name, content)
    assert response.status_code == 200
    assert message in main_of(response)
    assert not Attachment.objects.filter(plan=plan).exists()
    assert stored_files(media) == []


def test_a_zip_bomb_is_refused_without_being_unpacked(demo, media):
    """200 MB of zeros packed into a few hundred kB, named as a document: only the zip's
    directory is read, so the check neither unpacks it nor takes long."""
    plan = draft(demo)
    packed = io.BytesIO()
    with (
        zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("bomb.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(200):
            entry.write(bytes(MB))
    assert len(packed.getvalue()) < 1024 * 1024
    response = upload(login("regio-am01"), "plan.docx", packed.getvalue())
    assert response.status_code == 200
    assert "is not DOCX" in main_of(response)
    assert not Attachment.objects.filter(plan=plan).exists()
    assert stored_files(media) == []


def test_posting_without_a_file_is_refused(demo):
    draft(demo)
    response = login("regio-am01").post(UPLOAD, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "File: This field is required." in main_of(response)


def test_only_the_regions_contact_adds_attachments_and_only_while_editable(demo):
    plan = draft(demo)
    for username in ["bureau", "szw", "gemeente-am01"]:
        assert upload(login(username), "plan.pdf", PDF).status_code == 403, username
    # Another region's plan, and a draft that assessing parties may not read: not found.
    for username in ["regio-am02", "vng"]:
        assert upload(login(username), "plan.pdf", PDF).status_code == 404, username
    # Submitted: the plan is frozen, attachments included.
    Plan.objects.filter(pk=plan.pk).update(state="submitted")
    response = upload(login("regio-am01"), "plan.pdf", PDF)
    assert response.status_code == 200
    assert "Attachments can only be added while the plan is being written" in main_of(response)
    assert "Add attachment" not in main_of(response)
    assert not Attachment.objects.exists()


def test_an_attachment_is_only_reachable_through_its_own_plan(demo):
    draft(demo)
    other = draft(demo, "AM02")
    assert upload(login("regio-am02"), "ander.pdf", PDF, url=AM02 + "bijlagen/").status_code == 302
    attachment = Attachment.objects.get(plan=other)
    # Not under another plan's URL, not for another region's contact.
    assert login("bureau").get(f"{AM01}bijlagen/{attachment.pk}/").status_code == 404
    assert login("regio-am01").get(f"{AM02}bijlagen/{attachment.pk}/").status_code == 404
    assert login("regio-am01").get(f"{AM01}bijlagen/{attachment.pk}/").status_code == 404
    assert login("bureau").get(f"{AM02}bijlagen/{attachment.pk}/").status_code == 200
    # The storage has no public URL in the pages: only the download view links to it.
    page = main_of(login("bureau").get(AM02))
    assert attachment.file.name not in page
