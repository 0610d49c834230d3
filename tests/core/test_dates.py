"""Dates one way everywhere (issue 22): long in text ("2 januari 2017"), short in tables
("2 jan. 2017"), ISO in CSV and the API, typed dd-mm-jjjj in forms without the browser's
date picker."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from sectorplan.core import dates

DAY = datetime.date(2017, 1, 2)


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [("nl", "2 januari 2017", "2 jan. 2017"), ("en", "2 January 2017", "2 Jan 2017")],
)
def test_long_in_text_and_short_in_tables(language, long, short):
    template = Template("{% load sectorplan %}{{ day|date }}|{{ day|short_date }}")
    with translation.override(language):
        assert template.render(Context({"day": DAY})) == f"{long}|{short}"


def test_every_dutch_month_has_its_own_abbreviation():
    with translation.override("nl"):
        months = [dates.short_date(datetime.date(2017, m, 1)).split()[1] for m in range(1, 13)]
    assert months == [
        "jan.",
        "feb.",
        "mrt.",
        "apr.",
        "mei",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    ]


def test_a_moment_is_shown_on_its_day_in_amsterdam():
    # 23:30 UTC on 31 December is already 1 January in the Netherlands.
    moment = datetime.datetime(2016, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with translation.override("nl"):
        assert dates.short_date(moment) == "1 jan. 2017"
    assert dates.short_date(None) == ""


@pytest.mark.parametrize(
    "typed", ["02-01-2017", "2-1-2017", "2017-01-02", "02/01/2017", "2.1.2017"]
)
def test_a_date_is_read_the_dutch_way_or_as_iso(typed):
    assert dates.parse_date(f" {typed} ") == DAY


@pytest.mark.parametrize("typed", ["", "01/13/2017", "31-02-2017", "morgen", "2017"])
def test_what_is_no_date_is_refused(typed):
    with pytest.raises(ValueError):
        dates.parse_date(typed)


def test_the_date_field_is_a_text_field_with_a_dutch_hint_and_a_dutch_refusal():
    field = dates.DateField(label="Besluitdatum")
    with translation.override("nl"):
        html = field.widget.render("decided_on", DAY)
        assert 'type="text"' in html and 'type="date"' not in html
        assert 'value="02-01-2017"' in html and 'placeholder="dd-mm-jjjj"' in html
        assert str(field.help_text) == "Dag-maand-jaar, bijvoorbeeld 31-12-2016."
        assert field.clean("2-1-2017") == DAY
        with pytest.raises(Exception) as refused:
            field.clean("13/31/2017")
        assert "Vul een datum in als dag-maand-jaar" in str(refused.value)


def test_a_plan_date_typed_the_dutch_way_is_kept(as_office, demo):
    """The payment date on a page: typed 15-12-2015, stored as that day, shown back so."""
    from django.urls import reverse

    from sectorplan.plans.forms import PaymentForm

    data = {"lock_version": "0", "amount": "100", "paid_on": "15-12-2015", "reference": ""}
    form = PaymentForm(data=data)
    form.fields["paid_on"].programme = demo
    assert form.is_valid(), form.errors
    assert form.cleaned_data["paid_on"] == datetime.date(2015, 12, 15)
    page = as_office.get(reverse("programme-detail", args=[demo.slug])).content.decode()
    assert 'type="date"' not in page
