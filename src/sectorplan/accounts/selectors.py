"""Who a user is in the programme: their active memberships, read once per request."""

from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import Membership, RoleDefinition


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
        # A role a template defined reaches what its built-in role reaches (one query, only
        # for people in such a role).
        defined = {m.role for m in cached} - set(Role.values)
        reach = dict(
            RoleDefinition.objects.filter(code__in=defined).values_list("code", "acts_as")
            if defined
            else ()
        )
        for m in cached:
            m.acts_as = m.role if m.role in Role.values else reach.get(m.role, "")
        user._sectorplan_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    """The user's roles: their own codes, and the built-in roles those reach as."""
    memberships = memberships_of(user)
    return {m.role for m in memberships} | {m.acts_as for m in memberships if m.acts_as}


def region_ids_of(user) -> set[int]:
    return {m.region_id for m in memberships_of(user) if m.region_id is not None}


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def acts_in(user, roles, region_id: int | None) -> bool:
    """The user holds one of `roles`, for this region where the role is regional. An active
    superuser counts as programme office."""
    if user.is_active and user.is_superuser and Role.PROGRAMME_OFFICE in roles:
        return True
    return any(
        m.role in roles and (m.region_id is None or m.region_id == region_id)
        for m in memberships_of(user)
    )


def emails_of(roles, region_id: int | None) -> list[str]:
    """E-mail addresses of the active people in `roles`, regional roles for this region only."""
    memberships = Membership.objects.filter(
        role__in=roles, is_active=True, user__is_active=True
    ).select_related("user")
    return sorted(
        {
            m.user.email
            for m in memberships
            if m.user.email and (m.region_id is None or m.region_id == region_id)
        }
    )
