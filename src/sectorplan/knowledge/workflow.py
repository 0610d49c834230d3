"""A good practice's states and transitions, as one table (like the plan's and the report's).

A region writes and submits; only the programme office publishes, to the programme or to
everyone, and may return a submitted practice or take a published one back.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sectorplan.accounts.constants import Role
from sectorplan.knowledge.constants import PracticeState as S

OFFICE = Role.PROGRAMME_OFFICE
REGIONAL = frozenset({Role.REGION_CONTACT, Role.CENTRAL_MUNICIPALITY})


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    roles: frozenset[str]
    label: str
    #: What the step needs: "complete" (the required parts), "note" (a reason), "audience".
    guard: str | None = None


TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, "submit", S.SUBMITTED, REGIONAL, _("Submit for review"), "complete"),
    Transition(S.RETURNED, "submit", S.SUBMITTED, REGIONAL, _("Submit for review"), "complete"),
    Transition(S.SUBMITTED, "publish", S.PUBLISHED, frozenset({OFFICE}), _("Publish"), "audience"),
    Transition(S.SUBMITTED, "return", S.RETURNED, frozenset({OFFICE}), _("Return"), "note"),
    Transition(
        S.PUBLISHED, "withdraw", S.RETURNED, frozenset({OFFICE}), _("Withdraw publication"), "note"
    ),
    # A practice the office writes itself (no region) needs no review.
    Transition(S.DRAFT, "publish", S.PUBLISHED, frozenset({OFFICE}), _("Publish"), "audience"),
)


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def find(state: str, action: str) -> Transition | None:
    return next((t for t in transitions_from(state) if t.action == action), None)
