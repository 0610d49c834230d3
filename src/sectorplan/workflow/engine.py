"""Steps, the registry of named guards and effects, the lock, and `transition`.

A kind of object (plan, report, practice) registers once (`register`): how to find its
workflow, its region and programme, and what to say on a conflict. Its guards and effects
register by name (`@guard("plan", "complete")`). Everything else is data: the steps come
from the programme's template.

    plan = transition(plan, "submit", by=user, payload={}, lock_version=form_version)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.selectors import acts_in
from sectorplan.core.errors import Refused

#: A guard lists what stands in the way of a step (empty when clear).
Guard = Callable[[Any, Any, dict], list[str]]
#: An effect does the step's work on the object and beside it, before the state changes.
Effect = Callable[[Any, Any, dict], None]


class Conflict(Refused):
    """Somebody else saved the object since the form was read."""


@dataclass(frozen=True)
class Step:
    """One row of a workflow table."""

    source: str
    action: str
    target: str
    roles: frozenset[str]
    label_nl: str
    label_en: str = ""
    #: Names of guards checked when the step is taken (with the step's input).
    guards: tuple[str, ...] = ()
    #: Names of effects run, in order, when the step is taken.
    effects: tuple[str, ...] = ()
    #: Names of guards that need no input and decide whether the step is offered at all
    #: (an extension decision only while a request waits).
    offer_when: tuple[str, ...] = ()
    #: Whether somebody waits for this step (the inbox shows it as a task).
    task: bool = True
    #: The programme deadline an object works to while it waits for this step (a name the
    #: kind lists in `deadlines`, e.g. "plan"); empty for none.
    deadline: str = ""

    @property
    def label(self) -> str:
        if (get_language() or "nl").startswith("en") and self.label_en:
            return self.label_en
        return self.label_nl

    @property
    def changes_state(self) -> bool:
        return self.source != self.target


@dataclass(frozen=True)
class Workflow:
    kind: str
    steps: tuple[Step, ...]

    @property
    def actions(self) -> frozenset[str]:
        return frozenset(step.action for step in self.steps)

    def deadline_in(self, state: str) -> str:
        """The deadline an object in `state` works to: the first of its steps that names one."""
        return next((s.deadline for s in self.steps if s.source == state and s.deadline), "")

    @property
    def labels(self) -> dict[str, str]:
        """{action: label}, the first row's label of each action."""
        labels: dict[str, str] = {}
        for step in self.steps:
            labels.setdefault(step.action, step.label)
        return labels

    def from_state(self, state: str) -> list[Step]:
        return [step for step in self.steps if step.source == state]

    def find(self, state: str, action: str) -> Step | None:
        return next((s for s in self.steps if s.source == state and s.action == action), None)

    def first(self, action: str) -> Step | None:
        """The first row of an action wherever it starts (who submits, who accepts)."""
        return next((step for step in self.steps if step.action == action), None)

    def roles_of(self, action: str) -> frozenset[str]:
        return frozenset(role for s in self.steps if s.action == action for role in s.roles)

    def has_state(self, state: str) -> bool:
        return any(state in (step.source, step.target) for step in self.steps)


# --- Registry ---------------------------------------------------------------------------------

_GUARDS: dict[str, dict[str, Guard]] = {}
_EFFECTS: dict[str, dict[str, Effect]] = {}


def guard(kind: str, name: str) -> Callable[[Guard], Guard]:
    def add(function: Guard) -> Guard:
        _GUARDS.setdefault(kind, {})[name] = function
        return function

    return add


def effect(kind: str, name: str) -> Callable[[Effect], Effect]:
    def add(function: Effect) -> Effect:
        _EFFECTS.setdefault(kind, {})[name] = function
        return function

    return add


def registered_guards(kind: str) -> frozenset[str]:
    return frozenset(_GUARDS.get(kind, {}))


def registered_effects(kind: str) -> frozenset[str]:
    return frozenset(_EFFECTS.get(kind, {}))


@dataclass(frozen=True)
class Kind:
    """How the engine handles one model: where its workflow comes from and how it reads."""

    name: str
    model: type
    #: The object's states (its model field's choices) and the one it starts in.
    states: frozenset[str]
    initial: str
    workflow_of: Callable[[Any], Workflow]
    region_of: Callable[[Any], int | None]
    programme_of: Callable[[Any], int | None]
    conflict: Callable[[], str]
    #: Fills the payload before the guards (values the step derives, e.g. the advising party).
    prepare: Callable[[Any, Any, Step, dict], None] | None = None
    #: What the trail keeps of the payload, besides the state.
    changes: Callable[[Any, dict], dict[str, list[str]]] | None = None
    #: The trail's note for the step.
    note: Callable[[dict], str] = field(default=lambda payload: "")
    #: The refusal of an action the table has no row for in the object's state.
    impossible: Callable[[str, Any], str] | None = None
    #: Run after the commit (announcements), with the object, the step and the old state.
    after: Callable[[Any, Step, str], None] | None = None
    related: tuple[str, ...] = ()
    #: Why no step is offered or taken (its programme has ended), or "" while steps are.
    closed: Callable[[Any], str] = field(default=lambda obj: "")
    #: The deadlines a step may name → the programme's date field that holds it.
    deadlines: dict[str, str] = field(default_factory=dict)


