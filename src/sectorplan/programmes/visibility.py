"""A programme or region named in a URL, found with the visibility rules: 404 when it does
not exist or the user may not see it (another region's page looks like no page at all).
Shared by the pages of every app."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from sectorplan.accounts.selectors import memberships_of
from sectorplan.programmes.models import Programme, Region


def programme_for(user, slug: str) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("region_set"), slug=slug)
    if not user.has_perm("programmes.see_programme", programme):
        raise Http404
    return programme


def region_for(user, programme: Programme, code: str) -> Region:
    region = Region.objects.filter(region_set_id=programme.region_set_id, code__iexact=code).first()
    if region is None or not user.has_perm("programmes.see_region", region):
        raise Http404
    return region


def own_regions(user, programme: Programme) -> list[Region]:
    """The regions of this programme the user acts for; 404 when there are none (a user who
    sees no region of the programme has nothing to see on its regional pages)."""
    regions = [
        m.region
        for m in memberships_of(user)
        if m.region_id and m.region.region_set_id == programme.region_set_id
    ]
    if not regions:
        raise Http404
    return regions
