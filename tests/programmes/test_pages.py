"""The first pages (issue 3, section 9): login, programme, region, basis import, publishing.

Pages are Dutch by default and a Dutch catalogue is being written, so assertions stick to
data (amounts, names, codes, status codes, URLs); where UI text matters, the client asks for
English explicitly.
"""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import Membership, User
from sectorplan.cli.demo import DATA_DIR, PASSWORD
from sectorplan.core import jobs
from sectorplan.core.tabular import Row
from sectorplan.core.templatetags.sectorplan import euro
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.report_flow import report_start
from sectorplan.monitoring.rounds import round_set_state
from sectorplan.plans.imports import plans_import
from sectorplan.programmes.constants import OrganisationKind, RoundState
from sectorplan.programmes.models import (
    AllocationLine,
    AllocationPublication,
    Organisation,
    Participation,
    Programme,
    Region,
)
from sectorplan.programmes.selectors import allocation_compute
from sectorplan.programmes.services import (
    allocation_publish,
    basis_import_file,
    programme_create,
)

PROGRAMME = "/programmas/sw-2015/"
REGION_AM01 = "/programmas/sw-2015/regios/AM01/"
REGION_AM02 = "/programmas/sw-2015/regios/AM02/"
BASIS = "/programmas/sw-2015/basis/"
PUBLISH = "/programmas/sw-2015/verdeling/"
NBSP = "\u00a0"

# The demo's published figures for AM01 (basis 5214.6 SE of 94,406.4 in total).
AM01_BASIS_NL = "5.214,6"
AM01_SUBSIDY_NL = f"€{NBSP}1.656.938,23"


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def text(response) -> str:
    return response.content.decode()


def main_of(response) -> str:
    """The page's <main>, so header and footer text cannot make an assertion pass."""
    match = re.search(r"<main\b.*?</main>", text(response), re.S)
    assert match, "the page has no <main>"
    return match.group(0)


def post_basis(client: Client, data: dict):
    """Post to the basis import page. A file it takes is imported by a background job: the
    worker (here, in this process) runs it, and the job's page is the answer."""
    response = client.post(BASIS, data)
    if response.status_code == 302 and response["Location"].startswith("/taken/"):
        assert jobs.run_ready() == 1
        response = client.get(response["Location"])
    return response


