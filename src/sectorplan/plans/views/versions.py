"""A plan's history: its changes in readable form, and what changed between versions."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sectorplan.accounts import history
from sectorplan.plans.labels import history_names, history_values
from sectorplan.plans.models import Activity
from sectorplan.plans.snapshots import snapshot_changes
from sectorplan.plans.views.common import detail_url, load_plan, render_page
from sectorplan.programmes.models import ActivityType


def _field_labels() -> dict[str, str]:
    return {
        "title": _("Title"),
        "summary": _("Summary"),
        "contact_name": _("Contact person"),
        "contact_email": _("Contact e-mail"),
        "companies": _("Participating SW companies"),
        "ends_on": _("Carried out until"),
        "activity_type": _("Activity type"),
        "description": _("Description"),
        "target_group": _("Target group"),
        "people_per_year": _("Planned number of people per year"),
        "planned_results": _("Planned results"),
        "subsidy": _("Subsidy"),
        "cofinancing": _("Co-financing"),
    }


@dataclass
class Change:
    label: str
    before: object
    after: object
    kind: str  # "text", "money", "date", "list", "marker"


def _readable(changes, type_labels: dict[str, str]) -> list[Change]:
    """snapshot_changes' rows as people read them: labels in the active language, amounts as
    money, activity types by name."""
    labels = _field_labels()
    markers = {"added": _("added"), "removed": _("removed")}
    result = []
    for key, before, after in changes:
        field = key
        if key.startswith("activity: "):
            label = _("Activity '%(title)s'") % {"title": key.removeprefix("activity: ")}
            result.append(Change(label, markers.get(before), markers.get(after), "marker"))
            continue
        if key not in labels and ": " in key:
            title, field = key.rsplit(": ", 1)
            label = f"{title}: {labels.get(field, field)}"
        else:
            label = labels.get(key, key)
        kind = "text"
        if field in {"subsidy", "cofinancing"}:
            kind = "money"
            before, after = (Decimal(v) if v is not None else None for v in (before, after))
        elif field == "ends_on":
            kind = "date"
            before, after = (parse_date(v) if v else None for v in (before, after))
        elif field == "companies":
            kind = "list"
        elif field == "activity_type":
            before, after = (type_labels.get(v, v) for v in (before, after))
        result.append(Change(label, before, after, kind))
    return result


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_history(request, slug, code):
    programme, plan = load_plan(request, slug, code)
    detail = detail_url(plan)
    name = _("Plan %(region)s") % {"region": plan.region.name}
    return history.history_page(
        request,
        plan,
        subject=name,
        trail=[
            (reverse("home"), _("Programmes")),
            (reverse("programme-detail", args=[programme.slug]), programme.name),
            (detail, name),
        ],
        main_url=detail,
        main_label=_("Plan"),
        actions={f"plan.{a}": label for a, label in programme.workflow("plan").labels.items()},
        parts_of=[Activity],
        names=history_names(plan),
        values=history_values(programme),
    )


@login_required
def plan_version_diff(request, slug, code, number):
    programme, plan = load_plan(request, slug, code)
    version = get_object_or_404(plan.versions.select_related("submitted_by"), number=number)
    previous = plan.versions.filter(number__lt=number).order_by("-number").first()
    changes = snapshot_changes(previous.snapshot if previous else {}, version.snapshot)
    type_labels = {t.code: t.label for t in ActivityType.objects.filter(programme=programme)}
    return render_page(
        request,
        "plans/version_diff.html",
        {
            "programme": programme,
            "plan": plan,
            "version": version,
            "previous": previous,
            "changes": _readable(changes, type_labels),
        },
    )
