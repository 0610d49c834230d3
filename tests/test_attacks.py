"""Attacks from the access issue that the URL matrix does not cover by itself: each is
refused, and nothing changes (no row, no audit event)."""

import pytest
from django.test import Client
from django.urls import reverse

from sectorplan.accounts.models import AuditEvent, User
from sectorplan.core.errors import Refused
from sectorplan.plans import services as plans
from sectorplan.plans.models import Plan
from tests.conftest import log_in
from tests.plans.conftest import draft_plan, fill_plan, user

__all__ = ["draft_plan"]  # fixtures used here

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Plan.objects.order_by("pk").values_list("state", "lock_version", "title")),
        AuditEvent.objects.count(),
    )


def test_a_post_without_csrf_token_is_refused(draft_plan):
    client = log_in(Client(enforce_csrf_checks=True), user("regio-am01"))
    before = _snapshot()
    response = client.post(
        reverse("plan-edit", args=[draft_plan.programme.slug, "AM01"]),
        {"title": "Zonder token", "lock_version": draft_plan.lock_version},
    )
    assert response.status_code == 403
    assert _snapshot() == before


def test_a_region_contact_cannot_take_the_ministrys_decision(draft_plan):
    client = log_in(Client(), user("regio-am01"))
    before = _snapshot()
    response = client.post(
        reverse("plan-action", args=[draft_plan.programme.slug, "AM01", "grant"]),
        {"lock_version": draft_plan.lock_version, "amount": "100000", "decided_on": "2016-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "is not possible while the plan is" in response.content.decode()
    assert _snapshot() == before
    # Even with the plan in the state where the ministry decides, the step is not theirs.
    plan = draft_plan
    with pytest.raises(Refused):
        plans.plan_transition(plan=plan, action="grant", by=user("regio-am01"), amount=1)
    assert _snapshot() == before


def test_another_regions_activity_id_in_the_own_plans_url_is_not_found(demo):
    own = fill_plan(
        plans.plan_for_region(programme=demo, region=demo.region_set.regions.get(code="AM01"))
    )
    other = fill_plan(
        plans.plan_for_region(programme=demo, region=demo.region_set.regions.get(code="AM02"))
    )
    foreign = other.activities.get()
    client = log_in(Client(), user("regio-am01"))
    before = _snapshot()
    url = reverse("activity-edit", args=[demo.slug, "AM01", foreign.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"title": "Overgenomen", "lock_version": own.lock_version})
    assert response.status_code == 404
    assert _snapshot() == before
    foreign.refresh_from_db()
    assert foreign.title == "Van werk naar werk"


@pytest.mark.parametrize("username", ["szw", "vng", "gemeente-am01", "regio-am01"])
def test_management_is_closed_to_everybody_but_the_office(demo, username):
    response = log_in(Client(), user(username)).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_not_even_a_superuser_changes_or_deletes_the_audit_trail_in_management(draft_plan):
    admin = User.objects.create_superuser("beheer", "beheer@example.org", "Lang-genoeg-1234")
    client = log_in(Client(), admin)
    event = AuditEvent.objects.latest("pk")
    change = reverse("admin:accounts_auditevent_change", args=[event.pk])
    assert client.get(change).status_code == 200  # readable
    assert client.post(change, {"note": "weg"}).status_code == 403
    assert (
        client.post(
            reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.note == ""
