"""What the office writes itself in the national report: the introduction (beside or instead
of the findings generated from the data, which the office accepts), the conclusions and the
recommendations. Everything else in the report is computed from the data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectorplan.programmes.models import Programme

#: The audit actions of the office's own parts of the final report: its texts, and the
#: regions' words it picked for the theme chapters (written by services.py; the report's
#: date of a closed programme is the last of them, selectors.report_texts_saved_at).
TEXTS_SAVED = "programme.report_text"
PICKS_SAVED = "programme.report_picks"


class TextKey(models.TextChoices):
    INTRODUCTION = "inleiding", _("Introduction")
    CONCLUSIONS = "conclusies", _("Conclusions")
    RECOMMENDATIONS = "aanbevelingen", _("Recommendations")


class ReportText(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="report_texts")
    key = models.CharField(max_length=32, choices=TextKey.choices)
    text = models.TextField(blank=True)
    #: The generated draft of this part as the office accepted it. While the draft the data
    #: give today differs (nothing accepted yet, or the data changed), the report marks the
    #: generated text as a draft.
    accepted_draft = models.TextField(blank=True)
    #: The office's text replaces the generated draft instead of following it.
    replaces_draft = models.BooleanField(default=False)
    #: Optimistic lock: a save from a form that read an older number is refused.
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="report_text_unique")
        ]

    def __str__(self):
        return f"{self.programme.slug} / {self.key}"


class TablePublication(models.Model):
    """The national tables as the office published them for open data: a frozen copy, so
    what the public downloads does not change until the office publishes again."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="table_publications"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    #: The round whose answers the tables count (empty: the newest round with answers).
    round = models.ForeignKey(
        "programmes.Round", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: [{"code", "title", "columns", "money", "rows"}], values as JSON (amounts as text).
    tables = models.JSONField(default=list)

    class Meta:
        verbose_name = _("table publication")
        verbose_name_plural = _("table publications")
        get_latest_by = ["published_at", "pk"]

    def __str__(self):
        return f"{self.programme.slug} {self.published_at:%Y-%m-%d %H:%M}"

    def table(self, code: str) -> dict | None:
        return next((t for t in self.tables if t["code"] == code), None)


class NarrativePick(models.Model):
    """An answer in a region's own words the office picked for a theme chapter of the final
    report (an achievement or a quote). A theme without picks follows the default rule
    (`publication.chapters.PICKED_PER_THEME`)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey("monitoring.Answer", on_delete=models.CASCADE, related_name="+")
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("picked answer")
        verbose_name_plural = _("picked answers")
        constraints = [
            models.UniqueConstraint(fields=["programme", "answer"], name="narrative_pick_unique")
        ]

    def __str__(self):
        return f"{self.programme_id} / {self.answer_id}"
