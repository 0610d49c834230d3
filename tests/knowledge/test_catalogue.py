"""The instrument catalogue and "who does what": linked from the texts by themselves,
corrected by the office, answering "which regions run X" in one click."""

import pytest
from django.urls import reverse

from sectorplan.core.errors import Refused
from sectorplan.knowledge import services
from sectorplan.knowledge.constants import Audience
from sectorplan.knowledge.index import term_pattern
from sectorplan.knowledge.selectors import instrument_regions
from sectorplan.plans import services as plan_services
from tests.knowledge.conftest import practice_of
from tests.knowledge.test_pages import with_activity
from tests.plans.conftest import fill_plan, user


def regions_of(page) -> list[str]:
    return [region.code for region, _cell in page.context["answer"]]


def test_which_regions_run_a_secondment_facility(demo, as_region_contact):
    with_activity(demo, "AM01", "Dariuz")
    with_activity(demo, "AM03", "Werkstap")
    # A draft plan with the same activity type does not count yet.
    draft = fill_plan(
        plan_services.plan_for_region(
            programme=demo, region=demo.region_set.regions.get(code="AM02")
        )
    )
    plan_services.activity_save(
        plan=draft,
        by=user("regio-am02"),
        lock_version=draft.lock_version,
        activity=None,
        data={
            "activity_type": demo.activity_types.get(code="detacheringsfaciliteit"),
            "title": "Nog een concept",
        },
        budget_lines=[],
    )
    url = reverse("knowledge-matrix", args=[demo.slug])
    page = as_region_contact.get(url, {"column": "detacheringsfaciliteit"})
    assert page.status_code == 200
    assert regions_of(page) == ["AM01", "AM03"]
    html = page.content.decode()
    # Its own plan's activity is a link; another region's plan is named, not linked.
    own = dict(page.context["answer"])
    cells = {region.code: cell for region, cell in page.context["answer"]}
    assert cells["AM01"].links[0][1].startswith(reverse("plan-detail", args=[demo.slug, "AM01"]))
    assert cells["AM03"].links == [("Regionale detacheringsfaciliteit", "")]
    assert reverse("plan-detail", args=[demo.slug, "AM03"]) not in html
    assert own  # the answer lists the regions with the count in the heading
    assert "2 regio" in html


def test_the_matrix_filters_by_province_and_theme(demo, as_office):
    with_activity(demo, "AM01", "Dariuz")
    with_activity(demo, "AM03", "Werkstap")
    am01 = demo.region_set.regions.get(code="AM01")
    url = reverse("knowledge-matrix", args=[demo.slug])
    page = as_office.get(url, {"province": am01.province})
    assert {region.code for region, _cells in page.context["rows"]} == set(
        demo.region_set.regions.filter(province=am01.province).values_list("code", flat=True)
    )
    theme = demo.activity_types.get(code="detacheringsfaciliteit").theme
    themed = as_office.get(url, {"theme": theme.code})
    assert {column.theme_id for column, _total in themed.context["columns"]} == {theme.pk}


def test_an_instrument_is_linked_from_the_texts_that_name_it(demo, instrument, as_office):
    with_activity(demo, "AM01", "Dariuz")
    with_activity(demo, "AM02", "de dariuz wegwijzer")
    with_activity(demo, "AM03", "onzeDariuz")  # a name is found at the start of a word only
    practice_of(
        demo,
        "AM04",
        title="Screening",
        summary="Screening.",
        publish=Audience.PROGRAMME,
        instruments=[instrument],
    )
    regions = instrument_regions(user("bureau"), demo, [instrument])[instrument.pk]
    codes = set(demo.region_set.regions.filter(pk__in=regions).values_list("code", flat=True))
    assert codes == {"AM01", "AM02", "AM04"}
    page = as_office.get(reverse("instrument-detail", args=[demo.slug, instrument.slug]))
    assert [region.code for region, _cell in page.context["users"]] == ["AM01", "AM02", "AM04"]
    listed = as_office.get(reverse("instrument-list", args=[demo.slug])).context["instruments"]
    assert dict(listed)[instrument] == 3


def test_the_office_corrects_the_regions_of_an_instrument(demo, instrument, as_office, as_assessor):
    with_activity(demo, "AM01", "Dariuz")
    url = reverse("instrument-use", args=[demo.slug, instrument.slug])
    am01 = demo.region_set.regions.get(code="AM01")
    am05 = demo.region_set.regions.get(code="AM05")
    assert as_assessor.post(url, {"region": am05.pk, "uses": "yes"}).status_code == 403
    assert (
        as_office.post(url, {"region": am05.pk, "uses": "yes", "note": "Gemeld"}).status_code == 302
    )
    assert as_office.post(url, {"region": am01.pk, "uses": "no"}).status_code == 302
    regions = instrument_regions(user("bureau"), demo, [instrument])[instrument.pk]
    assert regions == {am05.pk}
    assert as_office.post(url, {"region": am01.pk, "uses": "texts"}).status_code == 302
    assert instrument_regions(user("bureau"), demo, [instrument])[instrument.pk] == {
        am01.pk,
        am05.pk,
    }
    assert as_office.post(url, {"region": "999999", "uses": "yes"}).status_code == 400


def test_a_new_other_name_links_the_texts_that_use_it(demo, instrument, as_office):
    with_activity(demo, "AM01", "de loonwaardemetingen")
    assert instrument_regions(user("bureau"), demo, [instrument]).get(instrument.pk) is None
    edit = reverse("instrument-edit", args=[demo.slug, instrument.slug])
    response = as_office.post(
        edit,
        {
            "lock_version": instrument.lock_version,
            "name": "Dariuz",
            "slug": "dariuz",
            "aliases": "Dariuz wegwijzer\nloonwaardemeting",
            "links": "",
        },
    )
    assert response.status_code == 302
    regions = instrument_regions(user("bureau"), demo, [instrument])[instrument.pk]
    assert regions == {demo.region_set.regions.get(code="AM01").pk}


def test_instrument_form_refuses_a_taken_short_name_and_a_bad_link(demo, instrument, as_office):
    response = as_office.post(
        reverse("instrument-add", args=[demo.slug]),
        {
            "name": "Tweede",
            "slug": instrument.slug,
            "links": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"slug", "links"}


def test_only_the_office_keeps_the_catalogue(demo, instrument):
    with pytest.raises(Refused):
        services.instrument_create(by=user("regio-am01"), name="Eigen", slug="eigen")
    with pytest.raises(Refused):
        services.instrument_update(
            instrument=instrument, by=user("vng"), lock_version=instrument.lock_version, name="X"
        )


@pytest.mark.parametrize(
    "term,text,found",
    [
        ("LEAN", "We werken LEAN.", True),
        ("LEAN", "Leanne werkt hier.", False),
        ("loonwaardemeting", "232 loonwaardemetingen", True),
        ("loonwaardemeting", "de herloonwaardemeting", False),
        ("Social Return", "social return-afspraken", True),
        ("PSO", "PSO-trede 2", True),
    ],
)
def test_how_a_name_is_found_in_a_text(term, text, found):
    assert bool(term_pattern(term).search(text)) is found
