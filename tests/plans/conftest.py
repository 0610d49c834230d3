"""A complete draft plan for AM01, built through the services as a region contact would."""

from decimal import Decimal

import pytest

from sectorplan.accounts.models import User
from sectorplan.plans import services
from sectorplan.programmes.constants import OrganisationKind


def user(username: str) -> User:
    return User.objects.get(username=username)


def fill_plan(plan, *, subsidy=Decimal("100000.00"), cofinancing=None):
    """Make `plan` complete: title, contact, a company and one activity with one budget line."""
    contact = user(f"regio-{plan.region.code.lower()}")
    companies = plan.region.organisations.filter(kind=OrganisationKind.SW_COMPANY)[:2]
    plan = services.plan_update(
        plan=plan,
        by=contact,
        lock_version=plan.lock_version,
        title=f"Sectorplan {plan.region.name}",
        contact_name="Contactpersoon",
        contact_email="contact@example.org",
        companies=list(companies),
    )
    services.activity_save(
        plan=plan,
        by=contact,
        lock_version=plan.lock_version,
        activity=None,
        data={
            "activity_type": plan.programme.activity_types.get(code="werk_naar_werk"),
            "title": "Van werk naar werk",
            "people_per_year": 40,
        },
        budget_lines=[
            {
                "description": "Begeleiding",
                "subsidy": subsidy,
                "cofinancing": subsidy if cofinancing is None else cofinancing,
                "cofinancing_source": "centrumgemeente",
            }
        ],
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def draft_plan(demo):
    region = demo.region_set.regions.get(code="AM01")
    return fill_plan(services.plan_for_region(programme=demo, region=region))


def draft_plan_granted(programme, code: str = "AM01"):
    """The region's plan (AM01's by default), complete and granted 100.000,00 by szw;
    returns (plan, decision)."""
    from datetime import date

    region = programme.region_set.regions.get(code=code)
    plan = fill_plan(services.plan_for_region(programme=programme, region=region))
    for action, username, payload in [
        ("submit", f"regio-{code.lower()}", {}),
        ("confirm_cofinancing", f"gemeente-{code.lower()}", {}),
        ("open_advice", "bureau", {}),
        ("advise", "vng", {"verdict": "positief", "motivation": "Goed plan."}),
        ("grant", "szw", {"amount": Decimal("100000.00"), "decided_on": date(2015, 10, 15)}),
    ]:
        plan = services.plan_transition(plan=plan, action=action, by=user(username), **payload)
    return plan, plan.decisions.get()
