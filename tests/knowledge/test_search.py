"""The search: Dutch stemming on PostgreSQL, words on SQLite, only what the user may open,
ranked, with the found words marked; ugly input is just text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from sectorplan.knowledge import index
from sectorplan.knowledge.constants import Audience
from sectorplan.knowledge.models import SearchEntry
from sectorplan.knowledge.search import parse
from sectorplan.knowledge.selectors import search_programme
from sectorplan.monitoring import filling, report_flow, rounds
from sectorplan.monitoring.report_input import from_form
from sectorplan.plans import services as plan_services
from sectorplan.programmes.constants import RoundState
from tests.knowledge.conftest import practice_of
from tests.knowledge.test_pages import with_activity
from tests.monitoring.conftest import complete_answers, item_key
from tests.plans.conftest import fill_plan, user

ANSWER = "Een antwoord in woorden."


def search(client, programme, text, **filters):
    return client.get(reverse("knowledge-search", args=[programme.slug]), {"q": text, **filters})


def titles(response) -> str:
    return response.content.decode()


def submitted_report(programme, code: str, words: str):
    """Region `code`'s report in the final round, every text answer `words`, submitted."""
    final = programme.rounds.order_by("-position").first()
    if not final.is_open:
        rounds.round_set_state(round_=final, state=RoundState.OPEN, by=user("bureau"))
    contact = user(f"regio-{code.lower()}")
    region = programme.region_set.regions.get(code=code)
    report = report_flow.report_start(round_=final, region=region, by=contact)
    data = complete_answers(report)
    for key in list(data):
        if data.get(key) == ANSWER:
            data[key] = words
    pdf = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n")
    filling.report_save(
        report=report,
        by=contact,
        lock_version=report.lock_version,
        given=from_form(report, data, {item_key(report, "eindverslag"): pdf}),
    )
    report.refresh_from_db()
    return report_flow.report_transition(report=report, action="submit", by=contact)


def test_an_inflected_word_finds_a_practice(demo, as_region_contact):
    """PostgreSQL (the `dutch` configuration) finds "detachering" for "detacheringen"; SQLite
    (FTS5, words as prefixes) finds it by the word itself and by its start."""
    practice_of(
        demo,
        "AM02",
        title="Eén loket",
        summary="Wij regelen de detachering van medewerkers.",
        publish=Audience.PROGRAMME,
    )
    if connection.vendor == "postgresql":
        found = search(as_region_contact, demo, "detacheringen")
    else:
        found = search(as_region_contact, demo, "detachering")
        assert "Eén loket" in titles(search(as_region_contact, demo, "detacher"))
    assert found.status_code == 200
    assert "Eén loket" in titles(found)
    assert "<mark>detachering</mark>" in titles(found)
    assert "Eén loket" not in titles(search(as_region_contact, demo, "jobcoaching"))


def test_search_returns_only_what_the_user_may_open(demo, as_office, as_region_contact):
    # AM02: a draft practice, a submitted plan and a submitted report, each with its word.
    practice_of(demo, "AM02", title="Concept van AM02", summary="Het woord kraanvogel.")
    with_activity(demo, "AM02", "Roerdomp")
    submitted_report(demo, "AM02", "Het woord ijsvogel staat hier.")
    # AM01's own draft plan: not submitted, so not found by anyone.
    fill_plan(
        plan_services.plan_for_region(
            programme=demo, region=demo.region_set.regions.get(code="AM01")
        )
    )
    plan = demo.plans.get(region__code="AM01")
    plan_services.plan_update(
        plan=plan, by=user("regio-am01"), lock_version=plan.lock_version, summary="Grutto"
    )
    for word in ("kraanvogel", "roerdomp", "ijsvogel", "grutto"):
        assert "result" in titles(search(as_region_contact, demo, word))
        assert SearchEntry.objects.filter(body__icontains=word).exists()
        response = search(as_region_contact, demo, word)
        assert response.context["results"].total == 0, word
    office = {
        w: search(as_office, demo, w).context["results"]
        for w in ("kraanvogel", "roerdomp", "ijsvogel", "grutto")
    }
    assert office["kraanvogel"].total == 1
    assert office["roerdomp"].total == 1
    assert office["ijsvogel"].total >= 1
    assert office["grutto"].total == 0  # a draft plan is not searched
    for results in office.values():
        for hit in results.hits:
            assert as_office.get(hit.url.split("#")[0]).status_code == 200


