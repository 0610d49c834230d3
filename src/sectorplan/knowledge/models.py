"""Knowledge shared between regions: the instrument catalogue, good practices, knowledge
meetings, and the search index over these and over the plans and reports.

The index (SearchEntry) is derived data: it is rebuilt from its sources whenever they change
and never edited by hand; which regions use an instrument is read from it at request time.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectorplan.knowledge.constants import Audience, Kind, PracticeState
from sectorplan.programmes.models import Labelled, Programme, Region, Round, Theme

USER = settings.AUTH_USER_MODEL


class InstrumentCategory(Labelled):
    """A kind of instrument (diagnosis, wage value, job creation …); data, not code."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("instrument category")
        verbose_name_plural = _("instrument categories")
        ordering = ["position", "code"]


class Instrument(models.Model):
    """A method or tool regions use (an assessment method, a wage-value method, LEAN …).

    Instruments are shared by all programmes: the next programme starts from this catalogue.
    """

    slug = models.SlugField(_("short name in web addresses"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        InstrumentCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("category"),
    )
    description = models.TextField(_("description"), blank=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "One per line: other names and spellings. Plans, reports and practices that use the "
            "name or one of these are linked to the instrument."
        ),
    )
    links = models.TextField(
        _("links"), blank=True, help_text=_("One web address (https://…) per line.")
    )
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def terms(self) -> list[str]:
        """The words that name this instrument in a text: its name and other names."""
        lines = [self.name, *self.aliases.splitlines()]
        return [line.strip() for line in lines if line.strip()]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class InstrumentUse(models.Model):
    """The office's word on whether a region uses an instrument in a programme: added where no
    text names it, or `uses=False` where a text names it but the region does not use it."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="uses")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    uses = models.BooleanField(_("uses the instrument"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "programme", "region"], name="instrument_use_unique"
            )
        ]

    def __str__(self):
        return f"{self.instrument} / {self.region.code}"


def document_path(instance, filename: str) -> str:
    return f"knowledge/{instance._meta.model_name}/{filename}"


class Document(models.Model):
    """A checked upload (plans.forms.checked_document): PDF, DOCX, XLSX or ODT."""

    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_path, max_length=300)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name


class Practice(models.Model):
    """A good practice a region writes up for the others; the office reviews and publishes it
    to the programme or to everyone."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="practices")
    #: The region that wrote it; none for a practice the office writes itself.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("region"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("theme"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=PracticeState.choices, default=PracticeState.DRAFT
    )
    audience = models.CharField(
        _("published for"), max_length=16, choices=Audience.choices, blank=True
    )
    lock_version = models.PositiveIntegerField(default=1)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("what it is"))
    target_group = models.CharField(_("for whom"), max_length=300, blank=True)
    results = models.TextField(_("results"), blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    cost = models.DecimalField(
        _("what it cost (euros)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    watch_out = models.TextField(_("what to watch out for"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    #: Never shown on a page: questions reach the contact by e-mail through the site.
    contact_email = models.EmailField(_("contact e-mail (not shown)"), blank=True)
    instruments = models.ManyToManyField(
        Instrument, blank=True, related_name="practices", verbose_name=_("instruments used")
    )
    review_note = models.TextField(_("note of the programme office"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[instruments])

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at", "-id"]

    def __str__(self):
        return self.title


class PracticeDocument(Document):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="documents")


class PracticeQuestion(models.Model):
    """A question sent to a practice's contact through the site (the address stays hidden)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="questions")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.practice} / {self.at:%Y-%m-%d}"


class Meeting(models.Model):
    """A knowledge meeting the office organises for the regions."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("theme"),
    )
    description = models.TextField(_("programme of the meeting"), blank=True)
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="meetings", verbose_name=_("practices discussed")
    )
    instruments = models.ManyToManyField(
        Instrument, blank=True, related_name="meetings", verbose_name=_("instruments discussed")
    )
    lock_version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[practices, instruments])

    class Meta:
        verbose_name = _("knowledge meeting")
        verbose_name_plural = _("knowledge meetings")
        ordering = ["-starts_at", "-id"]

    def __str__(self):
        return self.title


class MeetingRegistration(models.Model):
    """A region's registration for a meeting: how many people come, and who."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    people = models.PositiveSmallIntegerField(_("number of people"), default=1)
    names = models.CharField(_("names"), max_length=500, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "region"], name="registration_unique"),
            models.CheckConstraint(
                condition=models.Q(people__gte=1), name="registration_people_positive"
            ),
        ]

    def __str__(self):
        return f"{self.meeting} / {self.region.code}"


class MeetingDocument(Document):
    """A presentation or other document of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")


class SearchEntry(models.Model):
    """One searchable text and the object it belongs to. Built from its source by
    `knowledge.index`; the full-text index beside it is the database's own (PostgreSQL
    `tsvector` with the `dutch` configuration, SQLite FTS5), kept up to date by triggers.
    Plans, activities and reports are named by string reference: knowledge reads them only
    through their apps' selectors."""

    kind = models.CharField(max_length=16, choices=Kind.choices)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, null=True, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, null=True, related_name="+")
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, null=True, related_name="+")
    activity = models.ForeignKey(
        "plans.Activity", on_delete=models.CASCADE, null=True, related_name="+"
    )
    report = models.ForeignKey(
        "monitoring.Report", on_delete=models.CASCADE, null=True, related_name="+"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, null=True, related_name="+")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, null=True, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, related_name="+")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    #: Its source changed since it was built; the next search or reindex rebuilds it.
    stale = models.BooleanField(default=False, db_index=True)
    #: Instruments this text names (by their name or other names).
    mentions = models.ManyToManyField(Instrument, blank=True, related_name="mentioned_in")

    class Meta:
        indexes = [models.Index(fields=["kind", "programme"])]

    def __str__(self):
        return f"{self.kind}: {self.title}"
