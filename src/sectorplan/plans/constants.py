from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    """Keys are stable identifiers (CONTRACTS: `submitted`, `decided`); labels are translated."""

    DRAFT = "draft", _("Draft")
    AT_MUNICIPALITY = "at_municipality", _("With the central municipality")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    IN_ADVICE = "in_advice", _("Out for advice")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    SETTLED = "settled", _("Settled")


#: States in which the region may edit the plan's content.
EDITABLE_STATES = frozenset({PlanState.DRAFT, PlanState.CHANGES_REQUESTED})
#: "Submitted or later" (CONTRACTS §5): what national tables count.
SUBMITTED_OR_LATER = frozenset(
    {
        PlanState.SUBMITTED,
        PlanState.IN_ADVICE,
        PlanState.GRANTED,
        PlanState.REJECTED,
        PlanState.SETTLED,
    }
)
DECIDED_STATES = frozenset({PlanState.GRANTED, PlanState.REJECTED, PlanState.SETTLED})


class Verdict(models.TextChoices):
    POSITIVE = "positief", _("Positive")
    CONDITIONAL = "positief_onder_voorwaarden", _("Positive on conditions")
    NEGATIVE = "negatief", _("Negative")


class ExtensionState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


#: The fields of an activity the region writes (the form) and the trail records.
ACTIVITY_FIELDS = (
    "activity_type",
    "title",
    "description",
    "target_group",
    "people_per_year",
    "planned_results",
    "starts_on",
    "ends_on",
)