def upload(name: str, content: bytes, content_type: str = "text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def basis_snapshot(programme: Programme) -> dict[str, Decimal | None]:
    return {p.region.code: p.basis for p in programme.participations.select_related("region").all()}


def euro_nl(amount: Decimal) -> str:
    with translation.override("nl"):
        return euro(amount)


def row_of(html: str, code: str) -> str:
    """The <tr> of the allocation table whose first cell is `code`."""
    match = re.search(rf"<tr>\s*<td>{code}</td>.*?</tr>", html, re.S)
    assert match, f"no table row for {code}"
    return match.group(0)


# --- Login ---------------------------------------------------------------------------------


def test_login_page_renders(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    page = text(response)
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert "csrfmiddlewaretoken" in page


def test_login_with_the_right_password_lands_on_the_home_page(demo):
    client = Client()
    # A regional contact: national roles give a code first (tests/accounts/test_two_factor.py).
    response = client.post("/accounts/login/", {"username": "regio-am01", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_shows_an_error_and_keeps_the_username(demo):
    client = english(Client())
    response = client.post("/accounts/login/", {"username": "bureau", "password": "wrong"})
    assert response.status_code == 200
    page = main_of(response)
    assert 'class="error-summary"' in page
    assert "Logging in did not work" in page
    assert 'value="bureau"' in page
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url", ["/", PROGRAMME, REGION_AM01, BASIS, PUBLISH, "/programmas/does-not-exist/"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(demo, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


# --- Programme page ------------------------------------------------------------------------


def test_programme_page_shows_the_allocation_of_35_regions(as_office, demo):
    response = as_office.get(PROGRAMME)
    assert response.status_code == 200
    page = main_of(response)
    regions = Region.objects.filter(region_set=demo.region_set)
    assert regions.count() == 35
    table_rows = re.findall(r"<tr>\s*<td>(AM\d\d)</td>", page)
    assert table_rows == sorted(region.code for region in regions)
    for region in regions:
        assert f'href="/programmas/sw-2015/regios/{region.code}/"' in page
    # Budget, subsidy total and co-financing total, all in Dutch format.
    assert page.count(f"€{NBSP}30.000.000,00") >= 3
    assert "1 : 1" in page  # the co-financing ratio
    assert 'class="badge badge--warning"' in page
    assert "illustratief" in page or "illustrative" in page
    assert AM01_BASIS_NL in row_of(page, "AM01")
    assert AM01_SUBSIDY_NL in row_of(page, "AM01")


def test_programme_page_in_english(as_office):
    response = english(as_office).get(PROGRAMME)
    assert response.status_code == 200
    page = main_of(response)
    assert "€30,000,000.00" in page
    assert f"€{NBSP}30.000.000,00" not in page
    assert "illustrative" in page
    assert "Co-financing ratio" in page
    assert "€1,656,938.23" in row_of(page, "AM01")
    assert "5,214.6" in row_of(page, "AM01")


def test_office_sees_the_management_buttons(as_office):
    page = main_of(as_office.get(PROGRAMME))
    assert f'href="{BASIS}"' in page
    assert f'href="{PUBLISH}"' in page


@pytest.mark.parametrize(
    "persona", ["as_ministry", "as_assessor", "as_municipality", "as_region_contact"]
)
def test_others_do_not_see_the_management_buttons(request, persona):
    response = request.getfixturevalue(persona).get(PROGRAMME)
    assert response.status_code == 200
    page = main_of(response)
    assert f"€{NBSP}30.000.000,00" in page
    assert BASIS not in page
    assert PUBLISH not in page


@pytest.mark.parametrize("persona", ["as_municipality", "as_region_contact"])
def test_regional_roles_get_a_link_to_their_own_region_only(request, persona):
    page = main_of(request.getfixturevalue(persona).get(PROGRAMME))
    assert len(re.findall(r"<tr>\s*<td>AM\d\d</td>", page)) == 35  # the table is national
    assert f'href="{REGION_AM01}"' in page
    assert f'href="{REGION_AM02}"' not in page
    assert re.findall(r'href="/programmas/sw-2015/regios/([^/]+)/"', page) == ["AM01"]


def test_unknown_programme_is_404(as_office):
    assert as_office.get("/programmas/does-not-exist/").status_code == 404


def test_a_user_without_memberships_sees_no_programme(demo):
    user = User.objects.create_user("nobody", password="x")
    client = Client()
    client.force_login(user)
    home = client.get("/")
    assert home.status_code == 200
    assert PROGRAMME not in main_of(home)
    assert client.get(PROGRAMME).status_code == 404
    assert client.get(REGION_AM01).status_code == 404


# --- Region page ---------------------------------------------------------------------------


def test_region_page_shows_municipality_companies_contacts_and_subsidy(as_office):
    response = as_office.get(REGION_AM01)
    assert response.status_code == 200
    page = main_of(response)
    assert "Groningen" in page
    assert response.context["region"].centrumgemeente == "Groningen"
    assert "<dd>Groningen</dd>" in page  # centrumgemeente (and province)
    for company in ["Iederz", "Alescon", "Wedeka", "Synergion", "Novatec"]:
        assert company in page
    assert "Gemeente Groningen" in page
    for username in ["gemeente-am01", "regio-am01"]:
        assert f"mailto:{username}@example.org" in page
    assert "regio-am02@example.org" not in page
    assert AM01_SUBSIDY_NL in page
    assert AM01_BASIS_NL in page
    assert "5,52%" in page


def test_region_page_lists_only_active_contacts(as_office):
    membership = Membership.objects.get(user__username="regio-am01")
    membership.is_active = False
    membership.save()
    page = main_of(as_office.get(REGION_AM01))
    assert "gemeente-am01@example.org" in page
    assert "regio-am01@example.org" not in page


@pytest.mark.parametrize("persona", ["as_municipality", "as_region_contact"])
def test_regional_roles_see_their_own_region_and_no_other(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(REGION_AM01).status_code == 200
    assert client.get("/programmas/sw-2015/regios/am01/").status_code == 200
    assert client.get(REGION_AM02).status_code == 404
    assert client.get("/programmas/sw-2015/regios/AM35/").status_code == 404
    assert client.get("/programmas/sw-2015/regios/ZZ99/").status_code == 404


def test_another_region_and_a_missing_region_look_the_same(as_region_contact):
    # A 404 that differs would tell a region contact which codes exist.
    other = as_region_contact.get(REGION_AM02)
    missing = as_region_contact.get("/programmas/sw-2015/regios/ZZ99/")
    assert other.status_code == missing.status_code == 404

    # The page echoes the URL the user typed (language switch) and carries a fresh, masked
    # CSRF token; nothing else may differ.
    def normal(response, url):
        page = response.content.decode().replace(url, "<url>")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "<csrf>", page)

    assert normal(other, REGION_AM02) == normal(missing, "/programmas/sw-2015/regios/ZZ99/")


@pytest.mark.parametrize(("url", "status"), [(REGION_AM02, 404), (BASIS, 403)])
def test_refusals_keep_the_site_layout_and_language(as_region_contact, url, status):
    """With DEBUG off a refused page keeps the site's header, a way back and Dutch, not
    Django's bare English "Not Found" / "403 Forbidden"."""
    response = as_region_contact.get(url)
    assert response.status_code == status
    page = text(response)
    assert '<html lang="nl"' in page
    assert 'class="site-header"' in page
    assert 'href="/"' in page


@pytest.mark.parametrize("persona", ["as_office", "as_ministry", "as_assessor"])
def test_national_roles_see_every_region(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(REGION_AM02).status_code == 200
    assert client.get("/programmas/sw-2015/regios/AM35/").status_code == 200
    assert client.get("/programmas/sw-2015/regios/ZZ99/").status_code == 404


# --- Office-only pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["as_ministry", "as_assessor", "as_municipality", "as_region_contact"]
)
@pytest.mark.parametrize("url", [BASIS, PUBLISH])
def test_office_pages_are_forbidden_to_other_roles(request, persona, url, demo):
    client = request.getfixturevalue(persona)
    publications = AllocationPublication.objects.count()
    before = basis_snapshot(demo)
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"file": upload("b.csv", b"region_code,basis\nAM01,1\n")}).status_code
        == 403
    )
    assert AllocationPublication.objects.count() == publications
    assert basis_snapshot(demo) == before


@pytest.mark.parametrize("url", [BASIS, PUBLISH])
def test_office_pages_open_for_the_office(as_office, url):
    assert as_office.get(url).status_code == 200


# --- Basis import and publication through the pages ----------------------------------------

GOOD_CSV = "\ufeffregion_code;basis\r\nAM01;6.000,5\r\nam02;4.305,2\r\n".encode()


def test_good_upload_changes_the_basis_and_leads_to_the_publish_page(as_office, demo):
    old_allocation = {row.region.code: row for row in allocation_compute(demo)}
    response = as_office.post(BASIS, {"file": upload("basis.csv", GOOD_CSV)})
    assert response.status_code == 302
    job_page = response["Location"]
    assert job_page.startswith("/taken/")
    assert basis_snapshot(demo)["AM01"] == Decimal("5214.6")  # not before the worker ran it
    assert jobs.run_ready() == 1
    page = main_of(as_office.get(job_page))
    assert "De verdeelbasis van 2 regio&#x27;s is geïmporteerd" in page
    assert f'href="{PUBLISH}"' in page

    basis = basis_snapshot(demo)
    assert basis["AM01"] == Decimal("6000.5")
    assert basis["AM02"] == Decimal("4305.2")
    history = Participation.history.filter(region__code="AM01", programme=demo).first()
    assert history.history_user.username == "bureau"
    assert "basis.csv" in history.history_change_reason

    page = main_of(as_office.get(PUBLISH))
    new_allocation = {row.region.code: row for row in allocation_compute(demo)}
    am01 = re.search(r"<tr><td>AM01 Groningen</td>.*?</tr>", page, re.S)
    assert am01, "AM01 is not listed as changed"
    cells = re.findall(r'<td class="num">(.*?)</td>', am01.group(0))
    assert cells == [
        AM01_BASIS_NL,
        "6.000,5",
        AM01_SUBSIDY_NL,
        euro_nl(new_allocation["AM01"].subsidy),
    ]
    assert euro_nl(old_allocation["AM01"].subsidy) == AM01_SUBSIDY_NL
    # AM02 keeps its basis, but its share of the budget shrinks: it is listed too.
    am02 = re.search(r"<tr><td>AM02 Friesland</td>.*?</tr>", page, re.S)
    assert am02
    assert re.findall(r'<td class="num">(.*?)</td>', am02.group(0))[:2] == ["4.305,2", "4.305,2"]
    listed = re.findall(r"<tr><td>(AM\d\d) ", page)
    assert listed == [
        code
        for code in sorted(new_allocation)
        if new_allocation[code].subsidy != old_allocation[code].subsidy
    ]
    # Nothing is published until the office says so.
    assert AllocationPublication.objects.filter(programme=demo).count() == 1


def test_publishing_creates_a_new_publication_by_the_office(as_office, demo):
    post_basis(as_office, {"file": upload("basis.csv", GOOD_CSV)})
    expected = {row.region.code: row for row in allocation_compute(demo)}
    first = AllocationPublication.objects.get(programme=demo)

    response = as_office.post(PUBLISH)
    assert response.status_code == 302
    assert response["Location"] == PROGRAMME

    publications = AllocationPublication.objects.filter(programme=demo)
    assert publications.count() == 2
    latest = publications.first()
    assert latest.pk != first.pk
    assert latest.published_by.username == "bureau"
    assert latest.budget == Decimal("30000000.00")
    lines = {line.region.code: line for line in latest.lines.select_related("region")}
    assert len(lines) == 35
    assert lines["AM01"].basis == Decimal("6000.5")
    assert lines["AM01"].subsidy == expected["AM01"].subsidy
    assert sum(line.subsidy for line in lines.values()) == Decimal("30000000.00")
    # The first publication is kept as it was.
    assert AllocationLine.objects.get(publication=first, region__code="AM01").basis == Decimal(
        "5214.6"
    )

    page = main_of(as_office.get(PROGRAMME))
    assert "6.000,5" in row_of(page, "AM01")
    assert euro_nl(expected["AM01"].subsidy) in row_of(page, "AM01")
    assert f"€{NBSP}30.000.000,00" in page


def test_publishing_when_nothing_changed_adds_no_publication(as_office, demo):
    page = main_of(as_office.get(PUBLISH))
    assert "<table" not in page
    response = as_office.post(PUBLISH)
    assert response.status_code == 302
    assert AllocationPublication.objects.filter(programme=demo).count() == 1


def test_bad_file_shows_every_error_with_its_line_and_changes_nothing(as_office, demo):
    before = basis_snapshot(demo)
    history = Participation.history.count()
    publications = AllocationPublication.objects.count()
    content = b"region_code;basis\nAM99;100\nAM01;-5\nAM02;7\n"

    response = post_basis(english(as_office), {"file": upload("basis.csv", content)})

    assert response.status_code == 200
    page = main_of(response)
    # The page names the programme as the office knows it, not by its slug (issue 22).
    assert (
        f"line 2: region_code &#x27;AM99&#x27; is not a region of the programme {demo.name}" in page
    )
    assert f"&#x27;{demo.slug}&#x27;" not in page
    assert "line 3: basis &#x27;-5&#x27; must be 0 or more" in page
    assert "line 4" not in page
    assert basis_snapshot(demo) == before  # AM02 (a good line) is not imported either
    assert Participation.history.count() == history
    assert AllocationPublication.objects.count() == publications


def test_bad_file_errors_are_shown_in_dutch_too(as_office, demo):
    before = basis_snapshot(demo)
    response = post_basis(
        as_office, {"file": upload("basis.csv", b"region_code;basis\nAM99;100\nAM01;-5\n")}
    )
    assert response.status_code == 200
    page = main_of(response)
    assert "AM99" in page
    assert "-5" in page
    assert re.search(r"\b2\b.*AM99", page, re.S)
    assert f"is geen regio van het programma {demo.name}" in page
    assert basis_snapshot(demo) == before


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "setup.exe",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
            "application/octet-stream",
            "&#x27;setup.exe&#x27; is not a CSV or XLSX file",
        ),
        (
            "report.pdf",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "application/pdf",
            "&#x27;report.pdf&#x27; is not a CSV or XLSX file",
        ),
        (
            # A PDF renamed to .csv is still refused, by its content.
            "basis.csv",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "text/csv",
            "the file is not UTF-8 text",
        ),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused(
    as_office, demo, name, content, content_type, message
):
    before = basis_snapshot(demo)
    response = post_basis(english(as_office), {"file": upload(name, content, content_type)})
    assert response.status_code == 200
    page = main_of(response)
    # By its name at once on the form; by its content on the job's page.
    assert ('class="error-summary"' if name != "basis.csv" else "utrecht-alert--error") in page
    assert message in page
    assert basis_snapshot(demo) == before


