"""Decimal numbers as people type them in Dutch and English spreadsheets.

Floats are never involved: amounts are euros and must stay exact to the cent.
"""

import re
from decimal import ROUND_HALF_UP, Context, Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext as _

_NUMBER = re.compile(
    r"(?P<sign>-?)\s*€?\s*(?P<inner_sign>-?)"
    r"(?P<body>[0-9](?:[0-9.,\u0020\u00a0\u202f]*[0-9])?)"
)
# Excel and Word group thousands with a (narrow) non-breaking space as often as a plain one.
_SPACES = re.compile(r"[\u00a0\u202f]")
_DIGITS = re.compile(r"[0-9]+")


def parse_decimal(text: str) -> Decimal:
    """Read `1234.56`, `1234,56`, `1.234,56`, `1.234.567`, `-12,5` or `€ 1 234,56`.

    When both `.` and `,` occur the last one is the decimal separator. A lone `.` or `,` is
    a decimal separator too (`1234.5`, `12,5`); several dots group thousands. A lone separator
    with exactly three digits after one to three digits (`1.000`, `12,345`) could be either,
    and a Dutch spreadsheet writes a thousand as `1.000`: such a value is refused rather than
    read a thousand times too small. Raises ValueError for anything else.
    """
    match = _NUMBER.fullmatch(text.strip())
    if not match or (match["sign"] and match["inner_sign"]):
        raise _not_a_number(text)
    integer, fraction = _split_fraction(match["body"], text)
    digits = _ungroup(_SPACES.sub(" ", integer), text)
    value = Decimal(f"{digits}.{fraction}" if fraction is not None else digits)
    # copy_negate rather than unary minus: the latter rounds to the context precision.
    return value.copy_negate() if value and (match["sign"] or match["inner_sign"]) else value


def format_decimal_plain(value: Decimal, places: int | None = 2) -> str:
    """`1234.56`: no grouping, a dot, rounded half up; the form CSV output uses.

    With `places=None` the value keeps its own decimals, without trailing zeros.
    """
    if not value.is_finite():
        raise ValueError(_("'%(value)s' is not a number") % {"value": value})
    if places is None:
        places = max(0, -value.normalize().as_tuple().exponent)
    # Enough precision that quantize never fails on a large amount.
    context = Context(prec=max(28, value.adjusted() + places + 2))
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=context)
    # Rounding -0.001 must not print as "-0.00".
    return f"{rounded if rounded else rounded.copy_abs():f}"


def format_for_input(value: Decimal, places: int | None = None) -> str:
    """A number as a form field shows it again, so that reading it back gives the same value:
    the active language's decimal sign, no grouping, and never exactly three decimals (which
    `parse_decimal` would refuse as ambiguous): `1,2340` rather than `1,234`."""
    integer, _point, fraction = format_decimal_plain(value, places).partition(".")
    if len(fraction) == 3:
        fraction += "0"
    return f"{integer}{get_format('DECIMAL_SEPARATOR')}{fraction}" if fraction else integer


def _split_fraction(body: str, text: str) -> tuple[str, str | None]:
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        point = max(".,", key=body.rfind)
    elif dots == 1 or commas == 1:
        point = "." if dots else ","
    elif commas:
        raise _not_a_number(text)
    else:
        return body, None
    integer, _point, fraction = body.rpartition(point)
    if point in integer or not _DIGITS.fullmatch(fraction):
        raise _not_a_number(text)
    # A leading 0 never starts a thousands group, so 0.125 is clear.
    grouping_possible = _DIGITS.fullmatch(integer or "x") and not integer.startswith("0")
    lone = not (dots and commas)
    if lone and len(fraction) == 3 and grouping_possible and len(integer) <= 3:
        raise ValueError(
            _(
                "'%(text)s' is ambiguous: a thousands separator or a decimal one? "
                "Write it without a thousands separator, e.g. 1000 or 1,5"
            )
            % {"text": text.strip()}
        )
    return integer, fraction


def _ungroup(integer: str, text: str) -> str:
    separators = set(integer) - set("0123456789")
    if not separators:
        return integer
    if len(separators) > 1:
        raise _not_a_number(text)
    first, *groups = integer.split(separators.pop())
    if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in groups):
        raise _not_a_number(text)
    return first + "".join(groups)


def _not_a_number(text: str) -> ValueError:
    return ValueError(_("'%(text)s' is not a number") % {"text": text.strip()})


def fit_decimal(value: Decimal, *, max_digits: int, places: int) -> Decimal:
    """`value` if a DecimalField(max_digits, places) stores it exactly; ValueError otherwise."""
    if value != value.quantize(Decimal(1).scaleb(-places), context=Context(prec=max_digits + 30)):
        raise ValueError(
            _("'%(value)s' has more than %(places)d decimals") % {"value": value, "places": places}
        )
    limit = Decimal(10) ** (max_digits - places)
    if abs(value) >= limit:
        raise ValueError(
            _("'%(value)s' is too large (it must be less than %(limit)s)")
            % {"value": value, "limit": limit}
        )
    return value
