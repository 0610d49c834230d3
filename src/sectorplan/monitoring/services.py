"""Every write to rounds and reports. One service per user action; workflow steps go through
`report_transition`, which runs the programme's report workflow on the engine
(sectorplan.workflow). The guards and effects the table names are registered here."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sectorplan.accounts import audit
from sectorplan.accounts.selectors import emails_of
from sectorplan.core.errors import Refused
from sectorplan.monitoring import answers as reading
from sectorplan.monitoring.constants import (
    EDITABLE_STATES,
    AnswerSource,
    ReportState,
)
from sectorplan.monitoring.models import (
    ActivityProgress,
    Answer,
    IndicatorValue,
    Report,
    ReportComment,
)
from sectorplan.monitoring.report_input import (
    FileInput,
    IndicatorInput,
    ProgressInput,
    ReportInput,
)
from sectorplan.monitoring.selectors import Contents, Item, contents_of, may_fill_in
from sectorplan.monitoring.signals import reports_written
from sectorplan.plans.models import Plan
from sectorplan.programmes import questionnaires
from sectorplan.programmes.constants import QuestionKind, RoundState
from sectorplan.programmes.models import Questionnaire, QuestionnaireDraft, Region, Round
from sectorplan.programmes.services import questionnaire_add
from sectorplan.workflow import Step, effect, guard, lock, register, transition
from sectorplan.workflow.engine import Kind

# --- Rounds ---------------------------------------------------------------------------------


#: The state a round can be put in → the states it can come from.
ROUND_STEPS = {
    RoundState.OPEN: {RoundState.PLANNED, RoundState.CLOSED},
    RoundState.CLOSED: {RoundState.OPEN},
}


def round_states_next(round_: Round) -> list[str]:
    """The states the office can put this round in now."""
    return [state for state, sources in ROUND_STEPS.items() if round_.state in sources]


@transaction.atomic
def round_set_state(*, round_: Round, state: str, by) -> Round:
    """Open a round (also again after closing it) or close it."""
    if round_.state not in ROUND_STEPS.get(state, set()):
        raise Refused(
            _("The round '%(round)s' is %(state)s; that step is not possible.")
            % {"round": round_.label, "state": round_.get_state_display().lower()}
        )
    before = round_.state
    round_.state = state
    round_._history_user = by
    round_.save()
    audit.record(by, "round.state", round_, {"state": [before, state]})
    return round_


@transaction.atomic
def questionnaire_replace(*, round_: Round, content: bytes, by) -> Questionnaire:
    """A new version of the round's questionnaire from an uploaded file."""
    try:
        definition = questionnaires.parse_file(content)
    except questionnaires.DefinitionError as exc:
        raise Refused(exc.errors) from exc
    return questionnaire_publish(round_=round_, definition=definition, by=by)


@transaction.atomic
def draft_publish(*, round_: Round, lock_version: int | str | None, by) -> Questionnaire:
    """Publish the designer's draft as the round's new version and remove the draft.
    Refused (listing every problem) when the draft is not valid or the page was stale."""
    draft = QuestionnaireDraft.objects.select_for_update().filter(round=round_).first()
    if draft is None or str(draft.lock_version) != str(lock_version):
        raise Refused(
            _(
                "The draft changed since this page was opened; nothing was published. Look at "
                "it again and publish it then."
            )
        )
    questionnaire = questionnaire_publish(round_=round_, definition=draft.definition, by=by)
    draft.delete()
    return questionnaire


@transaction.atomic
def questionnaire_publish(*, round_: Round, definition: dict, by) -> Questionnaire:
    """A new version of the round's questionnaire. Reports already answered keep their
    version; reports without answers move to the new one."""
    questionnaire = questionnaire_add(round_=round_, definition=definition, by=by)
    moved = Report.objects.filter(round=round_, answers__isnull=True).update(
        questionnaire=questionnaire
    )
    audit.record(
        by,
        "round.questionnaire",
        round_,
        {
            "questionnaire version": [
                audit.text(questionnaire.version - 1),
                audit.text(questionnaire.version),
            ]
        },
        note=f"{moved} reports moved to the new version",
    )
    return questionnaire


# --- Reports --------------------------------------------------------------------------------