_KINDS: dict[type, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.model] = kind


def kind_named(name: str) -> Kind | None:
    return next((kind for kind in _KINDS.values() if kind.name == name), None)


def _kind(obj) -> Kind:
    try:
        return _KINDS[type(obj)]
    except KeyError:
        raise TypeError(f"{type(obj).__name__} has no workflow") from None


def workflow_of(obj) -> Workflow:
    return _kind(obj).workflow_of(obj)


# --- Running ----------------------------------------------------------------------------------


def lock(obj, lock_version: int | None, message: Callable[[], str] | None = None):
    """`obj` read again and locked for this transaction; Conflict when the form read an older
    version (`lock_version` None: no form, nothing to compare)."""
    model = type(obj)
    related = _KINDS[model].related if model in _KINDS else ()
    current = model.objects.select_for_update().select_related(*related).get(pk=obj.pk)
    if lock_version is not None and current.lock_version != lock_version:
        if message is None:
            message = _KINDS[model].conflict if model in _KINDS else _default_conflict
        raise Conflict(message())
    return current


def _default_conflict() -> str:
    return _(
        "Someone else saved this while you were editing. Your changes have not been "
        "saved; reload the page to see the latest version."
    )


def offered(kind: str, step: Step, obj, user) -> bool:
    """The step's offer conditions hold for this object and user."""
    guards = _GUARDS.get(kind, {})
    return all(not guards[name](obj, user, {}) for name in step.offer_when)


def steps_for(user, obj, *, offer: bool = True) -> list[Step]:
    """The steps this user may take on `obj` now: the table's rows from its state whose role
    the user holds (for the object's region where the role is regional), and, with `offer`,
    whose offer conditions hold. What pages and API show as buttons and `actions`."""
    kind = _kind(obj)
    if kind.closed(obj):
        return []
    flow = kind.workflow_of(obj)
    region_id = kind.region_of(obj)
    steps = [s for s in flow.from_state(obj.state) if acts_in(user, s.roles, region_id)]
    if offer:
        steps = [s for s in steps if offered(kind.name, s, obj, user)]
    return steps


@transaction.atomic
def transition(obj, action: str, by, payload: dict | None = None, *, lock_version=None):
    """Take `action` on `obj` as `by`: lock on the version, find the step, check the role and
    the guards, run the effects, change the state and write one audit event with the old and
    new state, all in one transaction. Refused (nothing written) when anything stands in
    the way."""
    kind = _kind(obj)
    obj = lock(obj, lock_version)
    if refusal := kind.closed(obj):
        raise Refused(refusal)
    flow = kind.workflow_of(obj)
    step = flow.find(obj.state, action)
    if step is None:
        if kind.impossible is not None:
            raise Refused(kind.impossible(action, obj))
        raise Refused(
            _("'%(action)s' is not possible while it is '%(state)s'.")
            % {"action": action, "state": obj.get_state_display()}
        )
    if not acts_in(by, step.roles, kind.region_of(obj)):
        raise Refused(_("Your role may not take this step: %(step)s.") % {"step": step.label})
    payload = dict(payload or {})
    if kind.prepare is not None:
        kind.prepare(obj, by, step, payload)
    guards = _GUARDS.get(kind.name, {})
    problems = [
        problem
        for name in (*step.offer_when, *step.guards)
        for problem in guards[name](obj, by, payload)
    ]
    if problems:
        raise Refused(list(dict.fromkeys(problems)))
    effects = _EFFECTS.get(kind.name, {})
    for name in step.effects:
        effects[name](obj, by, payload)
    source = obj.state
    obj.state = step.target
    obj.lock_version += 1
    obj._history_user = by
    obj.save()
    changes = {"state": [source, step.target]}
    if kind.changes is not None:
        changes.update(kind.changes(obj, payload))
    audit.record(
        by,
        f"{kind.name}.{step.action}",
        obj,
        changes,
        note=kind.note(payload),
        programme_id=kind.programme_of(obj),
    )
    if kind.after is not None:
        after = kind.after
        transaction.on_commit(lambda: after(obj, step, source))
    return obj
