"""Answers as people give them, read into the typed columns of `Answer`.

One reader per question kind; the web form, autosave and `import-responses` all use these,
so a value means the same wherever it came from. Each raises ValueError with a message that
names the problem (the caller adds the question or the line).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sectorplan.core.bounds import parse_amount
from sectorplan.core.numbers import fit_decimal, format_for_input, parse_decimal
from sectorplan.programmes.constants import NUMERIC_KINDS, QuestionKind, YesNo
from sectorplan.programmes.models import Question

#: What people write for yes / no / don't know, in Dutch and English (CONTRACTS §3).
YES_NO_WORDS = {
    "ja": YesNo.YES,
    "yes": YesNo.YES,
    "nee": YesNo.NO,
    "no": YesNo.NO,
    "weet niet": YesNo.UNKNOWN,
    "weet_niet": YesNo.UNKNOWN,
    "unknown": YesNo.UNKNOWN,
    "don't know": YesNo.UNKNOWN,
}
SHORT_TEXT_MAX = 300
TEXT_MAX = 20_000
#: Decimal places a number answer may have, by kind; the column keeps four. Amounts are
#: read by core.bounds.parse_amount.
PLACES = {QuestionKind.NUMBER: 4, QuestionKind.PERCENTAGE: 2}


@dataclass
class Value:
    """An answer's content, as the columns hold it. Empty: no answer."""

    code: str = ""
    number: Decimal | None = None
    text: str = ""
    choices: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.code or self.number is not None or self.text or self.choices)


def read(question: Question, raw: str | list[str], choice_codes: list[str]) -> Value:
    """The answer typed (or imported) for `question`; `choice_codes` are its choices' codes."""
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        items = raw if isinstance(raw, list) else raw.replace(";", ",").split(",")
        codes = [item.strip().lower() for item in items if item.strip()]
        unknown = [code for code in codes if code not in choice_codes]
        if unknown:
            raise _not_a_choice(unknown[0], choice_codes)
        return Value(choices=sorted(set(codes), key=choice_codes.index))
    text = (raw[0] if raw else "") if isinstance(raw, list) else raw
    text = text.strip()
    if not text:
        return Value()
    if question.kind == QuestionKind.YES_NO:
        code = YES_NO_WORDS.get(" ".join(text.lower().split()))
        if code is None:
            raise ValueError(
                _("'%(text)s' is not an answer to a yes/no question (ja, nee or weet niet)")
                % {"text": text}
            )
        return Value(code=code)
    if question.kind == QuestionKind.CHOICE:
        if text.lower() not in choice_codes:
            raise _not_a_choice(text, choice_codes)
        return Value(code=text.lower())
    if question.kind in NUMERIC_KINDS:
        return Value(number=_number(question.kind, text))
    if question.kind == QuestionKind.SHORT_TEXT and len(text) > SHORT_TEXT_MAX:
        raise ValueError(
            _("At most %(max)d characters (this is %(length)d).")
            % {"max": SHORT_TEXT_MAX, "length": len(text)}
        )
    if question.kind == QuestionKind.TEXT and len(text) > TEXT_MAX:
        raise ValueError(
            _("At most %(max)d characters (this is %(length)d).")
            % {"max": TEXT_MAX, "length": len(text)}
        )
    if question.kind == QuestionKind.FILE:
        raise ValueError(_("A file is uploaded on the report page, not given as text."))
    return Value(text=text)


def _number(kind: str, text: str) -> Decimal:
    if kind == QuestionKind.AMOUNT:  # read as every amount is, wherever it is typed
        try:
            return parse_amount(text)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error
    number = parse_decimal(text.removesuffix("%").strip())
    if number < 0:
        raise ValueError(_("'%(text)s' is less than 0") % {"text": text})
    if kind == QuestionKind.PERCENTAGE and number > 100:
        raise ValueError(_("'%(text)s' is more than 100%%") % {"text": text})
    return fit_decimal(number, max_digits=18, places=PLACES[kind])


def _not_a_choice(text: str, choice_codes: list[str]) -> ValueError:
    return ValueError(
        _("'%(text)s' is not one of the choices (%(codes)s)")
        % {"text": text, "codes": ", ".join(choice_codes)}
    )


def as_text(question: Question, value: Value) -> str:
    """The value as a form field shows it again (numbers without trailing zeros)."""
    if value.number is not None:
        places = 2 if question.kind == QuestionKind.AMOUNT else None
        return format_for_input(value.number, places)
    return value.code or value.text
