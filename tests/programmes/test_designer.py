"""The designer's edits on a questionnaire definition: codes from labels that stay, moves,
conditions only on earlier questions, refusals that say what to do, and differences."""

import pytest
from django.utils import translation

from sectorplan.core.errors import Refused
from sectorplan.programmes import designer
from sectorplan.programmes.designer_checks import problems
from sectorplan.programmes.questionnaires import errors_in


def question(label, kind="yes_no", **extra):
    return {
        "label_nl": label,
        "label_en": "",
        "kind": kind,
        "required": False,
        "help_nl": "",
        "help_en": "",
        "choices": [],
        "shown_if": "",
        **extra,
    }


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def definition():
    d = {"sections": []}
    designer.section_add(d, labels={"label_nl": "Algemeen"}, per_theme=False, taken=set())
    designer.question_add(d, "algemeen", question("Is het plan afgerond?"), taken=set())
    designer.question_add(d, "algemeen", question("Wanneer dan?", "short_text"), taken=set())
    return d


def test_codes_come_from_the_dutch_label_and_avoid_codes_used_before(definition):
    codes = [q["code"] for q in definition["sections"][0]["questions"]]
    assert codes == ["is_het_plan_afgerond", "wanneer_dan"]
    code = designer.question_add(
        definition, "algemeen", question("Wanneer dan?"), taken={"wanneer_dan_2"}
    )
    assert code == "wanneer_dan_3"
    assert designer.code_from("2016: resultaten", set()) == "resultaten"
    assert designer.code_from("?", set()) == "vraag"


def test_a_changed_label_keeps_the_code(definition):
    designer.question_change(definition, "wanneer_dan", question("Per wanneer?", "short_text"))
    _section, changed = designer.question_of(definition, "wanneer_dan")
    assert changed["label_nl"] == "Per wanneer?"


def test_a_condition_only_on_an_earlier_answer_and_read_as_a_sentence(definition):
    options = dict(designer.condition_options(definition, "wanneer_dan", "algemeen"))
    assert list(options) == [
        "is_het_plan_afgerond=yes",
        "is_het_plan_afgerond=no",
        "is_het_plan_afgerond=unknown",
    ]
    designer.question_change(
        definition,
        "wanneer_dan",
        question("Wanneer dan?", "short_text", shown_if="is_het_plan_afgerond=no"),
    )
    _s, asked = designer.question_of(definition, "wanneer_dan")
    assert asked["shown_if"] == {"question": "is_het_plan_afgerond", "equals": "no"}
    assert designer.condition_sentence(definition, asked) == (
        "Only asked when ‘Is het plan afgerond?’ is answered with ‘No’."
    )
    with pytest.raises(Refused):
        designer.question_change(
            definition,
            "is_het_plan_afgerond",
            question("Is het plan afgerond?", shown_if="wanneer_dan=no"),
        )
    # The question another depends on can be neither deleted nor turned into text.
    with pytest.raises(Refused, match="change or delete that question first"):
        designer.question_delete(definition, "is_het_plan_afgerond")
    with pytest.raises(Refused, match="stays a yes/no or choice question"):
        designer.question_change(definition, "is_het_plan_afgerond", question("X", "number"))


def test_moving_a_question_above_the_one_it_depends_on_is_a_listed_problem(definition):
    designer.question_change(
        definition,
        "wanneer_dan",
        question("Wanneer dan?", "short_text", shown_if="is_het_plan_afgerond=no"),
    )
    assert problems(definition) == []
    designer.question_move(definition, "wanneer_dan", "up")
    assert [q["code"] for q in definition["sections"][0]["questions"]] == [
        "wanneer_dan",
        "is_het_plan_afgerond",
    ]
    assert problems(definition) == [
        "‘Wanneer dan?’ depends on an answer to a question that comes after it: move that "
        "question above it, or change the condition."
    ]
    assert errors_in(definition, where="r")  # the shared rule refuses it too


