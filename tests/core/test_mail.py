"""Outgoing e-mail leaves through the worker: the site's backend queues the message, the
worker hands it to the configured backend (here Django's locmem outbox) unchanged."""

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from sectorplan.core import jobs

QUEUED = override_settings(
    EMAIL_BACKEND="sectorplan.core.mail.QueuedEmailBackend",
    SECTORPLAN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)


def message() -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        "Herinnering: rapportage",
        "Beste regio,\n\nDe rapportage is nog niet ingediend.",
        "sectorplan@example.org",
        ["regio@example.org"],
        cc=["gemeente@example.org"],
        reply_to=["bureau@example.org"],
        headers={"X-Sectorplan": "reminder"},
    )
    email.attach_alternative("<p>De rapportage is nog niet ingediend.</p>", "text/html")
    email.attach("overzicht.csv", b"region_code\r\nAM01\r\n", "text/csv")
    return email


@QUEUED
def test_a_message_waits_for_the_worker_and_leaves_unchanged(db):
    original = message()
    assert original.send() == 1
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    assert jobs.run_ready() == 1
    [sent] = mail.outbox
    assert sent.subject == "Herinnering: rapportage"
    assert sent.to == ["regio@example.org"] and sent.cc == ["gemeente@example.org"]
    assert sent.reply_to == ["bureau@example.org"]
    assert sent.extra_headers["X-Sectorplan"] == "reminder"
    assert sent.alternatives[0][0] == "<p>De rapportage is nog niet ingediend.</p>"
    assert sent.attachments[0][:2] == original.attachments[0][:2]
    assert sent.message().as_bytes().count(b"overzicht.csv") == 1


@QUEUED
def test_a_rolled_back_action_sends_nothing(db):
    try:
        with transaction.atomic():
            message().send()
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    assert jobs.run_ready() == 0
    assert mail.outbox == []
