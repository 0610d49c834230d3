"""`sectorplan send-reminders`, run daily by cron: e-mail the contacts of reports that are
not yet submitted, on the round's reminder days (days relative to the deadline, negative
before it). A region gets at most one reminder per round per day, however often it runs."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.selectors import emails_of
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.models import Reminder, Report
from sectorplan.monitoring.selectors import asked_region_ids
from sectorplan.programmes.constants import ProgrammeStatus, RoundState
from sectorplan.programmes.models import Round

DONE = frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED})


def reminders_send(*, today: date) -> list[Reminder]:
    sent = []
    rounds = (
        Round.objects.filter(state=RoundState.OPEN, deadline__isnull=False)
        .exclude(programme__status=ProgrammeStatus.CLOSED)  # an ended programme waits for nobody
        .select_related("programme")
    )
    for round_ in rounds:
        days = (today - round_.deadline).days
        if days not in round_.reminder_days:
            continue
        already = set(
            Reminder.objects.filter(round=round_, sent_on=today).values_list("region_id", flat=True)
        )
        fills_in = round_.programme.workflow("report").roles_of("submit")
        for region in waited_for(round_):
            if region.pk in already:
                continue
            recipients = emails_of(fills_in, region.pk)
            if not recipients:
                continue
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        round=round_,
                        region=region,
                        sent_on=today,
                        days_from_deadline=days,
                        recipients=", ".join(recipients),
                    )
            except IntegrityError:
                continue  # another run sent it a moment ago
            with translation.override(settings.LANGUAGE_CODE):  # e-mails in the site language
                _mail(round_, region, recipients, days)
            sent.append(reminder)
    return sent


def _mail(round_: Round, region, recipients: list[str], days: int) -> None:
    url = settings.SECTORPLAN_BASE_URL.rstrip("/") + reverse(
        "report-detail", args=[round_.programme.slug, round_.code, region.code]
    )
    deadline = date_format(round_.deadline, "j F Y")
    if days < 0:
        when = _("The deadline is %(deadline)s.") % {"deadline": deadline}
    else:
        when = _("The deadline was %(deadline)s.") % {"deadline": deadline}
    send_mail(
        subject=_("Reminder: %(round)s for %(region)s")
        % {"round": round_.label, "region": region.name},
        message=_(
            "The report of %(region)s for '%(round)s' has not been submitted yet. %(when)s\n"
            "You can fill it in here:\n%(url)s"
        )
        % {"region": region.name, "round": round_.label, "when": when, "url": url},
        from_email=None,
        recipient_list=recipients,
    )


def late_regions(round_: Round, *, today: date) -> list:
    """The regions of an open round past its deadline whose report is not in (`waited_for`):
    whom "remind every late region" reaches (nobody once the programme has ended)."""
    if (
        round_.programme.is_closed
        or not round_.is_open
        or round_.deadline is None
        or today <= round_.deadline
    ):
        return []
    return waited_for(round_)


def waited_for(round_: Round) -> list:
    """The regions whose report of the round is not in yet, in code order: those asked to
    report (a granted plan, or a report begun) and not submitted. A region without a granted
    plan is not asked, so it is never reminded."""
    reports = dict(Report.objects.filter(round=round_).values_list("region_id", "state"))
    asked = asked_region_ids(round_.programme) | set(reports)
    return [
        p.region
        for p in round_.programme.participations.select_related("region").order_by("region__code")
        if p.region_id in asked and reports.get(p.region_id) not in DONE
    ]


@transaction.atomic
def reminders_send_late(*, round_: Round, by, today: date) -> list[Reminder]:
    """The office's bulk step: remind every late region now, once a day at most (a region
    that got a reminder today, by cron or by hand, is skipped). Each reminder is an audit
    event."""
    fills_in = round_.programme.workflow("report").roles_of("submit")
    already = set(
        Reminder.objects.filter(round=round_, sent_on=today).values_list("region_id", flat=True)
    )
    days = (today - round_.deadline).days if round_.deadline else 0
    sent = []
    for region in late_regions(round_, today=today):
        recipients = emails_of(fills_in, region.pk)
        if region.pk in already or not recipients:
            continue
        reminder = Reminder.objects.create(
            round=round_,
            region=region,
            sent_on=today,
            days_from_deadline=days,
            recipients=", ".join(recipients),
        )
        audit.record(
            by,
            "round.remind_late",
            round_,
            {"reminder": ["", f"{region.code}: {', '.join(recipients)}"]},
            programme_id=round_.programme_id,
            region_id=region.pk,
        )
        sent.append(reminder)

        def mail(region=region, recipients=recipients):
            with translation.override(settings.LANGUAGE_CODE):
                _mail(round_, region, recipients, days)

        transaction.on_commit(mail)
    return sent
