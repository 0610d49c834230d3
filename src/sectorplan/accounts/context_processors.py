from sectorplan.accounts.selectors import memberships_of


def memberships(request):
    return {"user_memberships": memberships_of(request.user)}
