"""`{% report_inbox %}`: the reports waiting for this user, for the start page: open rounds
the region still has to report on, and submitted reports the office has to review."""

from django import template

from sectorplan.monitoring import selectors

register = template.Library()

#: At most this many reports to review are listed; the completeness overview shows all.
INBOX_LIMIT = 50


@register.inclusion_tag("monitoring/_inbox.html", takes_context=True)
def report_inbox(context):
    user = context["user"]
    to_review = list(selectors.reports_to_review(user)[: INBOX_LIMIT + 1])
    return {
        "to_fill_in": selectors.open_rounds_for(user),
        "to_review": to_review[:INBOX_LIMIT],
        "more": len(to_review) > INBOX_LIMIT,
    }
