"""Workflow tables as data: read the rows a template gives, and list what is wrong with them.

A row (TOML):

    [[workflows.plan]]
    from = ["draft", "changes_requested"]   # one state or a list
    action = "submit"                        # stable key, never translated
    to = "submitted"
    who = ["regiocontact"]                   # role keys
    label_nl = "Indienen"
    label_en = "Submit"
    guards = ["complete"]                    # names in the registry, checked on the step
    effects = ["freeze"]                     # names in the registry, run on the step
    offer_when = []                          # guards that decide whether it is offered
    task = true                              # somebody waits for it (the inbox)
    deadline = "plan"                        # the programme deadline it works to
"""

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from sectorplan.workflow.engine import Step, Workflow, registered_effects, registered_guards

KEYS = {
    "from",
    "action",
    "to",
    "who",
    "label_nl",
    "label_en",
    "guards",
    "effects",
    "offer_when",
    "task",
    "deadline",
}


def _names(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def _freeze(rows: list[dict[str, Any]]) -> tuple:
    """Rows as a hashable key for the cache."""
    return tuple(
        tuple(sorted((key, _names(v) if isinstance(v, list) else v) for key, v in row.items()))
        for row in rows
    )


def parse(kind: str, rows: list[dict[str, Any]]) -> Workflow:
    """The workflow of these rows (checked when the template was loaded)."""
    return _parse(kind, _freeze(rows))


@lru_cache(maxsize=256)
def _parse(kind: str, frozen: tuple) -> Workflow:
    steps = []
    for items in frozen:
        row = dict(items)
        for source in _names(row.get("from")):
            steps.append(
                Step(
                    source=source,
                    action=row["action"],
                    target=row.get("to") or source,
                    roles=frozenset(_names(row.get("who"))),
                    label_nl=row.get("label_nl") or row["action"],
                    label_en=row.get("label_en") or "",
                    guards=_names(row.get("guards")),
                    effects=_names(row.get("effects")),
                    offer_when=_names(row.get("offer_when")),
                    task=bool(row.get("task", source != (row.get("to") or source))),
                    deadline=str(row.get("deadline") or ""),
                )
            )
    return Workflow(kind, tuple(steps))


def problems(
    kind: str,
    rows: Any,
    *,
    states: Iterable[str],
    initial: str,
    roles: Iterable[str],
    where: str,
    deadlines: Iterable[str] = (),
) -> list[str]:
    """Every problem of a workflow table, one message each: unknown keys, states, roles,
    guards and effects, and steps that can never be reached from the initial state."""
    if not isinstance(rows, list) or not rows:
        return [_("%(where)s: a workflow needs at least one step") % {"where": where}]
    states, roles, deadlines = set(states), set(roles), set(deadlines)
    guards, effects = registered_guards(kind), registered_effects(kind)
    errors: list[str] = []
    edges: list[tuple[str, str, str]] = []
    for number, row in enumerate(rows, start=1):
        here = f"{where}[{number}]"
        if not isinstance(row, dict):
            errors.append(_("%(where)s: a step is a table") % {"where": here})
            continue
        for key in sorted(set(row) - KEYS):
            errors.append(_("%(where)s: unknown key '%(key)s'") % {"where": here, "key": key})
        action = row.get("action")
        if not isinstance(action, str) or not action.strip():
            errors.append(_("%(where)s: 'action' is required") % {"where": here})
        else:
            here = f"{where}.{action}"
        if not isinstance(row.get("label_nl"), str) or not row["label_nl"].strip():
            errors.append(_("%(where)s: 'label_nl' is required") % {"where": here})
        sources = _names(row.get("from"))
        if not sources:
            errors.append(_("%(where)s: 'from' is required") % {"where": here})
        target = row.get("to") or (sources[0] if len(sources) == 1 else None)
        if target is None:
            errors.append(_("%(where)s: 'to' is required") % {"where": here})
        for state in (*sources, *([target] if target else [])):
            if state not in states:
                errors.append(
                    _("%(where)s: unknown state '%(state)s' (known: %(known)s)")
                    % {"where": here, "state": state, "known": ", ".join(sorted(states))}
                )
        who = _names(row.get("who"))
        if not who:
            errors.append(_("%(where)s: 'who' names at least one role") % {"where": here})
        for role in who:
            if role not in roles:
                errors.append(
                    _("%(where)s: unknown role '%(role)s' (known: %(known)s)")
                    % {"where": here, "role": role, "known": ", ".join(sorted(roles))}
                )
        for name in (*_names(row.get("guards")), *_names(row.get("offer_when"))):
            if name not in guards:
                errors.append(
                    _("%(where)s: unknown guard '%(name)s' (known: %(known)s)")
                    % {"where": here, "name": name, "known": ", ".join(sorted(guards))}
                )
        for name in _names(row.get("effects")):
            if name not in effects:
                errors.append(
                    _("%(where)s: unknown effect '%(name)s' (known: %(known)s)")
                    % {"where": here, "name": name, "known": ", ".join(sorted(effects))}
                )
        deadline = row.get("deadline")
        if deadline is not None and deadline not in deadlines:
            errors.append(
                _("%(where)s: unknown deadline '%(name)s' (known: %(known)s)")
                % {"where": here, "name": deadline, "known": ", ".join(sorted(deadlines)) or "-"}
            )
        for source in sources:
            edges.append((source, str(action), target or source))
    reached, frontier = {initial}, [initial]
    while frontier:
        state = frontier.pop()
        for source, _action, target in edges:
            if source == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    for source, action, _target in edges:
        if source not in reached and source in states:
            errors.append(
                _(
                    "%(where)s.%(action)s: the step can never be taken: state '%(state)s' is "
                    "never reached from '%(initial)s'"
                )
                % {"where": where, "action": action, "state": source, "initial": initial}
            )
    return errors
