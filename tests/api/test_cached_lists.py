"""The plan and report lists are cached under the programme's data version per user and URL
(api/common.CachedList): a change made through a service shows on the next request, and a
region never gets a list cached for a reader who sees more."""

from django.urls import reverse

from sectorplan.plans import services as plan_services
from tests.api.conftest import api
from tests.knowledge.test_search import submitted_report
from tests.plans.conftest import fill_plan, user


def titles(client, url) -> dict[str, str]:
    first = client.get(url)
    assert first.status_code == 200
    second = client.get(url)
    assert second.json() == first.json()
    return {plan["region_code"]: plan["title"] for plan in second.json()["results"]}


def am01_plan(demo):
    region = demo.region_set.regions.get(code="AM01")
    return fill_plan(plan_services.plan_for_region(programme=demo, region=region))


def test_the_plan_list_shows_a_changed_title_on_the_next_request(demo):
    plan = am01_plan(demo)
    url = reverse("api-plan-list", args=[demo.slug])
    office = api("bureau")
    assert titles(office, url)["AM01"] != "Plan van de kolibrie"
    plan_services.plan_update(
        plan=plan,
        by=user("regio-am01"),
        lock_version=plan.lock_version,
        title="Plan van de kolibrie",
    )
    assert titles(office, url)["AM01"] == "Plan van de kolibrie"


def test_another_region_never_gets_the_list_cached_for_the_region_itself(demo):
    am01_plan(demo)
    url = reverse("api-plan-list", args=[demo.slug])
    assert "AM01" in titles(api("regio-am01"), url)
    assert "AM01" in titles(api("bureau"), url)
    # AM01's plan is a draft: another region does not see it, cached or not.
    assert "AM01" not in titles(api("regio-am02"), url)


def test_the_report_list_shows_a_submitted_report_on_the_next_request(demo):
    final = demo.rounds.order_by("-position").first()
    url = reverse("api-report-list", args=[demo.slug, final.code])
    office = api("bureau")

    def states() -> dict[str, str]:
        first, second = office.get(url), office.get(url)
        assert second.json() == first.json()
        return {report["region_code"]: report["state"] for report in second.json()["results"]}

    assert states().get("AM01") != "submitted"
    submitted_report(demo, "AM01", "Een antwoord van de kolibrie.")
    assert states()["AM01"] == "submitted"


def test_a_cached_list_runs_fewer_queries(demo, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("api-plan-list", args=[demo.slug])
    office = api("bureau")
    with CaptureQueriesContext(connection) as first:
        office.get(url)
    with CaptureQueriesContext(connection) as second:
        office.get(url)
    assert len(second.captured_queries) < len(first.captured_queries)
    assert not [q for q in second.captured_queries if "plans_plan" in q["sql"]]
