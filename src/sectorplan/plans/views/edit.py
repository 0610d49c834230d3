"""The forms that write a plan: its general part, its activities with their budget lines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.core.errors import Refused
from sectorplan.core.forms import error_summary
from sectorplan.plans import selectors, services
from sectorplan.plans.forms import (
    ActivityForm,
    BudgetLineFormSet,
    LockedForm,
    PlanForm,
    budget_line_initial,
)
from sectorplan.plans.models import Plan
from sectorplan.plans.views.common import detail_url, load_plan, render_page, require_region_contact


def _not_editable_redirect(request, plan: Plan):
    messages.error(request, selectors.edit_refusal(plan))
    return redirect(detail_url(plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug, code):
    programme, plan = load_plan(request, slug, code)
    require_region_contact(request.user, plan)
    companies = selectors.participants_of_region(plan.programme, plan.region_id)
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
                return redirect(detail_url(plan))
    elif selectors.edit_refusal(plan):
        return _not_editable_redirect(request, plan)
    else:
        form = PlanForm(
            initial=PlanForm.initial_for(plan),
            programme=programme,
            companies=companies,
            indicators=indicators,
        )
    return render_page(
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
    programme, plan = load_plan(request, slug, code)
    require_region_contact(request.user, plan)
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
            form_kwargs={"programme": plan.programme},
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
                return redirect(detail_url(plan))
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
    elif selectors.edit_refusal(plan):
        return _not_editable_redirect(request, plan)
    else:
        form = ActivityForm(initial=ActivityForm.initial_for(plan, activity), programme=programme)
        lines = BudgetLineFormSet(
            initial=budget_line_initial(activity),
            prefix="lines",
            form_kwargs={"programme": plan.programme},
        )
    return render_page(
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
    _programme, plan = load_plan(request, slug, code)
    require_region_contact(request.user, plan)
    activity = get_object_or_404(plan.activities, pk=pk)
    form = LockedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete; reload the page and try again."))
        return redirect(detail_url(plan))
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
    return redirect(detail_url(plan))
