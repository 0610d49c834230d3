from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sectorplan.core.numbers import format_decimal_plain, format_for_input, parse_decimal


@pytest.fixture(autouse=True)
def english():
    # The project's default language is Dutch; the assertions check the English source text.
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234.567", "1234567"),
        ("1.234.567,8", "1234567.8"),
        ("1,234,567.89", "1234567.89"),
        ("1234.567", "1234.567"),
        ("0,25", "0.25"),
        ("0.125", "0.125"),
        ("-12,5", "-12.5"),
        ("  42 ", "42"),
        ("0", "0"),
        ("007", "7"),
        ("€ 1 234,56", "1234.56"),
        ("€1.234,56", "1234.56"),
        ("€ -1.234,56", "-1234.56"),
        ("-€ 1.234,56", "-1234.56"),
        ("1\u00a0234\u00a0567,89", "1234567.89"),
        ("1\u202f234.5", "1234.5"),
        ("\u00a012,50\u00a0", "12.50"),
        ("12345678901234567890123456789012.01", "12345678901234567890123456789012.01"),
    ],
)
def test_parse_decimal_accepts(text, expected):
    assert parse_decimal(text) == Decimal(expected)
    assert str(parse_decimal(text)) == expected


def test_parse_decimal_keeps_the_places_given():
    assert str(parse_decimal("12,50")) == "12.50"


def test_parse_decimal_negative_zero_is_plain_zero():
    assert str(parse_decimal("-0,00")) == "0.00"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "12a",
        "1,2,3",
        "1.23.4",
        "1..234",
        "1,234,56",
        "1.234,567,8",
        "1,234.567,89",
        "12.34,56",
        "1 234.567.890",
        "12 34",
        "1  234",
        "1,23 4",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "1e5",
        "1E+5",
        "--5",
        "-€-5",
        "€",
        "-",
        "12,",
        "12.",
        ",5",
        ".5",
        "+5",
        "0x10",
        "½",
        "١٢",
        "€€5",
        "5 €",
    ],
)
def test_parse_decimal_rejects(text):
    with pytest.raises(ValueError, match="is not a number") as raised:
        parse_decimal(text)
    assert str(raised.value) == f"'{text.strip()}' is not a number"


def dutch(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    integer, fraction = f"{abs(value):f}".split(".")
    return f"{sign}{int(integer):,}".replace(",", ".") + "," + fraction


def english_grouped(value: Decimal) -> str:
    return f"{value:,f}"


money = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2, allow_nan=False
)


@given(money)
def test_parse_decimal_reads_dutch_formatting_back(value):
    assert parse_decimal(dutch(value)) == value


@given(money)
def test_parse_decimal_reads_plain_formatting_back(value):
    assert parse_decimal(format_decimal_plain(value)) == value


@given(money)
def test_parse_decimal_reads_english_grouping_back(value):
    assert parse_decimal(english_grouped(value)) == value


@given(money)
def test_parse_decimal_reads_euro_and_space_grouping_back(value):
    text = "€ " + dutch(value).replace(".", "\u00a0")
    assert parse_decimal(text) == value


def test_dutch_helper_groups_thousands():
    # Guards the property tests above against a helper that never groups anything.
    assert dutch(Decimal("-1234567.50")) == "-1.234.567,50"
    assert english_grouped(Decimal("1234567.50")) == "1,234,567.50"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1234.56"), 2, "1234.56"),
        (Decimal("1234.565"), 2, "1234.57"),
        (Decimal("1234.555"), 2, "1234.56"),
        (Decimal("-1234.565"), 2, "-1234.57"),
        (Decimal("0.125"), 2, "0.13"),
        (Decimal("1234567"), 2, "1234567.00"),
        (Decimal("1E+6"), 2, "1000000.00"),
        (Decimal("-0.001"), 2, "0.00"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("1.23456"), 4, "1.2346"),
        (Decimal("123456789012345678901234567890.005"), 2, "123456789012345678901234567890.01"),
    ],
)
def test_format_decimal_plain(value, places, expected):
    assert format_decimal_plain(value, places) == expected


def test_format_decimal_plain_defaults_to_cents():
    assert format_decimal_plain(Decimal("7")) == "7.00"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_format_decimal_plain_refuses_non_numbers(value):
    with pytest.raises(ValueError, match="is not a number"):
        format_decimal_plain(value)


@pytest.mark.parametrize("text", ["1.000", "12,345", "-123.456", "€ 1.500"])
def test_a_lone_separator_before_three_digits_is_ambiguous_and_refused(text):
    # Dutch Excel writes a thousand as 1.000; reading it as 1.0 would be silently wrong.
    with pytest.raises(ValueError, match="ambiguous"):
        parse_decimal(text)


@given(
    st.decimals(min_value=0, max_value=Decimal("99999999999.9999"), places=4),
    st.sampled_from(["nl", "en"]),
)
def test_a_number_shown_in_a_form_reads_back_as_itself(value, language):
    with translation.override(language):
        text = format_for_input(value)
    assert parse_decimal(text) == value
