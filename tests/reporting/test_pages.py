"""The reporting pages over HTTP: who reads them, drill-down to the regions behind a number,
downloads, one source of numbers (page = CSV), and a pinned number of queries."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from sectorplan.programmes.models import Programme

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def dashboard(slug="sw-2015"):
    return reverse("dashboard", args=[slug])


@pytest.mark.parametrize("client_name", ["as_office", "as_ministry", "as_assessor"])
def test_national_readers_see_the_dashboard(request, client_name, answered):
    client = request.getfixturevalue(client_name)
    response = client.get(dashboard(), **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Key figures" in body
    # Every table is listed by its title, with its CSV beside it.
    tables = body[body.index('id="tables-title"') : body.index('id="open-data-title"')]
    for code in ("allocation", "coverage", "regions"):
        assert reverse("report-table", args=["sw-2015", code]) in tables, code
        assert reverse("report-table-csv", args=["sw-2015", code]) in tables, code


@pytest.mark.parametrize("client_name", ["as_region_contact", "as_municipality"])
def test_regions_read_the_national_pages_but_not_the_office_publications(
    request, client_name, demo
):
    client = request.getfixturevalue(client_name)
    assert client.get(dashboard()).status_code == 200
    assert client.get(reverse("report-table", args=["sw-2015", "ser"])).status_code == 200
    assert client.get(reverse("report-workbook", args=["sw-2015"])).status_code == 404
    assert client.get(reverse("final-report", args=["sw-2015"])).status_code == 404


def test_a_region_reads_other_regions_results_unless_the_programme_closes_them(
    as_region_contact, demo
):
    own = as_region_contact.get(reverse("region-results", args=["sw-2015", "AM01"]))
    assert own.status_code == 200
    other = as_region_contact.get(reverse("region-results", args=["sw-2015", "AM02"]))
    assert other.status_code == 200
    Programme.objects.filter(pk=demo.pk).update(region_results_open=False)
    other = as_region_contact.get(reverse("region-results", args=["sw-2015", "AM02"]))
    assert other.status_code == 404


def test_the_ser_numbers_on_the_page_are_the_csv_numbers(as_office, answered):
    page = as_office.get(dashboard(), **EN).content.decode()
    csv_text = as_office.get(reverse("report-table-csv", args=["sw-2015", "ser"])).content.decode()
    rows = {row["function"]: row for row in csv.DictReader(io.StringIO(csv_text))}
    skills = rows["werknemersvaardigheden"]
    assert (skills["present_yes"], skills["present_n"], skills["present_pct"]) == ("4", "6", "67")
    row = page[page.index("Ontwikkeling werknemersvaardigheden") :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'<td class="num">(?:<a [^>]*>)?(?:<strong>)?([^<]*)', row)
    assert cells[:4] == ["4", "6", "1", "67%"]


def test_drill_down_lists_who_answered_what(as_office, answered):
    url = reverse("report-table", args=["sw-2015", "ser"])
    page = as_office.get(url + "?cell=werknemersvaardigheden.present", **EN).content.decode()
    drill = page[page.index('id="drill"') : page.index("</section>", page.index('id="drill"'))]
    yes = drill[drill.index("Yes") : drill.index("No <")]
    assert re.findall(r"(AM\d\d) ", yes) == ["AM01", "AM02", "AM06", "AM07"]
    unknown = drill[drill.index("Don&#x27;t know") :]
    assert "AM04" in unknown[: unknown.index("</ul>")]
    empty = drill[drill.index("No answer") :]
    assert "AM05" in empty  # counted report, no answer to this question
    assert "AM09" not in drill  # a draft


def test_coverage_drill_down_and_regions_filter(as_office, answered):
    from sectorplan.core.tabular import Row
    from sectorplan.plans.imports import plans_import

    header = ("region_code", "activity_type", "title", "subsidy", "cofinancing")
    plans_import(
        programme=answered,
        rows=[Row(2, dict(zip(header, ("AM07", "werkfit", "W", "10", "10"), strict=True)))],
        state="submitted",
    )
    url = reverse("report-table", args=["sw-2015", "coverage"])
    page = as_office.get(url + "?type=werkfit", **EN).content.decode()
    assert "AM07 " in page
    regions = reverse("report-table", args=["sw-2015", "regions"])
    page = as_office.get(regions + "?plan_status=submitted", **EN).content.decode()
    assert re.findall(r'<th scope="row"><a [^>]*>(AM\d\d)</a>', page) == ["AM07"]


def test_the_workbook_downloads_with_every_table(as_office, answered):
    response = as_office.get(reverse("report-workbook", args=["sw-2015"]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["rapport", "allocation", "coverage", "ser", "regions"]
    ser = {row[0]: row for row in workbook["ser"].iter_rows(min_row=2, values_only=True)}
    assert ser["werknemersvaardigheden"][2:6] == (4, 6, 1, 67)


#: Session, user, memberships, programme, then a fixed number per part of the dashboard
#: (key figures, coverage, each yes/no table, people, indicators, rounds); none per region.
#: Plus the session saved on every request (an UPDATE between two savepoints in the test's
#: transaction: 3), the authenticator that verified the office's session (django-otp: 1) and
#: the latest open-data publication (1), and for the key figures the payments (1) and the
#: budgets that split the spending into subsidy and co-financing (1).
MAX_QUERIES_DASHBOARD = 30 + 3 + 1 + 1 + 2


def test_dashboard_query_count_is_pinned(as_office, answered, django_assert_max_num_queries):
    from sectorplan.core.tabular import Row
    from sectorplan.plans.imports import plans_import

    as_office.get(dashboard())
    with django_assert_max_num_queries(MAX_QUERIES_DASHBOARD):
        assert as_office.get(dashboard()).status_code == 200
    header = ("region_code", "activity_type", "title", "subsidy", "cofinancing")
    more = [(f"AM{n}", "werkfit", "W", "10", "10") for n in range(10, 30)]
    plans_import(
        programme=answered,
        rows=[Row(i, dict(zip(header, r, strict=True))) for i, r in enumerate(more, 2)],
        state="submitted",
    )
    with django_assert_max_num_queries(MAX_QUERIES_DASHBOARD):
        page = as_office.get(dashboard(), **EN).content.decode()
    assert "Out of 20 plans submitted or later." in page


def test_the_map_colours_each_region_by_the_measure_with_a_table_alongside(as_office, answered):
    url = reverse("report-map", args=["sw-2015"])
    page = as_office.get(url + "?measure=answer:ser.werknemersvaardigheden.present").content
    body = page.decode()  # Dutch: coordinates must still use a decimal point
    circles = re.findall(
        r'<circle cx="([^"]+)" cy="([^"]+)" r="9" class="map__dot map__dot--(\w+)"', body
    )
    assert len(circles) == 35
    assert all("," not in cx + cy for cx, cy, _tone in circles)
    tones = [tone for _cx, _cy, tone in circles]
    # present: AM01, AM02, AM06, AM07 yes; AM03, AM08 no; AM04 don't know; AM05 no answer
    assert tones[:8] == ["good", "good", "bad", "warn", "empty", "good", "good", "bad"]
    assert tones[8:] == ["none"] * 27  # no counted report (AM09 is a draft)
    rows = re.findall(r'<th scope="row"><a [^>]*>(AM\d\d) [^<]*</a></th><td>([^<]*)</td>', body)
    assert rows[3] == ("AM04", "Weet niet")
    fallback = as_office.get(url + "?measure=nonsense", **EN).content.decode()
    assert "State of the report" in fallback


def test_regions_see_the_map(as_region_contact, demo):
    assert as_region_contact.get(reverse("report-map", args=["sw-2015"])).status_code == 200


def test_tables_filter_by_province_and_theme(as_office, answered):
    regions = reverse("report-table", args=["sw-2015", "regions"])
    page = as_office.get(regions + "?province=Limburg", **EN).content.decode()
    assert re.findall(r'<th scope="row"><a [^>]*>(AM\d\d)</a>', page) == ["AM29", "AM30", "AM33"]
    coverage = reverse("report-table", args=["sw-2015", "coverage"])
    page = as_office.get(coverage + "?theme=expertise", **EN).content.decode()
    # The theme by its label, never its code; the filter named the same way.
    assert re.findall(r'<th scope="row">([^<]+)</th>', page) == ["2. Expertise"] * 4
    assert "<strong>Theme: 2. Expertise</strong>" in page


def test_dashboard_and_csv_agree_on_coverage_and_spending(as_office, granted_and_reported):
    from decimal import Decimal

    from sectorplan.core.templatetags.sectorplan import euro
    from sectorplan.reporting.selectors import key_figures
    from sectorplan.reporting.tables import current_round

    programme = granted_and_reported
    regions_csv = as_office.get(reverse("report-table-csv", args=["sw-2015", "regions"]))
    rows = list(csv.DictReader(io.StringIO(regions_csv.content.decode())))
    spent = sum((Decimal(r["spent"]) for r in rows if r["spent"]), Decimal(0))
    assert spent > 0
    figures = key_figures(programme, current_round(programme))
    assert figures.spent == spent
    # Subsidy and co-financing apart, adding up to what the regions reported.
    assert figures.spent_subsidy + figures.spent_cofinancing == spent
    assert figures.spent_subsidy > 0 and figures.spent_cofinancing > 0
    page = as_office.get(dashboard(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert euro(figures.spent_subsidy) in page and euro(figures.spent_cofinancing) in page
    assert "Bestede subsidie" in page and "Bestede cofinanciering" in page
    coverage_csv = as_office.get(reverse("report-table-csv", args=["sw-2015", "coverage"]))
    coverage = {
        r["activity_type"]: r["plans"]
        for r in csv.DictReader(io.StringIO(coverage_csv.content.decode()))
    }
    assert coverage["werk_naar_werk"] == "1"
    assert re.search(r'\?type=werk_naar_werk#drill">1</a>', page)
