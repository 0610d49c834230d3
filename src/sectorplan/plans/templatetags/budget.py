"""`{% running_total plan activity %}`: the box beside the budget lines that adds up, while
the region types, the activity's subsidy and co-financing with the rest of the plan, against
the region's published allocation and the programme's co-financing ratio
(static/sectorplan/budget-lines.js updates it; without JavaScript it shows the saved state).
"""

from decimal import Decimal

from django import template
from django.db.models import Sum
from django.db.models.functions import Coalesce

from sectorplan.plans.models import BudgetLine
from sectorplan.programmes.selectors import allocation_latest_publication

register = template.Library()
ZERO = Decimal(0)


CENT = Decimal("0.01")


@register.inclusion_tag("plans/_running_total.html")
def running_total(plan, activity=None):
    others = BudgetLine.objects.filter(activity__plan=plan)
    if activity is not None:
        others = others.exclude(activity=activity)
    totals = others.aggregate(
        subsidy=Coalesce(Sum("subsidy"), ZERO), cofinancing=Coalesce(Sum("cofinancing"), ZERO)
    )
    publication = allocation_latest_publication(plan.programme)
    line = publication.lines.filter(region=plan.region).first() if publication else None
    return {
        # Cents on every database (PostgreSQL keeps the column's scale, SQLite does not).
        "other_subsidy": totals["subsidy"].quantize(CENT),
        "other_cofinancing": totals["cofinancing"].quantize(CENT),
        "allocation": line.subsidy if line else None,
        "ratio": plan.programme.cofinancing_ratio,
    }