def report_start(*, round_: Round, region: Region, by=None, check_open: bool = True) -> Report:
    """The region's report in the round, made on first use with the newest questionnaire."""
    report = Report.objects.filter(round=round_, region=region).first()
    if report is not None:
        return report
    if check_open and not round_.is_open:
        raise Refused(_("The round '%(round)s' is not open.") % {"round": round_.label})
    questionnaire = round_.questionnaires.order_by("-version").first()
    if questionnaire is None:
        raise Refused(_("The round '%(round)s' has no questionnaire.") % {"round": round_.label})
    report = Report(
        round=round_,
        region=region,
        plan=Plan.objects.filter(programme_id=round_.programme_id, region=region).first(),
        questionnaire=questionnaire,
    )
    report._history_user = by
    report.save()
    _audit(by, "report.start", report, {"state": ["", report.state]})
    return report


def reports_start_for_import(*, round_: Round, regions: list[Region], by=None) -> dict:
    """`report_start` for many regions at once (imports, which need no open round): the
    reports that exist, and the others made in bulk with the same history, start events and
    audit records. Returns {region pk: report}."""
    # The whole round (at most one report per region) rather than a long IN list.
    wanted = {region.pk for region in regions}
    reports = {r.region_id: r for r in round_.reports.all() if r.region_id in wanted}
    missing = [region for region in regions if region.pk not in reports]
    if not missing:
        return reports
    questionnaire = round_.questionnaires.order_by("-version").first()
    if questionnaire is None:
        raise Refused(_("The round '%(round)s' has no questionnaire.") % {"round": round_.label})
    plans = dict(
        Plan.objects.filter(programme_id=round_.programme_id).values_list("region_id", "pk")
    )
    created = bulk_create_with_history(
        [
            Report(
                round=round_,
                region=region,
                plan_id=plans.get(region.pk),
                questionnaire=questionnaire,
            )
            for region in missing
        ],
        Report,
        batch_size=1000,
        default_user=by,
    )
    regions_by_pk = {region.pk: region for region in missing}
    for report in created:
        report.round, report.region = round_, regions_by_pk[report.region_id]
    audit.record_many(
        by,
        "report.start",
        [(report, {"state": ["", report.state]}) for report in created],
        programme_id=round_.programme_id,
    )
    reports.update({report.region_id: report for report in created})
    reports_written.send(sender=Report, report_ids=[report.pk for report in created])
    return reports


def _audit(by, action: str, report: Report, changes, note: str = "") -> None:
    audit.record(by, action, report, changes, note=note, programme_id=report.round.programme_id)


def _require_editable(report: Report, by) -> None:
    if not report.round.is_open:
        raise Refused(
            _("The round '%(round)s' is closed; answers can no longer be changed.")
            % {"round": report.round.label}
        )
    if report.state not in EDITABLE_STATES:
        raise Refused(
            _("The report is %(state)s and cannot be changed.")
            % {"state": report.get_state_display().lower()}
        )
    if not may_fill_in(by, report.round, report.region):
        raise Refused(_("Only the region's contact fills in the report."))


@transaction.atomic
def report_save(
    *, report: Report, by, lock_version: int | None, given: ReportInput
) -> tuple[Report, dict[str, str]]:
    """Save what the region gave (the page, also on every autosave, and the API alike):
    everything in `given` that read is stored; what did not read comes back as
    {field name: message} (`given.errors`), nothing of it stored."""
    report = lock(report, lock_version)
    _require_editable(report, by)
    contents = contents_of(report)
    changes: dict[str, list[str]] = {}
    for block in contents.blocks:
        for item in block.items:
            if item.key in given.answers:
                answer_store(
                    report,
                    item,
                    given.answers[item.key],
                    by=by,
                    source=AnswerSource.WEB,
                    changes=changes,
                )
            elif item.key in given.files:
                _save_file(contents, item, given.files[item.key], by, changes)
    _save_progress(contents, given.progress, changes)
    _save_indicators(contents, given.indicators, changes)
    if changes:
        report.lock_version += 1
        report._history_user = by
        report.save()
        _audit(by, "report.save", report, changes)
    return report, dict(given.errors)


