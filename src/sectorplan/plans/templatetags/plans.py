"""`{% plan_inbox %}`: "what do I have to do", for the start page.

A template tag rather than a line in `programmes.views.home`, because programmes sits below
plans in the import layers (pyproject's import-linter contract).
"""

from django import template
from django.db.models import Exists, OuterRef

from sectorplan.accounts.rules import is_programme_office
from sectorplan.plans import selectors
from sectorplan.plans.constants import ExtensionState, PlanState
from sectorplan.plans.models import Extension, Plan

register = template.Library()

#: At most this many tasks are listed; the overview shows the rest.
INBOX_LIMIT = 50
#: Steps the table allows but that nobody waits for: a granted plan does not ask its region
#: to start an amendment, nor the office to settle it before the final report is in.
NOT_A_TASK = frozenset({"amend", "settle"})


def _is_task(step, plan) -> bool:
    if step.action == "advise":
        return True  # the plan is here because the user's party has not advised yet
    if step.action == "decide_extension":
        return plan.extension_waiting
    return step.source != step.target and step.action not in NOT_A_TASK


@register.inclusion_tag("plans/_inbox.html", takes_context=True)
def plan_inbox(context):
    user = context["user"]
    # One query: the plans waiting for a step of this user, those waiting for its advice and,
    # for the office, extension requests waiting for a decision.
    pending = Extension.objects.filter(plan=OuterRef("pk"), state=ExtensionState.REQUESTED)
    waiting = selectors.inbox_for(user) | selectors.plans_waiting_for_advice(user)
    if is_programme_office(user):
        waiting |= Plan.objects.filter(Exists(pending), state=PlanState.GRANTED).select_related(
            "programme", "region"
        )
    tasks = []
    for plan in waiting.annotate(extension_waiting=Exists(pending)):
        labels = [step.label for step in selectors.actions_for(user, plan) if _is_task(step, plan)]
        if labels:
            tasks.append((plan, labels))
    tasks.sort(key=lambda task: (task[0].programme.name, task[0].region.code))
    return {"tasks": tasks[:INBOX_LIMIT], "more": max(0, len(tasks) - INBOX_LIMIT)}
