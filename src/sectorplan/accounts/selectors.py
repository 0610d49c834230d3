"""Who a user is in the programme: their active memberships, read once per request."""

from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import Membership


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_sectorplan_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related(
                "organisation", "region"
            )
        )
        user._sectorplan_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    return {membership.role for membership in memberships_of(user)}


def region_ids_of(user) -> set[int]:
    return {m.region_id for m in memberships_of(user) if m.region_id is not None}


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
