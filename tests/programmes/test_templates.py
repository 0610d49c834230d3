"""Programmes are data: templates define regions, taxonomy, rounds and questionnaires."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from sectorplan.core.errors import Refused
from sectorplan.programmes.models import Question
from sectorplan.programmes.programme_templates import (
    TEMPLATE_DIR,
    TemplateError,
    available_templates,
    load_template,
)
from sectorplan.programmes.questionnaires import normalise
from sectorplan.programmes.selectors import allocation_compute
from sectorplan.programmes.services import programme_create

SRC = Path(__file__).resolve().parents[2] / "src" / "sectorplan"

SER_FUNCTIONS = [
    "werknemersvaardigheden",
    "werkgeversnetwerk",
    "detachering",
    "matching_begeleiding",
    "beschut_werk",
    "werk_op_maat",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_sw_template_holds_the_contract_codes(db):
    programme = programme_create(slug="t", name="T", budget="1000")
    taxonomy = {
        theme.code: [at.code for at in theme.activity_types.all()]
        for theme in programme.themes.all()
    }
    assert taxonomy == {
        "trajecten": ["werk_naar_werk", "passend_werk", "werkfit"],
        "expertise": ["kennisdeling", "jobcoaching", "functiecreatie", "overige_expertise"],
        "infrastructuur": [
            "werkgeversdienstverlening",
            "detacheringsfaciliteit",
            "joint_venture",
            "beschut_werk",
            "overige_infrastructuur",
        ],
    }
    assert [r.code for r in programme.rounds.all()] == [
        "tussenevaluatie-1",
        "tussenevaluatie-2",
        "eindevaluatie",
    ]
    ser = Question.objects.filter(
        questionnaire__round__programme=programme,
        questionnaire__round__code="eindevaluatie",
        table_row__table__code="ser",
    ).select_related("table_row")
    cells = {(q.table_row.code, q.table_column): q for q in ser}
    for function in SER_FUNCTIONS:
        present, contribution = cells[(function, "present")], cells[(function, "contribution")]
        assert present.code == f"ser_{function}_aanwezig"
        assert contribution.code == f"ser_{function}_bijdrage"
        assert present.kind == contribution.kind == "yes_no"
    assert len(cells) == 12
    assert programme.participations.count() == 35
    assert programme.cofinancing_ratio == 1


def test_labels_follow_the_language(db):
    programme = programme_create(slug="t", name="T", budget="1000")
    theme = programme.themes.get(code="expertise")
    with translation.override("nl"):
        assert theme.label == "2. Deskundigheid"
    assert theme.label == "2. Expertise"


def test_a_programme_over_the_provinces_with_other_themes_runs_without_code(db):
    programme = programme_create(
        slug="prov", name="Provinciaal", budget="1200.00", template="provinciaal-voorbeeld"
    )
    assert programme.participations.count() == 12
    assert [t.code for t in programme.themes.all()] == ["vakmanschap", "samenwerking"]
    assert programme.cofinancing_ratio == Decimal("0.5")
    for participation in programme.participations.all():
        participation.basis = Decimal(1)
        participation.save()
    rows = allocation_compute(programme)
    assert [row.subsidy for row in rows] == [Decimal("100.00")] * 12
    assert [row.cofinancing for row in rows] == [Decimal("50.00")] * 12


def test_a_template_file_can_extend_a_shipped_one(db, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'extends = "sw-sectorplannen-2015"\ncode = "mine"\n'
        '[[rounds]]\ncode = "slot"\nlabel_nl = "Slotmeting"\n'
        'questions = [{ code = "klaar", kind = "yes_no", label_nl = "Klaar?" }]\n',
        encoding="utf-8",
    )
    programme = programme_create(slug="mine", name="Mine", budget="10", template=str(path))
    assert programme.template == "mine"
    assert [r.code for r in programme.rounds.all()] == ["slot"]
    assert programme.activity_types.count() == 12


def test_bad_templates_list_every_problem(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'code = "bad"\nname = "Bad"\nregion_set = "provincies"\nbasis_label_nl = "x"\n'
        '[[themes]]\ncode = "a"\nlabel_nl = "A"\nactivity_types = [\n'
        '  { code = "x", label_nl = "X" }, { code = "x", label_nl = "Y" },\n]\n'
        '[[rounds]]\ncode = "r"\nlabel_nl = "R"\nquestions = [\n'
        '  { code = "q", kind = "essay", label_nl = "Q" },\n'
        '  { code = "s", kind = "yes_no", label_nl = "S", table = "t", row = "a", column = "b" },\n'
        '  { code = "t", kind = "text" },\n]\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        load_template(str(path))
    message = "\n".join(caught.value.errors)
    assert "duplicate code 'x'" in message
    assert "kind must be one of" in message
    assert "no table cell" in message
    assert "'label_nl' is required" in message


def test_unknown_template_names_the_available_ones(db):
    with pytest.raises(Refused, match=r"unknown template 'nope'.*sw-sectorplannen-2015"):
        programme_create(slug="x", name="X", budget="10", template="nope")


def test_every_shipped_template_is_valid():
    assert "sw-sectorplannen-2015" in available_templates()
    for name in available_templates():
        assert load_template(name)["code"] == name
    assert TEMPLATE_DIR.is_dir()


def test_no_python_code_names_a_region_theme_or_question():
    """Codes of the 2015 programme live in data files, never in Python."""
    template = load_template("sw-sectorplannen-2015")
    codes = {theme["code"] for theme in template["themes"]}
    codes |= {at["code"] for theme in template["themes"] for at in theme["activity_types"]}
    codes |= {
        q["code"]
        for r in template["rounds"]
        for section in normalise(r)["sections"]
        for q in section["questions"]
    }
    codes |= {i["code"] for i in template["indicators"]}
    codes |= {r["code"] for r in template["rounds"]}
    pattern = re.compile(r"\bAM\d\d\b|" + "|".join(rf"['\"]{re.escape(c)}['\"]" for c in codes))
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_questionnaire_problems_are_all_listed(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'code = "bad"\nname = "Bad"\nregion_set = "provincies"\nbasis_label_nl = "x"\n'
        '[[themes]]\ncode = "a"\nlabel_nl = "A"\n'
        '[[indicators]]\ncode = "i"\nlabel_nl = "I"\ntheme = "zz"\n'
        '[[rounds]]\ncode = "r"\nlabel_nl = "R"\ndeadline = "soon"\nreminder_days = ["x"]\n'
        '[[rounds.sections]]\ncode = "s"\nlabel_nl = "S"\nquestions = [\n'
        '  { code = "kies", kind = "choice", label_nl = "Kies", '
        'choices = [{ code = "a", label_nl = "A" }] },\n'
        '  { code = "getal", kind = "number", label_nl = "G", choices = [] },\n'
        '  { code = "later", kind = "text", label_nl = "L", '
        'shown_if = { question = "nog", equals = "yes" } },\n'
        '  { code = "dan", kind = "text", label_nl = "D", '
        'shown_if = { question = "kies", equals = "b" } },\n'
        '  { code = "nog", kind = "yes_no", label_nl = "N" },\n]\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        load_template(str(path))
    message = "\n".join(caught.value.errors)
    assert "indicators.i: 'unit_nl' is required" in message
    assert "indicators.i: no theme 'zz'" in message
    assert "rounds.r: 'deadline' must be a date" in message
    assert "'reminder_days' must be a list of whole numbers" in message
    assert "r.kies: give at least two choices" in message
    assert "r.getal: only choice questions have choices" in message
    assert "r.later: shown_if names 'nog', which is not an earlier question" in message
    assert "r.dan: 'b' is not an answer of 'kies' (a)" in message


def test_the_sw_template_brings_sections_conditions_choices_and_indicators(db):
    programme = programme_create(slug="t", name="T", budget="1000")
    final = programme.rounds.get(code="eindevaluatie")
    questionnaire = final.questionnaires.get()
    assert questionnaire.version == 1
    sections = list(questionnaire.sections.all())
    assert [s.per_theme for s in sections].count(True) == 1
    conditional = questionnaire.questions.exclude(shown_if_question=None)
    assert all(q.shown_if_value for q in conditional) and conditional.exists()
    multiple = questionnaire.questions.get(kind="multiple_choice")
    assert multiple.choices.count() >= 2
    assert final.reminder_days and final.period_ends_on
    indicators = list(programme.indicators.all())
    assert len(indicators) >= 5
    assert all(i.unit_nl and i.theme for i in indicators)


def test_report_sections_group_regions_and_are_checked(db, tmp_path):
    programme = programme_create(slug="grouped", name="Grouped", budget="10")
    assert programme.report_sections == [
        {
            "regions": ["AM12", "AM11"],
            "label_nl": "Gooi- en Vechtstreek en Flevoland",
            "label_en": "Gooi- en Vechtstreek and Flevoland",
        }
    ]
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'extends = "sw-sectorplannen-2015"\ncode = "bad"\n'
        'report_sections = [{ regions = ["AM01"] }, { regions = ["AM02", "AM03"] },\n'
        '  { regions = ["AM03", "AM04"], label_nl = "C" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        load_template(str(bad))
    assert caught.value.errors == [
        f"template '{bad}': report_sections[1]: 'regions' must list two or more region codes",
        f"template '{bad}': report_sections[2]: 'label_nl' is required",
        f"template '{bad}': report_sections[3]: region 'AM03' is in more than one section",
    ]
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(
        'extends = "sw-sectorplannen-2015"\ncode = "unknown"\n'
        'report_sections = [{ regions = ["AM01", "AM99"], label_nl = "X" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(Refused) as refused:
        programme_create(slug="unknown", name="Unknown", budget="10", template=str(unknown))
    assert refused.value.errors == [
        "report_sections: AM99 not in the region set 'arbeidsmarktregios-2015'"
    ]
