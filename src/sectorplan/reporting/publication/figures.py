"""Formatting figures for print: Dutch (or English) grouping, euros, percentages, and the
words for workflow states. Every number the report prints passes through here, so the same
figure reads the same in every table and sentence."""

from decimal import Decimal

from django.utils.translation import gettext as _

from sectorplan.core.templatetags.sectorplan import euro, number
from sectorplan.monitoring.constants import NOT_STARTED, NOT_STARTED_LABEL, ReportState
from sectorplan.plans.constants import PlanState
from sectorplan.reporting.tables import NO_PLAN

NBSP = "\u00a0"
DASH = "–"


def money(value) -> str:
    """Euros with cents; a non-breaking space so the amount never splits."""
    return DASH if value is None else euro(value).replace(" ", NBSP)


def count(value) -> str:
    return DASH if value is None else number(value).replace(" ", NBSP)


def pct(value: int | None) -> str:
    return DASH if value is None else f"{value}%"


def share_of(part: Decimal | None, whole: Decimal | None) -> str:
    """part / whole as a whole percentage, or a dash when there is no whole."""
    if part is None or not whole:
        return DASH
    return f"{round(Decimal(100) * Decimal(part) / Decimal(whole))}%"


def plan_state(code: str) -> str:
    """The workflow's own label for a plan state (no plan: a dash)."""
    if code == NO_PLAN:
        return _("No plan")
    labels = dict(PlanState.choices)
    return str(labels[code]) if code in labels else DASH


def report_state(code: str) -> str:
    if code == NOT_STARTED:
        return str(NOT_STARTED_LABEL)
    labels = dict(ReportState.choices)
    return str(labels.get(code, DASH))
