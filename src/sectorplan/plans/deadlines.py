"""Which of the programme's deadlines a plan in a given state works to. The plan workflow's
steps name it (`deadline = "plan"` on the steps a region takes before its plan is in,
`"review"` on those of the review); a state none of whose steps names one has no deadline.
"""

from datetime import date

#: The deadlines a plan workflow's step can name → the programme's field that holds the date.
DEADLINES = {"plan": "plan_deadline", "review": "review_deadline"}


def plan_deadline(programme, state: str) -> date | None:
    name = programme.workflow("plan").deadline_in(state)
    return getattr(programme, DEADLINES[name]) if name else None
