"""The knowledge pages as each role sees them, with their query counts pinned: the same with
one region's plan, practice and instrument as with many."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sectorplan.knowledge import index, services
from sectorplan.knowledge.constants import Audience
from sectorplan.plans import services as plan_services
from tests.knowledge.conftest import practice_of
from tests.plans.conftest import draft_plan_granted, user


def with_activity(programme, code: str, instrument_name: str):
    """Region `code`'s granted plan, amended with a secondment activity naming an instrument,
    submitted again and confirmed by the municipality (submitted or later counts)."""
    plan, _decision = draft_plan_granted(programme, code)
    contact = user(f"regio-{code.lower()}")
    plan = plan_services.plan_transition(plan=plan, action="amend", by=contact)
    plan_services.activity_save(
        plan=plan,
        by=contact,
        lock_version=plan.lock_version,
        activity=None,
        data={
            "activity_type": programme.activity_types.get(code="detacheringsfaciliteit"),
            "title": "Regionale detacheringsfaciliteit",
            "description": f"Screening met {instrument_name}, daarna detachering bij werkgevers.",
        },
        budget_lines=[],
    )
    plan.refresh_from_db()
    plan = plan_services.plan_transition(plan=plan, action="submit", by=contact)
    return plan_services.plan_transition(
        plan=plan, action="confirm_cofinancing", by=user(f"gemeente-{code.lower()}")
    )


@pytest.fixture
def knowledge(demo, instrument, meeting):
    with_activity(demo, "AM01", instrument.name)
    practice = practice_of(
        demo,
        "AM01",
        title="Detachering via één loket",
        summary="Eén regionaal loket.",
        publish=Audience.PUBLIC,
        instruments=[instrument],
    )
    index.refresh()
    return demo, practice


def more_of_everything(programme, instrument):
    """Three more regions with a plan, a practice, an instrument and a meeting each."""
    for number, code in enumerate(["AM02", "AM03", "AM04"]):
        other = services.instrument_create(
            by=user("bureau"), name=f"Methode {number}", slug=f"methode-{number}"
        )
        with_activity(programme, code, f"{instrument.name} en {other.name}")
        practice_of(
            programme,
            code,
            title=f"Detachering in regio {code}",
            summary="Werkgevers nemen mensen in dienst.",
            publish=Audience.PROGRAMME,
            instruments=[instrument, other],
        )
        services.meeting_create(
            programme=programme,
            by=user("bureau"),
            title=f"Bijeenkomst {number}",
            starts_at=timezone.now() + timedelta(days=number + 1),
            place="Zwolle",
            instruments=[instrument, other],
        )
    index.refresh()


def url_of(name, programme, practice, instrument, meeting) -> str:
    args = {
        "practice-detail": [programme.slug, practice.pk],
        "instrument-detail": [programme.slug, instrument.slug],
        "meeting-detail": [programme.slug, meeting.pk],
    }.get(name, [programme.slug])
    query = {
        "knowledge-search": "?q=detacheringen",
        "knowledge-matrix": "?column=detacheringsfaciliteit",
    }.get(name, "")
    return reverse(name, args=args) + query


#: name → the most queries it may run (for the office, a region and an assessing party).
#: Each page: the session, user, authenticator and memberships (4), the programme (1), the
#: session save in the test's transaction (3), the index freshness check where it reads the
#: index (1, plus a savepoint pair), and its own reads (the instrument pages: the texts that
#: name instruments, the practices that list them, the office's corrections).
PAGES = {
    "knowledge-index": 11,
    # One query counts the hits per type, theme and region, and the facets read those themes
    # and regions: at most three, whatever the number of hits (issue 26; three counting
    # queries before). PostgreSQL measured 20 (the refresh locks stale rows with SELECT …
    # FOR UPDATE and rebuilds them), SQLite 17; plus, since the results are a cached fragment
    # (core/page_cache.py), the data version read for its key: 21. A cached search runs 9.
    # The search and the instrument pages read the ids of what the user may open in one
    # query before the entries (knowledge.selectors.visible_entries): one more each; the
    # instrument pages read the counted entries' ids first, too: one more again.
    "knowledge-search": 22,
    "knowledge-matrix": 14,
    "practice-list": 10,
    "practice-detail": 12,
    "instrument-list": 20,
    "instrument-detail": 22,
    "meeting-list": 10,
    "meeting-detail": 13,
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_queries_stay_the_same_with_more_data(
    name,
    knowledge,
    instrument,
    meeting,
    as_office,
    as_region_contact,
    as_assessor,
    django_assert_max_num_queries,
):
    programme, practice = knowledge
    url = url_of(name, programme, practice, instrument, meeting)
    clients = (as_office, as_region_contact, as_assessor)
    as_office.get(url)  # warm the caches of the rule set (content types and the like)
    for client in clients:
        with django_assert_max_num_queries(PAGES[name]):
            assert client.get(url).status_code == 200
    more_of_everything(programme, instrument)
    for client in clients:
        with django_assert_max_num_queries(PAGES[name]):
            response = client.get(url)
        assert response.status_code == 200


def test_the_programme_page_links_to_the_knowledge_pages(as_region_contact, demo):
    page = as_region_contact.get(reverse("programme-detail", args=[demo.slug])).content.decode()
    assert reverse("knowledge-index", args=[demo.slug]) in page
