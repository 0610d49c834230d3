"""One validation for every door (issue 20): an amount or a date is read and bounded by
core.bounds, so the page's form and the CLI's import refuse the same input with the same
message. (The API's serializers call the same functions; tests/api checks that door.)

Runs on `cli_p1` (tests/contracts/conftest.py): programme p1 with its basis stored.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sectorplan.core import bounds
from sectorplan.plans.forms import BudgetLineForm, GrantForm, PlanForm
from sectorplan.programmes.models import Organisation, Programme
from tests.contracts.helpers import dump, ok, refused, write_csv

HEADER = ["region_code", "activity_type", "title", "subsidy", "cofinancing"]


def page_form_error(text: str) -> str:
    form = BudgetLineForm(
        {
            "description": "",
            "subsidy": text,
            "cofinancing": "0",
            "cofinancing_source": "centrumgemeente",
        },
        programme=Programme.objects.get(slug="p1"),
    )
    assert not form.is_valid()
    (message,) = form.errors["subsidy"]
    return message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10000000000", "An amount may be at most € 1,000,000,000.00."),  # 1e10, written out
        ("1000000000.01", "An amount may be at most € 1,000,000,000.00."),
        ("1e10", "'1e10' is not a number"),
        ("1e400", "'1e400' is not a number"),
        ("NaN", "'NaN' is not a number"),
        ("Infinity", "'Infinity' is not a number"),
        ("-5", "'-5' must be 0 or more"),
        (
            "12,345",
            "'12,345' is ambiguous: a thousands separator or a decimal one? "
            "Write it without a thousands separator, e.g. 1000 or 1,5",
        ),
        ("1.234,567", "An amount has at most two decimals (cents)."),
    ],
)
def test_a_bad_amount_gets_the_same_message_from_the_page_and_the_import(
    cli_p1, tmp_path, text, message
):
    with translation.override("en"):
        assert page_form_error(text) == message
    path = write_csv(
        tmp_path / "plans.csv", [HEADER, ["AM01", "werkfit", "Werkfit", text, "0"]], delimiter=";"
    )
    before = dump(cli_p1, "plans.activity")
    assert refused(cli_p1("import-plans", "p1", path)) == [f"line 2, subsidy: {message}"]
    assert dump(cli_p1, "plans.activity") == before


def test_the_ceiling_is_the_setting_at_both_doors(cli_p1, tmp_path, settings):
    settings.SECTORPLAN_AMOUNT_MAX = "500"
    with translation.override("en"):
        assert page_form_error("500,01") == "An amount may be at most € 500.00."
    rows = [HEADER, ["AM01", "werkfit", "A", "500", "0"], ["AM01", "werkfit", "B", "500.01", "0"]]
    path = write_csv(tmp_path / "plans.csv", rows)
    assert refused(cli_p1("import-plans", "p1", path)) == [
        "line 3, subsidy: An amount may be at most € 500.00."
    ]


@pytest.mark.parametrize("text", ["-0", "1.234,56", "1000000000"])
def test_amounts_within_bounds_pass_both_doors(cli_p1, tmp_path, text):
    with translation.override("en"):
        form = BudgetLineForm(
            {
                "description": "",
                "subsidy": text,
                "cofinancing": "0",
                "cofinancing_source": "centrumgemeente",
            },
            programme=Programme.objects.get(slug="p1"),
        )
        assert form.is_valid(), form.errors
    path = write_csv(
        tmp_path / "plans.csv", [HEADER, ["AM01", "werkfit", "Werkfit", text, "0"]], delimiter=";"
    )
    ok(cli_p1("import-plans", "p1", path))


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_date_far_outside_the_programme_gets_the_window_message(cli_p1, day):
    programme = Programme.objects.get(slug="p1")
    with translation.override("en"), pytest.raises(ValidationError) as bounded:
        bounds.check_date(date.fromisoformat(day), programme)
    (message,) = bounded.value.messages
    assert message.startswith("Enter a date between ")

    with translation.override("en"):
        plan_form = PlanForm(
            {"lock_version": "0", "ends_on": day},
            programme=programme,
            companies=Organisation.objects.none(),
        )
        assert not plan_form.is_valid()
        assert plan_form.errors["ends_on"] == [message]

        plan = programme.plans.model(programme=programme)
        grant = GrantForm({"lock_version": "0", "amount": "10", "decided_on": day}, plan=plan)
        assert not grant.is_valid()
        assert grant.errors["decided_on"] == [message]
