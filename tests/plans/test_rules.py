"""The plan's step permissions (plans/rules.py, on workflow/rules.py): what the engine
offers now, and who holds a role the step names whatever the plan's state."""

import pytest
import rules

from sectorplan.plans import services
from tests.plans.conftest import draft_plan, user

__all__ = ["draft_plan"]  # fixtures used here

pytestmark = pytest.mark.django_db


def test_a_step_is_the_engines_offer_and_a_role_is_the_tables(draft_plan):
    contact, office, ministry = user("regio-am01"), user("bureau"), user("szw")
    assert rules.has_perm("plans.take_step", contact, (draft_plan, "submit"))
    assert rules.has_perm("plans.act_in_step", contact, (draft_plan, "submit"))
    assert not rules.has_perm("plans.take_step", office, (draft_plan, "submit"))
    assert not rules.has_perm("plans.act_in_step", user("regio-am02"), (draft_plan, "submit"))
    # No grant from a draft: the ministry holds no role of a step from this state.
    assert not rules.has_perm("plans.act_in_step", ministry, (draft_plan, "grant"))
    plan = services.plan_transition(plan=draft_plan, action="submit", by=contact)
    assert not rules.has_perm("plans.take_step", contact, (plan, "submit"))
    # Who writes the plan is its region's contact; in which state, the service says.
    assert rules.has_perm("plans.edit", contact, plan)
    assert not rules.has_perm("plans.edit", office, plan)
    assert not rules.has_perm("plans.edit", user("regio-am02"), plan)
