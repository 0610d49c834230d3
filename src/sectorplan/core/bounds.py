"""The bounds every door puts on amounts and dates: the pages' forms, the API's serializers
and the CLI's imports call these, so the same input gets the same message everywhere.

Each function returns the value it was given, or raises Django's ValidationError with one
message (DRF and forms show it at the field; an import prefixes the line and column).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sectorplan.core.numbers import parse_decimal

#: A date lies within this many years of its programme's period.
YEARS_AROUND = 10


def amount_max() -> Decimal:
    """The largest amount accepted, in euros (setting SECTORPLAN_AMOUNT_MAX)."""
    return Decimal(settings.SECTORPLAN_AMOUNT_MAX)


def check_amount(value: Decimal) -> Decimal:
    """An amount in euros: finite, at most two decimals, and no larger than `amount_max()`
    either way."""
    if not value.is_finite():
        raise ValidationError(_("Enter an amount in euros, such as 1.234,56."), code="amount")
    if value.as_tuple().exponent < -2:
        raise ValidationError(_("An amount has at most two decimals (cents)."), code="cents")
    if abs(value) > amount_max():
        raise ValidationError(
            _("An amount may be at most € %(max)s.")
            % {"max": number_format(amount_max(), 2, force_grouping=True)},
            code="amount_max",
        )
    return value


def parse_amount(text: str) -> Decimal:
    """An amount in euros as people type it (`1.234,56`, `1234.56`, `€ 1 234,56`): a plain
    number (so not `1e10` or `NaN`), not negative, and within `check_amount`. The one reader
    of amounts for forms and imports."""
    try:
        value = parse_decimal(text)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid") from error
    if value < 0:
        raise ValidationError(
            _("'%(value)s' must be %(minimum)s or more") % {"value": text.strip(), "minimum": 0},
            code="negative",
        )
    return check_amount(value)


#: The programme's own dates that together span its period.
PROGRAMME_DATES = ("starts_on", "ends_on", "plan_deadline", "review_deadline", "execution_ends_on")


def date_window(programme) -> tuple[date, date]:
    """The dates a programme's records may carry: the span of its own dates (period,
    deadlines, end of execution) widened by YEARS_AROUND years on each side; around today
    when it has none yet. A date the programme itself holds is always inside."""
    dates = [getattr(programme, name, None) for name in PROGRAMME_DATES]
    dates = [day for day in dates if day is not None] or [date.today()]
    return _years_from(min(dates), -YEARS_AROUND), _years_from(max(dates), YEARS_AROUND)


def check_date(value: date, programme) -> date:
    """A date within the programme's window (`date_window`)."""
    first, last = date_window(programme)
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": first.strftime("%d-%m-%Y"), "last": last.strftime("%d-%m-%Y")},
            code="date_window",
        )
    return value


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without it
        return day.replace(year=day.year + years, day=28)
