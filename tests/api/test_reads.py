"""The read endpoints: who sees what (the pages' rules), pagination, filters, ETags, bounded
queries, and the national tables equal to their CSV download."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from sectorplan.plans import services as plan_services
from tests.api.conftest import api
from tests.conftest import log_in
from tests.monitoring.conftest import final_round, granted_plan, report
from tests.plans.conftest import draft_plan_granted, fill_plan, user

__all__ = ["final_round", "granted_plan", "report"]  # fixtures used here

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programmes/sw-2015/"
ROUND = BASE + "rounds/eindevaluatie/"

#: path → {user: status}; "-" is anonymous. AM01 has a granted plan and a draft final report.
OWN = {"bureau": 200, "szw": 200, "vng": 200, "gemeente-am01": 200, "regio-am01": 200}
MINE_ONLY = {**OWN, "regio-am02": 404, "-": 401}
NATIONAL = {"bureau": 200, "szw": 200, "vng": 200, "regio-am01": 404, "gemeente-am01": 404}
EVERYONE = {**OWN, "regio-am02": 200, "-": 401}
PATHS = {
    "/api/v1/programmes/": EVERYONE,
    BASE: EVERYONE,
    BASE + "regions/": EVERYONE,
    BASE + "regions/AM01/": MINE_ONLY,
    BASE + "allocation/": EVERYONE,
    "/api/v1/organisations/": EVERYONE,
    BASE + "plans/": EVERYONE,
    BASE + "plans/AM01/": MINE_ONLY,
    BASE + "plans/AM01/decisions/": MINE_ONLY,
    BASE + "plans/AM01/payments/": MINE_ONLY,
    BASE + "rounds/": EVERYONE,
    ROUND: EVERYONE,
    ROUND + "questionnaires/": {**NATIONAL, "-": 401},
    ROUND + "questionnaires/1/": {**NATIONAL, "-": 401},
    ROUND + "reports/": EVERYONE,
    ROUND + "reports/AM01/": MINE_ONLY,
    BASE + "tables/": {**NATIONAL, "-": 401},
    BASE + "tables/ser/": {**NATIONAL, "regio-am02": 404, "-": 401},
}


def test_each_read_endpoint_answers_each_role_as_the_pages_do(report):
    failures = []
    clients = {
        who: api(None if who == "-" else who) for who in {u for v in PATHS.values() for u in v}
    }
    for path, expected in PATHS.items():
        for who, wanted in expected.items():
            response = clients[who].get(path)
            if response.status_code != wanted:
                failures.append(f"{who} {path}: {response.status_code}, wanted {wanted}")
            assert response["Content-Type"].startswith("application/json")
    assert failures == []


def test_lists_show_a_region_only_its_own_plan_and_report(report):
    draft_plan_granted(report.round.programme, "AM02")
    assert [p["region_code"] for p in api("regio-am01").get(BASE + "plans/").json()["results"]] == [
        "AM01"
    ]
    everything = api("bureau").get(BASE + "plans/").json()["results"]
    assert [p["region_code"] for p in everything] == ["AM01", "AM02"]
    reports = api("regio-am02").get(ROUND + "reports/").json()
    assert reports["count"] == 0


def test_an_unknown_programme_or_round_is_404(report):
    client = api("bureau")
    assert client.get("/api/v1/programmes/nope/").status_code == 404
    assert client.get(BASE + "rounds/nope/reports/").status_code == 404
    assert client.get(BASE + "tables/nope/").status_code == 404
    assert client.get(BASE + "plans/AM99/").status_code == 404


def test_a_region_without_a_plan_is_404_and_the_get_creates_nothing(demo):
    from sectorplan.plans.models import Plan

    assert api("regio-am01").get(BASE + "plans/AM01/").status_code == 404
    assert not Plan.objects.exists()


def test_lists_are_paginated_with_a_page_size_up_to_500(demo):
    client = api("bureau")
    first = client.get(BASE + "regions/?page_size=10").json()
    assert first["count"] == 35 and len(first["results"]) == 10
    assert "page=2" in first["next"]
    last = client.get(BASE + "regions/?page_size=10&page=4").json()
    assert [r["code"] for r in last["results"]] == [f"AM{n}" for n in range(31, 36)]
    assert len(client.get("/api/v1/organisations/").json()["results"]) == 50
    assert len(client.get("/api/v1/organisations/?page_size=10000").json()["results"]) <= 500
    assert client.get(BASE + "regions/?page=99").status_code == 404


def test_lists_filter_and_order_by_a_unique_key(demo):
    client = api("bureau")
    companies = client.get("/api/v1/organisations/?kind=sw_bedrijf&region=am01").json()["results"]
    assert companies and all(
        o["kind"] == "sw_bedrijf" and "AM01" in o["regions"] for o in companies
    )
    names = [o["name"] for o in companies]
    assert names == sorted(names)
    reverse_order = client.get(BASE + "regions/?ordering=-region__code&page_size=3").json()
    assert [r["code"] for r in reverse_order["results"]] == ["AM35", "AM34", "AM33"]
    assert client.get("/api/v1/organisations/?kind=nonsense").status_code == 400


def test_plan_filters_by_state_and_region(demo):
    draft_plan_granted(demo, "AM01")
    fill_plan(
        plan_services.plan_for_region(
            programme=demo, region=demo.region_set.regions.get(code="AM02")
        )
    )
    client = api("szw")
    granted = client.get(BASE + "plans/?state=granted").json()["results"]
    assert [p["region_code"] for p in granted] == ["AM01"]
    drafts = client.get(BASE + "plans/?region_code=am02").json()["results"]
    assert [(p["region_code"], p["state"]) for p in drafts] == [("AM02", "draft")]


def test_plan_detail_nests_activities_budget_lines_and_targets_with_an_etag(granted_plan):
    response = api("regio-am01").get(BASE + "plans/AM01/")
    body = response.json()
    assert re.fullmatch(
        rf'"plan-{granted_plan.pk}-v{granted_plan.lock_version}-[0-9a-f]{{12}}"', response["ETag"]
    )
    assert body["state"] == "granted"
    assert body["lock_version"] == granted_plan.lock_version
    [activity] = body["activities"]
    assert activity["activity_type"] == "werk_naar_werk"
    assert activity["budget_lines"][0]["subsidy"] == "100000.00"
    assert body["total_subsidy"] == "100000.00"
    assert isinstance(body["targets"], list)
    assert {a["action"] for a in body["actions"]} >= {"request_extension", "amend"}


def test_report_detail_has_typed_answers_and_an_etag(report):
    response = api("regio-am01").get(ROUND + "reports/AM01/")
    body = response.json()
    assert re.fullmatch(
        rf'"report-{report.pk}-v{report.lock_version}-[0-9a-f]{{12}}"', response["ETag"]
    )
    codes = {a["question"] for a in body["answers"]}
    assert "ser_detachering_aanwezig" in codes
    assert body["missing"]  # a fresh draft misses its required answers
    assert [a["action"] for a in body["actions"]] == ["submit"]


def test_errors_are_in_the_language_asked_for(demo):
    client = api("bureau")
    assert client.get(BASE + "nope/").status_code == 404
    dutch = client.get("/api/v1/programmes/nope/").json()["detail"]
    english = client.get("/api/v1/programmes/nope/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert dutch != english and "found" in english.lower()


# --- Bounded queries ---------------------------------------------------------------------------

#: List → the queries it runs, however many rows (token, count, page, prefetches, and the
#: visibility rules' memberships). Three granted plans; every row on one page. The plan and
#: report lists are cached (api.common.CachedList): a first request reads the data version
#: too (one query more), a cached one runs only the token, programme, memberships, round and
#: the version (tests/api/test_cached_lists.py).
LISTS = {
    "/api/v1/programmes/": 4,
    BASE + "regions/": 5,
    BASE + "allocation/": 5,
    "/api/v1/organisations/": 5,
    BASE + "plans/": 6,
    BASE + "plans/AM01/decisions/": 7,
    BASE + "plans/AM01/payments/": 6,
    BASE + "rounds/": 5,
    ROUND + "questionnaires/": 6,
    ROUND + "reports/": 7,
    BASE + "tables/": 4,
}


@pytest.mark.parametrize("path", LISTS)
def test_each_list_runs_a_pinned_number_of_queries(path, report, django_assert_max_num_queries):
    for code in ("AM02", "AM03"):
        draft_plan_granted(report.round.programme, code)
    client = api("bureau")
    client.get(path)  # warm the caches of the rule set (content types and the like)
    with django_assert_max_num_queries(LISTS[path]):
        response = client.get(path + "?page_size=500")
    assert response.status_code == 200


def test_detail_queries_do_not_grow_with_the_plan(report, django_assert_max_num_queries):
    client = api("bureau")
    client.get(BASE + "plans/AM01/")
    # 13: one of them asks whether an extension request waits (the office's steps).
    with django_assert_max_num_queries(13):
        assert client.get(BASE + "plans/AM01/").status_code == 200
    # One more than before for the office's comments on the latest submission.
    with django_assert_max_num_queries(19):
        assert client.get(ROUND + "reports/AM01/").status_code == 200


# --- National tables ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["allocation", "coverage", "ser", "regions"])
def test_a_table_equals_its_csv_download_value_for_value(code, report):
    from sectorplan.monitoring import filling, report_flow
    from sectorplan.monitoring.report_input import from_form
    from tests.monitoring.conftest import complete_answers

    region = user("regio-am01")
    filling.report_save(
        report=report,
        by=region,
        lock_version=report.lock_version,
        given=from_form(report, complete_answers(report)),
    )
    report.refresh_from_db()
    report_flow.report_transition(report=report, action="submit", by=region)

    page = log_in(Client(), user("szw"))
    download = page.get(reverse("report-table-csv", args=["sw-2015", code]))
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    table = api("szw").get(BASE + f"tables/{code}/").json()
    assert table["columns"] == rows[0]
    as_csv = [["" if v is None else str(v) for v in row.values()] for row in table["rows"]]
    assert as_csv == rows[1:]
    assert len(as_csv) > 0


def test_the_api_root_names_the_resources_for_a_token_and_a_session(demo, as_region_contact):
    by_token = api("regio-am01").get("/api/v1/")
    assert by_token.status_code == 200
    body = by_token.json()
    assert set(body) == {"programmes", "organisations", "instruments", "schema", "docs"}
    assert body["programmes"] == "http://testserver/api/v1/programmes/"
    for name in ("programmes", "organisations", "instruments"):
        assert api("regio-am01").get(body[name]).status_code == 200, name
    assert as_region_contact.get("/api/v1/").json() == body
    anonymous = Client().get("/api/v1/")
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/json" and anonymous.json()["detail"]
