"""The knowledge exchange's object-level permissions (django-rules), asked by pages, API and
services alike:

user.has_perm("knowledge.edit_practice", practice)      writes this good practice
user.has_perm("knowledge.add_practice", programme)      writes a new one (for a region or,
                                                         the office, for none)
user.has_perm("knowledge.take_step", (practice, "publish"))  the engine offers the step now
user.has_perm("knowledge.manage")                       the office's catalogue and meetings
"""

import rules

from sectorplan.accounts.rules import is_programme_office
from sectorplan.knowledge.selectors import may_write, may_write_for
from sectorplan.workflow.rules import takes_step


@rules.predicate
def writes_practice(user, practice) -> bool:
    """Its region's contact and central municipality; the office its own (no region)."""
    return practice is not None and may_write(user, practice)


@rules.predicate
def adds_practice(user, programme) -> bool:
    return bool(may_write_for(user, programme))


rules.add_perm("knowledge.edit_practice", writes_practice)
rules.add_perm("knowledge.add_practice", adds_practice | is_programme_office)
rules.add_perm("knowledge.read_practice_history", writes_practice | is_programme_office)
rules.add_perm("knowledge.take_step", takes_step)
rules.add_perm("knowledge.manage", is_programme_office)
