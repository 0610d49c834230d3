"""A report's life: starting it, and the steps of the programme's report workflow, which
runs on the engine (sectorplan.workflow). The guards and effects the table names are
registered here, with who is told of a step."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.selectors import emails_of
from sectorplan.core.errors import Refused
from sectorplan.monitoring.answer_store import answer_key
from sectorplan.monitoring.constants import (
    ReportState,
)
from sectorplan.monitoring.models import (
    Answer,
    Report,
    ReportComment,
)
from sectorplan.monitoring.selectors import Contents, contents_of
from sectorplan.plans.models import Plan
from sectorplan.programmes.models import Region, Round
from sectorplan.workflow import Step, effect, guard, register, transition
from sectorplan.workflow.engine import Kind


def report_start(*, round_: Round, region: Region, by=None, check_open: bool = True) -> Report:
    """The region's report in the round, made on first use with the newest questionnaire."""
    report = Report.objects.filter(round=round_, region=region).first()
    if report is not None:
        return report
    if check_open:
        round_.programme.refuse_if_closed()
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
    audit_record(by, "report.start", report, {"state": ["", report.state]})
    return report


def audit_record(by, action: str, report: Report, changes, note: str = "") -> None:
    audit.record(by, action, report, changes, note=note, programme_id=report.round.programme_id)


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
                return answer_key(item)
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
        closed=lambda report: report.round.programme.closed_refusal,
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
