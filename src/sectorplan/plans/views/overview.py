"""The overview of every region's plan in a programme."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone

from sectorplan.accounts.rules import sees_every_region
from sectorplan.core import page_cache
from sectorplan.plans import selectors
from sectorplan.plans.constants import SUBMITTED_OR_LATER
from sectorplan.plans.models import Plan
from sectorplan.plans.views.common import render_page
from sectorplan.programmes.constants import OrganisationKind, ProgrammeStatus
from sectorplan.programmes.models import Region
from sectorplan.programmes.selectors import allocation_published
from sectorplan.programmes.visibility import own_regions, programme_for


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

    today = timezone.localdate()
    return render_page(
        request,
        "plans/overview.html",
        {
            "programme": programme,
            "today": today,
            # One cached fragment: the figures and the table (the day counts days late).
            **page_cache.fragment(
                programme,
                "plan-overview",
                today,
                compute=lambda: _overview(programme, today),
                names=OVERVIEW,
            ),
        },
    )


#: What `_overview` computes for the cached fragment of the plan overview.
OVERVIEW = (
    "rows",
    "totals",
    "submitted_count",
    "late_count",
    "not_submitted_count",
    "participants_in_no_plan",
    "participant_kinds",
)


def _overview(programme, today: date) -> dict:
    plans = {plan.region_id: plan for plan in selectors.plans_for_overview(programme)}
    allocation = allocation_published(programme)
    lines = {row.region.pk: row for row in allocation.rows} if allocation else {}
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
    submitted = sum(1 for p in plans.values() if p.state in SUBMITTED_OR_LATER)
    return {
        "rows": rows,
        "totals": totals,
        "submitted_count": submitted,
        "not_submitted_count": len(rows) - submitted,
        "late_count": sum(1 for row in rows if row.days_late),
        "participants_in_no_plan": list(selectors.participants_in_no_plan(programme)),
        "participant_kinds": ", ".join(
            str(OrganisationKind(kind).label) for kind in programme.plan_participant_kinds
        ),
    }
