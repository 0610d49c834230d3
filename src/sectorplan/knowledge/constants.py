from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeState(models.TextChoices):
    DRAFT = "concept", _("Draft")
    SUBMITTED = "ingediend", _("Submitted for review")
    RETURNED = "teruggestuurd", _("Returned")
    PUBLISHED = "gepubliceerd", _("Published")


#: States in which the writers of a practice may change it.
EDITABLE_STATES = frozenset({PracticeState.DRAFT, PracticeState.RETURNED})


class Audience(models.TextChoices):
    """Who may read a published practice."""

    PROGRAMME = "programma", _("Everyone in the programme")
    PUBLIC = "openbaar", _("Everyone (public, also as open data)")


class Kind(models.TextChoices):
    """What a search result is. Activities are part of plans and found as plans."""

    PLAN = "plan", _("Plan")
    ACTIVITY = "activiteit", _("Plan activity")
    REPORT = "rapportage", _("Report")
    PRACTICE = "praktijk", _("Good practice")
    INSTRUMENT = "instrument", _("Instrument")
    MEETING = "bijeenkomst", _("Knowledge meeting")


#: The search page's type filter: each choice and the kinds it covers.
KIND_FILTERS = {
    "plan": (Kind.PLAN, Kind.ACTIVITY),
    "rapportage": (Kind.REPORT,),
    "praktijk": (Kind.PRACTICE,),
    "instrument": (Kind.INSTRUMENT,),
    "bijeenkomst": (Kind.MEETING,),
}
