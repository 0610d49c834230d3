"""`{% inbox %}`: "what do I have to do", for the start page: plans waiting for a step of
this user, open rounds its region still has to report on, and submitted reports the office
has to review.

A template tag in monitoring rather than a line in `programmes.views.home`, because
programmes sits below plans and monitoring in the import layers (pyproject's import-linter
contract).
"""

from django import template

from sectorplan.monitoring import selectors
from sectorplan.plans.selectors import plan_tasks

register = template.Library()

#: At most this many plans and this many reports are listed; the overviews show the rest.
INBOX_LIMIT = 50


@register.inclusion_tag("monitoring/_inbox.html", takes_context=True)
def inbox(context):
    user = context["user"]
    tasks = plan_tasks(user)
    to_review = list(selectors.reports_to_review(user)[: INBOX_LIMIT + 1])
    return {
        "tasks": tasks[:INBOX_LIMIT],
        "more": max(0, len(tasks) - INBOX_LIMIT),
        "to_fill_in": selectors.open_rounds_for(user),
        "to_review": to_review[:INBOX_LIMIT],
        "more_reports": len(to_review) > INBOX_LIMIT,
    }
