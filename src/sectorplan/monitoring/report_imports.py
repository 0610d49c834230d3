"""The import side of reports (`import-responses`): starting many reports at once, and
bringing reports to a state as a recorded import, in bulk with the same history and audit
records as one at a time."""

from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.bulk import CHANGED, CREATED, history_copy
from sectorplan.core.errors import Refused
from sectorplan.monitoring.constants import (
    EDITABLE_STATES,
    ReportState,
)
from sectorplan.monitoring.models import (
    Report,
)
from sectorplan.monitoring.report_flow import audit_record
from sectorplan.monitoring.signals import reports_written
from sectorplan.plans.models import Plan
from sectorplan.programmes.models import Region, Round


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
    created = Report.objects.bulk_create(
        [
            Report(
                round=round_,
                region=region,
                plan_id=plans.get(region.pk),
                questionnaire=questionnaire,
            )
            for region in missing
        ],
        batch_size=1000,
    )
    _history(created, by=by)
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
    _history(reports, by=by, kind=CHANGED)


def _history(reports: list[Report], *, by, kind: str = CREATED) -> None:
    """The reports' history records, written by the database, 1,000 reports a statement."""
    for start in range(0, len(reports), 1000):
        pks = [report.pk for report in reports[start : start + 1000]]
        history_copy(Report.objects.filter(pk__in=pks), by=by, kind=kind)


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
    audit_record(by, "report.import", report, {"state": [before, state]}, note=note)
