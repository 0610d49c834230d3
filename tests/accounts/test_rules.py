"""The permission rule set, asked directly (CONTRACTS.md §8): the one truth pages and API use."""

import pytest
from django.core.exceptions import ValidationError

from sectorplan.accounts.constants import REGIONAL_ROLES, Role
from sectorplan.accounts.models import Membership, User
from sectorplan.programmes.models import Organisation, Programme, Region

SEE_PROGRAMME = "programmes.see_programme"
SEE_REGION = "programmes.see_region"
MANAGE_ALLOCATION = "programmes.manage_allocation"

# username: (sees every region, manages the allocation). Regional roles act for AM01.
DEMO_ROLES = {
    "bureau": (True, True),
    "szw": (True, False),
    "vng": (True, False),
    "sociale-partners": (True, False),
    "gemeente-am01": (False, False),
    "regio-am01": (False, False),
}


def fresh(username: str) -> User:
    """A user read anew, so no membership cache from an earlier question carries over."""
    return User.objects.get(username=username)


@pytest.fixture
def regions(demo) -> dict[str, Region]:
    return {region.code: region for region in Region.objects.filter(region_set=demo.region_set)}


@pytest.mark.parametrize("username", list(DEMO_ROLES))
def test_every_demo_role_sees_the_programme(demo, username):
    assert fresh(username).has_perm(SEE_PROGRAMME, demo)
    assert fresh(username).has_perm(SEE_PROGRAMME)


@pytest.mark.parametrize("username", list(DEMO_ROLES))
def test_own_region_is_visible_to_every_demo_role(regions, username):
    assert fresh(username).has_perm(SEE_REGION, regions["AM01"])


@pytest.mark.parametrize(("username", "expected"), [(u, e[0]) for u, e in DEMO_ROLES.items()])
def test_other_regions_are_visible_to_national_roles_only(regions, username, expected):
    user = fresh(username)
    for code in ["AM02", "AM18", "AM35"]:
        assert user.has_perm(SEE_REGION, regions[code]) is expected, code


@pytest.mark.parametrize(("username", "expected"), [(u, e[1]) for u, e in DEMO_ROLES.items()])
def test_only_the_office_manages_the_allocation(demo, username, expected):
    assert fresh(username).has_perm(MANAGE_ALLOCATION, demo) is expected
    assert fresh(username).has_perm(MANAGE_ALLOCATION) is expected


@pytest.mark.parametrize("username", ["gemeente-am02", "regio-am02", "regio-am35"])
def test_regional_roles_of_other_regions_do_not_see_am01(regions, username):
    user = fresh(username)
    assert not user.has_perm(SEE_REGION, regions["AM01"])
    own = username.rsplit("-", 1)[1].upper()
    assert user.has_perm(SEE_REGION, regions[own])


def test_no_region_is_not_a_region_of_a_regional_role(demo):
    assert not fresh("regio-am01").has_perm(SEE_REGION, None)
    assert fresh("bureau").has_perm(SEE_REGION, None)


@pytest.mark.parametrize("username", list(DEMO_ROLES))
def test_an_inactive_membership_grants_nothing(demo, regions, username):
    Membership.objects.filter(user__username=username).update(is_active=False)
    user = fresh(username)
    assert not user.has_perm(SEE_PROGRAMME, demo)
    assert not user.has_perm(SEE_REGION, regions["AM01"])
    assert not user.has_perm(SEE_REGION, regions["AM02"])
    assert not user.has_perm(MANAGE_ALLOCATION, demo)


def test_an_inactive_membership_next_to_an_active_one_grants_only_the_active_one(demo, regions):
    user = fresh("regio-am01")
    Membership.objects.create(
        user=user,
        role=Role.PROGRAMME_OFFICE,
        organisation=Organisation.objects.get(name="Cedris"),
        is_active=False,
    )
    Membership.objects.create(
        user=user,
        role=Role.REGION_CONTACT,
        organisation=Organisation.objects.get(name="Caparis"),
        region=regions["AM02"],
        is_active=False,
    )
    user = fresh("regio-am01")
    assert user.has_perm(SEE_REGION, regions["AM01"])
    assert not user.has_perm(SEE_REGION, regions["AM02"])
    assert not user.has_perm(MANAGE_ALLOCATION, demo)


