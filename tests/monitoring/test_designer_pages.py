"""The questionnaire designer's pages, with the real database and the office's client:
a questionnaire built from nothing, checked, published as a new version; stale pages and
bad input refused with a message; versions never change; the difference view."""

import pytest
from django.urls import reverse

from sectorplan.monitoring import rounds
from sectorplan.programmes.models import Questionnaire, QuestionnaireDraft, Round
from tests.plans.conftest import user

LABELS = {"label_en": ""}


@pytest.fixture
def empty_round(demo):
    """A new round of the demo programme without a questionnaire."""
    return Round.objects.create(
        programme=demo, code="extra", label_nl="Extra ronde", label_en="Extra round", position=9
    )


def url(name, round_, *args):
    return reverse(name, args=[round_.programme.slug, round_.code, *args])


def lock(round_) -> str:
    draft = QuestionnaireDraft.objects.filter(round=round_).first()
    return str(draft.lock_version if draft else 0)


def add_question(client, round_, section, **fields):
    data = {"label_nl": "", "kind": "yes_no", "lock_version": lock(round_), **fields}
    return client.post(url("designer-question-add", round_, section), data)


def test_a_questionnaire_from_nothing_is_checked_and_published(as_office, empty_round):
    page = as_office.get(url("designer", empty_round))
    assert page.status_code == 200
    assert "Deze ronde heeft nog geen vragenlijst" in page.text
    response = as_office.post(
        url("designer-section-add", empty_round),
        {"label_nl": "Voortgang", "label_en": "Progress", "lock_version": "0"},
    )
    assert response.status_code == 302
    add_question(as_office, empty_round, "voortgang", label_nl="Loopt het plan?", required="on")
    add_question(
        as_office,
        empty_round,
        "voortgang",
        label_nl="Waarom niet?",
        kind="text",
        shown_if="loopt_het_plan=no",
    )
    response = add_question(as_office, empty_round, "voortgang", label_nl="Soort", kind="choice")
    assert response.status_code == 200  # the form again, with what was typed
    assert "Geef ten minste twee keuzes" in response.text
    assert 'value="Soort"' in response.text

    page = as_office.get(url("designer", empty_round))
    assert "Alleen gesteld als ‘Loopt het plan?’ beantwoord is met ‘Nee’." in page.text
    assert "Geen problemen gevonden" in page.text
    # The preview is the region's form: the condition sits on the field, hidden at first.
    assert 'data-shown-value="no" hidden' in page.text

    response = as_office.post(
        url("designer-publish", empty_round), {"lock_version": lock(empty_round)}
    )
    assert response.status_code == 302
    published = empty_round.questionnaires.get()
    assert published.version == 1
    assert [q.code for q in published.questions.all()] == ["loopt_het_plan", "waarom_niet"]
    assert published.questions.get(code="waarom_niet").shown_if_question.code == "loopt_het_plan"
    assert not QuestionnaireDraft.objects.filter(round=empty_round).exists()


def test_a_stale_page_changes_nothing(as_office, empty_round):
    as_office.post(url("designer-section-add", empty_round), {"label_nl": "A", "lock_version": "0"})
    response = as_office.post(
        url("designer-section-add", empty_round),
        {"label_nl": "B", "lock_version": "0"},
        follow=True,
    )
    assert "Iemand heeft de vragenlijst veranderd" in response.text
    draft = QuestionnaireDraft.objects.get(round=empty_round)
    assert [s["code"] for s in draft.definition["sections"]] == ["a"]


def test_problems_are_listed_and_publishing_is_refused(as_office, empty_round):
    as_office.post(
        url("designer-section-add", empty_round), {"label_nl": "Leeg", "lock_version": "0"}
    )
    page = as_office.get(url("designer", empty_round))
    assert "Het onderdeel ‘Leeg’ heeft nog geen vragen." in page.text
    response = as_office.post(
        url("designer-publish", empty_round), {"lock_version": lock(empty_round)}, follow=True
    )
    assert "De vragenlijst is niet gepubliceerd" in response.text
    assert not empty_round.questionnaires.exists()


def test_a_new_version_leaves_the_old_one_and_its_reports_alone(as_office, demo):
    round_ = demo.rounds.order_by("position").first()
    before = round_.questionnaires.get()
    definition = before.definition
    first = definition["sections"][0]
    code = first["questions"][0]["code"]
    response = as_office.post(
        url("designer-move", round_), {"question": code, "direction": "down", "lock_version": "0"}
    )
    assert response.status_code == 302
    as_office.post(url("designer-publish", round_), {"lock_version": lock(round_)})
    after = round_.questionnaires.order_by("-version").first()
    assert after.version == 2
    assert Questionnaire.objects.get(pk=before.pk).definition == definition  # unchanged
    assert after.definition["sections"][0]["questions"][1]["code"] == code
    diff = as_office.get(url("questionnaire-diff", round_) + "?van=1&naar=2")
    assert diff.status_code == 200
    assert "Geen verschillen" in diff.text  # a move inside a section is no change of content


