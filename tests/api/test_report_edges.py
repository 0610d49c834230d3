"""The report page and the API fill in a report through the same service, with the same
policy for a partial save: what reads is stored, what does not comes back at its field. The
same good and bad input through either door stores the same and refuses the same fields,
with the same messages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sectorplan.monitoring.models import ActivityProgress, IndicatorValue
from sectorplan.monitoring.selectors import contents_of
from tests.api.conftest import api, if_match
from tests.conftest import _client_for
from tests.monitoring.conftest import final_round, granted_plan, report

__all__ = ["final_round", "granted_plan", "report"]  # fixtures used here

pytestmark = pytest.mark.django_db

REPORT = "/api/v1/programmes/sw-2015/rounds/eindevaluatie/reports/AM01/"


def _stored(report) -> tuple:
    answers = sorted(
        (a.question.code, a.code, a.number, a.text)
        for a in report.answers.select_related("question")
    )
    progress = list(
        ActivityProgress.objects.filter(report=report)
        .order_by("activity_id")
        .values_list("activity_id", "status", "people_reached", "spent", "results")
    )
    indicators = list(
        IndicatorValue.objects.filter(report=report)
        .order_by("indicator_id")
        .values_list("indicator_id", "value", "period_starts_on", "period_ends_on")
    )
    return answers, progress, indicators


def _clear(report) -> None:
    report.answers.all().delete()
    ActivityProgress.objects.filter(report=report).delete()
    IndicatorValue.objects.filter(report=report).delete()


def test_page_and_api_store_the_same_and_refuse_the_same_fields(report):
    contents = contents_of(report)
    items = {
        item.question.code: item
        for block in contents.blocks
        for item in block.items
        if item.theme is None
    }
    share, done, note = (
        items["besteding_pct"],
        items["plan_afgerond"],
        items["besteding_toelichting"],
    )
    activity, indicator = contents.activities[0], contents.indicators[0]
    a, i = f"a{activity.pk}_", f"i{indicator.pk}"

    page = _client_for("regio-am01").post(
        reverse("report-save", args=["sw-2015", "eindevaluatie", "AM01"]),
        {
            "lock_version": report.lock_version,
            share.key: "62,5",
            done.key: "misschien",
            note.key: "Goed op weg",
            f"{a}status": "afgerond",
            f"{a}people": "veel",
            f"{a}spent": "1.234,56",
            f"{a}results": "Klaar",
            i: "25",
            f"{i}_from": "31-02-2016",
            f"{i}_until": "",
        },
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert page.status_code == 200
    page_errors = page.json()["errors"]
    by_page = _stored(report)
    answers, progress, indicators = by_page
    assert [(code, number, text) for code, _c, number, text in answers] == [
        ("besteding_pct", Decimal("62.5"), ""),
        ("besteding_toelichting", None, "Goed op weg"),
    ]
    # The row's status, spent and results are stored; the people that did not read are not.
    assert progress == [(activity.pk, "afgerond", None, Decimal("1234.56"), "Klaar")]
    assert indicators == []  # one part of it did not read: nothing of it
    assert set(page_errors) == {done.key, f"{a}people", f"{i}_from"}

    _clear(report)
    client = api("regio-am01")
    response = client.patch(
        REPORT,
        {
            "answers": [
                {"question": "besteding_pct", "value": "62,5"},
                {"question": "plan_afgerond", "value": "misschien"},
                {"question": "besteding_toelichting", "value": "Goed op weg"},
            ],
            "progress": [
                {
                    "activity": activity.pk,
                    "status": "afgerond",
                    "people_reached": "veel",
                    "spent": "1.234,56",
                    "results": "Klaar",
                }
            ],
            "indicators": [
                {
                    "indicator": indicator.code,
                    "value": "25",
                    "period_starts_on": "31-02-2016",
                    "period_ends_on": "",
                }
            ],
        },
        format="json",
        **if_match(client, REPORT),
    )
    assert response.status_code == 400
    assert _stored(report) == by_page
    errors = response.json()
    assert errors["answers"][0] == {} and errors["answers"][2] == {}
    assert errors["answers"][1] == {"value": [page_errors[done.key]]}
    assert errors["progress"] == [{"people_reached": [page_errors[f"{a}people"]]}]
    assert errors["indicators"] == [{"period_starts_on": [page_errors[f"{i}_from"]]}]
