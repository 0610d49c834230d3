"""The knowledge exchange over the API: the pages' visibility rules, no contact addresses,
bounded queries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sectorplan.knowledge import services
from sectorplan.knowledge.constants import Audience
from sectorplan.knowledge.models import InstrumentCategory
from tests.api.conftest import api
from tests.knowledge.conftest import practice_of
from tests.plans.conftest import user

BASE = "/api/v1/programmes/sw-2015/"


@pytest.fixture
def instrument(demo):
    category = InstrumentCategory.objects.create(code="diagnose", label_nl="Diagnose")
    return services.instrument_create(
        by=user("bureau"),
        name="Dariuz",
        slug="dariuz",
        category=category,
        aliases="Dariuz wegwijzer",
    )


@pytest.fixture
def knowledge(demo, instrument):
    published = practice_of(
        demo,
        "AM01",
        title="Openbaar loket",
        summary="Loket.",
        publish=Audience.PUBLIC,
        instruments=[instrument],
        contact_email="geheim-adres@example.org",
    )
    draft = practice_of(demo, "AM02", title="Concept AM02", summary="Nog niet af.")
    meeting = services.meeting_create(
        programme=demo,
        by=user("bureau"),
        title="Bijeenkomst",
        place="Utrecht",
        starts_at=timezone.now() + timedelta(days=5),
        instruments=[instrument],
        practices=[published],
    )
    services.meeting_register(
        meeting=meeting, region=published.region, by=user("regio-am01"), people=3
    )
    services.meeting_document_add(
        meeting=meeting,
        by=user("bureau"),
        upload=SimpleUploadedFile("m.pdf", b"%PDF-1.4\n"),
        name="m.pdf",
        content_type="application/pdf",
    )
    return published, draft, meeting


def test_practices_follow_the_pages_rules(knowledge):
    published, draft, _meeting = knowledge
    region = api("regio-am01")
    listed = region.get(BASE + "practices/").json()
    assert [p["title"] for p in listed["results"]] == ["Openbaar loket"]
    assert region.get(BASE + f"practices/{draft.pk}/").status_code == 404
    office = api("bureau").get(BASE + "practices/?state=concept").json()
    assert [p["title"] for p in office["results"]] == ["Concept AM02"]
    detail = api("vng").get(BASE + f"practices/{published.pk}/")
    assert detail.status_code == 200
    assert detail.json()["instruments"] == ["dariuz"]
    assert detail.json()["region_code"] == "AM01"
    assert "geheim-adres" not in detail.content.decode()
    assert api().get(BASE + "practices/").status_code == 401


def test_instruments_and_meetings(knowledge):
    _published, _draft, meeting = knowledge
    client = api("regio-am02")
    instruments = client.get("/api/v1/instruments/?category=diagnose").json()
    assert [i["slug"] for i in instruments["results"]] == ["dariuz"]
    assert client.get("/api/v1/instruments/dariuz/").json()["names"] == [
        "Dariuz",
        "Dariuz wegwijzer",
    ]
    assert client.get("/api/v1/instruments/onbekend/").status_code == 404
    data = client.get(BASE + f"meetings/{meeting.pk}/").json()
    assert data["regions_registered"] == 1 and data["people_registered"] == 3
    assert data["instruments"] == ["dariuz"] and len(data["documents"]) == 1
    later = client.get(
        BASE + "meetings/", {"starts_after": (timezone.localdate() + timedelta(days=9)).isoformat()}
    )
    assert later.json()["count"] == 0


@pytest.mark.parametrize(
    "path,queries",
    [(BASE + "practices/", 12), ("/api/v1/instruments/", 9), (BASE + "meetings/", 14)],
)
def test_knowledge_lists_run_a_pinned_number_of_queries(
    path, queries, knowledge, demo, instrument, django_assert_max_num_queries
):
    client = api("bureau")
    client.get(path)
    with django_assert_max_num_queries(queries):
        assert client.get(path).status_code == 200
    for number, code in enumerate(["AM03", "AM04", "AM05"]):
        other = services.instrument_create(by=user("bureau"), name=f"M{number}", slug=f"m{number}")
        practice = practice_of(
            demo,
            code,
            title=f"P{number}",
            summary="P.",
            publish=Audience.PUBLIC,
            instruments=[instrument, other],
        )
        services.meeting_create(
            programme=demo,
            by=user("bureau"),
            title=f"B{number}",
            place="Zwolle",
            starts_at=timezone.now() + timedelta(days=number + 1),
            practices=[practice],
            instruments=[other],
        )
    with django_assert_max_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200 and response.json()["count"] >= 4
