from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    """Keys are stable identifiers (CONTRACTS: `submitted`, `accepted`); labels translated.

    A region without a report in a round has not started: that state has no row."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


#: The completeness overview's status for a region with no report yet.
NOT_STARTED = "not_started"
NOT_STARTED_LABEL = _("Not started")
#: ... and for a region that reports on nothing: its plan was never granted.
NOT_ASKED = "not_asked"
NOT_ASKED_LABEL = _("Not asked")

#: States in which the region fills in the report.
EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})
#: What national tables count (CONTRACTS §5).
COUNTED_STATES = frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED})


class ActivityStatus(models.TextChoices):
    FINISHED = "afgerond", _("Finished")
    ONGOING = "loopt_door", _("Ongoing")
    NOT_STARTED = "niet_gestart", _("Not started")
    STOPPED = "gestopt", _("Stopped")


class AnswerSource(models.TextChoices):
    WEB = "web", _("Filled in on the site")
    IMPORT = "import", _("Imported")
