"""The plan pages: the overview of all regions, one plan with its workflow actions, the
forms that write the plan, attachments and the changes between versions.

Visibility: a plan the user may not see answers 404 (another region's plan looks like no
plan at all); a plan the user sees but may not change answers 403 on its forms, and a
workflow step the table does not allow is refused by the service with its message.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts import history
from sectorplan.accounts.constants import Role
from sectorplan.accounts.rules import sees_every_region
from sectorplan.accounts.selectors import memberships_of
from sectorplan.core.errors import Refused
from sectorplan.core.forms import error_summary
from sectorplan.core.office import office_program
from sectorplan.core.views import stored_file_response
from sectorplan.plans import checks, letters, selectors, services
from sectorplan.plans.constants import (
    EDITABLE_STATES,
    SUBMITTED_OR_LATER,
    CofinancingSource,
    ExtensionState,
    PlanState,
)
from sectorplan.plans.forms import (
    GENERAL_SECTION,
    ActivityForm,
    AttachmentForm,
    BudgetLineFormSet,
    LockedForm,
    PlanForm,
    action_form,
    budget_line_initial,
)
from sectorplan.plans.models import Activity, Plan, Settlement
from sectorplan.plans.snapshots import snapshot_changes
from sectorplan.programmes.constants import OrganisationKind, ProgrammeStatus
from sectorplan.programmes.models import ActivityType, Organisation, Programme, Region
from sectorplan.programmes.selectors import allocation_published
from sectorplan.programmes.visibility import own_regions, programme_for, region_for
from sectorplan.workflow.history import step_history

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- Finding things, with the visibility rules ------------------------------------------


def _visible_plan(user, programme: Programme, region: Region) -> Plan | None:
    plan = selectors.plans_visible_to(user, programme).filter(region=region).first()
    if plan is not None:
        plan.programme, plan.region = programme, region
    return plan


def _load(request, slug: str, code: str) -> tuple[Programme, Plan]:
    """The programme and the plan at this URL; 404 when the user may not see the plan."""
    programme = programme_for(request.user, slug)
    region = region_for(request.user, programme, code)
    plan = _visible_plan(request.user, programme, region)
    if plan is None:
        raise Http404
    return programme, plan


def _is_region_contact(user, region_id: int) -> bool:
    return any(
        m.acts_as == Role.REGION_CONTACT and m.region_id == region_id for m in memberships_of(user)
    )


def _require_region_contact(user, plan: Plan) -> None:
    if not _is_region_contact(user, plan.region_id):
        raise PermissionDenied


def _render(request, template: str, context: dict, status: int = 200):
    context["sees_all"] = sees_every_region(request.user)
    return render(request, template, context, status=status)


def _detail_url(plan: Plan) -> str:
    return reverse("plan-detail", args=[plan.programme.slug, plan.region.code])


# --- Overview -----------------------------------------------------------------------------


@dataclass
class OverviewRow:
    region: Region
    plan: Plan | None
    allocation_subsidy: Decimal | None
    allocation_cofinancing: Decimal | None
    days_late: int | None

    @property
    def over_allocation(self) -> bool:
        return bool(
            self.plan
            and self.allocation_subsidy is not None
            and self.plan.total_subsidy > self.allocation_subsidy
        )


def _days_late(deadline: date | None, today: date, plan: Plan | None) -> int | None:
    """Days past the plan deadline of a plan that never reached the office (or none at all)."""
    if deadline is None or today <= deadline:
        return None
    if plan is not None and (plan.ever_submitted or plan.state in SUBMITTED_OR_LATER):
        return None
    return (today - deadline).days


@login_required
def plan_overview(request, slug):
    programme = programme_for(request.user, slug)
    if not sees_every_region(request.user):
        own = own_regions(request.user, programme)
        return redirect("plan-detail", slug=programme.slug, code=own[0].code)

    plans = {plan.region_id: plan for plan in selectors.plans_for_overview(programme)}
    allocation = allocation_published(programme)
    lines = {row.region.pk: row for row in allocation.rows} if allocation else {}
    today = timezone.localdate()
    # A closed programme is history: no deadline runs late (was: 4113 days on the 2015 demo).
    deadline = programme.plan_deadline if programme.status != ProgrammeStatus.CLOSED else None
    rows = []
    for participation in programme.participations.select_related("region").order_by("region__code"):
        region = participation.region
        plan = plans.get(region.pk)
        line = lines.get(region.pk)
        rows.append(
            OverviewRow(
                region=region,
                plan=plan,
                allocation_subsidy=line.subsidy if line else None,
                allocation_cofinancing=line.cofinancing if line else None,
                days_late=_days_late(deadline, today, plan),
            )
        )

    def total(attribute: str) -> Decimal:
        return sum((getattr(p, attribute) or Decimal(0) for p in plans.values()), Decimal(0))

    totals = {
        "subsidy": total("total_subsidy"),
        "cofinancing": total("total_cofinancing"),
        "granted": total("granted_amount"),
        "paid": total("paid_amount"),
        "settled": total("settled_amount"),
        "allocation": allocation.total_subsidy if allocation else None,
    }
    return _render(
        request,
        "plans/overview.html",
        {
            "programme": programme,
            "rows": rows,
            "totals": totals,
            "submitted_count": sum(1 for p in plans.values() if p.state in SUBMITTED_OR_LATER),
            "late_count": sum(1 for row in rows if row.days_late),
            "companies_in_no_plan": list(selectors.companies_in_no_plan(programme)),
            "today": today,
        },
    )


# --- One plan -------------------------------------------------------------------------------


def _group_by_theme(activities) -> list[tuple]:
    """[(theme, [activity, ...], subsidy, cofinancing)] in the programme's theme order."""
    groups = defaultdict(list)
    for activity in activities:
        activity.subsidy = sum((line.subsidy for line in activity.budget_lines.all()), Decimal(0))
        activity.cofinancing = sum(
            (line.cofinancing for line in activity.budget_lines.all()), Decimal(0)
        )
        groups[activity.activity_type.theme].append(activity)
    return [
        (
            theme,
            items,
            sum((a.subsidy for a in items), Decimal(0)),
            sum((a.cofinancing for a in items), Decimal(0)),
        )
        for theme, items in sorted(groups.items(), key=lambda item: item[0].position)
    ]


