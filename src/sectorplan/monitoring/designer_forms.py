"""Forms of the questionnaire designer: a section and a question, in Dutch and English."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplan.programmes.constants import QuestionKind
from sectorplan.programmes.questionnaires import CHOICE_KINDS

MAX_CHOICES = 50
WIDE = {"class": "input--wide"}


class LabelsForm(forms.Form):
    label_nl = forms.CharField(
        label=_("Text in Dutch"), max_length=300, widget=forms.TextInput(attrs=WIDE)
    )
    label_en = forms.CharField(
        label=_("Text in English"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=WIDE),
    )

    def labels(self) -> dict:
        labels = {"label_nl": self.cleaned_data["label_nl"].strip()}
        if self.cleaned_data.get("label_en", "").strip():
            labels["label_en"] = self.cleaned_data["label_en"].strip()
        return labels


class SectionForm(LabelsForm):
    per_theme = forms.BooleanField(
        label=_("Ask these questions once for every theme"),
        required=False,
        help_text=_("The region answers each question of this section for each theme."),
    )


class QuestionForm(LabelsForm):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    help_nl = forms.CharField(
        label=_("Help text in Dutch"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    help_en = forms.CharField(
        label=_("Help text in English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Only for one choice and several choices: one choice per line. Add the English "
            "text after a vertical bar, e.g. Ja, volledig | Yes, fully."
        ),
    )
    shown_if = forms.ChoiceField(label=_("When is the question asked?"), required=False)

    def __init__(self, *args, conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown_if"].choices = [("", _("Always")), *conditions]

    def clean_choices(self) -> list[tuple[str, str]]:
        choices = []
        for line in self.cleaned_data.get("choices", "").splitlines():
            nl, _bar, en = line.partition("|")
            if nl.strip():
                choices.append((nl.strip()[:300], en.strip()[:300]))
        if len(choices) > MAX_CHOICES:
            raise forms.ValidationError(_("At most %(count)d choices.") % {"count": MAX_CHOICES})
        dutch = [nl for nl, _en in choices]
        if len(set(dutch)) != len(dutch):
            raise forms.ValidationError(_("Every choice needs a text of its own."))
        return choices

    def clean(self):
        data = super().clean()
        if data.get("kind") in CHOICE_KINDS and len(data.get("choices") or []) < 2:
            self.add_error("choices", _("Give at least two choices, one per line."))
        return data

    def question_data(self) -> dict:
        data = self.cleaned_data
        return {
            **self.labels(),
            "kind": data["kind"],
            "required": data["required"],
            "help_nl": data["help_nl"].strip(),
            "help_en": data["help_en"].strip(),
            "choices": data["choices"] if data["kind"] in CHOICE_KINDS else [],
            "shown_if": data.get("shown_if", ""),
        }

    @staticmethod
    def initial_of(question: dict) -> dict:
        condition = question.get("shown_if") or {}
        return {
            "label_nl": question.get("label_nl", ""),
            "label_en": question.get("label_en", ""),
            "kind": question.get("kind"),
            "required": bool(question.get("required")),
            "help_nl": question.get("help_nl", ""),
            "help_en": question.get("help_en", ""),
            "choices": "\n".join(
                c.get("label_nl", "") + (f" | {c['label_en']}" if c.get("label_en") else "")
                for c in question.get("choices", [])
            ),
            "shown_if": f"{condition['question']}={condition['equals']}" if condition else "",
        }
