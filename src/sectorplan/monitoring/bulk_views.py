"""The office's bulk steps on a round, each with a confirmation page that lists what will
happen before anything does: remind every late region, accept several submitted reports."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from sectorplan.accounts.selectors import emails_of
from sectorplan.core.errors import Refused
from sectorplan.monitoring import bulk, reminders
from sectorplan.programmes.models import Round
from sectorplan.programmes.visibility import programme_for


def _office_round(request, slug: str, round_code: str) -> Round:
    programme = programme_for(request.user, slug)
    round_ = get_object_or_404(Round, programme=programme, code=round_code)
    round_.programme = programme
    if not rules.has_perm("monitoring.manage_rounds", request.user):
        raise PermissionDenied
    return round_


@login_required
@require_http_methods(["GET", "POST"])
def remind_late(request, slug, round_code):
    round_ = _office_round(request, slug, round_code)
    today = timezone.localdate()
    if request.method == "POST" and request.POST.get("confirm") == "1":
        sent = reminders.reminders_send_late(round_=round_, by=request.user, today=today)
        messages.success(
            request,
            ngettext(
                "A reminder was sent to %(count)d region.",
                "A reminder was sent to %(count)d regions.",
                len(sent),
            )
            % {"count": len(sent)},
        )
        return redirect("round-detail", slug=slug, round_code=round_.code)
    fills_in = round_.programme.workflow("report").roles_of("submit")
    sent_today = set(round_.reminders.filter(sent_on=today).values_list("region_id", flat=True))
    rows = [
        {
            "region": region,
            "recipients": emails_of(fills_in, region.pk),
            "sent_today": region.pk in sent_today,
        }
        for region in reminders.late_regions(round_, today=today)
    ]
    return render(
        request,
        "monitoring/bulk_remind.html",
        {
            "programme": round_.programme,
            "round": round_,
            "rows": rows,
            "to_send": sum(1 for row in rows if row.get("recipients") and not row["sent_today"]),
            "days_late": (today - round_.deadline).days if round_.deadline else 0,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept_many(request, slug, round_code):
    """GET: the submitted reports to choose from. POST without `confirm`: the confirmation,
    listing the chosen reports. POST with `confirm`: accept them."""
    round_ = _office_round(request, slug, round_code)
    submitted = list(bulk.reports_to_accept(round_)[: bulk.MAX_REPORTS])
    chosen_ids = {int(pk) for pk in request.POST.getlist("report") if pk.isdigit()}
    errors = []
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            accepted = bulk.reports_accept(
                round_=round_, report_ids=sorted(chosen_ids), by=request.user
            )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d report was accepted.",
                    "%(count)d reports were accepted.",
                    len(accepted),
                )
                % {"count": len(accepted)},
            )
            return redirect("round-detail", slug=slug, round_code=round_.code)
    confirming = request.method == "POST" and not errors
    chosen = [report for report in submitted if report.pk in chosen_ids]
    if confirming and not chosen:
        errors = [_("Choose at least one report to accept.")]
        confirming = False
    return render(
        request,
        "monitoring/bulk_accept.html",
        {
            "programme": round_.programme,
            "round": round_,
            "submitted": submitted,
            "chosen": chosen,
            "chosen_ids": chosen_ids,
            "confirming": confirming,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
