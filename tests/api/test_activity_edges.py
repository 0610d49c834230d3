"""The activity page and the API check an activity with the same forms: the same bad input
is refused at the same fields with the same messages, and neither saves anything (an
activity is all or nothing at both doors)."""

import pytest
from django.urls import reverse

from sectorplan.plans.models import Activity, BudgetLine
from tests.api.conftest import api, if_match
from tests.plans.conftest import draft_plan

__all__ = ["draft_plan"]  # fixtures used here

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/programmes/sw-2015/plans/AM01/"


def test_page_and_api_refuse_the_same_activity_fields(as_region_contact, draft_plan):
    before = (Activity.objects.count(), BudgetLine.objects.count())
    kind = draft_plan.programme.activity_types.get(code="werk_naar_werk")
    page = as_region_contact.post(
        reverse("activity-add", args=["sw-2015", "AM01"]),
        {
            "lock_version": draft_plan.lock_version,
            "activity_type": kind.pk,
            "title": "x" * 301,
            "starts_on": "01-01-2016",
            "ends_on": "31-12-2015",
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-0-description": "Goed",
            "lines-0-subsidy": "1",
            "lines-0-cofinancing_source": "centrumgemeente",
            "lines-1-description": "Fout",
            "lines-1-subsidy": "-5",
            "lines-1-cofinancing_source": "bank",
        },
    )
    assert page.status_code == 200  # the form again, with its errors
    form_errors = dict(page.context["form"].errors)
    line_errors = [dict(line.errors) for line in page.context["lines"].forms]
    assert set(form_errors) == {"title", "ends_on"}
    assert [set(errors) for errors in line_errors] == [set(), {"subsidy", "cofinancing_source"}]

    client = api("regio-am01")
    response = client.post(
        PLAN + "activities/",
        {
            "activity_type": "werk_naar_werk",
            "title": "x" * 301,
            "starts_on": "2016-01-01",
            "ends_on": "2015-12-31",
            "budget_lines": [
                {"description": "Goed", "subsidy": "1", "cofinancing_source": "centrumgemeente"},
                {"description": "Fout", "subsidy": "-5", "cofinancing_source": "bank"},
            ],
        },
        format="json",
        **if_match(client, PLAN),
    )
    assert response.status_code == 400
    errors = response.json()
    assert {name: list(messages) for name, messages in form_errors.items()} == {
        name: errors[name] for name in ("title", "ends_on")
    }
    assert errors["budget_lines"] == [
        {name: list(messages) for name, messages in line.items()} for line in line_errors
    ]
    assert (Activity.objects.count(), BudgetLine.objects.count()) == before
