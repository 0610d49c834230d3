"""The report's states and transitions, as one table (like the plan's).

Each row: from which state, which action, to which state, which roles may take it, and a
guard (a name in monitoring.checks) that lists what stands in the way. `services.
report_transition` is the one place that executes it.
"""

from django.utils.translation import gettext_lazy as _

from sectorplan.accounts.constants import Role
from sectorplan.monitoring.constants import ReportState as S
from sectorplan.plans.workflow import Transition

OFFICE, REGION = Role.PROGRAMME_OFFICE, Role.REGION_CONTACT


def _t(source, action, target, roles, label, guard=None) -> Transition:
    return Transition(source, action, target, frozenset(roles), label, guard)


TRANSITIONS: tuple[Transition, ...] = (
    _t(S.DRAFT, "submit", S.SUBMITTED, {REGION}, _("Submit the report"), "complete"),
    _t(S.RETURNED, "submit", S.SUBMITTED, {REGION}, _("Submit the report"), "complete"),
    _t(S.SUBMITTED, "return", S.RETURNED, {OFFICE}, _("Return to the region"), "has_comments"),
    _t(S.SUBMITTED, "accept", S.ACCEPTED, {OFFICE}, _("Accept")),
    _t(S.ACCEPTED, "reopen", S.RETURNED, {OFFICE}, _("Reopen"), "has_reason"),
)


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def find(state: str, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == state and t.action == action), None)
