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
