"""Storing answers in their typed columns, one at a time (the report page and the API) or many
at once (the import), with their history and what changed for the audit trail."""

from django.utils import timezone

from sectorplan.accounts import audit
from sectorplan.core.bulk import CHANGED, history_copy
from sectorplan.monitoring import answers as reading
from sectorplan.monitoring.models import (
    Answer,
    Report,
)
from sectorplan.monitoring.selectors import Item
from sectorplan.monitoring.signals import reports_written
from sectorplan.programmes.constants import QuestionKind

#: Answers inserted by one statement.
BATCH = 5000


def answer_key(item: Item) -> str:
    """How the trail names an answer: the question's code, per theme `<theme>.<question>`
    (as in import files)."""
    return f"{item.theme.code}.{item.question.code}" if item.theme else item.question.code


def answer_store(
    report: Report, item: Item, value: reading.Value, *, by, source: str, changes: dict
) -> bool:
    """Store one answer (an empty value removes it). True when something changed; the change
    goes into `changes` ({answer: [old, new]}) for the audit trail."""
    answer = (
        Answer.objects.filter(report=report, question=item.question, theme=item.theme)
        .prefetch_related("choices")
        .first()
    )
    old = _answer_text(item, answer)
    if value.is_empty:
        if answer is None:
            return False
        answer._history_user = by
        answer.delete()
        changes[answer_key(item)] = [old, ""]
        return True
    if answer is not None:
        before = (answer.code, answer.number, answer.text, [c.code for c in answer.choices.all()])
        if before == (value.code, value.number, value.text, value.choices) and (
            answer.source == source
        ):
            return False
    else:
        answer = Answer(report=report, question=item.question, theme=item.theme)
    answer.code, answer.number, answer.text = value.code, value.number, value.text
    answer.source, answer.updated_by = source, by
    answer._history_user = by
    answer.save()
    if item.question.kind == QuestionKind.MULTIPLE_CHOICE:
        answer.choices.set(item.question.choices.filter(code__in=value.choices))
    new = audit.text(value.choices) if value.choices else reading.as_text(item.question, value)
    if new != old:
        changes[answer_key(item)] = [old, new]
    return True


def answers_store(
    wanted: list[tuple[Report, Item, reading.Value]], *, by, source: str
) -> tuple[dict[int, int], dict[int, dict]]:
    """Store many answers at once (the import): what `answer_store` does for each, with one
    read of the answers the reports hold and bulk writes with the same history instead of
    several queries per answer. A new multiple-choice answer gets its choices and the history
    record `choices.set` would have made; removals and changed choices of an existing answer
    (rare) go through `answer_store`. Returns ({report pk: answers written}, {report pk:
    changes for its audit record})."""
    changes: dict[int, dict] = {}
    written: dict[int, int] = {}
    reports = {report.pk for report, _item, _value in wanted}
    # Locked: no one else adds an answer to these reports until the import commits, so the
    # answers it creates are those of the reports above the first new id (see below).
    list(Report.objects.select_for_update().filter(pk__in=reports).values_list("pk"))
    existing = {
        (answer.report_id, answer.question_id, answer.theme_id): answer
        for answer in Answer.objects.filter(report_id__in=reports).prefetch_related("choices")
    }
    created, updated, chosen = [], [], []
    now = timezone.now()
    for report, item, value in wanted:
        own = changes.setdefault(report.pk, {})
        written.setdefault(report.pk, 0)
        answer = existing.get((report.pk, *item.slot))
        several = item.question.kind == QuestionKind.MULTIPLE_CHOICE
        if value.is_empty or (several and answer is not None):
            stored = answer_store(report, item, value, by=by, source=source, changes=own)
            written[report.pk] += stored
            continue
        old = _answer_text(item, answer)
        if answer is None:
            answer = Answer(report=report, question=item.question, theme=item.theme)
            created.append(answer)
            if several:
                chosen.append((answer, item, value.choices))
        elif (answer.code, answer.number, answer.text, answer.source) == (
            value.code,
            value.number,
            value.text,
            source,
        ) and not answer.choices.all():
            continue
        else:
            updated.append(answer)
        answer.code, answer.number, answer.text = value.code, value.number, value.text
        answer.source, answer.updated_by, answer.updated_at = source, by, now
        new = audit.text(value.choices) if value.choices else reading.as_text(item.question, value)
        if new != old:
            own[answer_key(item)] = [old, new]
        written[report.pk] += 1
    # The history of what was written, made by the database from the rows themselves.
    Answer.objects.bulk_create(created, batch_size=BATCH)
    if created:
        first = min(answer.pk for answer in created)
        history_copy(Answer.objects.filter(report__in=reports, pk__gte=first), by=by)
    if updated:
        Answer.objects.bulk_update(
            updated,
            ["code", "number", "text", "source", "updated_by", "updated_at"],
            batch_size=1000,
        )
        history_copy(
            Answer.objects.filter(pk__in=[answer.pk for answer in updated]), by=by, kind=CHANGED
        )
    _choices_store(chosen, by=by)
    reports_written.send(sender=Answer, report_ids=list(reports))
    return written, changes


def _choices_store(chosen: list[tuple[Answer, Item, list[str]]], *, by) -> None:
    """The choices of new multiple-choice answers, with the history `choices.set` writes:
    a changed ("~") record of the answer holding a copy of its choice rows."""
    if not chosen:
        return
    through = Answer.choices.through
    through.objects.bulk_create(
        (
            through(answer_id=answer.pk, questionchoice_id=choice.pk)
            for answer, item, codes in chosen
            for choice in item.question.choices.all()
            if choice.code in codes
        ),
        batch_size=BATCH,
    )
    answers = Answer.objects.filter(pk__in=[answer.pk for answer, _item, _codes in chosen])
    history_copy(answers, by=by, kind=CHANGED)  # with the copies of the choice rows


def _answer_text(item: Item, answer: Answer | None) -> str:
    if answer is None:
        return ""
    choices = [c.code for c in answer.choices.all()]
    if choices:
        return audit.text(choices)
    value = reading.Value(code=answer.code, number=answer.number, text=answer.text)
    return reading.as_text(item.question, value)
