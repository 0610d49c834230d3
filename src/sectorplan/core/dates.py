"""Dates, one way everywhere: long in text ("2 januari 2017"), short in tables
("2 jan. 2017", the Dutch abbreviations with their full stop), ISO in CSV and the API, and
typed the Dutch way (dd-mm-jjjj) in forms, which work without the browser's date picker.

The long forms are Django's DATE_FORMAT and DATETIME_FORMAT (conf/formats/); the short form
needs the abbreviations Django's own catalogue does not have, so it lives here.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

#: What a date field accepts: the Dutch way first, ISO (a browser's own date field and the
#: form's own value) and the usual variants.
INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y"]
#: What a date field shows.
SHOWN_FORMAT = "%d-%m-%Y"


def _abbreviation(month: int) -> str:
    return [
        pgettext("abbreviated month", "Jan"),
        pgettext("abbreviated month", "Feb"),
        pgettext("abbreviated month", "Mar"),
        pgettext("abbreviated month", "Apr"),
        pgettext("abbreviated month", "May"),
        pgettext("abbreviated month", "Jun"),
        pgettext("abbreviated month", "Jul"),
        pgettext("abbreviated month", "Aug"),
        pgettext("abbreviated month", "Sep"),
        pgettext("abbreviated month", "Oct"),
        pgettext("abbreviated month", "Nov"),
        pgettext("abbreviated month", "Dec"),
    ][month - 1]


def short_date(value) -> str:
    """`2 jan. 2017` in Dutch, `2 Jan 2017` in English; a datetime in the local time zone;
    "" for no date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return f"{value.day} {_abbreviation(value.month)} {value.year}"


def parse_date(text: str) -> datetime.date:
    """A date typed the Dutch way (31-12-2016) or in ISO; ValueError otherwise."""
    text = (text or "").strip()
    for pattern in INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def shown(value) -> str:
    """A date as a date field shows it (31-12-2016); "" for none."""
    return value.strftime(SHOWN_FORMAT) if value else ""


class DateInput(forms.DateInput):
    """A plain text field for a date, typed dd-mm-jjjj, with the pattern as its placeholder.
    No `type=date`: the browser's picker shows mm/dd/yyyy in an English browser and is hard
    to use on some phones."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("dd-mm-yyyy"),
                "autocomplete": "off",
                "size": 10,
                "class": "date-input",
                **(attrs or {}),
            },
            format=SHOWN_FORMAT,
        )


class DateField(forms.DateField):
    """A date typed dd-mm-jjjj (or ISO), with a hint that says so."""

    widget = DateInput
    default_error_messages = {"invalid": _("Enter a date as day-month-year, e.g. 31-12-2016.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        kwargs.setdefault("help_text", _("Day-month-year, e.g. 31-12-2016."))
        super().__init__(**kwargs)


DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H.%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
]


class DateTimeField(forms.DateTimeField):
    """A date and time typed `dd-mm-jjjj uu:mm` (or ISO), with a hint that says so."""

    default_error_messages = {
        "invalid": _(
            "Enter a date and time as day-month-year hours:minutes, e.g. 31-12-2016 14:00."
        )
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        kwargs.setdefault("help_text", _("Day-month-year hours:minutes, e.g. 31-12-2016 14:00."))
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(
                attrs={
                    "placeholder": _("dd-mm-yyyy hh:mm"),
                    "autocomplete": "off",
                    "size": 16,
                    "class": "date-input",
                },
                format="%d-%m-%Y %H:%M",
            ),
        )
        super().__init__(**kwargs)
