"""A region's plan in a programme: its content, the review around it, and the money.

Content (activities, budget lines) lives in real columns so it can be summed in SQL; every
submission also freezes a snapshot (PlanVersion) so reviewers and auditors can see exactly
what was submitted and what changed since.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectorplan.plans.constants import ExtensionState, PlanState, Verdict
from sectorplan.programmes.models import ActivityType, Indicator, Organisation, Programme, Region

USER = settings.AUTH_USER_MODEL


class Plan(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="plans")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans")
    state = models.CharField(
        _("state"), max_length=32, choices=PlanState.choices, default=PlanState.DRAFT
    )
    #: Optimistic lock: a save from a form that read an older number is refused.
    lock_version = models.PositiveIntegerField(default=1)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    companies = models.ManyToManyField(
        Organisation, blank=True, related_name="plans", verbose_name=_("participating companies")
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    ends_on = models.DateField(_("carried out until"), null=True, blank=True)
    is_amendment = models.BooleanField(_("amendment"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[companies])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["region__code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "region"], name="plan_unique_per_region")
        ]

    def __str__(self):
        return f"{self.programme.slug} / {self.region.code}"


class Activity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("activity type"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    people_per_year = models.PositiveIntegerField(
        _("planned people per year"), null=True, blank=True
    )
    planned_results = models.TextField(_("planned results"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class BudgetLine(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(_("description"), max_length=300, blank=True)
    subsidy = models.DecimalField(_("subsidy"), max_digits=15, decimal_places=2, default=0)
    cofinancing = models.DecimalField(_("co-financing"), max_digits=15, decimal_places=2, default=0)
    #: A code of the programme's `cofinancing_sources` (its template's data).
    cofinancing_source = models.CharField(_("source of co-financing"), max_length=32)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subsidy__gte=0, cofinancing__gte=0),
                name="budget_line_amounts_not_negative",
            )
        ]

    def __str__(self):
        return self.description or str(self.activity)


class IndicatorTarget(models.Model):
    """What the plan means to reach on one of the programme's indicators."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    target = models.DecimalField(_("target"), max_digits=15, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "indicator"], name="target_unique"),
            models.CheckConstraint(condition=models.Q(target__gte=0), name="target_not_negative"),
        ]

    def __str__(self):
        return f"{self.plan} / {self.indicator.code}"


class PlanVersion(models.Model):
    """What was submitted, frozen: for comparing versions and for the audit trail."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    snapshot = models.JSONField()

    class Meta:
        ordering = ["number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class ReviewComment(models.Model):
    """A remark of the office on one section of the plan, sent back with 'changes requested'."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, null=True, related_name="+")
    section = models.CharField(_("section"), max_length=100)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.plan} {self.section}"


class Advice(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="advices")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="advices")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("advice"), max_length=32, choices=Verdict.choices)
    motivation = models.TextField(_("motivation"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="one_advice_per_party_per_version"
            )
        ]

    def __str__(self):
        return f"{self.plan} {self.organisation}: {self.verdict}"


class Decision(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="decisions")
    granted = models.BooleanField(_("granted"))
    amount = models.DecimalField(
        _("granted amount"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("decision date"))
    reason = models.TextField(_("reason"), blank=True)
    #: Empty for a decision loaded by `import-plans --state decided`.
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.plan} {'granted' if self.granted else 'rejected'}"


class Payment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=2)
    paid_on = models.DateField(_("payment date"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive")
        ]

    def __str__(self):
        return f"{self.plan} {self.amount} {self.paid_on}"


class Settlement(models.Model):
    """The vaststelling: the final subsidy from reported spending. What to reclaim follows
    from the payments at read time, so it never goes stale."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="settlement")
    amount = models.DecimalField(_("settled amount"), max_digits=15, decimal_places=2)
    settled_on = models.DateField(_("settlement date"))
    note = models.TextField(_("note"), blank=True)
    settled_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.plan} {self.amount}"

    def to_reclaim(self, paid):
        """What the region pays back when more was paid than settled; None when nothing."""
        return paid - self.amount if paid > self.amount else None


class Extension(models.Model):
    """A request for more time to carry out the plan (uitstel)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="extensions")
    new_end_date = models.DateField(_("new end date"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        max_length=16, choices=ExtensionState.choices, default=ExtensionState.REQUESTED
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.plan} {self.new_end_date}"


def attachment_path(instance, filename: str) -> str:
    return f"plans/{instance.plan.programme.slug}/{instance.plan.region.code}/{filename}"


class Attachment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name
