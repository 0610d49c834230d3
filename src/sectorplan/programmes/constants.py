from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SW_COMPANY = "sw_bedrijf", _("Sheltered-employment company")
    MUNICIPALITY = "gemeente", _("Municipality")
    SOCIAL_PARTNER = "sociale_partner", _("Social partner")
    MUNICIPALITIES_ASSOCIATION = "vng", _("Association of municipalities")
    MINISTRY = "ministerie", _("Ministry")
    PROGRAMME_OFFICE = "programmabureau", _("Programme office")
    #: A party a programme template names (an advisory committee, a province, a fund).
    PARTY = "partij", _("Party")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "concept", _("Draft")
    RUNNING = "lopend", _("Running")
    CLOSED = "afgesloten", _("Closed")


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no / don't know")
    NUMBER = "number", _("Number")
    AMOUNT = "amount", _("Amount in euros")
    PERCENTAGE = "percentage", _("Percentage")
    CHOICE = "choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    SHORT_TEXT = "short_text", _("Short text")
    TEXT = "text", _("Long text")
    FILE = "file", _("File")


#: Kinds answered with a number (stored in a decimal column).
NUMERIC_KINDS = frozenset({QuestionKind.NUMBER, QuestionKind.AMOUNT, QuestionKind.PERCENTAGE})
#: Kinds answered with one code (stored in a short text column that SQL can count).
CODED_KINDS = frozenset({QuestionKind.YES_NO, QuestionKind.CHOICE})


class YesNo(models.TextChoices):
    """The answers of a yes/no question; keys are stored, labels shown."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")


class RoundState(models.TextChoices):
    PLANNED = "planned", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
