"""The words for counts and fractions in the report's generated sentences: every boundary
of the rules, and n = 0."""

import pytest
from django.utils import translation

from sectorplan.reporting.publication.phrasing import Share, count_phrase, sentence, share


@pytest.mark.parametrize(
    ("k", "n", "word"),
    [
        (0, 0, Share.NONE),
        (0, 35, Share.NONE),
        (35, 35, Share.ALL),
        (1, 1, Share.ALL),
        (34, 35, Share.ALMOST_ALL),
        (17, 20, Share.ALMOST_ALL),  # 85 %: the lower bound of "bijna alle"
        (16, 20, Share.MOST),  # 80 %
        (13, 20, Share.MOST),  # 65 %: the lower bound of "het merendeel"
        (12, 20, Share.OVER_HALF),  # 60 %
        (11, 20, Share.OVER_HALF),  # 55 %
        (18, 35, Share.OVER_HALF),  # 51.4 %
        (10, 20, Share.HALF),
        (9, 20, Share.UNDER_HALF),  # 45 %
        (7, 20, Share.UNDER_HALF),  # 35 %
        (6, 20, Share.QUARTER),  # 30 %: the upper bound of "een kwart"
        (8, 35, Share.QUARTER),  # 22.9 %: "in een kwart van de regio's" (2017)
        (4, 20, Share.QUARTER),  # 20 %: the lower bound
        (3, 20, Share.UNDER_HALF),  # 15 %
        (1, 35, Share.UNDER_HALF),
    ],
)
def test_share_boundaries(k, n, word):
    assert share(k, n) == word


def test_a_count_above_its_total_is_refused():
    with pytest.raises(ValueError):
        share(36, 35)


@pytest.mark.parametrize(
    ("k", "n", "dutch", "english"),
    [
        (35, 35, "alle 35 plannen", "all 35 plans"),
        (33, 35, "bijna alle plannen (33 van de 35)", "almost all plans (33 of 35)"),
        (27, 35, "het merendeel van de plannen (27 van de 35)", "most plans (27 of 35)"),
        (
            20,
            35,
            "ruim de helft van de plannen (20 van de 35)",
            "over half of the plans (20 of 35)",
        ),
        (10, 20, "de helft van de plannen (10 van de 20)", "half of the plans (10 of 20)"),
        (9, 35, "een kwart van de plannen (9 van de 35)", "a quarter of the plans (9 of 35)"),
        (
            12,
            35,
            "minder dan de helft van de plannen (12 van de 35)",
            "less than half of the plans (12 of 35)",
        ),
        (0, 35, "geen van de 35 plannen", "none of the 35 plans"),
        (0, 0, "geen plannen", "no plans"),
    ],
)
def test_count_phrases_in_both_languages(k, n, dutch, english):
    with translation.override("nl"):
        assert count_phrase(k, n, "plannen") == dutch
    with translation.override("en"):
        assert count_phrase(k, n, "plans") == english


def test_a_sentence_starts_with_a_capital_and_ends_with_a_full_stop():
    assert sentence("alle 35 plannen zijn goedgekeurd") == "Alle 35 plannen zijn goedgekeurd."
    assert sentence("Klaar?") == "Klaar?"
    assert sentence("") == ""
