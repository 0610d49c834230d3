"""core.bounds: one ceiling for amounts and one window for dates, whatever the door."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sectorplan.core import bounds

PROGRAMME = SimpleNamespace(starts_on=date(2015, 7, 1), ends_on=date(2017, 12, 31))


@pytest.mark.parametrize("text", ["0", "-0", "12.34", "1000000000.00", "-1000000000"])
def test_amounts_within_the_ceiling_pass(text):
    assert bounds.check_amount(Decimal(text)) == Decimal(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1e10", "amount_max"),
        ("1000000000.01", "amount_max"),
        ("-1e10", "amount_max"),
        ("1e400", "amount_max"),
        ("NaN", "amount"),
        ("Infinity", "amount"),
        ("1.001", "cents"),
    ],
)
def test_amounts_outside_are_refused_with_their_reason(text, code):
    with pytest.raises(ValidationError) as refused:
        bounds.check_amount(Decimal(text))
    assert refused.value.code == code


def test_the_ceiling_comes_from_the_setting_and_is_named_in_dutch(settings):
    settings.SECTORPLAN_AMOUNT_MAX = "5000"
    assert bounds.check_amount(Decimal("5000")) == Decimal("5000")
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        bounds.check_amount(Decimal("5000.01"))
    assert refused.value.messages == ["Een bedrag mag hoogstens € 5.000,00 zijn."]


def test_dates_lie_within_ten_years_of_the_period():
    assert bounds.date_window(PROGRAMME) == (date(2005, 7, 1), date(2027, 12, 31))
    assert bounds.check_date(date(2016, 2, 29), PROGRAMME) == date(2016, 2, 29)
    for far in (date(9999, 12, 31), date(1, 1, 1), date(2028, 1, 1)):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            bounds.check_date(far, PROGRAMME)
        assert refused.value.messages == ["Enter a date between 01-07-2005 and 31-12-2027."]
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        bounds.check_date(date(9999, 12, 31), PROGRAMME)
    assert refused.value.messages == ["Vul een datum in tussen 01-07-2005 en 31-12-2027."]


def test_the_window_spans_every_date_the_programme_holds():
    """A programme made in 2027 from a 2015 template keeps the template's deadlines until the
    office changes them: a form that shows such a date must not refuse it."""
    later = SimpleNamespace(
        starts_on=date(2027, 1, 1), ends_on=date(2029, 12, 31), execution_ends_on=date(2016, 12, 31)
    )
    assert bounds.date_window(later) == (date(2006, 12, 31), date(2039, 12, 31))
    assert bounds.check_date(date(2016, 12, 31), later) == date(2016, 12, 31)


def test_a_programme_without_a_period_gets_a_window_around_today():
    first, last = bounds.date_window(SimpleNamespace(starts_on=None, ends_on=None))
    assert first.year == date.today().year - 10 and last.year == date.today().year + 10
