"""The national picture for the regions (issue 23, decision 0013): a region's people read the
dashboard, the tables and the map with their own region marked; they read another region's
results once submitted, but never its drafts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sectorplan.plans import services as plan_services
from sectorplan.programmes.models import Programme
from tests.plans.conftest import draft_plan_granted, fill_plan

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


@pytest.fixture
def two_regions(demo):
    """AM01 and AM02 granted; AM03's plan a draft asking 77.777,00."""
    draft_plan_granted(demo, "AM01")
    draft_plan_granted(demo, "AM02")
    region = demo.region_set.regions.get(code="AM03")
    fill_plan(
        plan_services.plan_for_region(programme=demo, region=region),
        subsidy=Decimal("77777.00"),
    )
    return demo


def test_a_region_reads_the_dashboard_with_its_own_region(as_region_contact, two_regions):
    response = as_region_contact.get(reverse("dashboard", args=[two_regions.slug]), **NL)
    assert response.status_code == 200
    body = response.content.decode()
    own = body[
        body.index('id="own-region-title"') : body.index("</section>", body.index("own-region"))
    ]
    assert "Uw regio" in own and "AM01" in own and "AM02" not in own
    assert "€\xa0100.000,00" in own  # its own plan's subsidy
    # The office's publications are not linked for a region.
    assert reverse("final-report", args=[two_regions.slug]) not in body
    assert reverse("national-report-job", args=[two_regions.slug, "docx"]) not in body


def test_the_regions_table_marks_the_own_region_and_hides_other_drafts(
    as_region_contact, two_regions
):
    url = reverse("report-table", args=[two_regions.slug, "regions"])
    body = as_region_contact.get(url, **NL).content.decode()
    own = next(row for row in body.split("<tr")[1:] if ">AM01<" in row)
    other_granted = next(row for row in body.split("<tr")[1:] if ">AM02<" in row)
    other_draft = next(row for row in body.split("<tr")[1:] if ">AM03<" in row)
    assert 'class="row--own-region"' in own and "uw regio" in own
    assert "row--own-region" not in other_granted
    assert "€\xa0100.000,00" in other_granted  # submitted or later: open
    assert "77.777" not in other_draft and "77.777" not in body  # a draft: closed
    csv = as_region_contact.get(reverse("report-table-csv", args=[two_regions.slug, "regions"]))
    text = b"".join(csv).decode()
    assert "77777" not in text
    assert "AM02,Achterhoek" in text or "AM02," in text


def test_the_office_still_sees_every_amount(as_office, two_regions):
    url = reverse("report-table-csv", args=[two_regions.slug, "regions"])
    assert "77777.00" in b"".join(as_office.get(url)).decode()


def test_the_map_marks_the_own_region(as_region_contact, two_regions):
    body = as_region_contact.get(reverse("report-map", args=[two_regions.slug]), **NL)
    text = body.content.decode()
    assert body.status_code == 200
    assert text.count("map__dot--own") == 1
    assert "uw regio" in text


def test_another_regions_results_are_open_but_its_plan_page_is_not(as_region_contact, two_regions):
    slug = two_regions.slug
    page = as_region_contact.get(reverse("region-results", args=[slug, "AM02"]), **NL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "€\xa0100.000,00" in body
    assert reverse("plan-detail", args=[slug, "AM02"]) not in body  # no link to a 404
    assert as_region_contact.get(reverse("plan-detail", args=[slug, "AM02"])).status_code == 404
    draft = as_region_contact.get(reverse("region-results", args=[slug, "AM03"]), **NL)
    assert draft.status_code == 200
    assert "77.777" not in draft.content.decode()
    assert "nog geen plan ingediend" in draft.content.decode()


def test_a_template_can_keep_results_to_the_region_itself(as_region_contact, two_regions):
    Programme.objects.filter(pk=two_regions.pk).update(region_results_open=False)
    slug = two_regions.slug
    assert as_region_contact.get(reverse("region-results", args=[slug, "AM02"])).status_code == 404
    assert as_region_contact.get(reverse("region-results", args=[slug, "AM01"])).status_code == 200


def test_the_provincial_template_closes_results_and_the_default_opens_them():
    from sectorplan.programmes.programme_templates import load_template

    assert load_template("provinciaal-voorbeeld")["region_results_open"] is False
    assert load_template("sw-sectorplannen-2015").get("region_results_open", True) is True


@pytest.mark.parametrize(
    ("name", "args", "most"),
    [
        ("dashboard", [], 39),
        ("report-table", ["regions"], 17),
        ("report-map", [], 18),
    ],
)
def test_national_pages_for_a_region_run_a_pinned_number_of_queries(
    as_region_contact, two_regions, name, args, most
):
    url = reverse(name, args=[two_regions.slug, *args])
    as_region_contact.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = as_region_contact.get(url)
    assert response.status_code == 200
    assert len(queries) <= most, len(queries)
