"""Open data under /open-data/: without login, the published allocation and the national
tables as the office last published them (frozen), as JSON and CSV, with the CC0 licence."""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from sectorplan.accounts.models import AuditEvent
from sectorplan.monitoring.imports import responses_import
from sectorplan.reporting import open_data
from sectorplan.reporting.exports import write_csv
from sectorplan.reporting.tables import allocation_table, table_for
from tests.conftest import log_in
from tests.plans.conftest import user
from tests.reporting.conftest import answered, rows

__all__ = ["answered"]  # fixtures used here

pytestmark = pytest.mark.django_db


def _file(client, slug, code, fmt):
    return client.get(reverse("open-data-file", args=[slug, code, fmt]))


def _csv(table) -> str:
    out = io.StringIO()
    write_csv(table, out)
    return out.getvalue()


def test_the_published_allocation_is_open_without_login(demo):
    anonymous = Client()
    page = anonymous.get(reverse("open-data"), HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    content = page.content.decode()
    assert demo.name in content
    assert "CC0" in content
    assert reverse("open-data-file", args=[demo.slug, "allocation", "csv"]) in content
    # Tables the office has not published are not offered.
    assert reverse("open-data-file", args=[demo.slug, "ser", "csv"]) not in content
    assert _file(anonymous, demo.slug, "ser", "json").status_code == 404

    csv_response = _file(anonymous, demo.slug, "allocation", "csv")
    assert csv_response.status_code == 200
    assert csv_response["Link"] == f'<{open_data.LICENCE_URL}>; rel="license"'
    assert csv_response.content.decode() == _csv(allocation_table(demo))

    data = json.loads(_file(anonymous, demo.slug, "allocation", "json").content)
    assert data["licence"] == "CC0-1.0"
    assert data["columns"] == ["region_code", "region_name", "basis", "subsidy", "cofinancing"]
    assert len(data["records"]) == 35
    first = data["records"][0]
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert first["subsidy"] == rows[0]["subsidy"]  # the same text as the CSV: no float
    assert sum(float(r["subsidy"]) for r in data["records"]) == pytest.approx(float(demo.budget))


def test_the_office_publishes_the_tables_and_they_stay_frozen(answered, as_office):
    demo = answered
    assert as_office.post(reverse("tables-publish", args=[demo.slug])).status_code == 302
    assert not demo.table_publications.exists()  # no button pressed, nothing published
    response = as_office.post(reverse("tables-publish", args=[demo.slug]), {"publish": "1"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="programme.tables_publish").latest("pk")
    assert event.actor.username == "bureau"
    assert "ser" in event.changes["published tables"][1]

    anonymous = Client()
    published = _file(anonymous, demo.slug, "ser", "csv")
    assert published.status_code == 200
    assert published.content.decode() == _csv(table_for(demo, "ser"))
    data = json.loads(_file(anonymous, demo.slug, "ser", "json").content)
    assert data["records"] and set(data["records"][0]) == set(data["columns"])
    index = anonymous.get(reverse("open-data")).content.decode()
    for code in ("coverage", "ser", "regions"):
        assert reverse("open-data-file", args=[demo.slug, code, "json"]) in index

    # Later answers change the live table, not the published one.
    before = published.content
    final = demo.rounds.order_by("-position").first()
    responses_import(round_=final, rows=rows([("AM20", "ser_detachering_aanwezig", "ja")]))
    assert _csv(table_for(demo, "ser")) != before.decode()
    assert _file(anonymous, demo.slug, "ser", "csv").content == before


@pytest.mark.parametrize("username", ["szw", "vng", "regio-am01"])
def test_only_the_office_publishes(answered, username):
    client = log_in(Client(), user(username))
    response = client.post(reverse("tables-publish", args=[answered.slug]), {"publish": "1"})
    assert response.status_code == (404 if username.startswith("regio") else 403)
    assert not answered.table_publications.exists()


def test_an_unknown_programme_or_format_is_not_found(demo):
    anonymous = Client()
    assert _file(anonymous, "onbekend", "allocation", "csv").status_code == 404
    assert _file(anonymous, demo.slug, "allocation", "xml").status_code == 404
