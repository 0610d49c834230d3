"""What the knowledge pages share."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sectorplan.core.errors import Refused
from sectorplan.programmes.models import Programme


def context(programme: Programme, current: str = "", **more) -> dict:
    return {"programme": programme, "current": current, **more}


def refuse_unless_office(user) -> None:
    if not rules.has_perm("knowledge.manage", user):
        raise PermissionDenied


def trail(programme: Programme, *more) -> list[tuple[str, str]]:
    return [
        (reverse("home"), _("Programmes")),
        (reverse("programme-detail", args=[programme.slug]), programme.name),
        (reverse("knowledge-index", args=[programme.slug]), _("Knowledge")),
        *more,
    ]


def saved(request, form, save, done: str):
    """A form page's POST: when the form is valid, `save()` (a service call returning the URL
    to go on to) and a redirect there with the message `done`. Otherwise no response, and the
    service's refusals to show above the form (which keeps what was typed)."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    try:
        target = save()
    except Refused as exc:
        return None, exc.errors
    messages.success(request, done)
    return redirect(target), []
