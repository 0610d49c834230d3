"""Knowledge meetings: the office plans them, regions register, documents come after."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sectorplan.core.errors import Refused
from sectorplan.knowledge import services
from sectorplan.knowledge.models import Meeting, MeetingRegistration
from tests.plans.conftest import user


def test_the_office_plans_a_meeting_with_a_form(demo, instrument, as_office, as_region_contact):
    data = {
        "title": "Kennisbijeenkomst jobcarving",
        "starts_at": "2030-03-14T13:30",
        "place": "Utrecht",
        "description": "Ervaringen uitwisselen.",
        "instruments": [instrument.pk],
    }
    add = reverse("meeting-add", args=[demo.slug])
    assert as_region_contact.post(add, data).status_code == 403
    response = as_office.post(add, data)
    meeting = Meeting.objects.get(title="Kennisbijeenkomst jobcarving")
    assert response.status_code == 302
    assert list(meeting.instruments.all()) == [instrument]
    assert timezone.localtime(meeting.starts_at).hour == 13
    bad = as_office.post(add, {**data, "starts_at": "morgen"})
    assert bad.status_code == 200 and 'value="morgen"' in bad.content.decode()


def test_a_region_registers_changes_and_cancels(demo, meeting, as_region_contact, as_office):
    url = reverse("meeting-register", args=[demo.slug, meeting.pk])
    assert as_region_contact.post(url, {"people": "2", "names": "An, Bo"}).status_code == 302
    registration = MeetingRegistration.objects.get(meeting=meeting)
    assert registration.region.code == "AM01" and registration.people == 2
    assert as_region_contact.post(url, {"people": "3"}).status_code == 302
    assert MeetingRegistration.objects.get(meeting=meeting).people == 3
    assert as_region_contact.post(url, {"people": "0"}).status_code == 400
    page = as_office.get(reverse("meeting-detail", args=[demo.slug, meeting.pk]))
    assert "An, Bo" not in page.content.decode()  # the names were changed away
    assert [r.region.code for r in page.context["registrations"]] == ["AM01"]
    assert as_region_contact.post(url, {"cancel": "1"}).status_code == 302
    assert not MeetingRegistration.objects.exists()


def test_the_office_cannot_register_a_region_and_no_one_after_the_meeting(demo, meeting):
    region = demo.region_set.regions.get(code="AM01")
    with pytest.raises(Refused):
        services.meeting_register(meeting=meeting, region=region, by=user("bureau"), people=1)
    with pytest.raises(Refused):
        services.meeting_register(
            meeting=meeting,
            region=demo.region_set.regions.get(code="AM02"),
            by=user("regio-am01"),
            people=1,
        )
    meeting.starts_at = timezone.now() - timedelta(hours=1)
    meeting.save()
    with pytest.raises(Refused):
        services.meeting_register(meeting=meeting, region=region, by=user("regio-am01"), people=1)
    assert not MeetingRegistration.objects.exists()


def test_presentations_are_attached_by_the_office_and_read_by_all(
    demo, meeting, as_office, as_region_contact
):
    url = reverse("meeting-document-add", args=[demo.slug, meeting.pk])
    pdf = SimpleUploadedFile("presentatie.pdf", b"%PDF-1.4\n%%EOF\n")
    assert as_region_contact.post(url, {"file": pdf}).status_code == 403
    pdf.seek(0)
    assert as_office.post(url, {"file": pdf}).status_code == 302
    document = meeting.documents.get()
    download = reverse("meeting-document", args=[demo.slug, meeting.pk, document.pk])
    response = as_region_contact.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_a_stale_meeting_edit_is_refused(demo, meeting, as_office):
    read = meeting.lock_version
    services.meeting_update(meeting=meeting, by=user("bureau"), lock_version=read, place="Zwolle")
    response = as_office.post(
        reverse("meeting-edit", args=[demo.slug, meeting.pk]),
        {
            "lock_version": read,
            "title": meeting.title,
            "starts_at": "2030-01-01T10:00",
            "place": "Assen",
        },
    )
    assert response.status_code == 200 and 'value="Assen"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Zwolle"
