"""The plan's states and transitions, as one table.

Each row: from which state, which action (a stable key), to which state, which roles may
take it, and a guard that lists what stands in the way. Pages and CLI show and run exactly
what this table allows; `services.plan_transition` is the one place that executes it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sectorplan.accounts.constants import Role
from sectorplan.plans.constants import PlanState as S

Guard = Callable[..., list[str]]


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    roles: frozenset[str]
    label: str
    guard: str | None = None  # name of a check in plans.checks, so the table stays data


def _t(source, action, target, roles, label, guard=None) -> Transition:
    return Transition(source, action, target, frozenset(roles), label, guard)


OFFICE, MINISTRY, ASSESSOR = Role.PROGRAMME_OFFICE, Role.MINISTRY, Role.ASSESSOR
MUNICIPALITY, REGION = Role.CENTRAL_MUNICIPALITY, Role.REGION_CONTACT

TRANSITIONS: tuple[Transition, ...] = (
    _t(
        S.DRAFT,
        "submit",
        S.AT_MUNICIPALITY,
        {REGION},
        _("Submit to the central municipality"),
        "complete",
    ),
    _t(
        S.CHANGES_REQUESTED,
        "submit",
        S.AT_MUNICIPALITY,
        {REGION},
        _("Submit to the central municipality"),
        "complete",
    ),
    _t(
        S.AT_MUNICIPALITY,
        "confirm_cofinancing",
        S.SUBMITTED,
        {MUNICIPALITY},
        _("Confirm co-financing"),
    ),
    _t(
        S.AT_MUNICIPALITY,
        "return_to_region",
        S.CHANGES_REQUESTED,
        {MUNICIPALITY},
        _("Return to the region"),
        "has_note",
    ),
    _t(
        S.SUBMITTED,
        "request_changes",
        S.CHANGES_REQUESTED,
        {OFFICE},
        _("Request changes"),
        "has_comments",
    ),
    _t(S.SUBMITTED, "open_advice", S.IN_ADVICE, {OFFICE}, _("Open for advice"), "complete"),
    _t(S.IN_ADVICE, "advise", S.IN_ADVICE, {ASSESSOR, OFFICE}, _("Give advice"), "may_advise"),
    _t(S.IN_ADVICE, "grant", S.GRANTED, {MINISTRY}, _("Grant"), "grant"),
    _t(S.IN_ADVICE, "reject", S.REJECTED, {MINISTRY}, _("Reject"), "has_reason"),
    _t(S.GRANTED, "register_payment", S.GRANTED, {OFFICE}, _("Register payment"), "payment"),
    _t(
        S.GRANTED,
        "request_extension",
        S.GRANTED,
        {REGION},
        _("Request extension"),
        "extension_request",
    ),
    _t(
        S.GRANTED,
        "decide_extension",
        S.GRANTED,
        {OFFICE},
        _("Decide on extension"),
        "extension_pending",
    ),
    _t(S.GRANTED, "amend", S.DRAFT, {REGION}, _("Start an amendment")),
    _t(S.GRANTED, "settle", S.SETTLED, {OFFICE}, _("Settle (vaststelling)"), "settlement"),
)

ACTIONS = frozenset(t.action for t in TRANSITIONS)


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def find(state: str, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == state and t.action == action), None)