def _section_label(section: str) -> str:
    """A comment's section: a known part of the plan by its key, else an activity's title."""
    known = {
        GENERAL_SECTION: _("The plan in general"),
        "companies": _("Participating SW companies"),
        "contact": _("Contact person"),
        "activities": _("Activities"),
        "budget": _("Budget"),
    }
    return known.get(section, section)


def _render_detail(
    request,
    programme: Programme,
    plan: Plan,
    *,
    failed_action: str | None = None,
    failed_form=None,
    errors=(),
    attachment_form=None,
    status: int = 200,
):
    user = request.user
    activities = list(
        plan.activities.select_related("activity_type__theme").prefetch_related("budget_lines")
    )
    totals = selectors.plan_totals(plan)
    allocation = selectors.plan_allocation(plan)
    money_problems = checks.money(plan)
    editable = plan.state in EDITABLE_STATES
    is_contact = _is_region_contact(user, plan.region_id)
    missing = [m for m in checks.completeness(plan) if m not in money_problems] if editable else []
    versions = list(plan.versions.defer("snapshot").select_related("submitted_by"))
    decisions = list(plan.decisions.select_related("decided_by", "version"))
    all_advices = list(plan.advices.select_related("organisation", "author", "version"))
    advices, advices_kept_back = selectors.advices_visible_to(user, all_advices, decisions)
    payments = list(plan.payments.select_related("registered_by"))
    paid = sum((p.amount for p in payments), Decimal(0))
    settlement = Settlement.objects.filter(plan=plan).select_related("settled_by").first()
    extensions = list(plan.extensions.select_related("requested_by", "decided_by"))
    pending_extension = next((e for e in extensions if e.state == ExtensionState.REQUESTED), None)
    granted = next((d for d in reversed(decisions) if d.granted), None)

    current_version = versions[-1] if versions else None
    parties = {
        m.organisation_id
        for m in memberships_of(user)
        if m.acts_as in {Role.ASSESSOR, Role.PROGRAMME_OFFICE}
    }
    own_advice = next(
        (
            a
            for a in all_advices
            if current_version
            and a.version_id == current_version.pk
            and a.organisation_id in parties
        ),
        None,
    )
    actions = []
    # Exactly the steps the engine offers this user now.
    for step in selectors.steps_offered_to(user, plan):
        if step.action == failed_action and failed_form is not None:
            form = failed_form
        else:
            form = action_form(step.action, plan, activities)
        actions.append((step, form))
    shown = failed_action in {step.action for step, _form in actions}

    if attachment_form is not None:
        summary = error_summary(errors, attachment_form)
    else:
        summary = error_summary(
            errors, failed_form, shown, anchor=f"#action-{failed_action}" if shown else None
        )
    cofinancing_needed = totals.subsidy * programme.cofinancing_ratio
    events = step_history(plan)
    labels = programme.workflow("plan").labels
    comments = [
        (comment, _section_label(comment.section))
        for comment in plan.comments.select_related("author", "version")
    ]
    # Sent back: what was asked goes on top, where the region starts its work.
    sent_back = None
    if plan.state == PlanState.CHANGES_REQUESTED:
        sent_back = next(
            (e for e in reversed(events) if e.to_state == PlanState.CHANGES_REQUESTED), None
        )
    asked = [
        (comment, section)
        for comment, section in comments
        if sent_back and current_version and comment.version_id == current_version.pk
    ]
    context = {
        "programme": programme,
        "plan": plan,
        "companies": list(plan.companies.all()),
        "themes": _group_by_theme(activities),
        "activities": activities,
        "totals": totals,
        "allocation": allocation,
        "cofinancing_needed": cofinancing_needed,
        "money_problems": money_problems,
        "missing": missing,
        "editable": editable,
        "can_edit": editable and is_contact,
        "is_region_contact": is_contact,
        "comments": comments,
        "sent_back": sent_back,
        "asked": asked,
        "advices": advices,
        "advices_kept_back": advices_kept_back,
        "own_advice": own_advice,
        "decisions": decisions,
        "letter_pdf_available": office_program() is not None,
        "granted": granted,
        "payments": payments,
        "paid": paid,
        "settlement": settlement,
        "reclaim": settlement.to_reclaim(paid) if settlement else None,
        "extensions": extensions,
        "pending_extension": pending_extension,
        "versions": versions,
        "events": [(event, labels.get(event.action, event.action)) for event in events],
        "attachments": list(plan.attachments.select_related("uploaded_by")),
        "targets": list(plan.targets.select_related("indicator")),
        "attachment_form": attachment_form or AttachmentForm(auto_id="id_attachment_%s"),
        "actions": actions,
        "summary": summary,
        "failed_action": failed_action,
    }
    return _render(request, "plans/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_detail(request, slug, code):
    programme = programme_for(request.user, slug)
    region = region_for(request.user, programme, code)
    plan = _visible_plan(request.user, programme, region)
    if plan is None:
        if not _is_region_contact(request.user, region.pk):
            started = Plan.objects.filter(programme=programme, region=region).exists()
            return _render(
                request,
                "plans/not_started.html",
                {"programme": programme, "region": region, "started": started},
            )
        plan = services.plan_for_region(programme=programme, region=region)
        plan.programme, plan.region = programme, region
    return _render_detail(request, programme, plan)


@login_required
@require_POST
def plan_action(request, slug, code, action):
    programme, plan = _load(request, slug, code)
    if action not in programme.workflow("plan").actions:
        raise Http404
    activities = list(plan.activities.all())
    form = action_form(action, plan, activities, data=request.POST)
    errors = []
    if form.is_valid():
        try:
            plan = services.plan_transition(
                plan=plan,
                action=action,
                by=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.payload(),
            )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Done: %(step)s. The plan is now '%(state)s'.")
                % {
                    "step": programme.workflow("plan").labels[action],
                    "state": plan.get_state_display(),
                },
            )
            return redirect("plan-detail", slug=programme.slug, code=plan.region.code)
    plan = _visible_plan(request.user, programme, plan.region)
    return _render_detail(
        request, programme, plan, failed_action=action, failed_form=form, errors=errors
    )


