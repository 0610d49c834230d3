"""Personal data: each user downloads their own; accounts unused for the retention period are
anonymised while the audit trail keeps a pseudonym."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sectorplan.accounts.models import AuditEvent, Membership, User
from sectorplan.accounts.privacy import PSEUDONYM_PREFIX
from sectorplan.plans import services as plans
from tests.plans.conftest import draft_plan, user

__all__ = ["draft_plan"]  # fixtures used here

pytestmark = pytest.mark.django_db


def test_a_user_downloads_their_own_data_and_nobody_elses(draft_plan, as_region_contact):
    response = as_region_contact.get(reverse("personal-data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "regio-am01"
    assert data["memberships"] == [
        {
            "role": "regiocontact",
            "organisation": Membership.objects.get(user__username="regio-am01").organisation.name,
            "region": "AM01",
            "is_active": True,
        }
    ]
    actions = {change["action"] for change in data["changes_made"]}
    assert {"plan.update", "plan.activity_add"} <= actions
    # The page takes no user id: there is no way to ask for another person's data.
    assert "gemeente-am01" not in response.content.decode()


def test_anonymous_gets_no_personal_data(client):
    response = client.get(reverse("personal-data"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _idle(username: str, days: int) -> User:
    person = user(username)
    person.last_login = timezone.now() - timedelta(days=days)
    person.save(update_fields=["last_login"])
    return person


def test_accounts_unused_for_the_retention_period_are_anonymised(draft_plan, settings):
    settings.SECTORPLAN_RETENTION_DAYS = 730
    idle = _idle("regio-am01", 731)
    recent = _idle("regio-am02", 10)
    # Everybody else logged in recently too, so only the idle account is due.
    User.objects.exclude(pk=idle.pk).update(last_login=timezone.now())
    trail = AuditEvent.objects.filter(actor=idle).count()
    assert trail > 0

    dry = StringIO()
    call_command("anonymise-accounts", "--dry-run", stdout=dry)
    assert "would anonymise 1 accounts" in dry.getvalue()
    assert user("regio-am01").email  # nothing changed

    out = StringIO()
    call_command("anonymise-accounts", stdout=out)
    assert "anonymised 1 accounts" in out.getvalue()
    idle.refresh_from_db()
    assert idle.username == f"{PSEUDONYM_PREFIX}{idle.pk}"
    assert (idle.first_name, idle.last_name, idle.email) == ("", "", "")
    assert not idle.is_active and not idle.has_usable_password()
    assert not Membership.objects.filter(user=idle, is_active=True).exists()
    # The trail keeps every event, now pointing at the pseudonym, plus the anonymisation.
    assert AuditEvent.objects.filter(actor=idle).count() == trail
    last = AuditEvent.objects.latest("pk")
    assert (last.action, last.object_repr) == ("user.anonymise", idle.username)
    assert "regio-am01" not in json.dumps(last.changes)
    recent.refresh_from_db()
    assert recent.username == "regio-am02" and recent.is_active

    again = StringIO()
    call_command("anonymise-accounts", stdout=again)
    assert "anonymised 0 accounts" in again.getvalue()


def test_the_plan_history_shows_the_pseudonym_after_anonymisation(draft_plan, as_office, settings):
    plans.plan_update(
        plan=draft_plan,
        by=user("regio-am01"),
        lock_version=draft_plan.lock_version,
        summary="Van school naar werk",
    )
    idle = _idle("regio-am01", settings.SECTORPLAN_RETENTION_DAYS + 1)
    User.objects.exclude(pk=idle.pk).update(last_login=timezone.now())
    call_command("anonymise-accounts", stdout=StringIO())
    page = as_office.get(reverse("plan-history", args=[draft_plan.programme.slug, "AM01"]))
    content = page.content.decode()
    assert f"{PSEUDONYM_PREFIX}{idle.pk}" in content
    assert "Van school naar werk" in content


def test_the_download_lists_the_users_api_tokens_without_their_keys(as_region_contact):
    from sectorplan.accounts.tokens import token_create, token_revoke

    owner = User.objects.get(username="regio-am01")
    kept, kept_key = token_create(user=owner, name="Koppeling zaaksysteem", by=owner)
    gone, gone_key = token_create(user=owner, name="Oude koppeling", by=owner)
    token_revoke(token=gone, by=owner)
    response = as_region_contact.get(reverse("personal-data"))
    body = response.content.decode()
    tokens = json.loads(body)["api_tokens"]
    assert [(t["name"], t["prefix"]) for t in tokens] == [
        ("Koppeling zaaksysteem", kept.prefix),
        ("Oude koppeling", gone.prefix),
    ]
    assert tokens[0]["revoked"] is None and tokens[1]["revoked"] is not None
    assert kept_key not in body and gone_key not in body
    assert kept.key_hash not in body
