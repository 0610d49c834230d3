"""Cached page parts (core/page_cache.py) are correct by construction: every page that caches
a part shows a change made through a service on the very next request, and a reader never
gets a part cached for a reader who may see more."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from sectorplan.core import page_cache
from sectorplan.plans import services as plan_services
from tests.knowledge.conftest import practice_of
from tests.knowledge.test_pages import with_activity
from tests.knowledge.test_search import submitted_report
from tests.plans.conftest import fill_plan, user

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
#: A found title in the results (marked or not), not the words in the search box.
HIT = ">{}<"


def twice(client, url, **params) -> str:
    """The page as the second request serves it (from the cache), checked against the first."""
    first = client.get(url, params, **EN)
    assert first.status_code == 200
    second = client.get(url, params, **EN).content.decode()
    assert _without_tokens(second) == _without_tokens(first.content.decode())
    return second


def _without_tokens(html: str) -> str:
    """The page without its CSRF tokens (masked anew for every response)."""
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def am01_plan(demo):
    region = demo.region_set.regions.get(code="AM01")
    return plan_services.plan_for_region(programme=demo, region=region)


def test_the_plan_overview_shows_a_changed_plan_on_the_next_request(demo, as_office):
    url = reverse("plan-overview", args=[demo.slug])
    assert 'data-sort-value="123456.78' not in twice(as_office, url)
    fill_plan(am01_plan(demo), subsidy=Decimal("123456.78"))
    assert 'data-sort-value="123456.78' in as_office.get(url).content.decode()


def test_region_results_show_a_changed_plan_on_the_next_request(demo, as_office):
    plan = fill_plan(am01_plan(demo))
    url = reverse("region-results", args=[demo.slug, "AM01"])
    assert "Plan van de kolibrie" not in twice(as_office, url)
    plan_services.plan_update(
        plan=plan,
        by=user("regio-am01"),
        lock_version=plan.lock_version,
        title="Plan van de kolibrie",
    )
    assert "Plan van de kolibrie" in as_office.get(url).content.decode()


def test_another_region_never_gets_the_draft_cached_for_the_region_itself(demo):
    from tests.conftest import _client_for

    plan = fill_plan(am01_plan(demo))
    plan_services.plan_update(
        plan=plan, by=user("regio-am01"), lock_version=plan.lock_version, title="Geheim concept"
    )
    url = reverse("region-results", args=[demo.slug, "AM01"])
    own, other = _client_for("regio-am01"), _client_for("regio-am02")
    # The region itself and the office read the draft, and its fragment is cached...
    assert "Geheim concept" in twice(own, url)
    assert "Geheim concept" in twice(_client_for("bureau"), url)
    # ...another region reads only what was submitted, before and after.
    assert "Geheim concept" not in twice(other, url)
    assert "Geheim concept" in own.get(url).content.decode()


def test_a_region_never_gets_another_regions_cached_search_results(demo):
    from tests.conftest import _client_for

    practice_of(demo, "AM01", title="Kolibriewerkplaats", summary="Een concept van AM01.")
    url = reverse("knowledge-search", args=[demo.slug])
    own, other = _client_for("regio-am01"), _client_for("regio-am02")
    assert HIT.format("Kolibriewerkplaats") in twice(own, url, q="Kolibriewerkplaats")
    # The same words, the same programme data: another region sees no draft of AM01.
    assert HIT.format("Kolibriewerkplaats") not in twice(other, url, q="Kolibriewerkplaats")


def test_the_search_shows_a_published_practice_on_the_next_request(demo, as_region_contact):
    url = reverse("knowledge-search", args=[demo.slug])
    found = twice(as_region_contact, url, q="Vogelhuisjesproject")
    assert HIT.format("Vogelhuisjesproject") not in found
    practice_of(
        demo, "AM02", title="Vogelhuisjesproject", summary="Samen bouwen.", publish="programma"
    )
    page = as_region_contact.get(url, {"q": "Vogelhuisjesproject"}).content.decode()
    assert HIT.format("Vogelhuisjesproject") in page


def test_who_does_what_shows_a_submitted_activity_on_the_next_request(demo, as_office):
    url = reverse("knowledge-matrix", args=[demo.slug])
    column = {"column": "detacheringsfaciliteit"}
    assert "1 region runs" not in twice(as_office, url, **column)
    with_activity(demo, "AM01", "Dariuz")
    assert "1 region runs" in as_office.get(url, column, **EN).content.decode()


def test_the_round_page_counts_a_submitted_report_on_the_next_request(demo, as_office):
    final = demo.rounds.order_by("-position").first()
    url = reverse("round-detail", args=[demo.slug, final.code])
    before = twice(as_office, url)
    assert "Accept submitted reports (0)" in before
    submitted_report(demo, "AM01", "Een antwoord van de kolibrie.")
    assert "Accept submitted reports (1)" in as_office.get(url, **EN).content.decode()


def test_the_designer_shows_a_new_section_on_the_next_request(demo, as_office):
    from tests.monitoring.test_designer_pages import lock

    final = demo.rounds.order_by("-position").first()
    url = reverse("designer", args=[demo.slug, final.code])
    assert "Kolibrievragen" not in twice(as_office, url)
    added = as_office.post(
        reverse("designer-section-add", args=[demo.slug, final.code]),
        {
            "code": "kolibrie",
            "label_nl": "Kolibrievragen",
            "label_en": "",
            "lock_version": lock(final),
        },
    )
    assert added.status_code == 302
    page = as_office.get(url).content.decode()
    # In the outline and in the cached preview alike.
    assert page.count("Kolibrievragen") >= 2


def test_the_key_holds_the_language_and_the_data_version(demo):
    with translation.override("nl"):
        dutch = page_cache.key(demo, "part", 1)
    with translation.override("en"):
        english = page_cache.key(demo, "part", 1)
    assert dutch != english
    am01_plan(demo).save()
    with translation.override("en"):
        assert page_cache.key(demo, "part", 1) != english
    assert len(page_cache.key(demo, "part", "x" * 1000)) < 200


def test_a_fragment_computes_only_when_a_name_is_read(demo):
    calls = []

    def compute():
        calls.append(1)
        return {"rows": [1, 2]}

    context = page_cache.fragment(demo, "part", compute=compute, names=("rows",))
    assert calls == []
    assert context["rows"]() == [1, 2]
    assert len(context["rows"]) == 2
    assert calls == [1]


@pytest.mark.parametrize("name", ["plan-overview", "knowledge-search", "knowledge-matrix"])
def test_a_cached_page_runs_fewer_queries(name, demo, as_office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse(name, args=[demo.slug])
    params = {"q": "detachering"} if name == "knowledge-search" else {}
    with CaptureQueriesContext(connection) as first:
        as_office.get(url, params)
    with CaptureQueriesContext(connection) as second:
        as_office.get(url, params)
    assert len(second.captured_queries) < len(first.captured_queries)


def test_the_set_up_page_shows_a_new_theme_on_the_next_request(demo, as_office):
    url = reverse("setup", args=[demo.slug])
    assert "Kolibriezorg" not in twice(as_office, url)
    added = as_office.post(
        reverse("setup-add", args=[demo.slug, "themas"]),
        {"label_nl": "Kolibriezorg", "label_en": "Hummingbird care"},
    )
    assert added.status_code == 302
    assert "Kolibriezorg" in as_office.get(url).content.decode()
