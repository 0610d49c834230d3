"""Search that helps (issue 23): the same activity in many plans is one hit that lists its
regions, good practices come before plan boilerplate, and the counts per type, theme and
region are links that filter."""

from django.urls import reverse

from sectorplan.knowledge.selectors import search_programme
from tests.knowledge.conftest import practice_of
from tests.knowledge.test_pages import with_activity
from tests.plans.conftest import user

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def test_the_same_activity_in_three_plans_is_one_hit_after_the_practice(demo):
    for code in ("AM01", "AM02", "AM03"):
        with_activity(demo, code, "Dariuz")
    practice_of(
        demo,
        "AM04",
        title="Detachering via één loket",
        summary="Detachering en detacheringsfaciliteit.",
        publish="programma",
    )
    results = search_programme(user("bureau"), demo, "detachering")
    first = results.hits[0]
    assert first.entry.kind == "praktijk"  # the good practice first
    grouped = [hit for hit in results.hits if hit.members]
    assert len(grouped) == 1
    assert [region.code for region, _url in grouped[0].members] == ["AM01", "AM02", "AM03"]
    assert all(url.startswith("/programmas/") for _region, url in grouped[0].members)
    titles = [hit.entry.title for hit in results.hits]
    assert titles.count("Regionale detacheringsfaciliteit") == 1
    assert results.total == len(results.hits)


def test_the_page_shows_the_group_and_facets_as_links(demo, as_office):
    for code in ("AM01", "AM02"):
        with_activity(demo, code, "Dariuz")
    url = reverse("knowledge-search", args=[demo.slug])
    body = as_office.get(url, {"q": "detacheringsfaciliteit"}, **NL).content.decode()
    assert "in 2 plannen" in body
    assert "<details" in body and "AM01" in body and "AM02" in body
    # Facets: type, theme and region, each a link with its count that keeps the query.
    assert 'href="?q=detacheringsfaciliteit&amp;type=plan"' in body
    theme = demo.themes.get(code="infrastructuur")
    assert f'href="?q=detacheringsfaciliteit&amp;theme={theme.pk}"' in body
    region = demo.region_set.regions.get(code="AM01")
    assert f'href="?q=detacheringsfaciliteit&amp;region={region.pk}"' in body
    narrowed = as_office.get(url, {"q": "detacheringsfaciliteit", "region": region.pk}, **NL)
    results = narrowed.context["results"]
    assert {hit.entry.region.code for hit in results.hits} == {"AM01"}
    assert 'aria-current="true"' in narrowed.content.decode()


def test_the_count_on_top_and_the_facets_count_the_same_things(demo, as_office):
    """The heading counts results (an activity in several plans is one), the facets count
    matches (each plan once); the heading says both, so "2 resultaten" beside "Plan (3)" no
    longer reads as a contradiction (issue 22)."""
    for code in ("AM01", "AM02", "AM03"):
        with_activity(demo, code, "Dariuz")
    url = reverse("knowledge-search", args=[demo.slug])
    response = as_office.get(url, {"q": "detacheringsfaciliteit"}, **NL)
    results = response.context["results"]
    assert results.total == len(results.hits) < results.matches
    assert results.matches == sum(results.counts.values())
    body = response.content.decode()
    heading = body.split('id="results-title"')[1].split("</h2>")[0]
    word = "resultaat" if results.total == 1 else "resultaten"
    assert f"{results.total} {word} uit {results.matches} treffers" in heading
    facet_numbers = [
        link["count"] for link in response.context["facets"][0][2] if link["count"] is not None
    ]
    assert sum(facet_numbers) == results.matches  # the type facet adds up to the matches
    assert "Een activiteit die in meer plannen voorkomt, is één resultaat." in body
    # Narrowed to one type, the heading's matches are that type's facet number.
    plans = as_office.get(url, {"q": "detacheringsfaciliteit", "type": "plan"}, **NL)
    assert plans.context["results"].matches == results.counts["plan"]
