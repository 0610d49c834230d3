"""Good practices: a region writes and submits, only the office publishes (to the programme
or to everyone), others ask the contact without seeing the address, nothing is lost."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sectorplan.accounts.models import AuditEvent
from sectorplan.core.errors import Refused
from sectorplan.knowledge import services
from sectorplan.knowledge.constants import Audience, PracticeState
from sectorplan.knowledge.models import Practice
from tests.conftest import log_in
from tests.knowledge.conftest import practice_of
from tests.plans.conftest import user


def detail(practice) -> str:
    return reverse("practice-detail", args=[practice.programme.slug, practice.pk])


def post_step(client, practice, action, **data):
    url = reverse("practice-action", args=[practice.programme.slug, practice.pk, action])
    return client.post(url, {"lock_version": practice.lock_version, **data})


def test_a_region_writes_submits_and_the_office_publishes(
    demo, as_region_contact, as_office, django_capture_on_commit_callbacks
):
    add = reverse("practice-add", args=[demo.slug])
    response = as_region_contact.post(
        add,
        {
            "title": "Werkfit in Groningen",
            "summary": "Training en werkervaring.",
            "cost": "12.500,50",
            "people_reached": "30",
        },
    )
    practice = Practice.objects.get(title="Werkfit in Groningen")
    assert response.status_code == 302 and practice.region.code == "AM01"
    assert str(practice.cost) == "12500.50"
    assert practice.state == PracticeState.DRAFT
    # Not complete: no results and no contact e-mail; the step is refused with both reasons.
    refused = post_step(as_region_contact, practice, "submit")
    assert refused.status_code == 400
    assert "Beschrijf de resultaten." in refused.content.decode()
    practice.refresh_from_db()
    assert practice.state == PracticeState.DRAFT
    services.practice_update(
        practice=practice,
        by=user("regio-am01"),
        lock_version=practice.lock_version,
        results="20 van de 30 aan het werk.",
        contact_email="werkfit@example.org",
    )
    practice.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_step(as_region_contact, practice, "submit").status_code == 302
    practice.refresh_from_db()
    assert practice.state == PracticeState.SUBMITTED
    assert any("bureau@example.org" in m.to for m in mail.outbox)
    # The region cannot publish, not even to everyone.
    refused = post_step(as_region_contact, practice, "publish", audience=Audience.PUBLIC)
    practice.refresh_from_db()
    assert refused.status_code == 400 and practice.state == PracticeState.SUBMITTED
    assert post_step(as_office, practice, "publish", audience=Audience.PUBLIC).status_code == 302
    practice.refresh_from_db()
    assert practice.state == PracticeState.PUBLISHED and practice.audience == Audience.PUBLIC
    assert practice.published_at is not None
    actions = list(
        AuditEvent.objects.filter(object_id=practice.pk, action__startswith="practice.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["practice.create", "practice.update", "practice.submit", "practice.publish"]


def test_a_region_contact_cannot_publish_through_the_service(demo):
    practice = practice_of(demo, "AM01", title="Loket", summary="Loket.")
    practice = services.practice_transition(
        practice=practice, action="submit", by=user("regio-am01")
    )
    with pytest.raises(Refused):
        services.practice_transition(
            practice=practice, action="publish", by=user("regio-am01"), audience=Audience.PUBLIC
        )
    practice.refresh_from_db()
    assert practice.state == PracticeState.SUBMITTED and practice.audience == ""


@pytest.mark.parametrize(
    "audience,anonymous,other_region", [(Audience.PUBLIC, 200, 200), (Audience.PROGRAMME, 404, 200)]
)
def test_who_reads_a_published_practice(audience, anonymous, other_region, demo):
    practice = practice_of(demo, "AM01", title="Loket", summary="Loket.", publish=audience)
    assert Client().get(detail(practice)).status_code == anonymous
    assert log_in(Client(), user("regio-am02")).get(detail(practice)).status_code == other_region


def test_another_regions_draft_is_not_there(demo):
    practice = practice_of(demo, "AM01", title="Geheim concept", summary="Nog niet af.")
    other = log_in(Client(), user("regio-am02"))
    slug = demo.slug
    for url in (
        detail(practice),
        reverse("practice-edit", args=[slug, practice.pk]),
        reverse("practice-history", args=[slug, practice.pk]),
    ):
        assert other.get(url).status_code == 404, url
    assert (
        other.post(reverse("practice-edit", args=[slug, practice.pk]), {"title": "X"}).status_code
        == 404
    )
    assert "Geheim concept" not in other.get(reverse("practice-list", args=[slug])).content.decode()
    practice.refresh_from_db()
    assert practice.title == "Geheim concept"


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(demo, as_region_contact):
    practice = practice_of(demo, "AM01", title="Loket", summary="Loket.")
    url = reverse("practice-edit", args=[demo.slug, practice.pk])
    read = practice.lock_version
    services.practice_update(
        practice=practice, by=user("regio-am01"), lock_version=read, title="Loket 2"
    )
    response = as_region_contact.post(
        url, {"lock_version": read, "title": "Mijn versie", "summary": "Getypt."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mijn versie" in page and "Getypt." in page
    practice.refresh_from_db()
    assert practice.title == "Loket 2"


def test_a_form_error_keeps_what_was_typed_with_the_error_at_the_field(demo, as_region_contact):
    response = as_region_contact.post(
        reverse("practice-add", args=[demo.slug]),
        {"title": "Loket", "summary": "Iets", "cost": "twaalf euro", "contact_email": "geen-adres"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="twaalf euro"' in page and 'value="geen-adres"' in page
    assert 'href="#id_cost"' in page and 'href="#id_contact_email"' in page
    assert not Practice.objects.exists()


def test_asking_the_contact_hides_the_address(demo, as_assessor):
    practice = practice_of(
        demo,
        "AM01",
        title="Loket",
        summary="Loket.",
        publish=Audience.PROGRAMME,
        contact_email="verborgen-contact@example.org",
    )
    page = as_assessor.get(detail(practice)).content.decode()
    assert "verborgen-contact" not in page
    mail.outbox.clear()
    url = reverse("practice-ask", args=[demo.slug, practice.pk])
    response = as_assessor.post(url, {"text": "Hoe begonnen jullie?"})
    assert response.status_code == 302
    assert practice.questions.get().text == "Hoe begonnen jullie?"
    assert "verborgen-contact" not in as_assessor.get(detail(practice)).content.decode()


def test_the_question_reaches_the_contact_with_the_asker_to_reply_to(
    demo, django_capture_on_commit_callbacks
):
    practice = practice_of(
        demo,
        "AM01",
        title="Loket",
        summary="Loket.",
        publish=Audience.PROGRAMME,
        contact_email="verborgen-contact@example.org",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_ask(practice=practice, by=user("vng"), text="Hoe begonnen jullie?")
    [message] = mail.outbox
    assert message.to == ["verborgen-contact@example.org"]
    assert message.reply_to == ["vng@example.org"]
    assert "Hoe begonnen jullie?" in message.body


def test_questions_are_limited_per_day(demo):
    practice = practice_of(
        demo, "AM01", title="Loket", summary="Loket.", publish=Audience.PROGRAMME
    )
    for number in range(services.QUESTIONS_PER_DAY):
        services.practice_ask(practice=practice, by=user("vng"), text=f"Vraag {number}")
    with pytest.raises(Refused):
        services.practice_ask(practice=practice, by=user("vng"), text="Nog een")
    assert practice.questions.count() == services.QUESTIONS_PER_DAY


def test_a_renamed_exe_is_refused_and_a_pdf_is_kept(demo, as_region_contact, as_assessor):
    practice = practice_of(demo, "AM01", title="Loket", summary="Loket.")
    url = reverse("practice-document-add", args=[demo.slug, practice.pk])
    exe = SimpleUploadedFile("presentatie.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = as_region_contact.post(url, {"file": exe})
    assert response.status_code == 400 and not practice.documents.exists()
    pdf = SimpleUploadedFile("presentatie.pdf", b"%PDF-1.4\n%%EOF\n")
    assert as_region_contact.post(url, {"file": pdf}).status_code == 302
    document = practice.documents.get()
    download = reverse("practice-document", args=[demo.slug, practice.pk, document.pk])
    assert as_region_contact.get(download).status_code == 200
    # Another reader sees the documents once the practice is published, not before.
    assert as_assessor.get(download).status_code == 404


def test_the_office_withdraws_a_publication_with_a_reason(demo, as_office):
    practice = practice_of(demo, "AM01", title="Loket", summary="Loket.", publish=Audience.PUBLIC)
    assert post_step(as_office, practice, "withdraw").status_code == 400
    assert (
        post_step(as_office, practice, "withdraw", note="Cijfers kloppen niet.").status_code == 302
    )
    practice.refresh_from_db()
    assert (
        practice.state == PracticeState.RETURNED and practice.review_note == "Cijfers kloppen niet."
    )
    assert Client().get(detail(practice)).status_code == 404
