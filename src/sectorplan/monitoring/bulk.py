"""The office's bulk steps on a round: remind every late region (`reminders_send_late`),
and accept several submitted reports at once. Each takes the same step as on one report,
through the same service, so the guards, the audit trail and the e-mails are those of the
single step; the bulk step itself is one transaction (all or nothing)."""

from django.db import transaction
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.errors import Refused
from sectorplan.monitoring import report_flow
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.models import Report
from sectorplan.programmes.models import Round

#: At most this many reports in one bulk step (a programme has tens of regions).
MAX_REPORTS = 500


def reports_to_accept(round_: Round):
    """The round's submitted reports, in region order: what bulk accept offers."""
    return (
        Report.objects.filter(round=round_, state=ReportState.SUBMITTED)
        .select_related("region")
        .order_by("region__code")
    )


@transaction.atomic
def reports_accept(*, round_: Round, report_ids: list[int], by) -> list[Report]:
    """Accept the chosen submitted reports of the round; refused as a whole when one of
    them cannot be accepted (no longer submitted, another round, not the office)."""
    if not report_ids:
        raise Refused(_("Choose at least one report to accept."))
    if len(report_ids) > MAX_REPORTS:
        raise Refused(_("At most %(n)d reports at once.") % {"n": MAX_REPORTS})
    reports = list(
        reports_to_accept(round_).filter(pk__in=report_ids).select_related("round__programme")
    )
    missing = set(report_ids) - {report.pk for report in reports}
    if missing:
        raise Refused(
            _(
                "%(n)d of the chosen reports can no longer be accepted (changed meanwhile); "
                "nothing was accepted."
            )
            % {"n": len(missing)}
        )
    accepted = [
        report_flow.report_transition(report=report, action="accept", by=by) for report in reports
    ]
    audit.record(
        by,
        "round.bulk_accept",
        round_,
        {"accepted": ["", ", ".join(report.region.code for report in accepted)]},
        programme_id=round_.programme_id,
    )
    return accepted
