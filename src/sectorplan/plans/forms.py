"""Forms of the plan pages: they turn what people type into the services' input.

Forms only parse (Dutch amounts, dates, choices); what a step needs is checked by the
workflow's guards, so a page and the CLI refuse the same things with the same messages.
"""

import zipfile
from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.core.exceptions import SuspiciousFileOperation
from django.forms.utils import ErrorDict
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from sectorplan.core import dates
from sectorplan.core.bounds import check_date, parse_amount
from sectorplan.core.forms import QuickCheckboxes
from sectorplan.core.numbers import format_for_input
from sectorplan.plans.constants import ACTIVITY_FIELDS, Verdict
from sectorplan.programmes.models import ActivityType

# --- Fields ---------------------------------------------------------------------------------


class AmountField(forms.CharField):
    """An amount in euros as people type it: `1.234,56`, `1234,56`, `€ 1 234,56`, `1234.56`;
    read and bounded by `core.bounds.parse_amount`, as the imports read theirs."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "input--amount"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        return parse_amount(text)


class CountField(AmountField):
    """An indicator's number (people, secondments, measurements): read as an amount is, shown
    again as the value is, without decimals a count does not have (`30`, not `30,00`)."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_for_input(value)
        return value


class DateField(dates.DateField):
    """A date typed the Dutch way (31-12-2016) or in ISO; within the programme's window
    (`core.bounds.check_date`) once `within_programme` named it."""

    programme = None

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and self.programme is not None:
            check_date(value, self.programme)


def within_programme(form: forms.Form, programme) -> None:
    """Bound the form's dates to `programme`'s window (each form has its own field copies)."""
    for field in form.fields.values():
        if isinstance(field, DateField):
            field.programme = programme


def _text(label, **kwargs) -> forms.CharField:
    kwargs.setdefault("required", False)
    return forms.CharField(label=label, **kwargs)


def _long_text(label, rows: int = 4, **kwargs) -> forms.CharField:
    return _text(label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def clean_typed(form: forms.Form, values: dict) -> bool:
    """Validate `form` on values that are already typed (the API's serializers read the
    JSON into ints, dates and Decimals): each field's own checks, its `clean_<name>` and the
    form's `clean`, with the page's messages, without dressing the values up as a POST.
    Fields not in `values` are left out. Fills `cleaned_data` and `errors` as `is_valid()`
    does; True when nothing was refused."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for name, field in form.fields.items():
        if name not in values:
            continue
        try:
            form.cleaned_data[name] = field.clean(values[name])
            if hasattr(form, f"clean_{name}"):
                form.cleaned_data[name] = getattr(form, f"clean_{name}")()
        except forms.ValidationError as exc:
            form.add_error(name, exc)
    try:
        cleaned = form.clean()
    except forms.ValidationError as exc:
        form.add_error(None, exc)
    else:
        if cleaned is not None:
            form.cleaned_data = cleaned
    return not form.errors


class LockedForm(forms.Form):
    """Carries the plan's lock_version as read, so a stale form is refused."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- Workflow steps -------------------------------------------------------------------------


class ActionForm(LockedForm):
    """A workflow step; `payload()` is what `plan_transition` needs besides the plan."""

    def __init__(self, *args, plan=None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        if plan is not None:
            within_programme(self, plan.programme)

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        return data


class ReturnToRegionForm(ActionForm):
    note = _long_text(_("What needs to change"))


GENERAL_SECTION = "general"


class RequestChangesForm(ActionForm):
    """One comment per section of the plan: the plan as a whole and each activity."""

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = [(GENERAL_SECTION, "comment_general")]
        self.fields["comment_general"] = _long_text(_("The plan in general"), rows=3)
        for activity in activities:
            name = f"comment_{activity.pk}"
            self.sections.append((activity.title[:100], name))
            self.fields[name] = _long_text(
                _("Activity: %(title)s") % {"title": activity.title}, rows=2
            )

    def payload(self) -> dict:
        return {
            "comments": [
                (section, self.cleaned_data.get(name) or "") for section, name in self.sections
            ]
        }


class AdviseForm(ActionForm):
    verdict = forms.ChoiceField(
        label=_("Advice"), choices=Verdict.choices, required=False, widget=forms.RadioSelect
    )
    motivation = _long_text(_("Motivation"))


class GrantForm(ActionForm):
    amount = AmountField(label=_("Granted amount (€)"))
    decided_on = DateField(label=_("Decision date"))


class RejectForm(ActionForm):
    reason = _long_text(_("Reason"))
    decided_on = DateField(label=_("Decision date"))


class PaymentForm(ActionForm):
    amount = AmountField(label=_("Amount paid (€)"))
    paid_on = DateField(label=_("Payment date"))
    reference = _text(_("Reference"), max_length=200)


class ExtensionRequestForm(ActionForm):
    new_end_date = DateField(label=_("New end date"))
    reason = _long_text(_("Reason for the extension"))


class ExtensionDecisionForm(ActionForm):
    grant = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Grant the extension")), ("0", _("Refuse the extension"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Choose to grant or to refuse the extension.")},
    )


