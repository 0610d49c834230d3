"""Forms of the programme's set-up pages (themes, activity types, indicators, rounds,
deadlines). Labels in Dutch and English; dates typed dd-mm-jjjj (core.dates); reminder days as plain
numbers of days before and after the deadline."""

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from sectorplan.core import dates
from sectorplan.programmes.models import Programme, Theme

MAX_REMINDER_DAYS = 365


class LabelsForm(forms.Form):
    label_nl = forms.CharField(label=_("Name in Dutch"), max_length=300)
    label_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)


class ThemeForm(LabelsForm):
    required = forms.BooleanField(
        label=_("Every plan needs an activity in this theme"), required=False
    )


class ActivityTypeForm(LabelsForm):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = programme.themes.all()


class IndicatorForm(LabelsForm):
    unit_nl = forms.CharField(
        label=_("Unit in Dutch"), max_length=100, help_text=_("For example: personen, banen.")
    )
    unit_en = forms.CharField(label=_("Unit in English"), max_length=100, required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("No theme"),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = programme.themes.all()


def _days(text: str) -> list[int]:
    days = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > MAX_REMINDER_DAYS:
            raise forms.ValidationError(
                _("Give whole numbers of days from 0 to %(max)d, separated by commas.")
                % {"max": MAX_REMINDER_DAYS}
            )
        days.append(int(part))
    return days


class RoundForm(LabelsForm):
    opens_on = dates.DateField(label=_("Opens on"), required=False)
    deadline = dates.DateField(label=_("Deadline"), required=False)
    period_starts_on = dates.DateField(label=_("Period reported on: from"), required=False)
    period_ends_on = dates.DateField(label=_("Period reported on: until"), required=False)
    days_before = forms.CharField(
        label=_("Reminders: days before the deadline"),
        required=False,
        max_length=200,
        help_text=_("For example 7, 1: a reminder a week and a day before the deadline."),
    )
    days_after = forms.CharField(
        label=_("Reminders: days after the deadline"),
        required=False,
        max_length=200,
        help_text=_("For example 3, 10. Use 0 for a reminder on the deadline itself."),
    )

    def clean_days_before(self):
        return _days(self.cleaned_data["days_before"])

    def clean_days_after(self):
        return _days(self.cleaned_data["days_after"])

    def round_data(self) -> dict:
        data = dict(self.cleaned_data)
        before, after = data.pop("days_before"), data.pop("days_after")
        data["reminder_days"] = sorted({-day for day in before if day} | set(after))
        return data

    @staticmethod
    def initial_of(round_) -> dict:
        days = round_.reminder_days or []
        return {
            "label_nl": round_.label_nl,
            "label_en": round_.label_en,
            "opens_on": round_.opens_on,
            "deadline": round_.deadline,
            "period_starts_on": round_.period_starts_on,
            "period_ends_on": round_.period_ends_on,
            "days_before": ", ".join(str(-d) for d in sorted(days) if d < 0),
            "days_after": ", ".join(str(d) for d in sorted(days) if d >= 0),
        }


class DeadlinesForm(forms.Form):
    starts_on = dates.DateField(label=_("Programme starts"), required=False)
    plan_deadline = dates.DateField(label=_("Deadline for plans"), required=False)
    review_deadline = dates.DateField(label=_("Deadline for decisions on plans"), required=False)
    execution_ends_on = dates.DateField(
        label=_("Plans carried out by"),
        required=False,
        help_text=_(
            "The end date every plan starts with; regions may ask for an extension."
            " Day-month-year, e.g. 31-12-2016."
        ),
    )
    ends_on = dates.DateField(label=_("Programme ends"), required=False)


def reminder_days_text(days: list[int]) -> str:
    """`[-7, 3]` as people say it: "7 days before, 3 days after the deadline"."""
    parts = []
    for day in sorted(days):
        if day < 0:
            parts.append(
                ngettext("%(n)d day before the deadline", "%(n)d days before the deadline", -day)
                % {"n": -day}
            )
        elif day == 0:
            parts.append(gettext("on the deadline"))
        else:
            parts.append(
                ngettext("%(n)d day after the deadline", "%(n)d days after the deadline", day)
                % {"n": day}
            )
    return ", ".join(parts)
