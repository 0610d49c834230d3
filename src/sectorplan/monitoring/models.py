"""A region's report in a round: answers in typed columns, progress per activity of the
plan, realised indicator values, the review around it and the reminders sent.

Answers live in real columns (a code, a decimal, a text) so the national tables count and
sum them in SQL; nothing the tables read is kept in JSON.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectorplan.monitoring.constants import ActivityStatus, AnswerSource, ReportState
from sectorplan.plans.models import Activity, Plan
from sectorplan.programmes.models import (
    Indicator,
    Question,
    QuestionChoice,
    Questionnaire,
    Region,
    Round,
    Theme,
)

USER = settings.AUTH_USER_MODEL


class Report(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="reports")
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    #: The questionnaire version this report is answered on.
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    #: Optimistic lock: a save from a page that read an older number is refused.
    lock_version = models.PositiveIntegerField(default=1)
    #: How often the report was submitted; comments belong to one submission.
    submissions = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["round__position", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "region"], name="report_unique_per_round")
        ]

    def __str__(self):
        return f"{self.round.code} / {self.region.code}"


def answer_file_path(instance, filename: str) -> str:
    report = instance.report
    return (
        f"reports/{report.round.programme.slug}/{report.round.code}/{report.region.code}/{filename}"
    )


class Answer(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    #: For questions of a per-theme section: the theme this answer is about.
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True)
    #: yes/no (`yes`, `no`, `unknown`) and single choice: the code.
    code = models.CharField(max_length=64, blank=True)
    #: number, amount, percentage.
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)
    #: multiple choice.
    choices = models.ManyToManyField(QuestionChoice, blank=True, related_name="answers")
    file = models.FileField(upload_to=answer_file_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=16, choices=AnswerSource.choices, default=AnswerSource.WEB)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[choices])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "question"],
                condition=models.Q(theme__isnull=True),
                name="answer_unique",
            ),
            models.UniqueConstraint(
                fields=["report", "question", "theme"],
                condition=models.Q(theme__isnull=False),
                name="answer_unique_per_theme",
            ),
        ]

    def __str__(self):
        return f"{self.report} / {self.question.code}"


class ActivityProgress(models.Model):
    """What became of one activity of the plan, as the region reports it in a round."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="progress")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, blank=True
    )
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    spent = models.DecimalField(
        _("spent (subsidy and co-financing)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "activity"], name="progress_unique"),
            models.CheckConstraint(
                condition=models.Q(spent__gte=0) | models.Q(spent__isnull=True),
                name="progress_spent_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.report} / {self.activity}"


class IndicatorValue(models.Model):
    """A realised value of an indicator, counted from the start of the plan to period end."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("realised"), max_digits=15, decimal_places=2)
    period_starts_on = models.DateField(_("period from"), null=True, blank=True)
    period_ends_on = models.DateField(_("period until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_unique"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="indicator_value_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.report} / {self.indicator.code}"


class ReportComment(models.Model):
    """The office's comment on one question (or on the report as a whole) when it returns a
    report; it belongs to the submission it was made on."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True)
    submission = models.PositiveIntegerField()
    text = models.TextField(_("comment"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.report} / {self.question or '-'}"


class Reminder(models.Model):
    """A reminder e-mail about a region's report in a round; at most one per day."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    days_from_deadline = models.IntegerField()
    recipients = models.TextField()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.round.code} / {self.region.code} {self.sent_on}"
