"""The report's and the round's object-level permissions (django-rules), asked by pages, API
and CLI alike:

user.has_perm("monitoring.edit_report", report)          fills in this report
user.has_perm("monitoring.start_report", (round_, region))  starts the region's report
user.has_perm("monitoring.take_step", (report, "accept"))   the engine offers the step now
user.has_perm("monitoring.act_in_step", (report, "accept")) holds a role the step names, for
                                                             the report's region (in any state)
user.has_perm("monitoring.manage_rounds")                 opens and closes rounds, publishes
                                                             questionnaires, reviews in bulk
"""

import rules

from sectorplan.accounts.rules import is_programme_office
from sectorplan.monitoring.selectors import may_fill_in
from sectorplan.workflow.rules import acts_in_step, takes_step


@rules.predicate
def fills_in(user, report) -> bool:
    """The region's contact (the roles of the report workflow's `submit` step)."""
    return report is not None and may_fill_in(user, report.round, report.region)


@rules.predicate
def starts(user, target) -> bool:
    round_, region = target
    return region is not None and may_fill_in(user, round_, region)


rules.add_perm("monitoring.edit_report", fills_in)
rules.add_perm("monitoring.start_report", starts)
rules.add_perm("monitoring.take_step", takes_step)
rules.add_perm("monitoring.act_in_step", acts_in_step)
rules.add_perm("monitoring.manage_rounds", is_programme_office)