def _answer_key(item: Item) -> str:
    """How the trail names an answer: the question's code, per theme `<theme>.<question>`
    (as in import files)."""
    return f"{item.theme.code}.{item.question.code}" if item.theme else item.question.code


def _save_file(contents: Contents, item: Item, given: FileInput, by, changes) -> None:
    existing = contents.answers.get(item.slot)
    if given.clear:
        if existing is not None:
            changes[_answer_key(item)] = [existing.file_name, ""]
            existing.file.delete(save=False)
            existing._history_user = by
            existing.delete()
        return
    changes[_answer_key(item)] = [existing.file_name if existing else "", given.name]
    answer = existing or Answer(report=contents.report, question=item.question, theme=item.theme)
    if answer.file:
        answer.file.delete(save=False)
    answer.file.save(given.name, given.upload, save=False)
    answer.file_name, answer.file_type = given.name, given.content_type
    answer.updated_by = by
    answer._history_user = by
    answer.save()


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
        changes[_answer_key(item)] = [old, ""]
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
        changes[_answer_key(item)] = [old, new]
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
            own[_answer_key(item)] = [old, new]
        written[report.pk] += 1
    bulk_create_with_history(created, Answer, batch_size=1000, default_user=by)
    bulk_update_with_history(
        updated,
        Answer,
        ["code", "number", "text", "source", "updated_by", "updated_at"],
        batch_size=1000,
        default_user=by,
    )
    _choices_store(chosen, by=by)
    reports_written.send(sender=Answer, report_ids=list(reports))
    return written, changes


def _choices_store(chosen: list[tuple[Answer, Item, list[str]]], *, by) -> None:
    """The choices of new multiple-choice answers, with the history `choices.set` writes:
    a changed ("~") record of the answer holding a copy of its choice rows."""
    if not chosen:
        return
    field = Answer._meta.get_field("choices")
    through = field.remote_field.through
    rows = through.objects.bulk_create(
        (
            through(answer_id=answer.pk, questionchoice_id=choice.pk)
            for answer, item, codes in chosen
            for choice in item.question.choices.all()
            if choice.code in codes
        ),
        batch_size=1000,
    )
    records = Answer.history.bulk_history_create(
        [answer for answer, _item, _codes in chosen], update=True, default_user=by
    )
    record_of = {record.id: record for record in records}
    copies = HistoricalRecords.m2m_models[field]
    copies.objects.bulk_create(
        (
            copies(
                id=row.id,
                answer_id=row.answer_id,
                questionchoice_id=row.questionchoice_id,
                history=record_of[row.answer_id],
            )
            for row in rows
        ),
        batch_size=1000,
    )


def _answer_text(item: Item, answer: Answer | None) -> str:
    if answer is None:
        return ""
    choices = [c.code for c in answer.choices.all()]
    if choices:
        return audit.text(choices)
    value = reading.Value(code=answer.code, number=answer.number, text=answer.text)
    return reading.as_text(item.question, value)


def _save_progress(contents: Contents, given: dict[int, ProgressInput], changes) -> None:
    for activity in contents.activities:
        fields = given.get(activity.pk)
        if fields is None:
            continue
        progress = contents.progress.get(activity.pk) or ActivityProgress(
            report=contents.report, activity=activity
        )
        if progress.pk and all(getattr(progress, k) == v for k, v in fields.items()):
            continue
        before = audit.values(progress, list(fields)) if progress.pk else {}
        for name, value in fields.items():
            setattr(progress, name, value)
        progress.save()
        contents.progress[activity.pk] = progress
        after = audit.values(progress, list(fields))
        for name, (old, new) in audit.changed(before, after).items():
            changes[f"activity {activity.pk}.{name}"] = [old, new]


def _save_indicators(contents: Contents, given: dict[int, IndicatorInput], changes) -> None:
    round_ = contents.report.round
    for indicator in contents.indicators:
        if indicator.pk not in given:
            continue
        value = given[indicator.pk]
        existing = contents.indicator_values.get(indicator.pk)
        old = _indicator_text(existing)
        if value.value is None:
            if existing is not None:
                existing.delete()
                del contents.indicator_values[indicator.pk]
                changes[f"indicator {indicator.code}"] = [old, ""]
            continue
        starts = value.starts or round_.period_starts_on
        ends = value.ends or round_.period_ends_on
        if existing and (existing.value, existing.period_starts_on, existing.period_ends_on) == (
            value.value,
            starts,
            ends,
        ):
            continue
        contents.indicator_values[indicator.pk], _created = IndicatorValue.objects.update_or_create(
            report=contents.report,
            indicator=indicator,
            defaults={"value": value.value, "period_starts_on": starts, "period_ends_on": ends},
        )
        changes[f"indicator {indicator.code}"] = [
            old,
            _indicator_text(contents.indicator_values[indicator.pk]),
        ]


