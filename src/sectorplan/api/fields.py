"""The typed fields the API's input serializers read with: text that is a JSON string of a
bounded length, and amounts and dates bounded as every door bounds them (`core.bounds`)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from sectorplan.core import bounds

#: The longest free text the API takes (a summary, a motivation); far above what a page's
#: text area holds in practice.
LONG_TEXT = 50_000


def _bounded(check, value, *args):
    try:
        return check(value, *args)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc


class Text(serializers.CharField):
    """A JSON string, nothing else (DRF's CharField turns a number into its text), of at
    most `LONG_TEXT` characters unless the field says less."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", LONG_TEXT)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Amount(serializers.DecimalField):
    """An amount in euros: `core.bounds.check_amount` says what is too large or too fine."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=None, decimal_places=None, **kwargs)

    def to_internal_value(self, data):
        return _bounded(bounds.check_amount, super().to_internal_value(data))


class ProgrammeDate(serializers.DateField):
    """A date within the programme's window (`core.bounds.check_date`); the serializer's
    context names the programme."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return _bounded(bounds.check_date, value, self.context["programme"])
