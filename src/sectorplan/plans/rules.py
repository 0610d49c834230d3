"""The plan's object-level permissions (django-rules), asked by pages, API and CLI alike:

user.has_perm("plans.take_step", (plan, "grant"))
user.has_perm("plans.edit", plan)
user.has_perm("plans.act_in_step", (plan, "grant"))  holds a role the step names, in any state
"""

import rules

from sectorplan.accounts.rules import is_programme_office
from sectorplan.plans.selectors import may_edit
from sectorplan.workflow.rules import acts_in_step, takes_step


@rules.predicate
def writes_plan(user, plan) -> bool:
    return plan is not None and may_edit(user, plan)


rules.add_perm("plans.take_step", takes_step)
rules.add_perm("plans.act_in_step", acts_in_step)
rules.add_perm("plans.edit", writes_plan)
rules.add_perm("plans.edit_letters", is_programme_office)
