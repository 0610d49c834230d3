"""The navigation bar of a programme's pages: its parts, as far as the user's role reaches."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from sectorplan.accounts.rules import is_programme_office, sees_every_region
from sectorplan.accounts.selectors import memberships_of

register = template.Library()


def sections(user, programme) -> list[tuple[str, str]]:
    """(label, address) of each part of the programme this user may open, in reading order."""
    slug = programme.slug
    items = [(_("Overview"), reverse("programme-detail", args=[slug]))]
    for membership in memberships_of(user):
        region = membership.region
        if region is not None and region.region_set_id == programme.region_set_id:
            label = _("My region %(code)s") % {"code": region.code}
            items.append((label, reverse("region-detail", args=[slug, region.code])))
    items += [
        (_("Plans"), reverse("plan-overview", args=[slug])),
        (_("Reports"), reverse("round-overview", args=[slug])),
    ]
    if sees_every_region(user):
        items.append((_("National reporting"), reverse("dashboard", args=[slug])))
    items.append((_("Knowledge"), reverse("knowledge-index", args=[slug])))
    if is_programme_office(user):
        items.append((_("People"), reverse("people-list")))
    items.append((_("Open data"), reverse("open-data")))
    return items


@register.inclusion_tag("programmes/_programme_nav.html", takes_context=True)
def programme_nav(context, programme):
    request = context["request"]
    items = sections(request.user, programme)
    # The current part is the one whose address is the longest start of this page's.
    matching = [url for _label, url in items if request.path.startswith(url)]
    current = max(matching, key=len) if matching else None
    # aria-current: "page" on the part's own page, "true" on the pages within it.
    return {
        "programme": programme,
        "items": [
            (label, url, ("page" if url == request.path else "true") if url == current else "")
            for label, url in items
        ],
    }
