"""The plan's object-level permissions (django-rules), asked by pages, API and CLI alike:

user.has_perm("plans.take_step", (plan, "grant"))
user.has_perm("plans.edit", plan)
"""

import rules

from sectorplan.accounts.rules import is_programme_office
from sectorplan.plans.selectors import may_edit
from sectorplan.workflow import steps_for


@rules.predicate
def takes_step(user, target) -> bool:
    """The engine offers this user the step (plan, action) now."""
    plan, action = target
    return any(step.action == action for step in steps_for(user, plan))


@rules.predicate
def writes_plan(user, plan) -> bool:
    return plan is not None and may_edit(user, plan)


rules.add_perm("plans.take_step", takes_step)
rules.add_perm("plans.edit", writes_plan)
rules.add_perm("plans.edit_letters", is_programme_office)
