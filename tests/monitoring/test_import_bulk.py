"""The bulk path of `import-responses` (answers_store) leaves the same rows and the same
history as storing each answer on its own (answer_store), multiple-choice answers included."""

from sectorplan.core.tabular import Row
from sectorplan.monitoring import answer_store, report_flow
from sectorplan.monitoring.answers import read
from sectorplan.monitoring.constants import AnswerSource
from sectorplan.monitoring.imports import responses_import
from sectorplan.monitoring.models import Answer
from sectorplan.monitoring.selectors import blocks_of, questionnaire_with_questions
from sectorplan.programmes.constants import QuestionKind


def _items(round_):
    questionnaire = round_.questionnaires.latest()
    themes = list(round_.programme.themes.all())
    return [
        item
        for block in blocks_of(questionnaire_with_questions(questionnaire.pk), themes)
        for item in block.items
        if item.theme is None
        and item.question.kind in {QuestionKind.MULTIPLE_CHOICE, QuestionKind.YES_NO}
    ]


def _trail(answer: Answer) -> list[tuple]:
    """The answer's history as (type, code, choices), oldest first."""
    return [
        (
            record.history_type,
            record.code,
            sorted(c.questionchoice.code for c in record.choices.all()),
        )
        for record in answer.history.order_by("history_date", "history_id")
    ]


def test_bulk_import_writes_what_one_by_one_writes(demo):
    round_ = demo.rounds.order_by("-position").first()
    items = _items(round_)
    several = next(i for i in items if i.question.kind == QuestionKind.MULTIPLE_CHOICE)
    single = next(i for i in items if i.question.kind == QuestionKind.YES_NO)
    answers = [(several, ";".join(several.choice_codes[:2])), (single, "ja")]
    first, second = demo.region_set.regions.order_by("code")[:2]

    rows = [
        Row(n, {"region_code": first.code, "question_code": item.question.code, "answer": text})
        for n, (item, text) in enumerate(answers, 2)
    ]
    responses_import(round_=round_, rows=rows)

    report = report_flow.report_start(round_=round_, region=second, check_open=False)
    for item, text in answers:
        value = read(item.question, text, item.choice_codes)
        answer_store.answer_store(
            report, item, value, by=None, source=AnswerSource.IMPORT, changes={}
        )

    for item, _text in answers:
        bulk = Answer.objects.get(
            report__region=first, report__round=round_, question=item.question
        )
        alone = Answer.objects.get(report=report, question=item.question)
        assert sorted(c.code for c in bulk.choices.all()) == sorted(
            c.code for c in alone.choices.all()
        )
        assert (bulk.code, bulk.source) == (alone.code, alone.source)
        assert _trail(bulk) == _trail(alone)
    assert _trail(Answer.objects.get(report__region=first, question=several.question))[-1][2] == (
        sorted(several.choice_codes[:2])
    )
