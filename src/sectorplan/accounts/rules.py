"""The permission rule set (django-rules). Pages, API, CLI and admin all ask these rules.

Object-level: a regional role reaches only its own region's objects.
"""

import rules

from sectorplan.accounts.constants import Role
from sectorplan.accounts.selectors import has_role, region_ids_of


@rules.predicate
def is_active_superuser(user) -> bool:
    return user.is_active and user.is_superuser


@rules.predicate
def is_programme_office(user) -> bool:
    return is_active_superuser(user) or has_role(user, Role.PROGRAMME_OFFICE)


@rules.predicate
def is_ministry(user) -> bool:
    return has_role(user, Role.MINISTRY)


@rules.predicate
def is_assessor(user) -> bool:
    return has_role(user, Role.ASSESSOR)


@rules.predicate
def is_member(user) -> bool:
    return is_active_superuser(user) or has_role(user, *Role)


@rules.predicate
def acts_for_region(user, region) -> bool:
    return region is not None and region.pk in region_ids_of(user)


sees_every_region = is_programme_office | is_ministry | is_assessor

rules.add_perm("programmes.see_programme", is_member)
rules.add_perm("programmes.see_region", sees_every_region | acts_for_region)
rules.add_perm("programmes.manage_allocation", is_programme_office)

#: Who must log in with a second step (an authenticator code): everyone who reads more than
#: one region. Regional roles may turn it on for themselves.
must_use_two_factor = is_active_superuser | sees_every_region

#: The programme office unlocks locked-out accounts and removes lost authenticators.
rules.add_perm("accounts.manage_access", is_programme_office)