def test_every_hit_opens_for_the_user_who_found_it(demo, instrument, meeting, as_region_contact):
    with_activity(demo, "AM01", "Dariuz")
    with_activity(demo, "AM02", "Dariuz")
    practice_of(demo, "AM02", title="Dariuz in AM02", summary="Dariuz.", publish=Audience.PROGRAMME)
    results = search(as_region_contact, demo, "Dariuz").context["results"]
    kinds = {hit.entry.kind for hit in results.hits}
    assert {"instrument", "activiteit", "praktijk"} <= kinds
    regions = {hit.entry.region.code for hit in results.hits if hit.entry.kind == "activiteit"}
    assert regions == {"AM01"}
    for hit in results.hits:
        assert as_region_contact.get(hit.url.split("#")[0]).status_code == 200, hit.url


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"detachering',
        "' OR 1=1 --",
        "'; DROP TABLE knowledge_searchentry; --",
        "detachering*",
        "NEAR(a b)",
        "a AND OR NOT",
        "-",
        "%_%",
        "\\",
        "x" * 200,
        "detach\u27e6ering\u27e7",
    ],
)
def test_ugly_searches_are_just_text(text, demo, as_region_contact):
    practice_of(demo, "AM01", title="Detachering", summary="Detachering.", publish="programma")
    response = search(as_region_contact, demo, text)
    assert response.status_code == 200
    assert SearchEntry.objects.filter(kind="praktijk").count() == 1


@pytest.mark.parametrize("text", ["", "   ", "a", "a b c", '""', '"a"'])
def test_empty_and_one_letter_searches_say_what_to_type(text, demo, as_region_contact):
    response = search(as_region_contact, demo, text)
    assert response.status_code == 200
    if text.strip():
        assert "Typ ten minste één woord van twee letters of meer." in titles(response)
    results = response.context["results"]
    assert not results or results.total == 0


def test_script_in_a_practice_is_shown_as_text(demo, as_region_contact):
    practice_of(
        demo,
        "AM01",
        title="<script>alert(1)</script> Loket",
        summary="Het loket <img src=x onerror=alert(2)> werkt.",
        publish="programma",
    )
    page = titles(search(as_region_contact, demo, "loket"))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_index_follows_changes_and_ignores_rolled_back_ones(demo, as_office):
    plan = with_activity(demo, "AM01", "Dariuz")
    assert search(as_office, demo, "Werkstap").context["results"].total == 0
    activity = plan.activities.get(title="Regionale detacheringsfaciliteit")
    activity.description = "Nu met Werkstap."
    activity.save()
    assert search(as_office, demo, "Werkstap").context["results"].total == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        activity.description = "Nu met Matchcare."
        activity.save()
        raise RuntimeError
    assert search(as_office, demo, "Matchcare").context["results"].total == 0
    assert search(as_office, demo, "Werkstap").context["results"].total == 1
    activity.delete()
    assert search(as_office, demo, "Werkstap").context["results"].total == 0


