"""The region's home (`/programmas/<slug>/regios/<code>/`): where the region stands in the
programme on one page. Its plan's state, the next step and its deadline; links to the plan
and to each report; the money side by side (allocated, asked, granted, paid, spent); the
indicators, target against realised; the region's good practices; and its contacts.

It reads plans, reports and practices, so it lives in `reporting`, the top of the layers;
the page itself is the region's own (another region's home answers 404, its published
results are on `region-results`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from sectorplan.accounts.rules import sees_every_region
from sectorplan.core.deadlines import Due, due
from sectorplan.knowledge.selectors import practices_visible_to
from sectorplan.monitoring.constants import (
    COUNTED_STATES,
    NOT_ASKED,
    NOT_ASKED_LABEL,
    NOT_STARTED,
    NOT_STARTED_LABEL,
)
from sectorplan.monitoring.models import ActivityProgress, Report
from sectorplan.monitoring.selectors import REPORTING_PLAN_STATES, indicator_totals
from sectorplan.plans.constants import PlanState
from sectorplan.plans.deadlines import plan_deadline
from sectorplan.programmes import selectors as programme_selectors
from sectorplan.programmes.constants import ProgrammeStatus, RoundState
from sectorplan.programmes.visibility import programme_for, region_for
from sectorplan.reporting.selectors import region_plan
from sectorplan.workflow import steps_for


@dataclass
class RoundLine:
    round: object
    report: Report | None
    state: str
    state_label: str
    due: Due | None  # only while the round is open and the report is not in


@login_required
def region_home(request, slug, code):
    programme = programme_for(request.user, slug)
    region = region_for(request.user, programme, code)
    today = timezone.localdate()
    allocation = programme_selectors.allocation_published(programme)
    line = (
        next((row for row in allocation.rows if row.region == region), None) if allocation else None
    )
    plan = region_plan(programme, region)
    # A closed programme is history: no step waits and no deadline runs late.
    running = programme.status != ProgrammeStatus.CLOSED
    steps = (
        [step for step in steps_for(request.user, plan) if step.source != step.target and step.task]
        if plan and running
        else []
    )
    reports = {
        report.round_id: report
        for report in Report.objects.filter(round__programme=programme, region=region)
    }
    # A region is asked to report once its plan is granted (as the completeness overview).
    asked = plan is not None and plan.state in REPORTING_PLAN_STATES
    rounds = [
        _round_line(round_, reports.get(round_.pk), asked, today)
        for round_ in programme.rounds.all()
    ]
    counted = [
        line for line in reversed(rounds) if line.report and line.report.state in COUNTED_STATES
    ]
    latest = counted[0] if counted else None
    # One query whether or not there is a counted report, so the page's count stays fixed.
    spent = ActivityProgress.objects.filter(
        report_id=latest.report.pk if latest else None
    ).aggregate(total=Sum("spent"))["total"]
    deadline = plan_deadline(programme, plan.state if plan else PlanState.DRAFT)
    return render(
        request,
        "reporting/region_home.html",
        {
            "programme": programme,
            "region": region,
            "line": line,
            "participation": programme.participations.filter(region=region).first(),
            "plan": plan,
            "steps": steps,
            "deadline": deadline,
            "plan_due": due(deadline, today) if running and (plan is None or steps) else None,
            "rounds": rounds,
            "spent": spent,
            "spent_round": latest.round if latest else None,
            "money_total": (plan.total_subsidy + plan.total_cofinancing) if plan else Decimal(0),
            "indicators": indicator_totals(programme, region),
            "round_list": [line.round for line in rounds],
            "practices": list(
                practices_visible_to(request.user, programme)
                .filter(region=region)
                .order_by("-pk")[:20]
            ),
            "organisations": programme_selectors.region_organisations(region),
            "contacts": programme_selectors.region_contacts(region),
            "sees_all": sees_every_region(request.user),
        },
    )


def _round_line(round_, report: Report | None, asked: bool, today) -> RoundLine:
    """One round on the region's home: the report's state, "Not asked" for a region without a
    granted plan (never late), and the days left while the round is open and nothing is in."""
    if report is not None:
        state, label = report.state, report.get_state_display()
    elif asked:
        state, label = NOT_STARTED, NOT_STARTED_LABEL
    else:
        return RoundLine(round_, None, NOT_ASKED, NOT_ASKED_LABEL, None)
    running = round_.state == RoundState.OPEN and state not in COUNTED_STATES
    return RoundLine(round_, report, state, label, due(round_.deadline, today) if running else None)