def _indicator_text(value: IndicatorValue | None) -> str:
    if value is None:
        return ""
    return (
        f"{audit.text(value.value)} ({audit.text(value.period_starts_on)}"
        f" – {audit.text(value.period_ends_on)})"
    )


# --- Workflow -------------------------------------------------------------------------------


def report_transition(
    *, report: Report, action: str, by, note: str = "", comments: dict | None = None
) -> Report:
    """Take a step of the programme's report workflow. `comments` maps a question slot
    (question id, theme id or None) to the office's comment, when returning a report."""
    payload = {"note": note.strip(), "comments": comments or {}}
    return transition(report, action, by, payload)


def _prepare(report: Report, by, step: Step, payload: dict) -> None:
    payload["comments"] = {
        slot: text.strip() for slot, text in payload["comments"].items() if text.strip()
    }
    payload["contents"] = contents_of(report)


def _changes(report: Report, payload: dict) -> dict[str, list[str]]:
    contents = payload["contents"]
    return {
        f"comment {_slot_label(contents, slot)}": ["", text]
        for slot, text in payload["comments"].items()
    }


def _slot_label(contents: Contents, slot) -> str:
    """The answer a comment is about, named as in the trail's answer keys."""
    for block in contents.blocks:
        for item in block.items:
            if item.slot == slot:
                return _answer_key(item)
    return str(slot)


@guard("report", "complete")
def _complete(report: Report, by, payload) -> list[str]:
    contents = payload["contents"]
    if not report.round.is_open:
        return [_("The round '%(round)s' is closed.") % {"round": report.round.label}]
    missing = contents.missing()
    if missing:
        parts = "; ".join(text for text, _key in missing)
        return [_("Still to fill in: %(parts)s") % {"parts": parts}]
    return []


@guard("report", "round_open")
def _round_open(report: Report, by, payload) -> list[str]:
    if report.round.is_open:
        return []
    return [_("The round '%(round)s' is closed.") % {"round": report.round.label}]


@guard("report", "has_comments")
def _has_comments(report, by, payload) -> list[str]:
    if not payload["note"] and not payload["comments"]:
        return [_("Say what the region should change: a comment on a question or in general.")]
    return []


@guard("report", "has_reason")
def _has_reason(report, by, payload) -> list[str]:
    return [] if payload["note"] else [_("Give the reason for reopening the report.")]


@effect("report", "submit")
def _submit(report: Report, by, payload) -> None:
    contents = payload["contents"]
    report.submissions += 1
    report.submitted_at = timezone.now()
    hidden = [
        item.slot for block in contents.blocks for item in block.items if not contents.shown(item)
    ]
    for question_id, theme_id in hidden:
        Answer.objects.filter(report=report, question_id=question_id, theme_id=theme_id).delete()


@effect("report", "return")
def _return(report: Report, by, payload) -> None:
    note, comments = payload["note"], payload["comments"]
    ReportComment.objects.bulk_create(
        ReportComment(
            report=report,
            question_id=question_id,
            theme_id=theme_id,
            submission=report.submissions,
            text=text,
            by=by,
        )
        for (question_id, theme_id), text in comments.items()
    )
    if note:
        ReportComment.objects.create(report=report, submission=report.submissions, text=note, by=by)


@effect("report", "accept")
def _accept(report: Report, by, payload) -> None:
    report.accepted_at = timezone.now()


@effect("report", "reopen")
def _reopen(report: Report, by, payload) -> None:
    report.accepted_at = None
    ReportComment.objects.create(
        report=report, submission=report.submissions, text=payload["note"], by=by
    )


