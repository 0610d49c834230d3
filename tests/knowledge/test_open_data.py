"""Practices published for everyone are open data (CSV and JSON), without the contact's
e-mail address; the others are not."""

import csv
import io
import json

from django.test import Client
from django.urls import reverse

from sectorplan.knowledge.constants import Audience
from tests.knowledge.conftest import practice_of


def test_public_practices_are_open_data_and_the_others_are_not(demo, instrument):
    practice_of(
        demo,
        "AM01",
        title="Openbaar loket",
        summary="Iedereen mag dit lezen.",
        publish=Audience.PUBLIC,
        instruments=[instrument],
        people_reached=40,
        contact_email="geheim-adres@example.org",
    )
    practice_of(
        demo,
        "AM02",
        title="Binnen het programma",
        summary="Alleen leden.",
        publish=Audience.PROGRAMME,
    )
    practice_of(demo, "AM03", title="Concept", summary="Nog niet af.")
    anonymous = Client()
    index = anonymous.get(reverse("open-data")).content.decode()
    assert reverse("open-data-file", args=[demo.slug, "practices", "csv"]) in index
    response = anonymous.get(reverse("open-data-file", args=[demo.slug, "practices", "csv"]))
    assert response.status_code == 200
    body = b"".join([response.content]).decode()
    assert "geheim-adres" not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["title"] for row in rows] == ["Openbaar loket"]
    assert rows[0]["region_code"] == "AM01" and rows[0]["instruments"] == "Dariuz"
    assert rows[0]["people_reached"] == "40"
    data = json.loads(
        anonymous.get(reverse("open-data-file", args=[demo.slug, "practices", "json"])).content
    )
    assert data["licence"] == "CC0-1.0"
    assert [r["title"] for r in data["records"]] == ["Openbaar loket"]
    assert anonymous.get(data["records"][0]["url"].split("8000", 1)[-1]).status_code == 200
