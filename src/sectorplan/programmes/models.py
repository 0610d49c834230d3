"""Programmes, the regions they are shared over, and the taxonomy copied from a template.

A programme is self-contained: creating it copies themes, activity types, rounds and
questionnaires out of its template, so a later change to a template never rewrites a
running programme.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectorplan.core.errors import Refused
from sectorplan.programmes.constants import (
    OrganisationKind,
    ProgrammeStatus,
    QuestionKind,
    RoundState,
    YesNo,
)


def in_active_language(dutch: str, english: str) -> str:
    """Data texts come in Dutch, optionally with English; English when active and given."""
    if (get_language() or "nl").startswith("en") and english:
        return english
    return dutch


class Labelled(models.Model):
    """Data labels in Dutch and English; `label` picks the active language."""

    label_nl = models.CharField(_("label (Dutch)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return in_active_language(self.label_nl, self.label_en)


class RegionSet(models.Model):
    """A division of the country, e.g. the 35 arbeidsmarktregio's of 2015."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    #: (longitude, latitude) points of a schematic outline for maps.
    outline = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("region set")
        verbose_name_plural = _("region sets")

    def __str__(self):
        return self.name


class Region(models.Model):
    region_set = models.ForeignKey(
        RegionSet, on_delete=models.PROTECT, related_name="regions", verbose_name=_("region set")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    centrumgemeente = models.CharField(_("central municipality"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    #: Where the region is drawn on a map (its central municipality).
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["region_set", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region_set", "code"], name="region_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Organisation(models.Model):
    """An SW company, municipality, party or office. Companies can serve several regions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="organisations", verbose_name=_("regions")
    )
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Programme(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    template = models.CharField(_("template"), max_length=100)
    region_set = models.ForeignKey(
        RegionSet, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("region set")
    )
    budget = models.DecimalField(_("budget (subsidy)"), max_digits=15, decimal_places=2)
    cofinancing_ratio = models.DecimalField(
        _("co-financing ratio"), max_digits=7, decimal_places=4, default=1
    )
    basis_label = models.CharField(_("allocation basis"), max_length=200)
    basis_label_en = models.CharField(_("allocation basis (English)"), max_length=200, blank=True)
    basis_is_illustrative = models.BooleanField(
        _("basis is illustrative"),
        default=False,
        help_text=_("Shown as 'illustrative' wherever the basis appears: not real figures."),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    plan_deadline = models.DateField(_("deadline for plans"), null=True, blank=True)
    review_deadline = models.DateField(_("deadline for decisions"), null=True, blank=True)
    execution_ends_on = models.DateField(
        _("plans carried out by"),
        null=True,
        blank=True,
        help_text=_("The end date every plan starts with; regions may ask for an extension."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    #: The workflow tables of plans, reports and practices, copied from the template:
    #: {"plan": [rows], ...}; a kind left out runs the defaults (programmes/workflows.toml).
    workflows = models.JSONField(_("workflows"), default=dict, blank=True)
    #: Where a budget line's co-financing may come from, from the template
    #: (`[[cofinancing_sources]]`): [{"code": …, "label_nl": …, "label_en": …}].
    cofinancing_sources = models.JSONField(_("sources of co-financing"), default=list, blank=True)
    #: Where a new budget line's co-financing comes from unless the region says otherwise
    #: (a code of `cofinancing_sources`), from the template.
    default_cofinancing_source = models.CharField(
        _("default source of co-financing"), max_length=32, blank=True
    )
    #: Organisation kinds a plan names at least one participant of before it is complete
    #: (template `plan_participant_kinds`; the 2015 programme: an SW company).
    plan_participant_kinds = models.JSONField(
        _("participants a plan needs"), default=list, blank=True
    )
    #: Texts of the template the letters and pages use: who decides, the fund, the region
    #: type ({"decider_nl": ..., "fund_nl": ..., "region_type_nl": ...}).
    wording = models.JSONField(_("wording"), default=dict, blank=True)
    #: The letters' texts ({"decision": text}): from the template, edited by the office.
    letters = models.JSONField(_("letters"), default=dict, blank=True)
    #: Regions the final report describes in one section (template key `report_sections`):
    #: [{"regions": [code, code, …], "label_nl": …, "label_en": …}].
    report_sections = models.JSONField(_("report sections"), default=list, blank=True)
    region_results_open = models.BooleanField(
        _("regions see each other's results"),
        default=True,
        help_text=_(
            "Regions read the results of other regions (submitted plans, submitted and "
            "accepted reports); drafts stay closed either way."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def cofinancing_source_choices(self) -> list[tuple[str, str]]:
        """(code, label) of the programme's sources of co-financing, in the active language."""
        return [
            (source["code"], in_active_language(source["label_nl"], source.get("label_en", "")))
            for source in self.cofinancing_sources
        ]

    def workflow(self, kind: str):
        """The workflow table of `kind` ("plan", "report", "practice") in this programme."""
        from sectorplan.programmes.workflows import workflow_for

        return workflow_for(self, kind)

    @property
    def is_closed(self) -> bool:
        """The programme has ended: its history stands, nothing in it changes any more."""
        return self.status == ProgrammeStatus.CLOSED

    @property
    def closed_refusal(self) -> str:
        """Why nothing in the programme can change ("" while it runs): the reason the plan
        page, the rounds and the set-up pages give."""
        if self.is_closed:
            return str(_("The programme has ended: nothing in it can change any more."))
        return ""

    def refuse_if_closed(self) -> None:
        """What every write into the programme checks first: Refused, with
        `closed_refusal`, once it has ended."""
        if self.is_closed:
            raise Refused(self.closed_refusal)

    @property
    def basis_name(self) -> str:
        """The allocation basis in the active language."""
        return in_active_language(self.basis_label, self.basis_label_en)


class Participation(models.Model):
    """A region taking part in a programme, with its allocation basis."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="participations")
    basis = models.DecimalField(
        _("allocation basis"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participating region")
        verbose_name_plural = _("participating regions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "region"], name="participation_unique")
        ]

    def __str__(self):
        return f"{self.programme.slug} / {self.region.code}"


class AllocationPublication(models.Model):
    """One publication of the allocation: an immutable snapshot, with who and when."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="allocation_publications"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    budget = models.DecimalField(_("budget"), max_digits=15, decimal_places=2)
    cofinancing_ratio = models.DecimalField(_("co-financing ratio"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("allocation publication")
        verbose_name_plural = _("allocation publications")
        get_latest_by = "published_at"
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.programme.slug} {self.published_at:%Y-%m-%d %H:%M}"


class AllocationLine(models.Model):
    publication = models.ForeignKey(
        AllocationPublication, on_delete=models.CASCADE, related_name="lines"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    basis = models.DecimalField(_("allocation basis"), max_digits=16, decimal_places=4)
    subsidy = models.DecimalField(_("subsidy"), max_digits=15, decimal_places=2)
    cofinancing = models.DecimalField(_("co-financing"), max_digits=15, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication", "region"], name="allocation_line_unique")
        ]

    def __str__(self):
        return f"{self.publication} / {self.region.code}"


class Theme(Labelled):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(_("code"), max_length=64)
    required = models.BooleanField(
        _("required"), default=False, help_text=_("Every plan needs an activity in this theme.")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="theme_code_unique")
        ]


class ActivityType(Labelled):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="activity_types"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="activity_types")
    code = models.SlugField(_("code"), max_length=64)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["theme__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="activity_type_code_unique")
        ]


class Round(Labelled):
    """A reporting round (tussenevaluatie, eindevaluatie): dates, state and questionnaire."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    code = models.SlugField(_("code"), max_length=64)
    position = models.PositiveIntegerField(default=0)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    period_starts_on = models.DateField(_("period from"), null=True, blank=True)
    period_ends_on = models.DateField(_("period until"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=RoundState.choices, default=RoundState.PLANNED
    )
    #: Days relative to the deadline on which unsubmitted reports get a reminder
    #: (negative: before the deadline).
    reminder_days = models.JSONField(_("reminder days"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="round_code_unique")
        ]

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN


class Questionnaire(models.Model):
    """One version of a round's questionnaire. Versions never change once made: a changed
    questionnaire is a new version, and a report keeps the version it was answered on."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questionnaires")
    version = models.PositiveIntegerField(_("version"))
    #: The definition as given (template or uploaded file): sections with their questions.
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["round", "version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "version"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.round.code} v{self.version}"


class Section(Labelled):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    code = models.SlugField(_("code"), max_length=64)
    position = models.PositiveIntegerField(default=0)
    #: The section's questions are asked once for each theme of the programme.
    per_theme = models.BooleanField(_("per theme"), default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="section_code_unique")
        ]


class ReportTable(Labelled):
    """A national table built from paired questions (e.g. the SER six functions)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="report_tables")
    code = models.SlugField(_("code"), max_length=64)
    #: The column heads: [{"code", "label_nl", "label_en"}], in order.
    columns = models.JSONField(default=list)
    #: What a row is called in exports (the CSV column holding the row's code).
    row_key = models.SlugField(max_length=64, default="row")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="report_table_code_unique")
        ]


class ReportTableRow(Labelled):
    table = models.ForeignKey(ReportTable, on_delete=models.CASCADE, related_name="rows")
    code = models.SlugField(_("code"), max_length=64)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="report_table_row_unique")
        ]


class Question(Labelled):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    help_nl = models.TextField(_("help (Dutch)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    position = models.PositiveIntegerField(default=0)
    table_row = models.ForeignKey(
        ReportTableRow,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    table_column = models.SlugField(max_length=64, blank=True)
    #: Asked only when the answer to `shown_if_question` is `shown_if_value` (a code).
    shown_if_question = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="dependents"
    )
    shown_if_value = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="question_code_unique_in_version"
            )
        ]

    @property
    def help(self) -> str:
        return in_active_language(self.help_nl, self.help_en)

    @property
    def shown_if_label(self) -> str:
        """The answer this question waits for, as the region reads it ("No", or the label of
        a choice); "" when it is always asked."""
        condition = self.shown_if_question
        if condition is None:
            return ""
        if condition.kind == QuestionKind.YES_NO:
            return str(dict(YesNo.choices).get(self.shown_if_value, self.shown_if_value))
        for choice in condition.choices.all():
            if choice.code == self.shown_if_value:
                return choice.label
        return self.shown_if_value


class QuestionChoice(Labelled):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    code = models.SlugField(_("code"), max_length=64)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="question_choice_unique")
        ]


class Indicator(Labelled):
    """A countable result the programme follows (e.g. people placed in a garantiebaan):
    plans set a target per region, reports record realised values."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=64)
    unit_nl = models.CharField(_("unit (Dutch)"), max_length=100)
    unit_en = models.CharField(_("unit (English)"), max_length=100, blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="indicator_code_unique")
        ]

    @property
    def unit(self) -> str:
        return in_active_language(self.unit_nl, self.unit_en)


class QuestionnaireDraft(models.Model):
    """The office's work on the next version of a round's questionnaire, in the designer.
    Nobody answers a draft; publishing it makes a new `Questionnaire` version and removes it.
    `lock_version` refuses a change made on a page that showed an older draft."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="draft")
    #: The definition being worked on, in the format of `programmes.questionnaires`.
    definition = models.JSONField()
    #: The published version the draft started from (None: started empty).
    based_on = models.PositiveIntegerField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire draft")
        verbose_name_plural = _("questionnaire drafts")

    def __str__(self):
        return f"{self.round.code} draft"
