from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SW_COMPANY = "sw_bedrijf", _("Sheltered-employment company")
    MUNICIPALITY = "gemeente", _("Municipality")
    SOCIAL_PARTNER = "sociale_partner", _("Social partner")
    MUNICIPALITIES_ASSOCIATION = "vng", _("Association of municipalities")
    MINISTRY = "ministerie", _("Ministry")
    PROGRAMME_OFFICE = "programmabureau", _("Programme office")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "concept", _("Draft")
    RUNNING = "lopend", _("Running")
    CLOSED = "afgesloten", _("Closed")


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no / don't know")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Text")
