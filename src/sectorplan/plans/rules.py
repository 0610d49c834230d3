"""The plan's object-level permissions (django-rules), asked by pages, API and CLI alike:

user.has_perm("plans.take_step", (plan, "grant"))
user.has_perm("plans.edit", plan)
user.has_perm("plans.act_in_step", (plan, "grant"))  holds a role the step names, in any state
"""

import rules

from sectorplan.accounts.rules import is_programme_office
from sectorplan.accounts.selectors import acts_in
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


@rules.predicate
def acts_in_step(user, target) -> bool:
    """The user holds a role the step (plan, action) names for the plan's region, whatever
    the plan's state (the API tells "not your step", 403, from "not now", 400/409)."""
    plan, action = target
    step = plan.programme.workflow("plan").find(plan.state, action)
    return step is not None and acts_in(user, step.roles, plan.region_id)


rules.add_perm("plans.take_step", takes_step)
rules.add_perm("plans.act_in_step", acts_in_step)
rules.add_perm("plans.edit", writes_plan)
rules.add_perm("plans.edit_letters", is_programme_office)
