"""What the questionnaire designer shows of a definition: the outline with kinds and
conditions in words, the problems that stop publishing, and the preview as the region's
report page renders it (stand-ins for the stored rows, so nothing is written)."""

from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sectorplan.monitoring.selectors import Block, Item
from sectorplan.programmes import designer, designer_checks, questionnaires
from sectorplan.programmes.constants import QuestionKind
from sectorplan.programmes.models import ReportTableRow, Round
from sectorplan.programmes.services import table_cells


def outline(definition: dict, round_: Round) -> list[dict]:
    """The definition as the designer lists it: labels, kinds and conditions in words."""
    kinds = dict(QuestionKind.choices)
    tables = {
        (row.table.code, row.code, column["code"]): (row.table, row, column)
        for row in ReportTableRow.objects.filter(table__programme=round_.programme).select_related(
            "table"
        )
        for column in row.table.columns
    }
    sections = []
    for section in definition.get("sections", []):
        questions = []
        for question in section.get("questions", []):
            cell = tables.get((question.get("table"), question.get("row"), question.get("column")))
            questions.append(
                {
                    "code": question.get("code"),
                    "label": designer.label_of(question),
                    "label_en": question.get("label_en", ""),
                    "kind": kinds.get(question.get("kind"), question.get("kind")),
                    "required": question.get("required", False),
                    "help": question.get("help_nl", ""),
                    "choices": [designer.label_of(c) for c in question.get("choices", [])],
                    "condition": designer.condition_sentence(definition, question),
                    "cell": (
                        f"{cell[0].label}: {cell[1].label} × {designer.label_of(cell[2])}"
                        if cell
                        else ""
                    ),
                }
            )
        sections.append(
            {
                "code": section.get("code"),
                "label": designer.label_of(section),
                "label_en": section.get("label_en", ""),
                "per_theme": section.get("per_theme", False),
                "questions": questions,
            }
        )
    return sections


def problems_of(definition: dict, round_: Round) -> list[str]:
    """Every problem that stops publishing, in the office's words."""
    problems = designer_checks.problems(definition)
    if problems:
        return problems
    return questionnaires.errors_in(
        definition, where=_("Questionnaire"), cells=table_cells(round_.programme)
    )


def preview_blocks(definition: dict, themes: list) -> list:
    """The draft as the region's report page shows it, without storing anything: stand-ins
    for the rows `monitoring/_answer.html` reads."""
    blocks, by_code, number = [], {}, 0
    for section_number, section in enumerate(definition.get("sections", []), start=1):
        questions = []
        for data in section.get("questions", []):
            number += 1
            condition = data.get("shown_if") or {}
            choices = [
                SimpleNamespace(code=c.get("code"), label=designer.label_of(c))
                for c in data.get("choices", [])
            ]
            question = SimpleNamespace(
                pk=number,
                section_id=section_number,
                label=designer.label_of(data),
                help=designer.label_of(
                    {"label_nl": data.get("help_nl", ""), "label_en": data.get("help_en", "")}
                ),
                kind=data.get("kind"),
                required=data.get("required", False),
                choices=SimpleNamespace(all=lambda choices=choices: choices),
                shown_if_question=by_code.get(condition.get("question")),
                shown_if_value=str(condition.get("equals", "")),
            )
            by_code[data.get("code")] = question
            questions.append(question)
        for theme in themes if section.get("per_theme") else [None]:
            block = Block(designer.label_of(section), theme, [])
            rows = []
            for question in questions:
                item = Item(question, theme, [c.code for c in question.choices.all()])
                rows.append(
                    {
                        "item": item,
                        "value": None,
                        "text": "",
                        "choices": [],
                        "answer": None,
                        "shown": question.shown_if_question is None,
                        "error": None,
                        "comments": [],
                    }
                )
            blocks.append((block, rows))
    return blocks


FIELD_LABELS = {
    "label_nl": gettext_lazy("text in Dutch"),
    "label_en": gettext_lazy("text in English"),
    "kind": gettext_lazy("kind of answer"),
    "required": gettext_lazy("required"),
    "help_nl": gettext_lazy("help text in Dutch"),
    "help_en": gettext_lazy("help text in English"),
    "choices": gettext_lazy("choices"),
    "shown_if": gettext_lazy("condition"),
    "table": gettext_lazy("table"),
    "row": gettext_lazy("table row"),
    "column": gettext_lazy("table column"),
    "per_theme": gettext_lazy("once per theme"),
}
