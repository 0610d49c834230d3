"""Counts and fractions as words, for the sentences the report writes from the data:
"alle 35 plannen", "bijna alle plannen (33 van de 35)", "een kwart van de regio's".

The rules, on the exact fraction k / n (no floating point, so the boundaries are exact):

| fraction            | word                  |
|---------------------|-----------------------|
| n = 0               | none (nothing to count) |
| k = 0               | geen / none           |
| k = n               | alle / all            |
| ≥ 85 %              | bijna alle / almost all |
| ≥ 65 %              | het merendeel / most  |
| > 50 %              | ruim de helft / over half |
| = 50 %              | de helft / half       |
| 20 % … 30 %         | een kwart / a quarter |
| otherwise (< 50 %)  | minder dan de helft / less than half |
"""

from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext as _


class Share(StrEnum):
    NONE = "none"
    ALL = "all"
    ALMOST_ALL = "almost_all"
    MOST = "most"
    OVER_HALF = "over_half"
    HALF = "half"
    QUARTER = "quarter"
    UNDER_HALF = "under_half"


ALMOST_ALL, MOST, HALF = Fraction(85, 100), Fraction(65, 100), Fraction(1, 2)
QUARTER_FROM, QUARTER_TO = Fraction(20, 100), Fraction(30, 100)


def share(k: int, n: int) -> Share:
    """The word for k out of n."""
    if k < 0 or k > n:
        raise ValueError(f"{k} out of {n} is not a share")
    if k == 0:
        return Share.NONE
    if k == n:
        return Share.ALL
    fraction = Fraction(k, n)
    if fraction >= ALMOST_ALL:
        return Share.ALMOST_ALL
    if fraction >= MOST:
        return Share.MOST
    if fraction > HALF:
        return Share.OVER_HALF
    if fraction == HALF:
        return Share.HALF
    if QUARTER_FROM <= fraction <= QUARTER_TO:
        return Share.QUARTER
    return Share.UNDER_HALF


def count_phrase(k: int, n: int, noun: str) -> str:
    """k out of n `noun` (a plural noun, already translated) as words with the figures:
    "alle 35 plannen", "het merendeel van de plannen (27 van de 35)", "geen plannen"."""
    values = {"k": k, "n": n, "noun": noun}
    word = share(k, n)
    if word == Share.ALL:
        return _("all %(n)s %(noun)s") % values
    if word == Share.NONE:
        return _("none of the %(n)s %(noun)s") % values if n else _("no %(noun)s") % values
    template = {
        Share.ALMOST_ALL: _("almost all %(noun)s (%(k)s of %(n)s)"),
        Share.MOST: _("most %(noun)s (%(k)s of %(n)s)"),
        Share.OVER_HALF: _("over half of the %(noun)s (%(k)s of %(n)s)"),
        Share.HALF: _("half of the %(noun)s (%(k)s of %(n)s)"),
        Share.QUARTER: _("a quarter of the %(noun)s (%(k)s of %(n)s)"),
        Share.UNDER_HALF: _("less than half of the %(noun)s (%(k)s of %(n)s)"),
    }[word]
    return template % values


def sentence(text: str) -> str:
    """The phrase as the start of a sentence: first letter up, a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
