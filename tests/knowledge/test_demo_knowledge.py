"""The demo's knowledge exchange: the instruments of the final report, a dozen practices
labelled as demo content, three meetings; loaded through the services, idempotently."""

import tomllib
from collections import Counter

import pytest

from sectorplan.cli.demo import demo_load
from sectorplan.cli.demo_knowledge import DATA_FILE, demo_knowledge_load
from sectorplan.knowledge import index
from sectorplan.knowledge.constants import Audience, PracticeState
from sectorplan.knowledge.models import (
    Instrument,
    InstrumentCategory,
    Meeting,
    MeetingRegistration,
    Practice,
    SearchEntry,
)
from tests.conftest import kept

DATA = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
DEMO_LABEL = "Demovoorbeeld, afgeleid van de eindrapportage 2017"
#: The instruments of DOMAIN.md §5's table, by one of the names the report uses.
REPORT_TABLE = [
    "Dariuz",
    "Werkstap",
    "LEAN",
    "Direct Plaatsen en Steunen",
    "DPS",
    "Matchcare",
    "jobcarving",
    "jobcreation",
    "functiecreatie",
    "functiecreator",
    "loonwaardemeting",
    "loonwaardebepaling",
    "Talent zes",
    "UWW methodiek",
    "PSO",
    "Social Return",
    "SROI",
    "MVO-tool",
    "MVO-platform",
]
NAMED_ONCE = [
    "Sterk naar Werk",
    "HetWerktNu",
    "Sterk in werk",
    "Borismethodiek",
    "CompetenSYS",
    "Op weg naar buiten",
    "Flextensie",
    "Stekker4",
    "Praktisch Samenwerken",
    "Integraal Methodisch Handelen",
    "SKILLS",
    "WerkPlekOpleiden",
    "Flex en Zeker",
    "WBS/Sonar",
    "mentorwijs",
    "Training naar Werk",
    "Talent top 50",
    "Aantwerk",
]


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The whole demo (plans, reports, knowledge), loaded once for this module and rolled
    back after it; each test runs in a savepoint inside."""
    yield from kept(django_db_blocker, demo_load)


@pytest.fixture
def demo(loaded_once, db):
    return loaded_once


def named(name: str) -> Instrument | None:
    """The instrument with this name or other name (case-insensitive)."""
    for instrument in Instrument.objects.all():
        if name.lower() in (term.lower() for term in instrument.terms):
            return instrument
    return None


@pytest.mark.parametrize("name", REPORT_TABLE + NAMED_ONCE)
def test_every_instrument_the_report_names_is_in_the_catalogue(demo, name):
    instrument = named(name)
    assert instrument is not None, name
    assert instrument.category is not None
    assert instrument.description


def test_the_catalogue_is_the_data_file(demo):
    assert set(Instrument.objects.values_list("slug", flat=True)) == {
        spec["slug"] for spec in DATA["instruments"]
    }
    assert set(InstrumentCategory.objects.values_list("code", flat=True)) == {
        spec["code"] for spec in DATA["categories"]
    }
    for instrument in Instrument.objects.all():
        assert all(len(term) >= 3 for term in instrument.terms), instrument
        assert all(link.startswith("https://") for link in instrument.link_list), instrument


def test_a_dozen_practices_ten_published_some_public(demo):
    practices = Practice.objects.filter(programme=demo)
    assert practices.count() == 12
    states = Counter(practices.values_list("state", flat=True))
    assert states == {
        PracticeState.PUBLISHED: 10,
        PracticeState.SUBMITTED: 1,
        PracticeState.DRAFT: 1,
    }
    published = practices.filter(state=PracticeState.PUBLISHED)
    audiences = Counter(published.values_list("audience", flat=True))
    assert audiences[Audience.PUBLIC] == 4
    assert audiences[Audience.PROGRAMME] == 6
    assert all(p.published_at.year in (2016, 2017) for p in published)
    for practice in practices:
        assert practice.region is not None and practice.theme is not None
        assert practice.results and practice.contact_email.endswith("@example.org")
        assert practice.cost is None  # the report gives no costs
    # The search test looks for "detacheringen" and expects a published "detachering".
    assert any(
        "detachering " in f"{p.title} {p.summary} {p.results} {p.watch_out}" for p in published
    )


def test_every_practice_says_it_is_demo_content(demo):
    for practice in Practice.objects.filter(programme=demo):
        assert DEMO_LABEL in practice.summary, practice


def test_three_meetings_with_registrations_on_the_held_ones(demo):
    meetings = Meeting.objects.filter(programme=demo).order_by("starts_at")
    assert meetings.count() == 3
    # The model programme is finished history: every meeting was held within its period
    # (none shows as "upcoming" in a closed programme); the last one, on the final report,
    # has a few registrations only.
    assert [m.starts_at.year for m in meetings] == [2016, 2017, 2017]
    for meeting in meetings:
        assert demo.starts_on <= meeting.starts_at.date() <= demo.ends_on, meeting
    held = list(meetings[:2])
    assert meetings[2].registrations.count() == 2
    for meeting in held:
        assert meeting.registrations.count() >= 5
        assert meeting.practices.exists() and meeting.instruments.exists()
    # Only published practices are discussed at a meeting.
    assert not Practice.objects.filter(meetings__programme=demo).exclude(
        state=PracticeState.PUBLISHED
    )


def test_loading_twice_adds_nothing(demo):
    def counts():
        return [
            model.objects.count()
            for model in (InstrumentCategory, Instrument, Practice, Meeting, MeetingRegistration)
        ]

    before = counts()
    demo_knowledge_load(demo)
    assert counts() == before


def test_the_plans_name_the_instruments(demo):
    index.refresh()
    slug = next(
        spec["slug"] for spec in DATA["instruments"] if spec["name"].lower() == "loonwaardemeting"
    )
    mentions = SearchEntry.objects.filter(mentions__slug=slug)
    assert mentions.filter(plan__isnull=False).exists()
    # Several instruments are found in the plans' texts, in several regions.
    pairs = set(
        SearchEntry.objects.filter(mentions__isnull=False, plan__isnull=False).values_list(
            "mentions__slug", "region_id"
        )
    )
    regions = Counter(slug for slug, _region in pairs)
    assert len(regions) >= 15
    assert regions[slug] >= 3


def test_the_demo_answers_which_regions_run_a_secondment_facility(demo, as_region_contact):
    from django.urls import reverse

    from sectorplan.plans.constants import SUBMITTED_OR_LATER

    activity_type = demo.activity_types.get(code="detacheringsfaciliteit")
    expected = sorted(
        set(
            demo.plans.filter(
                state__in=SUBMITTED_OR_LATER, activities__activity_type=activity_type
            ).values_list("region__code", flat=True)
        )
    )
    page = as_region_contact.get(
        reverse("knowledge-matrix", args=[demo.slug]), {"column": activity_type.code}
    )
    assert len(expected) > 10
    assert [region.code for region, _cell in page.context["answer"]] == expected


def test_the_demo_search_finds_practices_by_a_dutch_word(demo, as_region_contact):
    from django.db import connection
    from django.urls import reverse

    word = "detacheringen" if connection.vendor == "postgresql" else "detachering"
    results = as_region_contact.get(
        reverse("knowledge-search", args=[demo.slug]), {"q": word, "type": "praktijk"}
    ).context["results"]
    titles = {hit.entry.title for hit in results.hits}
    singular = {
        p.title
        for p in Practice.objects.filter(state=PracticeState.PUBLISHED)
        if "detachering " in p.summary + " " + p.results
    }
    assert singular and singular <= titles
