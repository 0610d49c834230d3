"""A workflow object's step history, read from the one audit trail.

Every step (`transition`) and every recorded import writes one `AuditEvent` whose changes
hold `state: [from, to]`; the history is those events, oldest first.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from sectorplan.accounts.models import AuditEvent


@dataclass(frozen=True)
class StepEvent:
    at: datetime
    by: object
    action: str
    from_state: str
    to_state: str
    note: str
    #: {state: label} of the object's model, for the displays below.
    state_labels: dict

    def get_from_state_display(self) -> str:
        return str(self.state_labels.get(self.from_state, self.from_state))

    def get_to_state_display(self) -> str:
        return str(self.state_labels.get(self.to_state, self.to_state))


def _events(model):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        changes__has_key="state",
    )


def step_history(obj) -> list[StepEvent]:
    """The steps taken on `obj`, oldest first: action (without the kind's prefix), who, when,
    from which state to which, and the note."""
    labels = dict(type(obj)._meta.get_field("state").flatchoices)
    events = _events(type(obj)).filter(object_id=obj.pk).select_related("actor")
    return [
        StepEvent(
            at=event.at,
            by=event.actor,
            action=event.action.split(".", 1)[-1],
            from_state=event.changes["state"][0],
            to_state=event.changes["state"][1],
            note=event.note,
            state_labels=labels,
        )
        for event in events.order_by("at", "pk")
    ]


def ever_reached(model, state: str):
    """An `Exists` for annotating `model` rows: the object was ever brought to `state`."""
    return Exists(_events(model).filter(object_id=OuterRef("pk"), changes__state__1=state))
