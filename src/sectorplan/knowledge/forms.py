"""Forms of the knowledge pages: they parse what people type; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplan.core import dates
from sectorplan.core.forms import QuickSelect
from sectorplan.knowledge.constants import KIND_FILTERS, Audience, Kind
from sectorplan.knowledge.models import Instrument, InstrumentCategory, Practice
from sectorplan.plans.forms import AmountField, AttachmentForm, LockedForm

__all__ = ["AttachmentForm"]


def _text(label, rows: int = 4, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class PracticeForm(LockedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("(no theme)")
    )
    summary = _text(_("What it is"), required=True, help_text=_("What you do, and how."))
    target_group = forms.CharField(label=_("For whom"), max_length=300, required=False)
    results = _text(
        _("Results"),
        help_text=_(
            "What it brought, in numbers where you can: how many people, how many to work."
        ),
    )
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0, required=False)
    cost = AmountField(label=_("What it cost (euros)"))
    watch_out = _text(_("What to watch out for"), rows=3)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        help_text=_(
            "Not shown on the page: questions from others reach the contact through the site."
        ),
    )
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments used"),
        queryset=Instrument.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = programme.themes.all()

    @classmethod
    def initial_of(cls, practice: Practice) -> dict:
        fields = [name for name in cls.base_fields if name not in {"lock_version", "instruments"}]
        initial = {name: getattr(practice, name) for name in fields}
        initial["instruments"] = list(practice.instruments.all())
        initial["lock_version"] = practice.lock_version
        return initial

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 3}))
    audience = forms.ChoiceField(label=_("Published for"), choices=Audience.choices, required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The contact gets your question by e-mail and answers you directly."),
    )


class InstrumentForm(LockedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in web addresses"),
        max_length=100,
        help_text=_("Lower-case letters, digits and hyphens, e.g. loonwaardemeting."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=InstrumentCategory.objects.all(),
        required=False,
        empty_label=_("(no category)"),
    )
    description = _text(_("Description"), rows=5)
    aliases = _text(
        _("Other names"), rows=3, help_text=Instrument._meta.get_field("aliases").help_text
    )
    links = _text(_("Links"), rows=2, help_text=Instrument._meta.get_field("links").help_text)

    def __init__(self, *args, instance: Instrument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is None:
            self.fields["lock_version"].required = False

    @classmethod
    def initial_of(cls, instrument: Instrument) -> dict:
        fields = [name for name in cls.base_fields if name != "lock_version"]
        return {
            **{name: getattr(instrument, name) for name in fields},
            "lock_version": instrument.lock_version,
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = Instrument.objects.filter(slug=slug)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another instrument has this short name."))
        return slug

    def clean_links(self):
        links = self.cleaned_data["links"]
        validate = forms.URLField(assume_scheme="https").clean
        for line in links.splitlines():
            if line.strip() and not line.strip().startswith(("https://", "http://")):
                raise forms.ValidationError(
                    _("'%(link)s' is not a web address (https://…).") % {"link": line.strip()}
                )
            if line.strip():
                validate(line.strip())
        return links

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class InstrumentUseForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None)
    uses = forms.ChoiceField(
        label=_("Uses the instrument"),
        choices=[
            ("yes", _("Yes, also where no text says so")),
            ("no", _("No, although a text names it")),
            ("texts", _("As the texts say")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = programme.region_set.regions.all()

    def uses_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["uses"])


class MeetingForm(LockedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = dates.DateTimeField(label=_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=300)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("(no theme)")
    )
    description = _text(_("Programme of the meeting"), rows=5)
    practices = forms.ModelMultipleChoiceField(
        label=_("Practices discussed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments discussed"),
        queryset=Instrument.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = programme.themes.all()
        self.fields["practices"].queryset = programme.practices.all()
        if new:
            self.fields["lock_version"].required = False

    @classmethod
    def initial_of(cls, meeting) -> dict:
        return {
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "place": meeting.place,
            "theme": meeting.theme,
            "description": meeting.description,
            "practices": list(meeting.practices.all()),
            "instruments": list(meeting.instruments.all()),
            "lock_version": meeting.lock_version,
        }

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class RegistrationForm(forms.Form):
    people = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=50, initial=1)
    names = forms.CharField(
        label=_("Names"), max_length=500, required=False, help_text=_("Optional.")
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), required=False, widget=QuickSelect)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=None,
        required=False,
        empty_label=_("(all themes)"),
        widget=QuickSelect,
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=None,
        required=False,
        empty_label=_("(all regions)"),
        widget=QuickSelect,
    )
    round = forms.ModelChoiceField(
        label=_("Round"),
        queryset=None,
        required=False,
        empty_label=_("(all rounds)"),
        to_field_name="code",
        widget=QuickSelect,
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Kind.choices)
        self.fields["type"].choices = [("", _("(everything)"))] + [
            (key, labels[kinds[0]] if key != "plan" else _("Plan"))
            for key, kinds in KIND_FILTERS.items()
        ]
        self.fields["theme"].queryset = programme.themes.all()
        self.fields["region"].queryset = programme.region_set.regions.all()
        self.fields["round"].queryset = programme.rounds.all()
