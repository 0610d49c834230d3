"""QuickSelect and QuickCheckboxes write the same HTML as Django's template-rendered widgets."""

from django import forms

from sectorplan.core.forms import QuickCheckboxes, QuickSelect

CHOICES = [
    ("", "(alle regio's)"),
    ("am01", "Groningen & <Ommelanden>"),
    ("Provincie", [("am02", "Friesland"), ("am03", "Drenthe")]),
]


class Plain(forms.Form):
    region = forms.ChoiceField(choices=CHOICES, required=False)


class Quick(forms.Form):
    region = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)


def squeezed(html) -> str:
    return "".join(str(html).split())


def test_the_same_html_as_djangos_select_chosen_or_not_with_groups_and_attributes():
    for data in ({}, {"region": "am03"}, {"region": "am01"}):
        plain, quick = Plain(data), Quick(data)
        for form in (plain, quick):
            form.fields["region"].widget.attrs.update(
                {"aria-describedby": "hint", "disabled": True}
            )
            form.is_valid()
        assert squeezed(quick["region"]) == squeezed(plain["region"])
    html = str(Quick({"region": "am01"})["region"])
    assert '<option value="am01" selected>Groningen &amp; &lt;Ommelanden&gt;</option>' in html
    assert '<optgroup label="Provincie">' in html


class PlainBoxes(forms.Form):
    regions = forms.MultipleChoiceField(
        choices=CHOICES[1:], required=False, widget=forms.CheckboxSelectMultiple
    )


class QuickBoxes(forms.Form):
    regions = forms.MultipleChoiceField(choices=CHOICES[1:], required=False, widget=QuickCheckboxes)


def test_the_same_html_as_djangos_checkboxes_ticked_or_not_with_groups_and_attributes():
    for data in ({}, {"regions": ["am03"]}, {"regions": ["am01", "am02"]}):
        plain, quick = PlainBoxes(data), QuickBoxes(data)
        for form in (plain, quick):
            form.fields["regions"].widget.attrs.update({"class": "boxes", "data-x": "<y>"})
            form.is_valid()
        # Exactly, whitespace included.
        assert str(quick["regions"]) == str(plain["regions"])
    html = str(QuickBoxes({"regions": ["am01"]})["regions"])
    assert 'value="am01" id="id_regions_0" checked>\n Groningen &amp; &lt;Ommelanden&gt;' in html


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "input--wide"}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0}))
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    url = forms.URLField(required=False, assume_scheme="https")
    words = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "readonly": True}))
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"disabled": False}))


def test_the_quick_renderer_writes_inputs_and_textareas_as_djangos_templates_do():
    from django.forms.renderers import DjangoTemplates

    from sectorplan.core.form_renderer import QuickRenderer

    for data in (
        None,
        {"text": 'Tom & "Jerry" <b>', "number": "12", "hidden": "3", "password": "<geheim>"},
        {"words": "Regel een\nRegel <twee> & drie", "url": "x", "date": "2015-01-01"},
    ):
        plain = Everything(data, renderer=DjangoTemplates())
        quick = Everything(data, renderer=QuickRenderer())
        plain.is_valid(), quick.is_valid()
        for name in plain.fields:
            assert str(quick[name]) == str(plain[name]), name
        assert str(quick) == str(plain)
    # and it wrote them itself: the template names are the ones the widgets use
    from sectorplan.core.form_renderer import INPUTS, TEXTAREA

    assert {forms.TextInput.template_name, forms.HiddenInput.template_name} <= INPUTS
    assert forms.Textarea.template_name == TEXTAREA
