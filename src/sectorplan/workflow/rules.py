"""The predicates every app's rules.py registers for its workflow steps, on a target
(obj, action): what the engine offers, and who holds a role the step names."""

import rules

from sectorplan.workflow.engine import steps_for


@rules.predicate
def takes_step(user, target) -> bool:
    """The engine offers this user the step now (role, region and offer conditions)."""
    obj, action = target
    return any(step.action == action for step in steps_for(user, obj))


@rules.predicate
def acts_in_step(user, target) -> bool:
    """The user holds a role the step from the object's state names, for its region, whether
    or not the step is offered now (the API tells "not your step", 403, from "not now")."""
    obj, action = target
    return any(step.action == action for step in steps_for(user, obj, offer=False))
