"""The knowledge exchange's permissions as object-level predicates (knowledge/rules.py),
asked through the rule set that the pages and the services ask."""

import pytest
import rules

from tests.knowledge.conftest import practice_of
from tests.plans.conftest import user

pytestmark = pytest.mark.django_db


def test_the_region_writes_its_practice_and_the_office_reads_its_history(demo):
    practice = practice_of(demo, "AM01", title="Loket", summary="Loket.")
    for name in ("regio-am01", "gemeente-am01"):
        assert rules.has_perm("knowledge.edit_practice", user(name), practice), name
        assert rules.has_perm("knowledge.read_practice_history", user(name), practice), name
    for name in ("regio-am02", "bureau", "szw"):
        assert not rules.has_perm("knowledge.edit_practice", user(name), practice), name
    assert rules.has_perm("knowledge.read_practice_history", user("bureau"), practice)
    assert not rules.has_perm("knowledge.read_practice_history", user("regio-am02"), practice)


def test_who_adds_practices_and_takes_their_steps(demo):
    for name in ("regio-am01", "gemeente-am01", "bureau"):
        assert rules.has_perm("knowledge.add_practice", user(name), demo), name
    for name in ("szw", "vng"):
        assert not rules.has_perm("knowledge.add_practice", user(name), demo), name
    practice = practice_of(demo, "AM02", title="Leerwerkplek", summary="Leren.")
    assert rules.has_perm("knowledge.take_step", user("regio-am02"), (practice, "submit"))
    assert not rules.has_perm("knowledge.take_step", user("bureau"), (practice, "submit"))
    assert not rules.has_perm("knowledge.take_step", user("regio-am01"), (practice, "submit"))


def test_only_the_office_manages_the_catalogue_and_meetings(demo):
    assert rules.has_perm("knowledge.manage", user("bureau"))
    for name in ("regio-am01", "szw", "vng"):
        assert not rules.has_perm("knowledge.manage", user(name)), name
