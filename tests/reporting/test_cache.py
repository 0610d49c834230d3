"""The national figures are cached under the programme's data version (core/versions.py):
a write, by a service, an import or a plain save, shows on the very next request; a write
that is rolled back leaves the cached figures of the data as it was."""

import re

from django.db import transaction
from django.urls import reverse

from sectorplan.core import versions
from sectorplan.monitoring.models import Answer
from sectorplan.programmes.constants import YesNo
from tests.reporting.conftest import rows

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DASHBOARD = reverse("dashboard", args=["sw-2015"])
QUESTION = "ser_werknemersvaardigheden_aanwezig"


def skills_present(page: bytes) -> list[str]:
    """yes, n, unknown and percentage of 'werknemersvaardigheden present' on the dashboard."""
    text = page.decode()
    row = text[text.index("Ontwikkeling werknemersvaardigheden") :]
    row = row[: row.index("</tr>")]
    return re.findall(r'<td class="num">(?:<a [^>]*>)?(?:<strong>)?([^<]*)', row)[:4]


def test_an_imported_answer_shows_on_the_next_request(as_office, answered):
    from sectorplan.monitoring.imports import responses_import

    assert skills_present(as_office.get(DASHBOARD, **EN).content) == ["4", "6", "1", "67%"]
    # Served from the cache now: the same figures again.
    assert skills_present(as_office.get(DASHBOARD, **EN).content) == ["4", "6", "1", "67%"]
    final = answered.rounds.order_by("-position").first()
    responses_import(round_=final, rows=rows([("AM03", QUESTION, "ja")]))
    assert skills_present(as_office.get(DASHBOARD, **EN).content) == ["5", "6", "1", "83%"]


def test_a_saved_answer_shows_on_the_next_request(as_office, answered):
    as_office.get(DASHBOARD, **EN)
    answer = Answer.objects.get(report__region__code="AM08", question__code=QUESTION)
    answer.code = YesNo.YES
    answer.save()
    assert skills_present(as_office.get(DASHBOARD, **EN).content) == ["5", "6", "1", "83%"]
    answer.delete()
    assert skills_present(as_office.get(DASHBOARD, **EN).content) == ["4", "5", "1", "80%"]


def test_a_rolled_back_write_leaves_the_stamp_and_the_figures_as_they_were(as_office, answered):
    before = versions.stamp(answered.pk)
    as_office.get(DASHBOARD, **EN)
    try:
        with transaction.atomic():
            answer = Answer.objects.get(report__region__code="AM08", question__code=QUESTION)
            answer.code = YesNo.YES
            answer.save()
            assert versions.stamp(answered.pk)[0] != before[0]
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert versions.stamp(answered.pk) == before
    assert skills_present(as_office.get(DASHBOARD, **EN).content) == ["4", "6", "1", "67%"]


def test_a_cached_dashboard_computes_no_table(as_office, answered, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        as_office.get(DASHBOARD)
    with CaptureQueriesContext(connection) as second:
        as_office.get(DASHBOARD)
    answer_queries = [q for q in second.captured_queries if "monitoring_answer" in q["sql"]]
    assert answer_queries == []
    assert len(second.captured_queries) < len(first.captured_queries) - 10


def test_another_programme_keeps_its_stamp(answered):
    from sectorplan.programmes.models import Programme

    other = Programme.objects.exclude(pk=answered.pk).first()
    mine, shared = versions.stamp(answered.pk)
    Answer.objects.filter(report__round__programme=answered).first().save()
    assert versions.stamp(answered.pk)[0] != mine
    assert versions.stamp(answered.pk)[1] == shared
    if other is not None:
        theirs = versions.stamp(other.pk)
        Answer.objects.filter(report__round__programme=answered).first().save()
        assert versions.stamp(other.pk) == theirs


def test_the_path_to_the_programme_follows_the_foreign_keys():
    from sectorplan.plans.models import Activity

    assert versions.path_to_programme(Answer) == ("report", "round", "programme")
    assert versions.path_to_programme(Activity) == ("plan", "programme")


def test_a_write_after_a_cached_read_in_one_transaction_changes_the_stamp_again(answered):
    answers = Answer.objects.filter(report__round__programme=answered)[:2]
    with transaction.atomic():
        answers[0].save()
        read = versions.stamp(answered.pk)
        answers[1].save()
        assert versions.stamp(answered.pk) != read


def test_many_saves_in_one_transaction_change_the_stamp_once(answered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    answers = list(Answer.objects.filter(report__round__programme=answered)[:20])
    versions.stamp(answered.pk)  # a read: the next write changes the stamp again
    with CaptureQueriesContext(connection) as saved, transaction.atomic():
        for answer in answers:
            answer.save()
    updates = [q for q in saved.captured_queries if 'UPDATE "core_dataversion"' in q["sql"]]
    assert len(updates) == 1
    # and the programme was looked up once, not per answer (report → round → programme)
    rounds = [q for q in saved.captured_queries if 'FROM "programmes_round"' in q["sql"]]
    assert len(rounds) <= 1


def test_a_table_page_shows_an_imported_answer_on_the_next_request(as_office, answered):
    from sectorplan.monitoring.imports import responses_import

    code = answered.report_tables.first().code
    url = reverse("report-table", args=[answered.slug, code])
    assert skills_present(as_office.get(url, **EN).content) == ["4", "6", "1", "67%"]
    assert skills_present(as_office.get(url, **EN).content) == ["4", "6", "1", "67%"]
    final = answered.rounds.order_by("-position").first()
    responses_import(round_=final, rows=rows([("AM03", QUESTION, "ja")]))
    assert skills_present(as_office.get(url, **EN).content) == ["5", "6", "1", "83%"]


def test_a_table_page_with_an_unknown_drill_down_is_not_found(as_office, answered):
    url = reverse("report-table", args=[answered.slug, "coverage"])
    assert as_office.get(url, {"type": "no-such-type"}).status_code == 404
    assert as_office.get(url).status_code == 200
