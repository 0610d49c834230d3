"""Filling in a report: `report_save` stores the typed input the report page and the API
read (`report_input.ReportInput`), as far as it read, and returns what did not."""

import rules
from django.db import transaction
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.errors import Refused
from sectorplan.monitoring.answer_store import answer_key, answer_store
from sectorplan.monitoring.constants import (
    EDITABLE_STATES,
    AnswerSource,
)
from sectorplan.monitoring.models import (
    ActivityProgress,
    Answer,
    IndicatorValue,
    Report,
)
from sectorplan.monitoring.report_flow import audit_record
from sectorplan.monitoring.report_input import (
    FileInput,
    IndicatorInput,
    ProgressInput,
    ReportInput,
)
from sectorplan.monitoring.selectors import Contents, Item, contents_of
from sectorplan.workflow import lock


def _require_editable(report: Report, by) -> None:
    report.round.programme.refuse_if_closed()
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
    if not rules.has_perm("monitoring.edit_report", by, report):
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
        audit_record(by, "report.save", report, changes)
    return report, dict(given.errors)


def _save_file(contents: Contents, item: Item, given: FileInput, by, changes) -> None:
    existing = contents.answers.get(item.slot)
    if given.clear:
        if existing is not None:
            changes[answer_key(item)] = [existing.file_name, ""]
            existing.file.delete(save=False)
            existing._history_user = by
            existing.delete()
        return
    changes[answer_key(item)] = [existing.file_name if existing else "", given.name]
    answer = existing or Answer(report=contents.report, question=item.question, theme=item.theme)
    if answer.file:
        answer.file.delete(save=False)
    answer.file.save(given.name, given.upload, save=False)
    answer.file_name, answer.file_type = given.name, given.content_type
    answer.updated_by = by
    answer._history_user = by
    answer.save()


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