def test_every_problem_is_listed(definition):
    designer.section_add(definition, labels={"label_nl": "Leeg"}, per_theme=False, taken=set())
    definition["sections"][0]["questions"].append(
        {"code": "wanneer_dan", "label_nl": "Dubbel", "kind": "choice"}
    )
    assert problems(definition) == [
        "‘Dubbel’ and ‘Wanneer dan?’ have the same code ‘wanneer_dan’.",
        "‘Dubbel’ is a choice question: give it at least two choices.",
        "The section ‘Leeg’ has no questions yet.",
    ]


def test_choices_keep_their_codes_when_reordered_or_corrected():
    d = {"sections": []}
    designer.section_add(d, labels={"label_nl": "A"}, per_theme=False, taken=set())
    code = designer.question_add(
        d,
        "a",
        question("Soort", "choice", choices=[("Groot", "Big"), ("Klein", "")]),
        taken=set(),
    )
    _s, q = designer.question_of(d, code)
    assert q["choices"] == [
        {"code": "groot", "label_nl": "Groot", "label_en": "Big"},
        {"code": "klein", "label_nl": "Klein"},
    ]
    # Corrected in place: the code stays; a new choice gets a code of its own.
    designer.question_change(
        d,
        code,
        question("Soort", "choice", choices=[("Groot", "Big"), ("Kleintje", ""), ("Middel", "")]),
    )
    _s, q = designer.question_of(d, code)
    assert [(c["code"], c["label_nl"]) for c in q["choices"]] == [
        ("groot", "Groot"),
        ("klein", "Kleintje"),
        ("middel", "Middel"),
    ]
    # Reordered: every choice keeps its code.
    designer.question_change(
        d,
        code,
        question("Soort", "choice", choices=[("Middel", ""), ("Kleintje", ""), ("Groot", "Big")]),
    )
    _s, q = designer.question_of(d, code)
    assert [c["code"] for c in q["choices"]] == ["middel", "klein", "groot"]


def test_questions_order_from_drag_and_drop_must_name_the_same_questions(definition):
    designer.questions_order(definition, "algemeen", ["wanneer_dan", "is_het_plan_afgerond"])
    assert definition["sections"][0]["questions"][0]["code"] == "wanneer_dan"
    with pytest.raises(Refused, match="out of date"):
        designer.questions_order(definition, "algemeen", ["wanneer_dan"])


def test_table_cells_take_yes_no_questions_outside_per_theme_sections(definition):
    designer.table_cells_set(
        definition, "ser", {("detachering", "present"): "is_het_plan_afgerond"}
    )
    _s, q = designer.question_of(definition, "is_het_plan_afgerond")
    assert (q["table"], q["row"], q["column"]) == ("ser", "detachering", "present")
    with pytest.raises(Refused, match="only yes/no questions"):
        designer.table_cells_set(definition, "ser", {("detachering", "present"): "wanneer_dan"})
    designer.table_cells_set(definition, "ser", {})
    assert "table" not in designer.question_of(definition, "is_het_plan_afgerond")[1]


def test_differences_name_what_was_added_deleted_changed_and_moved(definition):
    import copy

    before = copy.deepcopy(definition)
    designer.section_add(definition, labels={"label_nl": "Slot"}, per_theme=False, taken=set())
    designer.question_move(definition, "wanneer_dan", "down")
    designer.question_change(definition, "is_het_plan_afgerond", question("Klaar?"))
    designer.question_add(definition, "slot", question("Nog iets?", "text"), taken=set())
    changes = {
        (c["what"], c["change"], c["item"]["code"])
        for c in designer.differences(before, definition)
    }
    assert changes == {
        ("section", "added", "slot"),
        ("question", "moved", "wanneer_dan"),
        ("question", "changed", "is_het_plan_afgerond"),
        ("question", "added", "nog_iets"),
    }
    assert designer.differences(definition, definition) == []
