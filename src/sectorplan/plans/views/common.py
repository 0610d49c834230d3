"""What the plan pages share: finding a plan with the visibility rules, who may write it,
rendering.

Visibility: a plan the user may not see answers 404 (another region's plan looks like no
plan at all); a plan the user sees but may not change answers 403 on its forms, and a
workflow step the table does not allow is refused by the service with its message.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from sectorplan.accounts.constants import Role
from sectorplan.accounts.rules import sees_every_region
from sectorplan.accounts.selectors import memberships_of
from sectorplan.plans import selectors
from sectorplan.plans.models import Plan
from sectorplan.programmes.models import Programme, Region
from sectorplan.programmes.visibility import programme_for, region_for


def visible_plan(user, programme: Programme, region: Region) -> Plan | None:
    plan = selectors.plans_visible_to(user, programme).filter(region=region).first()
    if plan is not None:
        plan.programme, plan.region = programme, region
    return plan


def load_plan(request, slug: str, code: str) -> tuple[Programme, Plan]:
    """The programme and the plan at this URL; 404 when the user may not see the plan."""
    programme = programme_for(request.user, slug)
    region = region_for(request.user, programme, code)
    plan = visible_plan(request.user, programme, region)
    if plan is None:
        raise Http404
    return programme, plan


def is_region_contact(user, region_id: int) -> bool:
    return any(
        m.acts_as == Role.REGION_CONTACT and m.region_id == region_id for m in memberships_of(user)
    )


def require_region_contact(user, plan: Plan) -> None:
    if not is_region_contact(user, plan.region_id):
        raise PermissionDenied


def render_page(request, template: str, context: dict, status: int = 200):
    context["sees_all"] = sees_every_region(request.user)
    return render(request, template, context, status=status)


def detail_url(plan: Plan) -> str:
    return reverse("plan-detail", args=[plan.programme.slug, plan.region.code])