def test_drag_and_drop_posts_the_order_and_gets_json(as_office, demo):
    round_ = demo.rounds.order_by("position").first()
    section = round_.questionnaires.get().definition["sections"][0]
    codes = [q["code"] for q in section["questions"]]
    response = as_office.post(
        url("designer-move", round_),
        {"section": section["code"], "order": ",".join(reversed(codes)), "lock_version": "0"},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {"lock_version": 1}
    draft = QuestionnaireDraft.objects.get(round=round_)
    assert [q["code"] for q in draft.definition["sections"][0]["questions"]] == codes[::-1]
    stale = as_office.post(
        url("designer-move", round_),
        {"section": section["code"], "order": ",".join(codes), "lock_version": "0"},
        headers={"Accept": "application/json"},
    )
    assert stale.status_code == 409
    assert stale.json()["errors"]


def test_table_cells_are_picked_from_the_yes_no_questions(as_office, demo):
    round_ = demo.rounds.order_by("-position").first()
    page = as_office.get(url("designer-tables", round_))
    assert page.status_code == 200
    cell = "cell-ser-detachering-present"
    assert f'name="{cell}"' in page.text
    assert 'value="ser_detachering_aanwezig" selected' in page.text
    # The browser posts every cell; the office empties one.
    posted = {
        f"cell-ser-{q['row']}-{q['column']}": q["code"]
        for s in round_.questionnaires.get().definition["sections"]
        for q in s["questions"]
        if q.get("table") == "ser"
    }
    assert len(posted) == 12
    response = as_office.post(
        url("designer-tables", round_), {**posted, cell: "", "lock_version": "0"}
    )
    assert response.status_code == 302
    draft = QuestionnaireDraft.objects.get(round=round_)
    tabled = {
        q["code"] for s in draft.definition["sections"] for q in s["questions"] if "table" in q
    }
    assert "ser_detachering_aanwezig" not in tabled
    assert "ser_detachering_bijdrage" in tabled


def test_the_upload_still_makes_a_version(as_office, demo):
    round_ = demo.rounds.order_by("position").first()
    rounds.questionnaire_replace(
        round_=round_,
        content=b'[[questions]]\ncode = "klaar"\nkind = "yes_no"\nlabel_nl = "Klaar?"\n',
        by=user("bureau"),
    )
    assert round_.questionnaires.order_by("-version").first().version == 2


def test_the_designer_page_runs_a_fixed_number_of_queries(
    as_office, demo, django_assert_max_num_queries
):
    """The final evaluation (its SER table, per-theme sections): the outline, the preview and
    the check are read from the definition, not a query per question."""
    round_ = demo.rounds.order_by("-position").first()
    with django_assert_max_num_queries(17):
        page = as_office.get(url("designer", round_))
    assert page.status_code == 200
    assert "Vult Bijdrage aan de 6 functionaliteiten van de SER" in page.text


def test_the_difference_between_the_newest_version_and_the_draft(as_office, demo):
    round_ = demo.rounds.order_by("position").first()
    section = round_.questionnaires.get().definition["sections"][0]["code"]
    add_question(as_office, round_, section, label_nl="Nieuwe vraag", label_en="New question")
    page = as_office.get(url("questionnaire-diff", round_) + "?van=1&naar=concept")
    assert "Vraag toegevoegd:</strong>\n    Nieuwe vraag" in page.text
    english = as_office.get(
        url("questionnaire-diff", round_) + "?van=1&naar=concept", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "New question" in english.text
    # The ministry compares published versions; the office's draft is not shown to it.
    from tests.conftest import _client_for

    ministry = _client_for("szw").get(url("questionnaire-diff", round_) + "?naar=concept")
    assert ministry.status_code == 200
    assert "Nieuwe vraag" not in ministry.text


def test_a_programme_from_another_template_is_set_up_and_designed_the_same_way(as_office, demo):
    """Programmes are data: the provincial example (12 provinces, its own themes) gets the
    same pages without a code change."""
    from sectorplan.programmes.services import programme_create

    other = programme_create(
        slug="provincies", name="Provincies", budget="1000000", template="provinciaal-voorbeeld"
    )
    assert as_office.get(reverse("setup", args=[other.slug])).status_code == 200
    round_ = other.rounds.first()
    page = as_office.get(url("designer", round_))
    assert page.status_code == 200
    assert round_.label_nl in page.text
