"""A plan's records over the API: versions, extensions, settlement, attachments (and their
files), read with the plan page's visibility."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sectorplan.plans import services
from sectorplan.plans.models import Attachment
from tests.api.conftest import api
from tests.plans.conftest import draft_plan_granted, user

PLAN = "/api/v1/programmes/sw-2015/plans/AM01/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def settled_plan(demo):
    plan, _decision = draft_plan_granted(demo)
    office = user("bureau")
    plan = services.plan_transition(
        plan=plan,
        action="register_payment",
        by=office,
        amount=Decimal("100000.00"),
        paid_on=date(2015, 11, 2),
        reference="R-1",
    )
    plan = services.plan_transition(
        plan=plan,
        action="request_extension",
        by=user("regio-am01"),
        new_end_date=date(2017, 6, 30),
        reason="Trajecten lopen door.",
    )
    plan = services.plan_transition(plan=plan, action="decide_extension", by=office, grant=True)
    plan = services.plan_transition(
        plan=plan,
        action="settle",
        by=office,
        amount=Decimal("90000.00"),
        settled_on=date(2017, 6, 1),
        note="Minder besteed.",
    )
    attachment = Attachment(
        plan=plan, name="brief.pdf", content_type="application/pdf", size=len(PDF),
        uploaded_by=user("regio-am01"),
    )  # fmt: skip
    attachment.file.save("brief.pdf", ContentFile(PDF), save=False)
    attachment.save()
    return plan


def test_versions_list_and_one_version_as_submitted(settled_plan):
    client = api("szw")
    versions = client.get(PLAN + "versions/").json()
    assert [v["number"] for v in versions["results"]] == [1]
    one = client.get(PLAN + "versions/1/").json()
    assert one["number"] == 1
    assert one["snapshot"]["title"] == "Sectorplan Groningen"
    assert client.get(PLAN + "versions/2/").status_code == 404


def test_extensions_and_the_settlement_with_what_to_reclaim(settled_plan):
    client = api("regio-am01")
    [extension] = client.get(PLAN + "extensions/").json()["results"]
    assert extension["new_end_date"] == "2017-06-30"
    assert extension["state"] == "granted"
    [settlement] = client.get(PLAN + "settlements/").json()["results"]
    assert settlement["amount"] == "90000.00"
    assert settlement["paid"] == "100000.00"
    assert settlement["to_reclaim"] == "10000.00"


def test_an_unsettled_plan_has_an_empty_settlement_list(demo):
    draft_plan_granted(demo)
    response = api("bureau").get(PLAN + "settlements/")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_attachments_list_links_to_the_file_which_downloads_as_it_was(settled_plan):
    client = api("vng")
    [listed] = client.get(PLAN + "attachments/").json()["results"]
    assert listed["name"] == "brief.pdf" and listed["size"] == len(PDF)
    assert listed["file"].endswith(f"{PLAN}attachments/{listed['id']}/file/")
    response = client.get(listed["file"], HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "brief.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert client.get(f"{PLAN}attachments/{listed['id'] + 1000}/file/").status_code == 404


def test_another_region_finds_none_of_it(settled_plan):
    client = api("regio-am02")
    attachment = settled_plan.attachments.get()
    for path in ["versions/", "versions/1/", "extensions/", "settlements/", "attachments/",
                 f"attachments/{attachment.pk}/file/"]:  # fmt: skip
        response = client.get(PLAN + path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
    assert api().get(PLAN + "attachments/").status_code == 401
