"""The region's home (issue 23): where the region stands, its next step and deadline, links
to the plan and every report, the money side by side, indicators, practices and contacts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sectorplan.plans import services as plan_services
from sectorplan.programmes.models import Programme
from tests.plans.conftest import draft_plan_granted, fill_plan, user

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


@pytest.fixture
def plan_draft(demo):
    region = demo.region_set.regions.get(code="AM01")
    return fill_plan(plan_services.plan_for_region(programme=demo, region=region))


def home(client, programme, code="AM01"):
    return client.get(reverse("region-detail", args=[programme.slug, code]), **NL)


def test_a_draft_plan_shows_its_next_step_and_deadline(as_region_contact, plan_draft):
    programme = plan_draft.programme
    Programme.objects.filter(pk=programme.pk).update(
        plan_deadline=timezone.localdate() + timedelta(days=10)
    )
    body = home(as_region_contact, programme).content.decode()
    assert "Volgende stap" in body
    assert "#action-submit" in body
    assert "nog 10 dagen" in body
    assert reverse("plan-detail", args=[programme.slug, "AM01"]) in body
    # A plan not granted yet is not reported on: every round says so, without a link.
    reports = body[
        body.index("<h3>Rapportages</h3>") : body.index("</ul>", body.index("<h3>Rapportages</h3>"))
    ]
    assert reports.count("Niet gevraagd") == programme.rounds.count()
    assert "Niet begonnen" not in reports
    for round_ in programme.rounds.all():
        assert reverse("report-detail", args=[programme.slug, round_.code, "AM01"]) not in body


def test_a_late_plan_says_how_late(as_region_contact, plan_draft):
    programme = plan_draft.programme
    Programme.objects.filter(pk=programme.pk).update(
        plan_deadline=timezone.localdate() - timedelta(days=3)
    )
    body = home(as_region_contact, programme).content.decode()
    assert "3 dagen te laat" in body and "inbox__due--late" in body


def test_the_money_is_side_by_side(as_region_contact, demo):
    draft_plan_granted(demo)
    body = home(as_region_contact, demo).content.decode()
    money = body[body.index('id="money-title"') : body.index("</dl>", body.index("money-row"))]
    for label in ("Toegewezen", "Gevraagd", "Toegekend", "Betaald", "Besteed"):
        assert label in money, label
    assert money.count("€\xa0100.000,00") >= 2  # asked and granted


def test_a_granted_plan_links_every_report(as_region_contact, demo):
    draft_plan_granted(demo)
    body = home(as_region_contact, demo).content.decode()
    assert "Niet gevraagd" not in body
    for round_ in demo.rounds.all():  # every report, started or not
        assert reverse("report-detail", args=[demo.slug, round_.code, "AM01"]) in body


def test_the_contacts_come_from_one_source(as_region_contact, demo):
    body = home(as_region_contact, demo).content.decode()
    contact = user("regio-am01")
    assert contact.get_full_name() in body


def test_another_regions_home_is_not_there(as_region_contact, demo):
    assert home(as_region_contact, demo, "AM02").status_code == 404


def test_the_office_reads_every_regions_home(as_office, demo):
    assert home(as_office, demo, "AM02").status_code == 200


def test_the_region_home_runs_a_pinned_number_of_queries(as_region_contact, plan_draft):
    url = reverse("region-detail", args=[plan_draft.programme.slug, "AM01"])
    as_region_contact.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = as_region_contact.get(url)
    assert response.status_code == 200
    # 22, and one more for the steps the programme's workflow table offers on the plan.
    assert len(queries) <= 23, len(queries)
