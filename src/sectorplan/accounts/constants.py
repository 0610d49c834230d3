from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in a programme. Keys are stable; labels are translated."""

    PROGRAMME_OFFICE = "programmabureau", _("Programme office")
    MINISTRY = "ministerie", _("Ministry")
    ASSESSOR = "beoordelaar", _("Assessing party")
    CENTRAL_MUNICIPALITY = "centrumgemeente", _("Central municipality")
    REGION_CONTACT = "regiocontact", _("Regional contact")


#: Roles that act for one region; a membership in such a role names the region.
REGIONAL_ROLES = frozenset({Role.CENTRAL_MUNICIPALITY, Role.REGION_CONTACT})
