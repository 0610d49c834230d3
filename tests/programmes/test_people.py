"""The office invites people by e-mail; they choose a password; accounts are deactivated and
reactivated, never deleted; every step is in the audit trail."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sectorplan.accounts.models import AuditEvent, Membership, User
from sectorplan.programmes.models import Organisation, Region

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zonnebloem-1987-werk"


def _invite(client, **overrides):
    organisation = Organisation.objects.filter(memberships__region__code="AM03").first()
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "F.ElAmrani@Example.org",
        "role": "regiocontact",
        "organisation": organisation.pk,
        "region": Region.objects.filter(code="AM03").first().pk,
        **overrides,
    }
    return client.post(reverse("person-invite"), data, HTTP_ACCEPT_LANGUAGE="nl")


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_an_invited_person_chooses_a_password_and_logs_in(
    as_office, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(as_office)
    assert response.status_code == 302 and response["Location"] == reverse("people-list")
    person = User.objects.get(username="f.elamrani@example.org")
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.region.code) == ("regiocontact", "AM03")
    invited = AuditEvent.objects.get(action="user.invite", object_id=person.pk)
    assert invited.actor.username == "bureau"
    assert invited.changes["email"] == ["", "f.elamrani@example.org"]

    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["f.elamrani@example.org"]
    visitor = Client()
    form_page = visitor.get(_link(mailoutbox[0]), follow=True)
    assert form_page.status_code == 200
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # The link works once.
    assert "new_password1" not in visitor.get(_link(mailoutbox[0]), follow=True).content.decode()

    login = Client().post(
        reverse("login"), {"username": "f.elamrani@example.org", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302 and login["Location"] == reverse("home")


def test_a_person_with_an_account_is_not_invited_twice(as_office, mailoutbox):
    existing = User.objects.get(username="regio-am01")
    existing.email = "contact@am01.example.org"
    existing.save()
    response = _invite(as_office, email="Contact@AM01.example.org")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Er is al een account voor contact@am01.example.org" in content
    assert 'value="Fatima"' in content  # what was typed stays
    assert mailoutbox == []
    assert not User.objects.filter(first_name="Fatima").exists()


def test_a_regional_role_needs_its_region(as_office):
    response = _invite(as_office, region="")
    assert response.status_code == 200
    assert "Deze rol treedt op namens een regio: kies de regio." in response.content.decode()
    assert not User.objects.filter(first_name="Fatima").exists()
    national = _invite(as_office, role="ministerie")
    assert "Deze rol treedt niet op namens één regio." in national.content.decode()


def test_a_deactivated_account_cannot_log_in_and_can_be_reactivated(as_office):
    person = User.objects.get(username="regio-am02")
    url = reverse("person-state", args=[person.pk])
    assert as_office.post(url, {"action": "deactivate"}).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert User.objects.filter(pk=person.pk).exists()  # never deleted
    refused = Client().post(
        reverse("login"), {"username": "regio-am02", "password": "sectorplan-demo"}
    )
    assert refused.status_code == 200
    as_office.post(url, {"action": "reactivate"})
    person.refresh_from_db()
    assert person.is_active
    actions = list(
        AuditEvent.objects.filter(object_id=person.pk, action__startswith="user.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["user.deactivate", "user.reactivate"]


def test_the_office_cannot_deactivate_itself(as_office):
    me = User.objects.get(username="bureau")
    response = as_office.post(
        reverse("person-state", args=[me.pk]),
        {"action": "deactivate"},
        HTTP_ACCEPT_LANGUAGE="nl",
        follow=True,
    )
    assert "U kunt uw eigen account niet deactiveren." in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_the_people_page_lists_accounts_with_their_roles(as_office):
    page = as_office.get(reverse("people-list"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "regio-am01" in page and "Regiocontact AM01" in page
    assert reverse("person-invite") in page


def test_an_invitation_is_sent_again_until_a_password_is_chosen(
    as_office, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(as_office)
    person = User.objects.get(username="f.elamrani@example.org")
    url = reverse("person-state", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        as_office.post(url, {"action": "invite_again"})
    assert len(mailoutbox) == 2
    assert AuditEvent.objects.filter(action="user.invite_again", object_id=person.pk).exists()
    person.set_password(NEW_PASSWORD)
    person.save()
    page = as_office.post(url, {"action": "invite_again"}, HTTP_ACCEPT_LANGUAGE="nl", follow=True)
    assert "heeft al een wachtwoord gekozen" in page.content.decode()
    assert len(mailoutbox) == 2


def test_the_invite_form_names_its_empty_choices_and_describes_fields_before_them(as_office):
    page = as_office.get(reverse("person-invite"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "---------" not in page
    assert "Kies een organisatie" in page and "(geen regio)" in page
    # The hint sits between the label and the field, and the field points at it.
    hint = page.index('id="id_email_helptext"')
    assert page.index('for="id_email"') < hint < page.index('<input type="email"')
    assert 'aria-describedby="id_email_helptext"' in page
