"""The "History" tab of an object page and the office's export of the whole trail."""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from sectorplan.accounts import audit
from sectorplan.accounts.models import AuditEvent
from sectorplan.accounts.rules import is_programme_office


@dataclass(frozen=True)
class Line:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    action: str
    lines: list[Line]


def entries(events, model: type[models.Model], actions: dict[str, str]) -> list[Entry]:
    """Events as a history page shows them: the action's label from `actions` (its code when
    it has none), fields named as the model names them, choices by their label."""
    result = []
    for event in events:
        lines = []
        for key, (old, new) in event.changes.items():
            field = _field(model, key)
            if field is not None and field.choices:
                choices = {str(value): str(label) for value, label in field.flatchoices}
                old, new = choices.get(old, old), choices.get(new, new)
            label = str(field.verbose_name) if field is not None else key
            lines.append(Line(label[:1].upper() + label[1:], old, new))
        result.append(Entry(event, actions.get(event.action, event.action), lines))
    return result


def _field(model, key: str):
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


#: Labels of the actions services record; workflow steps bring their own labels.
ACTIONS = {
    "plan.update": _("General part changed"),
    "plan.activity_add": _("Activity added"),
    "plan.activity_change": _("Activity changed"),
    "plan.activity_delete": _("Activity deleted"),
    "plan.attachment_add": _("Attachment added"),
    "plan.import": _("Imported"),
    "report.start": _("Report started"),
    "report.save": _("Answers saved"),
    "report.import": _("State set by import"),
    "report.import_answers": _("Answers imported"),
    "round.state": _("Round opened or closed"),
    "round.questionnaire": _("New questionnaire version"),
    "programme.create": _("Programme created"),
    "programme.basis_import": _("Allocation basis imported"),
    "programme.allocation_publish": _("Allocation published"),
    "programme.report_text": _("Text of the national report changed"),
}


def history_page(
    request, obj, *, subject: str, trail, main_url: str, main_label: str, actions=None
):
    """The "History" page of an object: the caller has checked that the user may see it."""
    labels = {**ACTIONS, **(actions or {})}
    return render(
        request,
        "history.html",
        {
            "subject": subject,
            "trail": trail,
            "main_url": main_url,
            "main_label": main_label,
            "entries": entries(audit.events_for(obj), type(obj), labels),
        },
    )


class PeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period ends before it starts."))
        return data


@login_required
@require_http_methods(["GET", "HEAD"])
def trail_export(request):
    """The office downloads the trail of a period as CSV (a form first, with the count)."""
    if not is_programme_office(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    if "starts_on" in request.GET:
        form = PeriodForm(request.GET)
    else:
        form = PeriodForm(initial={"starts_on": today - timedelta(days=30), "ends_on": today})
    if form.is_bound and form.is_valid() and request.GET.get("download"):
        starts_on, ends_on = form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
        response = HttpResponse(
            audit.to_csv(audit.events_between(starts_on, ends_on)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="audittrail-{starts_on:%Y%m%d}-{ends_on:%Y%m%d}.csv"'
        )
        return response
    count = None
    if form.is_bound and form.is_valid():
        count = audit.events_between(
            form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
        ).count()
    return render(
        request,
        "accounts/trail_export.html",
        {"form": form, "count": count, "total": AuditEvent.objects.count()},
    )
