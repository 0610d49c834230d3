"""Numbers, money and short dates in the user's locale: `€ 1.234.567,89` in Dutch,
`€1,234,567.89` in English; `2 jan. 2017` and `2 Jan 2017`."""

import functools
import re
from decimal import Decimal

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

from sectorplan.core import dates

register = template.Library()


@functools.cache
def _separators(language: str | None) -> tuple[str, int, str]:
    """The language's decimal separator, grouping and thousand separator, read once (a table
    of 35 plans formats hundreds of amounts; Django's `number_format` looks them up each time)."""
    return (
        get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        get_format("NUMBER_GROUPING", language, use_l10n=True),
        get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
    )


def number_format(value, decimal_pos=None, use_l10n=True, force_grouping=False) -> str:
    """Django's `number_format` with the separators of the current language cached."""
    decimal, grouping, thousands = _separators(get_language())
    return numberformat.format(
        value,
        decimal,
        decimal_pos,
        grouping,
        thousands,
        force_grouping=force_grouping,
        use_l10n=True,
    )


@register.filter
def euro(value) -> str:
    if value is None or value == "":
        return "–"
    amount = number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)
    if (get_language() or "nl").startswith("nl"):
        return f"€\u00a0{amount}"
    return f"€{amount}"


@register.filter
def number(value, places=None) -> str:
    """A decimal grouped the locale's way, with `places` decimals or without trailing zeros."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    if places is None or places == "":
        places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def percent(fraction, places: int = 2) -> str:
    if fraction is None or fraction == "":
        return "–"
    value = Decimal(fraction) * 100
    return number_format(value, decimal_pos=int(places), use_l10n=True) + "%"


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dict lookup by a variable key (None when absent)."""
    return mapping.get(key) if mapping else None


@register.filter
def short_date(value) -> str:
    """`2 jan. 2017`: a date in a table (long dates in text: `|date`)."""
    return dates.short_date(value) or "–"


@register.filter
def data_label(item) -> str:
    """The label of a data item given as a mapping with `label_nl` and maybe `label_en`
    (a report table's column), in the active language."""
    english = item.get("label_en") if (get_language() or "nl").startswith("en") else None
    return english or item.get("label_nl") or item.get("code", "")


#: A workflow step's note begins with the step's amount as the trail keeps it (`1259961.00`).
_NOTE_AMOUNT = re.compile(r"^(\d+\.\d{2})(?= · |$)")


@register.filter
def step_note(note) -> str:
    """A step's note with its leading amount in euros: `1259961.00 · BZK` → `€ 1.259.961,00 ·
    BZK`."""
    note = note or ""
    return _NOTE_AMOUNT.sub(lambda match: euro(match.group(1)), note)