# --- Writing the plan ---------------------------------------------------------------------


def _not_editable_redirect(request, plan: Plan):
    messages.error(
        request,
        _("The plan cannot be edited in the state '%(state)s'.")
        % {"state": plan.get_state_display()},
    )
    return redirect(_detail_url(plan))


def _region_companies(plan: Plan):
    return Organisation.objects.filter(
        kind=OrganisationKind.SW_COMPANY, regions=plan.region_id
    ).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug, code):
    programme, plan = _load(request, slug, code)
    _require_region_contact(request.user, plan)
    companies = _region_companies(plan)
    indicators = list(programme.indicators.all())
    errors = []
    if request.method == "POST":
        form = PlanForm(
            request.POST, programme=programme, companies=companies, indicators=indicators
        )
        if form.is_valid():
            try:
                services.plan_update(
                    plan=plan,
                    by=request.user,
                    lock_version=form.cleaned_data["lock_version"],
                    **form.update_kwargs(),
                )
            except Refused as exc:
                errors = exc.errors
            else:
                messages.success(request, _("The plan has been saved."))
                return redirect(_detail_url(plan))
    elif plan.state not in EDITABLE_STATES:
        return _not_editable_redirect(request, plan)
    else:
        form = PlanForm(
            initial=PlanForm.initial_for(plan),
            programme=programme,
            companies=companies,
            indicators=indicators,
        )
    return _render(
        request,
        "plans/plan_form.html",
        {
            "programme": programme,
            "plan": plan,
            "form": form,
            "summary": error_summary(errors, form),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_form(request, slug, code, pk=None):
    programme, plan = _load(request, slug, code)
    _require_region_contact(request.user, plan)
    activity = None
    if pk is not None:
        activity = get_object_or_404(
            plan.activities.select_related("activity_type").prefetch_related("budget_lines"),
            pk=pk,
        )
    errors, line_errors = [], []
    if request.method == "POST":
        form = ActivityForm(request.POST, programme=programme)
        lines = BudgetLineFormSet(
            request.POST,
            prefix="lines",
            form_kwargs={"default_source": plan.programme.default_cofinancing_source},
        )
        if form.is_valid() and lines.is_valid():
            try:
                services.activity_save(
                    plan=plan,
                    by=request.user,
                    lock_version=form.cleaned_data["lock_version"],
                    activity=activity,
                    data=form.activity_data(),
                    budget_lines=lines.lines(),
                )
            except Refused as exc:
                errors = exc.errors
            else:
                messages.success(request, _("The activity has been saved."))
                return redirect(_detail_url(plan))
        errors += [str(error) for error in lines.non_form_errors()]
        for index, line_form in enumerate(lines.forms, 1):
            for name, field_errors in line_form.errors.items():
                line_errors += [
                    (
                        _("Budget line %(number)d, %(field)s: %(error)s")
                        % {"number": index, "field": line_form[name].label, "error": error},
                        f"#{line_form[name].auto_id}",
                    )
                    for error in field_errors
                ]
    elif plan.state not in EDITABLE_STATES:
        return _not_editable_redirect(request, plan)
    else:
        form = ActivityForm(initial=ActivityForm.initial_for(plan, activity), programme=programme)
        lines = BudgetLineFormSet(
            initial=budget_line_initial(activity),
            prefix="lines",
            form_kwargs={"default_source": plan.programme.default_cofinancing_source},
        )
    return _render(
        request,
        "plans/activity_form.html",
        {
            "programme": programme,
            "plan": plan,
            "activity": activity,
            "form": form,
            "lines": lines,
            "summary": error_summary(errors, form) + line_errors,
        },
    )


@login_required
@require_POST
def activity_delete(request, slug, code, pk):
    _programme, plan = _load(request, slug, code)
    _require_region_contact(request.user, plan)
    activity = get_object_or_404(plan.activities, pk=pk)
    form = LockedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete; reload the page and try again."))
        return redirect(_detail_url(plan))
    try:
        services.activity_delete(
            plan=plan,
            by=request.user,
            lock_version=form.cleaned_data["lock_version"],
            activity=activity,
        )
    except Refused as exc:
        for error in exc.errors:
            messages.error(request, error)
    else:
        messages.success(
            request, _("The activity '%(title)s' has been deleted.") % {"title": activity.title}
        )
    return redirect(_detail_url(plan))


# --- Attachments ----------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request, slug, code):
    programme, plan = _load(request, slug, code)
    _require_region_contact(request.user, plan)
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_attachment_%s")
    if not form.is_valid():
        return _render_detail(request, programme, plan, attachment_form=form)
    try:
        attachment = services.attachment_add(
            plan=plan,
            by=request.user,
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["name"],
            content_type=form.cleaned_data["content_type"],
        )
    except Refused as exc:
        return _render_detail(request, programme, plan, errors=exc.errors, attachment_form=form)
    messages.success(
        request, _("The attachment '%(name)s' has been added.") % {"name": attachment.name}
    )
    return redirect(_detail_url(plan))


@login_required
@require_http_methods(["GET", "HEAD"])
def attachment_download(request, slug, code, pk):
    _programme, plan = _load(request, slug, code)
    return stored_file_response(get_object_or_404(plan.attachments, pk=pk))


@login_required
def decision_letter(request, slug, code, pk, fmt):
    """The decision letter (beschikking) as DOCX, or PDF where LibreOffice is installed."""
    _programme, plan = _load(request, slug, code)
    decision = get_object_or_404(plan.decisions.select_related("plan__region"), pk=pk)
    filename = f"beschikking-{plan.programme.slug}-{plan.region.code}-{decision.pk}"
    if fmt == "pdf":
        content = letters.decision_letter_pdf(decision)
        if content is None:
            raise Http404
        return HttpResponse(
            content,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}.pdf"'},
        )
    return HttpResponse(
        letters.decision_letter_docx(decision),
        content_type=DOCX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}.docx"'},
    )


# --- Versions -------------------------------------------------------------------------------


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
    programme, plan = _load(request, slug, code)
    detail = _detail_url(plan)
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
        values={
            "activity_type": {t.code: t.label for t in programme.activity_types.all()},
            "cofinancing_source": dict(CofinancingSource.choices),
        },
    )


@login_required
def plan_version_diff(request, slug, code, number):
    programme, plan = _load(request, slug, code)
    version = get_object_or_404(plan.versions.select_related("submitted_by"), number=number)
    previous = plan.versions.filter(number__lt=number).order_by("-number").first()
    changes = snapshot_changes(previous.snapshot if previous else {}, version.snapshot)
    type_labels = {t.code: t.label for t in ActivityType.objects.filter(programme=programme)}
    return _render(
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