class SettleForm(ActionForm):
    amount = AmountField(label=_("Settled amount (€)"))
    settled_on = DateField(label=_("Settlement date"))
    note = _long_text(_("Note"), rows=3)


#: The form of each workflow action; actions without input only carry the lock_version.
ACTION_FORMS: dict[str, type[ActionForm]] = {
    "return_to_region": ReturnToRegionForm,
    "request_changes": RequestChangesForm,
    "advise": AdviseForm,
    "grant": GrantForm,
    "reject": RejectForm,
    "register_payment": PaymentForm,
    "request_extension": ExtensionRequestForm,
    "decide_extension": ExtensionDecisionForm,
    "settle": SettleForm,
}


def action_form(action: str, plan, activities=(), data=None) -> ActionForm:
    """The form of `action` for `plan`: bound to `data`, or empty with the plan's lock_version."""
    form_class = ACTION_FORMS.get(action, ActionForm)
    kwargs = {"plan": plan, "auto_id": f"id_{action}_%s"}
    if form_class is RequestChangesForm:
        kwargs["activities"] = activities
    if data is not None:
        return form_class(data, **kwargs)
    return form_class(initial={"lock_version": plan.lock_version}, **kwargs)


# --- Content --------------------------------------------------------------------------------


class PlanForm(LockedForm):
    """The plan's general part. A draft keeps whatever is typed: nothing is required here;
    submitting lists what is missing."""

    title = _text(
        _("Title"), max_length=300, widget=forms.TextInput(attrs={"class": "input--wide"})
    )
    summary = _long_text(_("Summary"), rows=6)
    companies = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=None,
        required=False,
        widget=QuickCheckboxes,
    )
    contact_name = _text(_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = _text(_("Contact phone"), max_length=50)
    ends_on = DateField(label=_("Carried out until"))

    def __init__(self, *args, programme, companies, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        within_programme(self, programme)
        self.fields["companies"].queryset = companies
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"target_{indicator.pk}"] = CountField(
                label=f"{indicator.label} ({indicator.unit})"
            )

    def target_fields(self):
        return [self[f"target_{indicator.pk}"] for indicator in self.indicators]

    @classmethod
    def initial_for(cls, plan) -> dict:
        return {
            **{f"target_{t.indicator_id}": t.target for t in plan.targets.all()},
            "lock_version": plan.lock_version,
            "title": plan.title,
            "summary": plan.summary,
            "companies": [company.pk for company in plan.companies.all()],
            "contact_name": plan.contact_name,
            "contact_email": plan.contact_email,
            "contact_phone": plan.contact_phone,
            "ends_on": plan.ends_on,
        }

    def update_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version")
        data["companies"] = list(data["companies"])
        data["targets"] = {
            indicator: data.pop(f"target_{indicator.pk}") for indicator in self.indicators
        }
        return data


class ActivityForm(LockedForm):
    activity_type = forms.ChoiceField(label=_("Activity type"))
    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"class": "input--wide"})
    )
    description = _long_text(_("Description"))
    target_group = _text(_("Target group"), max_length=300)
    people_per_year = forms.IntegerField(
        label=_("Planned number of people per year"), required=False, min_value=0
    )
    planned_results = _long_text(_("Planned results"), rows=3)
    starts_on = DateField(label=_("Start"))
    ends_on = DateField(label=_("End"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        within_programme(self, programme)
        types = ActivityType.objects.filter(programme=programme).select_related("theme")
        self.types = {str(t.pk): t for t in types}
        groups: dict = {}
        for activity_type in types:
            groups.setdefault(activity_type.theme, []).append(
                (str(activity_type.pk), activity_type.label)
            )
        self.fields["activity_type"].choices = [
            ("", _("Choose an activity type")),
            *[(theme.label, choices) for theme, choices in groups.items()],
        ]

    @classmethod
    def initial_for(cls, plan, activity=None) -> dict:
        initial = {"lock_version": plan.lock_version}
        if activity is not None:
            initial.update({name: getattr(activity, name) for name in ACTIVITY_FIELDS})
            initial["activity_type"] = str(activity.activity_type_id)
        return initial

    def clean_activity_type(self):
        return self.types[self.cleaned_data["activity_type"]]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data

    def activity_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTIVITY_FIELDS}


class BudgetLineForm(forms.Form):
    description = _text(_("Description"), max_length=300)
    subsidy = AmountField(label=_("Subsidy (€)"))
    cofinancing = AmountField(label=_("Co-financing (€)"))
    cofinancing_source = forms.ChoiceField(label=_("Source of co-financing"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        # The programme's (its template's) sources, its usual one first chosen.
        field = self.fields["cofinancing_source"]
        field.choices = programme.cofinancing_source_choices()
        field.initial = programme.default_cofinancing_source

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("description") or data.get("subsidy") or data.get("cofinancing"))


def budget_lines_of(forms_: list[BudgetLineForm]) -> list[dict]:
    """The rows that hold anything, as `activity_save` takes them; blank rows are left out."""
    return [
        {
            "description": form.cleaned_data.get("description") or "",
            "subsidy": form.cleaned_data.get("subsidy") or Decimal(0),
            "cofinancing": form.cleaned_data.get("cofinancing") or Decimal(0),
            "cofinancing_source": form.cleaned_data["cofinancing_source"],
        }
        for form in forms_
        if not form.is_blank()
    ]


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        return budget_lines_of(self.forms)


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseBudgetLineFormSet, extra=3, max_num=200, absolute_max=200
)


def budget_line_initial(activity) -> list[dict]:
    if activity is None:
        return []
    return [
        {
            "description": line.description,
            "subsidy": line.subsidy,
            "cofinancing": line.cofinancing,
            "cofinancing_source": line.cofinancing_source,
        }
        for line in activity.budget_lines.all()
    ]


# --- Attachments ----------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

#: Accepted extension → (name shown to people, content type stored and served).
ATTACHMENT_TYPES = {
    "pdf": ("PDF", "application/pdf"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("ODT", "application/vnd.oasis.opendocument.text"),
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def sniff_document(fileobj) -> str | None:
    """What the CONTENT of a file is: `pdf`, `docx`, `xlsx`, `odt`, or None for anything else.

    Looks at the bytes, never at the name: a PDF starts with `%PDF-`; DOCX, XLSX and ODT are
    zip files holding `word/document.xml`, `xl/workbook.xml` or a `mimetype` entry saying
    ODT. Only the zip's directory and the tiny `mimetype` entry are read, so a zip bomb
    stays packed. The file is left at its start.
    """
    try:
        fileobj.seek(0)
        head = fileobj.read(5)
        if head == b"%PDF-":
            return "pdf"
        if head[:4] != b"PK\x03\x04":
            return None
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                with archive.open("mimetype") as entry:
                    if entry.read(100).strip() == _ODT_MIMETYPE:
                        return "odt"
        return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None
    finally:
        fileobj.seek(0)


def attachment_name(filename: str) -> str:
    """A safe file name to store and to offer on download: no directories, no odd characters."""
    base = PurePath(filename.replace("\\", "/")).name
    try:
        name = get_valid_filename(base)
    except SuspiciousFileOperation:
        name = ""
    stem, _dot, extension = name.rpartition(".")
    if not stem.strip("._"):
        name = f"attachment.{extension or 'bin'}"
    if len(name) > 150:
        stem, _dot, extension = name.rpartition(".")
        name = f"{stem[: 149 - len(extension)]}.{extension}"
    return name


def checked_document(upload) -> tuple[str, str]:
    """(safe name, content type) of an uploaded document; ValidationError when it is too big,
    not of an accepted kind, or its content is not what its name says."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s MB; at most %(max)d MB is accepted.")
            % {
                "size": number_format(
                    Decimal(upload.size) / (1024 * 1024), decimal_pos=1, use_l10n=True
                ),
                "max": MAX_ATTACHMENT_BYTES // (1024 * 1024),
            },
            code="too_big",
        )
    name = attachment_name(upload.name or "")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise forms.ValidationError(
            _("Only PDF, DOCX, XLSX and ODT files are accepted."), code="extension"
        )
    if sniff_document(upload) != extension:
        raise forms.ValidationError(
            _(
                "The content of '%(name)s' is not %(kind)s, although its name says so. "
                "Save the document as %(kind)s and upload it again."
            )
            % {"name": name, "kind": ATTACHMENT_TYPES[extension][0]},
            code="content",
        )
    return name, ATTACHMENT_TYPES[extension][1]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX or ODT; at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["name"], self.cleaned_data["content_type"] = checked_document(upload)
        return upload
