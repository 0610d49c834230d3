"""The rows of the plan overview, written with format_html: 35 (or 350) rows of ten cells
through template tags and an include per state badge were most of the page's time."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sectorplan.core.templatetags.sectorplan import euro, number, short_date
from sectorplan.plans.constants import PlanState

register = template.Library()

PLACEHOLDER = "region-code"


def _sort(value) -> str:
    """A cell's data-sort-value: the plain value (a decimal unlocalized), empty for none."""
    return "" if value is None else str(value)


def _row(row, plan_url: str, states: dict, badges: dict) -> SafeString:
    plan, region = row.plan, row.region
    if plan:
        name = format_html(
            '<a href="{}">{}</a>', plan_url.replace(PLACEHOLDER, quote(region.code)), region.name
        )
        state = format_html(
            '<span class="state state--{}">{}</span>{}',
            plan.state,
            states.get(plan.state, plan.state),
            badges["amendment"] if plan.is_amendment else "",
        )
        subsidy = format_html(
            "{}{}", euro(plan.total_subsidy), badges["over"] if row.over_allocation else ""
        )
        cofinancing = euro(plan.total_cofinancing)
        ends = format_html(
            "{}{}",
            short_date(plan.ends_on) if plan.ends_on else "–",
            badges["extension"] if plan.extension_waiting else "",
        )
    else:
        name, state, subsidy, cofinancing = region.name, badges["not_started"], "–", "–"
        ends = "–"
    late = (
        format_html('<span class="badge badge--warning">{}</span>', number(row.days_late))
        if row.days_late
        else "–"
    )
    return format_html(
        "<tr><td>{}</td><td>{}</td><td>{}</td>"
        '<td class="num" data-sort-value="{}">{}</td>'
        '<td class="num" data-sort-value="{}">{}</td>'
        '<td class="num" data-sort-value="{}">{}</td>'
        '<td class="num" data-sort-value="{}">{}</td>'
        '<td data-sort-value="{}">{}</td>'
        '<td class="num" data-sort-value="{}">{}</td>'
        '<td class="num" data-sort-value="{}">{}</td></tr>',
        region.code,
        name,
        state,
        _sort(plan.total_subsidy) if plan else "",
        subsidy,
        _sort(row.allocation_subsidy),
        euro(row.allocation_subsidy),
        _sort(plan.total_cofinancing) if plan else "",
        cofinancing,
        row.days_late or "",
        late,
        plan.ends_on.isoformat() if plan and plan.ends_on else "",
        ends,
        _sort(plan.granted_amount) if plan else "",
        euro(plan.granted_amount) if plan else "–",
        _sort(plan.paid_amount) if plan else "",
        euro(plan.paid_amount) if plan else "–",
    )


@register.simple_tag
def overview_rows(rows, slug: str) -> SafeString:
    """Every row of the plan overview's table (`OverviewRow`s of plans/views.py)."""
    badges = {
        "amendment": format_html(' <span class="badge">{}</span>', _("amendment")),
        "over": format_html(' <span class="badge badge--danger">{}</span>', _("over allocation")),
        "extension": format_html(
            ' <span class="badge badge--warning">{}</span>', _("extension asked")
        ),
        "not_started": format_html('<span class="muted">{}</span>', _("not started")),
    }
    states = dict(PlanState.choices)
    plan_url = reverse("plan-detail", args=[slug, PLACEHOLDER])
    return format_html_join(
        "\n", "{}", ((_row(row, plan_url, states, badges),) for row in rows)
    ) or mark_safe("")
