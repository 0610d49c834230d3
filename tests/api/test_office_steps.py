"""The programme office's steps over the API: opening and closing a round, publishing the
allocation; through the same services as the pages, refused to everyone else."""

from decimal import Decimal

import pytest

from sectorplan.accounts.models import AuditEvent
from sectorplan.programmes.constants import RoundState
from sectorplan.programmes.models import Participation
from tests.api.conftest import api

BASE = "/api/v1/programmes/sw-2015/"


@pytest.fixture
def first_round(demo):
    return demo.rounds.order_by("position").first()


def test_the_office_opens_and_closes_a_round_and_is_told_what_is_possible_next(first_round):
    office = api("bureau")
    url = f"{BASE}rounds/{first_round.code}/actions/"
    response = office.post(url + "open/")
    assert response.status_code == 200, response.json()
    assert response.json()["round"]["state"] == "open"
    assert [a["action"] for a in response.json()["actions"]] == ["close"]
    first_round.refresh_from_db()
    assert first_round.state == RoundState.OPEN
    assert AuditEvent.objects.filter(action="round.state").count() == 1

    again = office.post(url + "open/")
    assert again.status_code == 409
    assert again.json()["non_field_errors"]

    closed = office.post(url + "close/")
    assert closed.status_code == 200
    assert [a["action"] for a in closed.json()["actions"]] == ["open"]
    assert office.post(url + "reopen/").status_code == 404


@pytest.mark.parametrize("username", ["szw", "vng", "gemeente-am01", "regio-am01"])
def test_no_one_else_opens_a_round(first_round, username):
    response = api(username).post(f"{BASE}rounds/{first_round.code}/actions/open/")
    assert response.status_code == 403
    first_round.refresh_from_db()
    assert first_round.state == RoundState.PLANNED


def test_publishing_an_unchanged_allocation_publishes_nothing_new(demo):
    before = demo.allocation_publications.count()
    response = api("bureau").post(BASE + "allocation/publish/")
    assert response.status_code == 200
    assert response.json()["published"] is False
    assert response.json()["changed_regions"] == []
    assert demo.allocation_publications.count() == before


def test_a_new_basis_is_published_and_read_back_from_the_allocation(demo):
    Participation.objects.filter(programme=demo, region__code="AM01").update(basis=Decimal("6000"))
    office = api("bureau")
    response = office.post(BASE + "allocation/publish/")
    assert response.status_code == 200
    body = response.json()
    assert body["published"] is True
    assert "AM01" in body["changed_regions"]
    lines = office.get(BASE + "allocation/", {"page_size": 100}).json()["results"]
    am01 = next(line for line in lines if line["region_code"] == "AM01")
    assert Decimal(am01["basis"]) == Decimal("6000")


def test_the_ministry_may_not_publish_the_allocation(demo):
    before = demo.allocation_publications.count()
    response = api("szw").post(BASE + "allocation/publish/")
    assert response.status_code == 403
    assert demo.allocation_publications.count() == before
