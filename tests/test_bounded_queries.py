"""Every key page and API list runs the same number of queries at 1× and at 10× the data.

The data is grown with the benchmark generator (`sectorplan.cli.load`) from a small
programme built here: ten times the regions (a programme over 350 regions with ten copies of
each plan and report), and ten times the programmes (nine copies next to the first). A page
that reads per row, or that reads other programmes' rows, runs more queries at 10×; a pinned
maximum keeps the count from creeping up. Timings are not tested here: see `make bench`.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import Membership
from sectorplan.cli.load import load_generate, wide_slug
from sectorplan.core.tabular import Row
from sectorplan.monitoring.imports import responses_import
from sectorplan.plans.constants import PlanState
from sectorplan.plans.imports import plans_import
from tests.conftest import _client_for
from tests.reporting.conftest import granted_and_reported  # noqa: F401 (a fixture)

#: Page → (URL name, its arguments from (slug, round, region, answer table), who reads it,
#: the most queries it may run). The counts include the session saved on every request and
#: the office's verified authenticator (django-otp).
PAGES = {
    "programme dashboard": ("dashboard", lambda s, r, g, t: [s], "office", 35),
    "plan overview": ("plan-overview", lambda s, r, g, t: [s], "office", 13),
    "completeness overview": ("round-detail", lambda s, r, g, t: [s, r], "office", 24),
    "coverage table": ("report-table", lambda s, r, g, t: [s, "coverage"], "office", 16),
    "answer table": ("report-table", lambda s, r, g, t: [s, t], "office", 16),
    "regions table": ("report-table", lambda s, r, g, t: [s, "regions"], "office", 18),
    "region results": ("region-results", lambda s, r, g, t: [s, g], "office", 33),
    "plan page": ("plan-detail", lambda s, r, g, t: [s, g], "office", 28),
    "API plans": ("api-plan-list", lambda s, r, g, t: [s], "office", 10),
    "API regions": ("api-region-list", lambda s, r, g, t: [s], "office", 10),
    "API allocation": ("api-allocation", lambda s, r, g, t: [s], "office", 10),
    "API rounds": ("api-round-list", lambda s, r, g, t: [s], "office", 10),
    "API reports": ("api-report-list", lambda s, r, g, t: [s, r], "office", 11),
    "API tables": ("api-table-list", lambda s, r, g, t: [s], "office", 9),
}
#: Pages of one region, read by its contact: the same however many programmes hold data.
#: Which region: `first` (granted, final report submitted) or `draft` (a plan being written).
REGION_PAGES = {
    "plan edit page": ("plan-edit", "draft", lambda s, r, g: [s, g], 14),
    "plan page (region)": ("plan-detail", "first", lambda s, r, g: [s, g], 27),
    "report page": ("report-detail", "first", lambda s, r, g: [s, r, g], 25),
    "region home": ("region-detail", "first", lambda s, r, g: [s, g], 24),
    "dashboard (region)": ("dashboard", "first", lambda s, r, g: [s], 39),
    "regions table (region)": ("report-table", "first", lambda s, r, g: [s, "regions"], 17),
    "map (region)": ("report-map", "first", lambda s, r, g: [s], 18),
}
#: Lists over every programme: more programmes, more rows, the same queries.
GLOBAL_PAGES = {
    "home": ("home", 11),  # +1: the programmes' workflow tables, one query for all
    "API programmes": ("api-programme-list", 9),
    "API organisations": ("api-organisation-list", 10),
}
LIST = "?page_size=500"


def queries(client, url: str) -> int:
    client.get(url)  # warm the caches of the rule set (content types and the like)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def url_of(name: str, args: list[str]) -> str:
    url = reverse(name, args=args)
    return url + LIST if name.startswith("api-") else url


@pytest.fixture
def source(granted_and_reported):  # noqa: F811
    """The demo programme with plans for ten regions (one granted and reported) and final
    answers from eight: rows on every page, few enough to build in a second."""
    programme = granted_and_reported
    types = list(programme.activity_types.values_list("code", flat=True))
    regions = list(programme.region_set.regions.order_by("code").values_list("code", flat=True))
    header = ("region_code", "activity_type", "title", "subsidy", "cofinancing")
    plans = [(code, types[n % len(types)], "A", "1000", "1000") for n, code in enumerate(regions)]
    plans_import(
        programme=programme,
        rows=[Row(n, dict(zip(header, row, strict=True))) for n, row in enumerate(plans[1:9], 2)],
        state="submitted",
    )
    plans_import(
        programme=programme, rows=[Row(2, dict(zip(header, plans[9], strict=True)))], state=None
    )
    final = programme.rounds.order_by("-position").first()
    table = programme.report_tables.order_by("pk").first()
    questions = list(
        final.questionnaires.latest()
        .questions.filter(table_row__table=table)
        .values_list("code", flat=True)
    )
    answers = [(code, q, "ja") for code in regions[1:9] for q in questions]
    columns = ("region_code", "question_code", "answer")
    responses_import(
        round_=final,
        rows=[Row(n, dict(zip(columns, row, strict=True))) for n, row in enumerate(answers, 2)],
    )
    return programme


def _args(programme, region_code: str):
    final = programme.rounds.order_by("-position").first()
    table = programme.report_tables.order_by("pk").first()
    return programme.slug, final.code, region_code, table.code


def test_pages_run_as_many_queries_for_350_regions_as_for_35(source, django_assert_max_num_queries):
    office = _client_for(source.allocation_publications.first().published_by.username)
    first = source.region_set.regions.order_by("code").first().code
    small = _args(source, first)
    load_generate(regions=10 * source.participations.count(), source=source)
    wide = source.__class__.objects.get(slug=wide_slug(source, 350, empty=False))
    assert wide.plans.count() == 10 * source.plans.count()
    large = _args(wide, f"{first}-1")
    for page, (name, args, _reader, most) in PAGES.items():
        one, ten = (
            queries(office, url_of(name, args(*small))),
            queries(office, url_of(name, args(*large))),
        )
        assert (page, one) == (page, ten)
        with django_assert_max_num_queries(most):
            office.get(url_of(name, args(*large)))


def test_pages_run_as_many_queries_with_ten_programmes_as_with_one(
    source, django_assert_max_num_queries
):
    office = _client_for(source.allocation_publications.first().published_by.username)
    regions = {
        "first": source.plans.order_by("region__code").first().region,
        "draft": source.plans.get(state=PlanState.DRAFT).region,
    }
    contacts = {
        key: _client_for(
            Membership.objects.filter(region=region, role=Role.REGION_CONTACT).first().user.username
        )
        for key, region in regions.items()
    }
    slug, round_code, _first, _table = _args(source, regions["first"].code)
    visits = {  # page → (client, URL, most queries)
        page: (office, url_of(name, make(*_args(source, regions["first"].code))), most)
        for page, (name, make, _reader, most) in PAGES.items()
    }
    visits |= {
        page: (contacts[key], url_of(name, make(slug, round_code, regions[key].code)), most)
        for page, (name, key, make, most) in REGION_PAGES.items()
    }
    visits |= {
        page: (office, url_of(name, []), most) for page, (name, most) in GLOBAL_PAGES.items()
    }
    before = {page: queries(client, url) for page, (client, url, _most) in visits.items()}

    result = load_generate(scale=10, source=source)
    assert len(result.created) == 9

    after = {page: queries(client, url) for page, (client, url, _most) in visits.items()}
    assert after == before
    for client, url, most in visits.values():
        with django_assert_max_num_queries(most):
            client.get(url)