def test_upload_above_the_import_limit_is_refused_with_its_size(as_office, demo, settings):
    settings.SECTORPLAN_IMPORT_MAX_BYTES = 100 * 1024
    before = basis_snapshot(demo)
    line = b"AM01;6000\n"
    content = b"region_code;basis\n" + line * (150 * 1024 // len(line))
    response = post_basis(english(as_office), {"file": upload("basis.csv", content)})
    assert response.status_code == 200
    page = main_of(response)
    assert "&#x27;basis.csv&#x27; is 150.1 KB; an import file may be at most 100.0 KB" in page
    assert basis_snapshot(demo) == before


def test_upload_of_exactly_the_import_limit_passes_the_size_check(as_office, demo, settings):
    settings.SECTORPLAN_IMPORT_MAX_BYTES = 100 * 1024
    # One data row, then lines of spaces (blank, so skipped) up to the limit: cheap to parse.
    content = b"region_code;basis\nAM01;6.000,5\n"
    blank = b" " * 999 + b"\n"
    room = 100 * 1024 - len(content)
    content += blank * (room // len(blank)) + b" " * (room % len(blank))
    assert len(content) == 100 * 1024
    response = post_basis(as_office, {"file": upload("basis.csv", content)})
    assert "job__state--done" in main_of(response)
    assert basis_snapshot(demo)["AM01"] == Decimal("6000.5")


def test_a_file_with_thousands_of_errors_gives_a_page_of_bounded_size(as_office, demo):
    """The error summary stops after a number of errors and says how many more there are.
    Rendering every error made a 10 MB file of one repeated row (accepted by the size check)
    a 94 MB page; 20,000 repeated rows already gave 1.6 MB."""
    before = basis_snapshot(demo)
    content = b"region_code;basis\n" + b"AM01;6000\n" * 20_000
    response = post_basis(english(as_office), {"file": upload("basis.csv", content)})
    assert response.status_code == 200
    page = main_of(response)
    assert "line 3: region_code &#x27;AM01&#x27; appears twice (first on line 2)" in page
    assert basis_snapshot(demo) == before
    assert len(response.content) < 200_000, f"the error page is {len(response.content):,} bytes"
    assert page.count("<li>") <= 1_000


def test_upload_without_a_file_is_refused(as_office, demo):
    response = as_office.post(BASIS, {})
    assert response.status_code == 200
    assert 'class="error-summary"' in main_of(response)
    assert response.context["form"].errors["file"]


def test_published_allocation_stays_until_it_is_published_again(as_office, demo):
    post_basis(as_office, {"file": upload("basis.csv", GOOD_CSV)})
    assert basis_snapshot(demo)["AM01"] == Decimal("6000.5")

    page = main_of(as_office.get(PROGRAMME))
    assert AM01_BASIS_NL in row_of(page, "AM01")
    assert AM01_SUBSIDY_NL in row_of(page, "AM01")
    assert "6.000,5" not in page
    region = main_of(as_office.get(REGION_AM01))
    assert AM01_SUBSIDY_NL in region
    latest = AllocationPublication.objects.filter(programme=demo).first()
    assert latest.lines.get(region__code="AM01").basis == Decimal("5214.6")

    as_office.post(PUBLISH)
    page = main_of(as_office.get(PROGRAMME))
    assert "6.000,5" in row_of(page, "AM01")
    assert AM01_SUBSIDY_NL not in row_of(page, "AM01")


def test_region_page_shows_the_published_basis_until_it_is_published_again(as_office, demo):
    """The region page shows the *published* basis beside the published subsidy and share,
    so its figures agree with each other until the office publishes again."""
    post_basis(as_office, {"file": upload("basis.csv", GOOD_CSV)})
    page = main_of(as_office.get(REGION_AM01))
    assert AM01_SUBSIDY_NL in page
    assert "5,52%" in page
    assert AM01_BASIS_NL in page
    assert "6.000,5" not in page


def test_home_page_links_a_region_contact_only_to_regions_of_each_programme(demo):
    """Home lists 'your region' only under programmes whose region set holds that region;
    a link elsewhere would lead to a 404."""
    programme_create(
        slug="provinciaal",
        name="Provinciaal voorbeeld",
        budget="1000000",
        template="provinciaal-voorbeeld",
    )
    client = Client()
    client.force_login(User.objects.get(username="regio-am01"))
    page = main_of(client.get("/"))
    links = re.findall(r'href="(/programmas/[^/]+/regios/[^/]+/)"', page)
    assert REGION_AM01 in links
    for link in links:
        assert client.get(link).status_code == 200, f"home links to {link}, which is not there"


# --- Health --------------------------------------------------------------------------------


def test_healthz(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# --- Query counts --------------------------------------------------------------------------

# Measured on the demo: session, user, memberships and the page's own reads. A page that
# starts to query per row (per region, organisation or programme) breaks these bounds.
# The start page adds the report inbox: reports to review (office); open rounds and the
# region's reports in them (regional contact); the plan inbox reads the programmes' workflow
# tables once (+1: one query, however many programmes), and the inbox of issue 23 reads
# the deadlines of what waits (+1).
# Every request also saves its session (SESSION_SAVE_EVERY_REQUEST: one UPDATE, inside a
# savepoint pair in the test's transaction: +3); a national user's request reads the
# authenticator that verified the session (django-otp's OTPMiddleware: +1).
SESSION_SAVE = 3
OTP_DEVICE = 1
MAX_QUERIES_OFFICE = {
    url: count + SESSION_SAVE + OTP_DEVICE
    # The region's page is its home (issue 23): plan, reports, money, indicators, practices.
    for url, count in {"/": 8, PROGRAMME: 6, REGION_AM01: 19}.items()
}
# A regional role also reads its model permissions once (for `perms` in the template), and
# on the start page which of its regions have a granted plan (only those report).
MAX_QUERIES_REGION_CONTACT = {
    url: count + SESSION_SAVE for url, count in {"/": 9, PROGRAMME: 8, REGION_AM01: 19}.items()
}


def grow_the_data(programme: Programme) -> None:
    """Three more organisations and contacts in AM01, a second published programme, and two
    open rounds with a report to review; AM01 has a granted plan in the second programme."""
    am01 = Region.objects.get(region_set=programme.region_set, code="AM01")
    for number in range(1, 4):
        organisation = Organisation.objects.create(
            name=f"Extra SW-bedrijf {number}", kind=OrganisationKind.SW_COMPANY
        )
        organisation.regions.add(am01)
        user = User.objects.create_user(
            f"extra-{number}", email=f"extra-{number}@example.org", password="x"
        )
        Membership.objects.create(
            user=user, role=Role.REGION_CONTACT, organisation=organisation, region=am01
        )
    second = programme_create(slug="sw-2016", name="SW-sectorplannen 2016", budget="1000000")
    basis_import_file(programme=second, source=DATA_DIR / "basis-illustratief.csv")
    allocation_publish(programme=second, by=User.objects.get(username="bureau"))
    office = User.objects.get(username="bureau")
    # AM01's plan in the second programme is granted, so the region reports there.
    values = {"region_code": "AM01", "activity_type": "werkfit", "title": "Werkfit"}
    plans_import(
        programme=second,
        rows=[Row(2, {**values, "subsidy": "1000", "cofinancing": "1000"})],
        state="decided",
        by=office,
    )
    for round_ in (programme.rounds.first(), second.rounds.first()):
        round_set_state(round_=round_, state=RoundState.OPEN, by=office)
    report = report_start(
        round_=programme.rounds.first(), region=am01, by=User.objects.get(username="regio-am01")
    )
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)


def get_checked(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return main_of(response)


@pytest.mark.parametrize("url", list(MAX_QUERIES_OFFICE))
def test_office_pages_run_a_fixed_number_of_queries(
    as_office, demo, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(MAX_QUERIES_OFFICE[url]):
        get_checked(as_office, url)
    grow_the_data(demo)
    with django_assert_max_num_queries(MAX_QUERIES_OFFICE[url]):
        page = get_checked(as_office, url)
    # The extra data is really on the page counted.
    if url == "/":
        assert "/programmas/sw-2016/" in page
        assert "/programmas/sw-2015/rondes/tussenevaluatie-1/AM01/" in page  # to review
    if url == REGION_AM01:
        assert all(f"Extra SW-bedrijf {n}" in page for n in range(1, 4))
        assert all(f"extra-{n}@example.org" in page for n in range(1, 4))


@pytest.mark.parametrize("url", list(MAX_QUERIES_REGION_CONTACT))
def test_region_contact_pages_run_a_fixed_number_of_queries(
    as_region_contact, demo, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(MAX_QUERIES_REGION_CONTACT[url]):
        get_checked(as_region_contact, url)
    grow_the_data(demo)
    with django_assert_max_num_queries(MAX_QUERIES_REGION_CONTACT[url]):
        page = get_checked(as_region_contact, url)
    if url == "/":  # the open round not yet reported on is in the inbox, the submitted not
        assert "/programmas/sw-2016/rondes/tussenevaluatie-1/AM01/" in page
        assert "/programmas/sw-2015/rondes/tussenevaluatie-1/AM01/" not in page