def test_a_second_active_regional_membership_adds_that_region(demo, regions):
    Membership.objects.create(
        user=fresh("regio-am01"),
        role=Role.REGION_CONTACT,
        organisation=Organisation.objects.get(name="Caparis"),
        region=regions["AM02"],
    )
    user = fresh("regio-am01")
    assert user.has_perm(SEE_REGION, regions["AM01"])
    assert user.has_perm(SEE_REGION, regions["AM02"])
    assert not user.has_perm(SEE_REGION, regions["AM03"])


@pytest.mark.parametrize("username", list(DEMO_ROLES))
def test_a_deactivated_user_sees_nothing(demo, regions, username):
    User.objects.filter(username=username).update(is_active=False)
    user = fresh(username)
    assert not user.has_perm(SEE_PROGRAMME, demo)
    assert not user.has_perm(SEE_REGION, regions["AM01"])
    assert not user.has_perm(MANAGE_ALLOCATION, demo)


def test_a_superuser_is_office(demo, regions):
    User.objects.create_superuser("root", "root@example.org", "x")
    user = fresh("root")
    assert not user.memberships.exists()
    assert user.has_perm(SEE_PROGRAMME, demo)
    assert user.has_perm(SEE_REGION, regions["AM01"])
    assert user.has_perm(SEE_REGION, regions["AM35"])
    assert user.has_perm(MANAGE_ALLOCATION, demo)


def test_a_deactivated_superuser_sees_nothing(demo, regions):
    """A deactivated superuser keeps no permission of the rule set (the rules backend runs
    before ModelBackend, so the rules must look at is_active themselves)."""
    User.objects.create_superuser("root", "root@example.org", "x", is_active=False)
    user = fresh("root")
    assert not user.has_perm(SEE_PROGRAMME, demo)
    assert not user.has_perm(SEE_REGION, regions["AM01"])
    assert not user.has_perm(MANAGE_ALLOCATION, demo)


def test_a_user_without_memberships_sees_no_programme(demo, regions):
    User.objects.create_user("nobody", password="x")
    user = fresh("nobody")
    assert not user.has_perm(SEE_PROGRAMME, demo)
    assert not user.has_perm(SEE_PROGRAMME)
    assert not user.has_perm(SEE_REGION, regions["AM01"])
    assert not user.has_perm(MANAGE_ALLOCATION, demo)


def test_staff_status_alone_grants_nothing(demo, regions):
    User.objects.create_user("staff", password="x", is_staff=True)
    user = fresh("staff")
    assert not user.has_perm(SEE_PROGRAMME, demo)
    assert not user.has_perm(SEE_REGION, regions["AM01"])
    assert not user.has_perm(MANAGE_ALLOCATION, demo)


def test_the_rules_answer_for_any_programme(demo):
    """Permissions follow roles, not one programme: a second programme is seen alike."""
    other = Programme.objects.create(
        slug="ander",
        name="Ander",
        template="x",
        region_set=demo.region_set,
        budget=1,
        basis_label="x",
    )
    assert fresh("regio-am01").has_perm(SEE_PROGRAMME, other)
    assert fresh("bureau").has_perm(MANAGE_ALLOCATION, other)
    assert not fresh("szw").has_perm(MANAGE_ALLOCATION, other)


# --- Membership.clean ---------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(REGIONAL_ROLES))
def test_a_regional_role_needs_a_region(demo, role):
    membership = Membership(
        user=fresh("szw"), role=role, organisation=Organisation.objects.get(name="Iederz")
    )
    with pytest.raises(ValidationError) as caught:
        membership.clean()
    assert "region" in caught.value.message_dict


@pytest.mark.parametrize("role", sorted(set(Role) - REGIONAL_ROLES))
def test_a_national_role_has_no_region(demo, regions, role):
    membership = Membership(
        user=fresh("regio-am01"),
        role=role,
        organisation=Organisation.objects.get(name="Cedris"),
        region=regions["AM01"],
    )
    with pytest.raises(ValidationError) as caught:
        membership.clean()
    assert "region" in caught.value.message_dict


@pytest.mark.parametrize("role", list(Role))
def test_a_role_with_the_right_region_is_clean(demo, regions, role):
    membership = Membership(
        user=fresh("szw"),
        role=role,
        organisation=Organisation.objects.get(name="Cedris"),
        region=regions["AM01"] if role in REGIONAL_ROLES else None,
    )
    membership.full_clean()