def notify(report: Report, action: str) -> None:
    """E-mail who acts next: the office on a submission, the region's contact otherwise."""
    flow = report.round.programme.workflow("report")
    roles = flow.roles_of("accept" if report.state == ReportState.SUBMITTED else "submit")
    recipients = emails_of(roles, report.region_id)
    if not recipients:
        return
    url = settings.SECTORPLAN_BASE_URL.rstrip("/") + reverse(
        "report-detail", args=[report.round.programme.slug, report.round.code, report.region.code]
    )
    send_mail(
        subject=_("%(round)s %(region)s: %(state)s")
        % {
            "round": report.round.label,
            "region": report.region.name,
            "state": report.get_state_display(),
        },
        message=_("The report of %(region)s waits for your action:\n%(url)s")
        % {"region": report.region.name, "url": url},
        from_email=None,
        recipient_list=recipients,
    )


def reports_set_state_by_import(
    *, reports: list[Report], state: str, by, source: str, touched: list[Report] = ()
) -> None:
    """`report_set_state_by_import` for many reports in bulk (same fields, history, events
    and audit records). `touched` reports stay in their state but had answers written: their
    lock_version goes up, so a page opened before the import cannot overwrite it."""
    now = timezone.now()
    moved = [report for report in reports if report.state != state]
    before = {report.pk: report.state for report in moved}
    for report in moved:
        if report.submitted_at is None or report.state in EDITABLE_STATES:
            report.submissions += 1
            report.submitted_at = now
        report.accepted_at = now if state == ReportState.ACCEPTED else None
        report.state = state
    for report in [*moved, *touched]:
        report.lock_version += 1
        report.updated_at = now
    _update_alike(
        [*moved, *touched],
        ["state", "submissions", "submitted_at", "accepted_at", "lock_version", "updated_at"],
        by=by,
    )
    note = _("Imported from %(source)s") % {"source": source}
    if moved:
        audit.record_many(
            by,
            "report.import",
            [(report, {"state": [before[report.pk], state]}) for report in moved],
            note=note,
            programme_id=moved[0].round.programme_id,
        )


def _update_alike(reports: list[Report], fields: list[str], *, by) -> None:
    """Save `fields` of the reports with their history: one UPDATE per set of equal values
    (an import moves most reports from the same state to the same state), not the CASE per
    row of bulk_update."""
    alike: dict[tuple, list[int]] = {}
    for report in reports:
        alike.setdefault(tuple(getattr(report, name) for name in fields), []).append(report.pk)
    for values, pks in alike.items():
        for start in range(0, len(pks), 1000):
            Report.objects.filter(pk__in=pks[start : start + 1000]).update(
                **dict(zip(fields, values, strict=True))
            )
    Report.history.bulk_history_create(reports, update=True, default_user=by, batch_size=1000)


def report_set_state_by_import(*, report: Report, state: str, by, source: str) -> None:
    """`import-responses --state`: the report is brought to `state` as a recorded import."""
    if report.state == state:
        return
    before = report.state
    now = timezone.now()
    if report.submitted_at is None or before in EDITABLE_STATES:
        report.submissions += 1
        report.submitted_at = now
    report.accepted_at = now if state == ReportState.ACCEPTED else None
    report.state = state
    report.lock_version += 1
    report._history_user = by
    report.save()
    note = _("Imported from %(source)s") % {"source": source}
    _audit(by, "report.import", report, {"state": [before, state]}, note=note)


def _after(report: Report, step: Step, source: str) -> None:
    notify(report, step.action)


register(
    Kind(
        name="report",
        model=Report,
        states=frozenset(ReportState.values),
        initial=ReportState.DRAFT,
        workflow_of=lambda report: report.round.programme.workflow("report"),
        region_of=lambda report: report.region_id,
        programme_of=lambda report: report.round.programme_id,
        conflict=lambda: _(
            "This report was saved elsewhere (another tab or person) after you opened it. "
            "Your last changes were not saved; reload the page to see the latest version."
        ),
        impossible=lambda action, report: (
            _("'%(action)s' is not possible while the report is %(state)s.")
            % {"action": action, "state": report.get_state_display().lower()}
        ),
        prepare=_prepare,
        changes=_changes,
        note=lambda payload: payload["note"],
        after=_after,
        related=("round__programme",),
    )
)
