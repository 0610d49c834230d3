"""Which of the programme's deadlines a plan in a given state works to: the plan deadline
while the region and its central municipality write and confirm it, the decision deadline
while the office and the ministry review it; none once it is decided."""

from datetime import date

from sectorplan.plans.constants import PlanState

BEFORE_SUBMISSION = frozenset(
    {PlanState.DRAFT, PlanState.CHANGES_REQUESTED, PlanState.AT_MUNICIPALITY}
)
IN_REVIEW = frozenset({PlanState.SUBMITTED, PlanState.IN_ADVICE})


def plan_deadline(programme, state: str) -> date | None:
    if state in BEFORE_SUBMISSION:
        return programme.plan_deadline
    if state in IN_REVIEW:
        return programme.review_deadline
    return None
