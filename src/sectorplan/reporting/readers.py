"""What a reader of the national pages sees, by role (decision 0013).

National readers (office, ministry, assessing parties) see everything the tables hold. A
region's people see the same national figures, with their own region marked ("uw regio"),
and, unless the programme's template closes it (`region_results_open = false`), the results
of the other regions: their submitted plans and their submitted or accepted reports. What a
region has not submitted stays closed: in the regions table the amounts of another region's
plan that is still being written are left out, and its plan and reports answer 404 as
before (CONTRACTS §8).
"""

from dataclasses import replace

from sectorplan.accounts.rules import sees_every_region
from sectorplan.accounts.selectors import memberships_of
from sectorplan.plans.constants import SUBMITTED_OR_LATER
from sectorplan.programmes.models import Programme, Region
from sectorplan.reporting.tables import Table

#: Columns of the regions table that come from a plan's content, blank while it is a draft.
PLAN_AMOUNTS = ("subsidy", "cofinancing")


def own_region_codes(user, programme: Programme) -> set[str]:
    """The codes of the programme's regions the user acts for (none for national readers)."""
    return {
        m.region.code
        for m in memberships_of(user)
        if m.region_id and m.region.region_set_id == programme.region_set_id
    }


def for_reader(user, table: Table, own: set[str]) -> Table:
    """The table as this user may read it: unchanged for national readers; for a region,
    another region's plan amounts only once that plan is submitted."""
    if sees_every_region(user) or table.code != "regions":
        return table
    index = {column: i for i, column in enumerate(table.columns)}
    rows = []
    for row in table.rows:
        if row[0] not in own and row[index["plan_status"]] not in SUBMITTED_OR_LATER:
            row = list(row)
            for column in PLAN_AMOUNTS:
                row[index[column]] = None
        rows.append(row)
    return replace(table, rows=rows)


def sees_results_of(user, programme: Programme, region: Region) -> bool:
    """May the user read this region's results page? Its own people and national readers
    always; other regions when the programme keeps results open (the default)."""
    if user.has_perm("programmes.see_region", region):
        return True
    return programme.region_results_open
