"""`{% inbox %}`: "what do I have to do", for the start page: plans waiting for a step of
this user, open rounds its region still has to report on, and submitted reports the office
has to review, with their deadlines, most urgent first (monitoring/inbox.py).

A template tag in monitoring rather than a line in `programmes.views.home`, because
programmes sits below plans and monitoring in the import layers (pyproject's import-linter
contract).
"""

from django import template

from sectorplan.monitoring.inbox import tasks_for

register = template.Library()


@register.inclusion_tag("monitoring/_inbox.html", takes_context=True)
def inbox(context):
    tasks, more = tasks_for(context["user"])
    return {"tasks": tasks, "more": more}
