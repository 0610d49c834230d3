"""The report's permissions as object-level predicates (monitoring/rules.py), asked through
the rule set that the pages, the API and the services ask."""

import pytest
import rules

from sectorplan.monitoring import filling, report_flow
from sectorplan.monitoring.report_input import from_form
from tests.monitoring.conftest import complete_answers, final_round, granted_plan, report
from tests.plans.conftest import user

__all__ = ["final_round", "granted_plan", "report"]  # fixtures used here

pytestmark = pytest.mark.django_db


def test_only_the_regions_contact_fills_in_and_starts_its_report(report):
    assert rules.has_perm("monitoring.edit_report", user("regio-am01"), report)
    for name in ("regio-am02", "gemeente-am01", "bureau", "szw", "vng"):
        assert not rules.has_perm("monitoring.edit_report", user(name), report), name
    am02 = report.round.programme.region_set.regions.get(code="AM02")
    assert rules.has_perm("monitoring.start_report", user("regio-am02"), (report.round, am02))
    assert not rules.has_perm("monitoring.start_report", user("regio-am01"), (report.round, am02))
    assert not rules.has_perm("monitoring.start_report", user("bureau"), (report.round, am02))


def test_steps_follow_the_engine_and_the_roles_of_the_step_from_the_state(report):
    contact, office = user("regio-am01"), user("bureau")
    assert rules.has_perm("monitoring.take_step", contact, (report, "submit"))
    assert rules.has_perm("monitoring.act_in_step", contact, (report, "submit"))
    assert not rules.has_perm("monitoring.take_step", office, (report, "submit"))
    assert not rules.has_perm("monitoring.act_in_step", office, (report, "submit"))
    # A draft is not accepted: no one takes that step from here.
    assert not rules.has_perm("monitoring.take_step", office, (report, "accept"))
    assert not rules.has_perm("monitoring.act_in_step", office, (report, "accept"))
    filling.report_save(
        report=report,
        by=contact,
        lock_version=report.lock_version,
        given=from_form(report, complete_answers(report)),
    )
    report.refresh_from_db()
    report = report_flow.report_transition(report=report, action="submit", by=contact)
    assert rules.has_perm("monitoring.take_step", office, (report, "accept"))
    assert rules.has_perm("monitoring.act_in_step", office, (report, "accept"))
    assert not rules.has_perm("monitoring.take_step", contact, (report, "accept"))
    assert not rules.has_perm("monitoring.act_in_step", contact, (report, "accept"))
    assert not rules.has_perm("monitoring.edit_report", office, report)


def test_only_the_office_manages_rounds(demo):
    assert rules.has_perm("monitoring.manage_rounds", user("bureau"))
    for name in ("regio-am01", "gemeente-am01", "szw", "vng"):
        assert not rules.has_perm("monitoring.manage_rounds", user(name)), name