def test_filters_by_type_theme_region_and_round(demo, as_office):
    plan = with_activity(demo, "AM01", "Dariuz")
    report = submitted_report(demo, "AM01", "Dariuz werkt goed.")
    practice_of(demo, "AM02", title="Dariuz", summary="Dariuz.", publish="programma")
    everything = search(as_office, demo, "Dariuz").context["results"]
    assert set(everything.counts) == {"plan", "rapportage", "praktijk"}
    only = search(as_office, demo, "Dariuz", type="praktijk").context["results"]
    assert {hit.entry.kind for hit in only.hits} == {"praktijk"}
    region = demo.region_set.regions.get(code="AM02")
    assert {
        h.entry.region_id
        for h in search(as_office, demo, "Dariuz", region=region.pk).context["results"].hits
    } == {region.pk}
    assert {
        h.entry.round_id
        for h in search(as_office, demo, "Dariuz", round=report.round.code).context["results"].hits
    } == {report.round_id}
    theme = plan.activities.get(title="Regionale detacheringsfaciliteit").activity_type.theme
    themed = search(as_office, demo, "Dariuz", theme=theme.pk).context["results"]
    assert themed.hits and {h.entry.theme_id for h in themed.hits} == {theme.pk}


def test_a_title_match_ranks_above_a_mention_in_the_text(demo):
    practice_of(
        demo, "AM01", title="Over iets anders", summary="Ook jobcarving.", publish="programma"
    )
    practice_of(demo, "AM02", title="Jobcarving in de regio", summary="Taken.", publish="programma")
    results = search_programme(user("bureau"), demo, "jobcarving")
    assert [hit.entry.title for hit in results.hits] == [
        "Jobcarving in de regio",
        "Over iets anders",
    ]


def test_the_query_keeps_words_and_phrases_only():
    query = parse('"van werk naar werk" OR - a detach*; DROP')
    assert query.phrases == ("van werk naar werk",)
    assert query.words == ("OR", "detach", "DROP")
    assert query.as_fts5() == '"van werk naar werk" "OR"* "detach"* "DROP"*'


def test_reindex_builds_the_same_index(demo):
    with_activity(demo, "AM01", "Dariuz")
    index.refresh()
    before = sorted(SearchEntry.objects.values_list("kind", "title", "body"))
    assert index.rebuild_all() == len(before)
    assert sorted(SearchEntry.objects.values_list("kind", "title", "body")) == before


def test_search_reindex_through_the_command_line(cli):
    assert cli("demo", "--no-serve").returncode == 0
    result = cli("search-reindex")
    assert result.returncode == 0, result.stderr
    built = int(result.stdout.split()[1])
    assert built > 100  # the demo's plans, activities, reports, practices and instruments
    again = cli("search-reindex")
    assert again.stdout == result.stdout


def test_imported_answers_are_found(demo, as_office):
    """import-responses writes answers in bulk; the index hears of it through
    monitoring.signals.reports_written, for new and for existing reports."""
    from sectorplan.core.tabular import Row
    from sectorplan.monitoring.imports import responses_import

    round_ = demo.rounds.order_by("-position").first()
    question = (
        round_.questionnaires.latest()
        .questions.filter(kind="text", section__per_theme=False)
        .first()
    )
    region = demo.region_set.regions.get(code="AM01")

    def imported(words: str):
        row = {"region_code": region.code, "question_code": question.code, "answer": words}
        responses_import(round_=round_, rows=[Row(2, row)])

    imported("Het woord pimpelmees staat hier.")
    assert search(as_office, demo, "pimpelmees").context["results"].total == 1
    imported("Nu staat er koolmees.")
    assert search(as_office, demo, "koolmees").context["results"].total == 1
    assert search(as_office, demo, "pimpelmees").context["results"].total == 0


def test_generated_load_is_indexed(demo):
    """generate-load copies plans and reports by bulk insert; it indexes them when done."""
    from sectorplan.cli.load import load_generate

    with_activity(demo, "AM01", "Dariuz")
    index.refresh()
    before = SearchEntry.objects.filter(kind="activiteit").count()
    result = load_generate(scale=2, source=demo)
    assert result.created
    assert SearchEntry.objects.filter(kind="activiteit").count() == 2 * before
    assert not SearchEntry.objects.filter(stale=True).exists()
