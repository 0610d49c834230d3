"""One plan: its page, with the workflow steps the engine offers, and taking a step."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts.constants import Role
from sectorplan.accounts.selectors import memberships_of
from sectorplan.core.errors import Refused
from sectorplan.core.forms import error_summary
from sectorplan.core.office import office_program
from sectorplan.plans import checks, selectors, services
from sectorplan.plans.constants import ExtensionState, PlanState
from sectorplan.plans.forms import AttachmentForm, action_form
from sectorplan.plans.labels import section_label
from sectorplan.plans.models import Plan, Settlement
from sectorplan.plans.views.common import is_region_contact, load_plan, render_page, visible_plan
from sectorplan.programmes.models import Programme
from sectorplan.programmes.visibility import programme_for, region_for
from sectorplan.workflow.history import step_history


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


def render_detail(
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
    refusal = selectors.edit_refusal(plan)
    editable = not refusal
    is_contact = is_region_contact(user, plan.region_id)
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
        (comment, section_label(comment.section))
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
        "source_labels": dict(programme.cofinancing_source_choices()),
        "totals": totals,
        "allocation": allocation,
        "cofinancing_needed": cofinancing_needed,
        "money_problems": money_problems,
        "missing": missing,
        "editable": editable,
        "refusal": refusal,
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
    return render_page(request, "plans/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_detail(request, slug, code):
    programme = programme_for(request.user, slug)
    region = region_for(request.user, programme, code)
    plan = visible_plan(request.user, programme, region)
    if plan is None:
        if not is_region_contact(request.user, region.pk):
            started = Plan.objects.filter(programme=programme, region=region).exists()
            return render_page(
                request,
                "plans/not_started.html",
                {"programme": programme, "region": region, "started": started},
            )
        plan = services.plan_for_region(programme=programme, region=region)
        plan.programme, plan.region = programme, region
    return render_detail(request, programme, plan)


@login_required
@require_POST
def plan_action(request, slug, code, action):
    programme, plan = load_plan(request, slug, code)
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
    plan = visible_plan(request.user, programme, plan.region)
    return render_detail(
        request, programme, plan, failed_action=action, failed_form=form, errors=errors
    )
