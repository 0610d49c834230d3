"""The "History" tab of an object page and the office's export of the whole trail."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from sectorplan.accounts import audit
from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import AuditEvent
from sectorplan.accounts.rules import is_programme_office
from sectorplan.core import dates
from sectorplan.core.templatetags.sectorplan import euro, number


@dataclass(frozen=True)
class Line:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    action: str
    role: str
    lines: list[Line]


#: The first word of a trail key that names a part of the object (see the services).
PARTS = {
    "activity": _("Activity"),
    "comment": _("Comment"),
    "target": _("Target"),
    "indicator": _("Indicator"),
    "subsidy": _("Subsidy"),
    "basis": _("Basis"),
    "text": _("Text"),
    "questionnaire": _("Questionnaire"),
}


def entries(
    events,
    parts_of: list[type[models.Model]],
    actions: dict[str, str],
    names: dict[str, str] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> list[Entry]:
    """Events as a history page shows them: the action's label from `actions` (its code when
    it has none), the role by its label, fields named as the models in `parts_of` name them
    (the object's own model first), choices by their label. Keys that are the programme's
    own codes (a question, a theme) are named by `names`; the codes a field or question
    holds (an activity type, a choice) by `values[name]`, a dict of labels or a function
    (`long_date`, `amount`); model date and decimal fields read as dates and numbers."""
    roles = dict(Role.choices)
    names, values = names or {}, values or {}
    result = []
    for event in events:
        lines = [
            _line(key, old, new, parts_of, names, values)
            for key, (old, new) in event.changes.items()
        ]
        role = ", ".join(str(roles.get(r, r)) for r in event.role.split(", ") if r)
        result.append(Entry(event, actions.get(event.action, event.action), role, lines))
    return result


def _line(key: str, old: str, new: str, parts_of, names, values) -> Line:
    """`title` → the field's name; `activity 12.title` → "Activity 12: title"; `target X` →
    "Target X"; a question code or `theme.field` by `names`; anything else as it is."""
    prefix = ""
    name = key
    first, _space, rest = key.partition(" ")
    if rest and first in PARTS:
        ident, _dot, name = rest.partition(".")
        prefix = f"{PARTS[first]} {names.get(ident, ident)}" + (": " if name else "")
        if not name:
            if ident in names:  # a part named by its label: "Comment: Budget"
                prefix = f"{PARTS[first]}: {names[ident]}"
            if first in values:  # the part's values, e.g. a region's subsidy in euros
                old, new = (_shown(values[first], v) for v in (old, new))
            return Line(prefix, old, new)
    field = next((f for f in (_field(m, name) for m in parts_of) if f is not None), None)
    if name in values:
        old, new = (_shown(values[name], v) for v in (old, new))
    elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        old, new = (_shown(long_date, v) for v in (old, new))
    elif isinstance(field, models.DecimalField):
        old, new = (_shown(decimal, v) for v in (old, new))
    if field is None:
        shown = ": ".join(names.get(part, part) for part in name.split("."))
        return Line(prefix + shown, old, new)
    if field.choices:
        choices = {str(value): str(label) for value, label in field.flatchoices}
        old, new = choices.get(old, old), choices.get(new, new)
    label = str(field.verbose_name)
    return Line(prefix + (label if prefix else label[:1].upper() + label[1:]), old, new)


def _shown(how: dict[str, str] | Callable[[str], str], value: str) -> str:
    """A value the trail keeps as plain text, as a page shows it: by a label from a dict, or
    formatted by a function; an empty value stays empty (the page shows "–")."""
    if not value:
        return value
    if callable(how):
        try:
            return how(value)
        except (ValueError, InvalidOperation):
            return value  # kept before the field had this form: shown as it was written
    return str(how.get(value, value))


def long_date(value: str) -> str:
    """`2016-12-31` (as the trail keeps a date) → "31 december 2016"."""
    return formats.date_format(dates.parse_date(value))


def amount(value: str) -> str:
    """`1259961` (as the trail keeps an amount) → "€ 1.259.961,00"."""
    return euro(Decimal(value))


def decimal(value: str) -> str:
    """`1234.5` → "1.234,5" (a target, a ratio: the caller names the amounts in euros)."""
    return number(Decimal(value))


def yes_no(value: str) -> str:
    return str({"true": _("Yes"), "false": _("No")}.get(value, value))


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
    "round.remind_late": _("Late region reminded"),
    "round.bulk_accept": _("Reports accepted together"),
    "programme.create": _("Programme created"),
    "programme.basis_import": _("Allocation basis imported"),
    "programme.allocation_publish": _("Allocation published"),
    "programme.report_text": _("Text of the national report changed"),
    "programme.setup": _("Set-up of the programme changed"),
}


def history_page(
    request,
    obj,
    *,
    subject: str,
    trail,
    main_url: str,
    main_label: str,
    actions=None,
    parts_of=(),
    names=None,
    values=None,
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
            "entries": entries(
                audit.events_for(obj), [type(obj), *parts_of], labels, names, values
            ),
        },
    )


class PeriodForm(forms.Form):
    starts_on = dates.DateField(label=_("From"))
    ends_on = dates.DateField(label=_("Until"))

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
