"""The monitoring pages over HTTP: who sees what, saving (also as autosave), review with
comments per question, questionnaire versions, uploads, and the start page's inbox."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sectorplan.monitoring import filling, report_flow
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.report_input import from_form
from sectorplan.programmes.constants import RoundState
from tests.conftest import _client_for
from tests.monitoring.conftest import complete_answers, item_key
from tests.plans.conftest import user

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(name, report_or_round, *extra):
    round_ = getattr(report_or_round, "round", report_or_round)
    args = [round_.programme.slug, round_.code]
    if hasattr(report_or_round, "region"):
        args.append(report_or_round.region.code)
    return reverse(name, args=[*args, *extra])


def test_the_office_sees_every_region_in_the_completeness_overview(as_office, report, demo):
    response = as_office.get(reverse("round-overview", args=[demo.slug]), **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<th scope="row">AM') == 35
    assert "Not started" in body and "Draft" in body


def test_a_region_sees_only_its_own_row(as_region_contact, report, demo):
    response = as_region_contact.get(reverse("round-overview", args=[demo.slug]), **EN)
    body = response.content.decode()
    assert body.count('<th scope="row">AM') == 1
    assert "AM01" in body and "AM02" not in body


def test_completeness_overview_query_count_is_pinned(as_office, report, demo):
    as_office.get(reverse("round-overview", args=[demo.slug]))
    with CaptureQueriesContext(connection) as queries:
        response = as_office.get(reverse("round-overview", args=[demo.slug]))
    assert response.status_code == 200
    # 19 for the page (one of them: the regions with a granted plan, the ones asked to
    # report), plus the session save (an UPDATE between two savepoints in the test's
    # transaction: +3, one query in production), +1 for the authenticator that verified the
    # office's session (django-otp).
    assert len(queries) == 23


def test_the_region_fills_in_its_report_on_the_page(as_region_contact, report):
    response = as_region_contact.get(url("report-detail", report), **EN)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="report-form"' in body and "report.js" in body
    assert "questions still open" in body


def test_another_regions_report_is_not_there(as_region_contact, final_round, demo):
    other = report_flow.report_start(
        round_=final_round, region=demo.region_set.regions.get(code="AM02"), by=user("regio-am02")
    )
    for name in ("report-detail",):
        assert as_region_contact.get(url(name, other)).status_code == 404
    post = as_region_contact.post(url("report-save", other), {"lock_version": other.lock_version})
    assert post.status_code == 404
    assert as_region_contact.post(url("report-action", other, "submit")).status_code == 404
    other.refresh_from_db()
    assert other.lock_version == 1 and other.state == ReportState.DRAFT


def test_the_municipality_reads_but_does_not_fill_in(as_municipality, report):
    response = as_municipality.get(url("report-detail", report))
    assert response.status_code == 200
    assert 'id="report-form"' not in response.content.decode()
    key = item_key(report, "besteding_toelichting")
    post = as_municipality.post(url("report-save", report), {"lock_version": 1, key: "x"})
    assert post.status_code == 403
    assert not report.answers.exists()


def test_a_bad_answer_comes_back_with_what_was_typed(as_region_contact, report):
    spent, note = item_key(report, "besteding_pct"), item_key(report, "besteding_toelichting")
    response = as_region_contact.post(
        url("report-save", report),
        {"lock_version": report.lock_version, spent: "honderd", note: "Mijn toelichting"},
        **EN,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "&#x27;honderd&#x27; is not a number" in body
    assert 'value="honderd"' in body
    assert report.answers.get(question__code="besteding_toelichting").text == "Mijn toelichting"


def test_autosave_answers_json_and_refuses_a_stale_page(as_region_contact, report):
    key = item_key(report, "besteding_toelichting")
    headers = {"HTTP_X_REQUESTED_WITH": "fetch", **EN}
    first = as_region_contact.post(
        url("report-save", report), {"lock_version": 1, key: "a"}, **headers
    )
    data = first.json()
    assert data["saved"] is True and data["lock_version"] == 2 and data["errors"] == {}
    done = item_key(report, "plan_afgerond")
    assert {"text": "Has the plan been carried out in full?", "key": done} in data["missing"]
    stale = as_region_contact.post(
        url("report-save", report), {"lock_version": 1, key: "b"}, **headers
    )
    assert stale.status_code == 409
    assert stale.json()["conflict"] is True
    assert report.answers.get(question__code="besteding_toelichting").text == "a"


def test_review_with_a_comment_next_to_the_question(as_region_contact, as_office, report):
    region = user("regio-am01")
    filling.report_save(
        report=report,
        by=region,
        lock_version=report.lock_version,
        given=from_form(report, complete_answers(report)),
    )
    report.refresh_from_db()
    report_flow.report_transition(report=report, action="submit", by=region)
    key = item_key(report, "besteding_pct")
    review = as_office.get(url("report-detail", report), **EN).content.decode()
    assert f'name="comment-{key}"' in review and 'id="review-form"' in review
    response = as_office.post(
        url("report-action", report, "return"), {f"comment-{key}": "Klopt 80%?"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    page = as_region_contact.get(url("report-detail", report), **EN).content.decode()
    comment_at = page.index("Klopt 80%?")
    assert (
        page.rindex(f'id="field-{key}"', 0, comment_at)
        > page.rindex('id="field-', 0, comment_at) - 1
    )


def test_the_office_opens_and_closes_a_round_and_others_cannot(
    as_office, as_region_contact, demo, granted_plan
):
    round_ = demo.rounds.first()
    assert as_region_contact.post(url("round-state", round_), {"state": "open"}).status_code == 403
    as_office.post(url("round-state", round_), {"state": "open"})
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN
    home = as_region_contact.get(reverse("home"), **EN).content.decode()
    assert "Fill in the report" in home and round_.label_en in home
    # A region without a granted plan is not asked to report.
    other = _client_for("regio-am02")
    assert "Fill in the report" not in other.get(reverse("home"), **EN).content.decode()
    as_office.post(url("round-state", round_), {"state": "closed"})
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED
    assert round_.history.count() == 3


def test_questionnaire_download_and_upload_of_a_new_version(as_office, final_round):
    download = as_office.get(url("questionnaire-download", final_round, 1))
    assert download.status_code == 200
    content = download.content
    assert b"[[sections]]" in content
    from io import BytesIO

    upload = BytesIO(content.replace(b"Toelichting op de besteding", b"Toelichting, kort"))
    upload.name = "vragen.toml"
    response = as_office.post(url("questionnaire-upload", final_round), {"file": upload})
    assert response.status_code == 302
    latest = final_round.questionnaires.order_by("-version").first()
    assert latest.version == 2
    assert latest.questions.filter(label_nl="Toelichting, kort").exists()
    bad = BytesIO(b"questions = [ { code = 'x', kind = 'essay', label_nl = 'X' } ]")
    bad.name = "bad.toml"
    page = as_office.post(
        url("questionnaire-upload", final_round), {"file": bad}, follow=True, **EN
    )
    assert "kind must be one of" in page.content.decode()
    assert final_round.questionnaires.count() == 2


def test_a_file_answer_is_checked_and_only_the_region_and_readers_get_it(
    as_region_contact, report, demo
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    key = item_key(report, "eindverslag")
    fake = SimpleUploadedFile(
        "eindverslag.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    response = as_region_contact.post(
        url("report-save", report), {"lock_version": 1, key: fake}, **EN
    )
    assert response.status_code == 400
    assert "is not PDF" in response.content.decode()
    pdf = SimpleUploadedFile(
        "eindverslag.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    response = as_region_contact.post(url("report-save", report), {"lock_version": 1, key: pdf})
    assert response.status_code == 302
    answer = report.answers.get(question__code="eindverslag")
    download = as_region_contact.get(url("answer-file", report, answer.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    from django.test import Client

    other = Client()
    other.force_login(user("regio-am02"))
    assert other.get(url("answer-file", report, answer.pk)).status_code == 404


def test_the_round_page_adds_up_targets_and_realised_values(as_office, report, granted_plan):
    from decimal import Decimal

    from sectorplan.plans.models import IndicatorTarget
    from sectorplan.programmes.models import Indicator

    indicator = Indicator.objects.filter(programme=granted_plan.programme).first()
    IndicatorTarget.objects.create(plan=granted_plan, indicator=indicator, target=Decimal(40))
    region = user("regio-am01")
    data = complete_answers(report)
    data[f"i{indicator.pk}"] = "25"
    filling.report_save(
        report=report, by=region, lock_version=report.lock_version, given=from_form(report, data)
    )
    report.refresh_from_db()
    page = as_office.get(url("round-detail", report.round), **EN).content.decode()
    row = page[page.index(indicator.label_en) :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'<td class="num">(.*?)</td>', row) == ["40", "1", "0", "0"]  # a draft
    report_flow.report_transition(report=report, action="submit", by=region)
    page = as_office.get(url("round-detail", report.round), **EN).content.decode()
    row = page[page.index(indicator.label_en) :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'<td class="num">(.*?)</td>', row) == ["40", "1", "25", "1"]


def test_a_bad_amount_for_an_activity_comes_back_as_typed_with_its_error(as_region_contact, report):
    from sectorplan.monitoring.selectors import contents_of

    activity = contents_of(report).activities[0]
    response = as_region_contact.post(
        url("report-save", report),
        {
            "lock_version": report.lock_version,
            f"a{activity.pk}_status": "loopt_door",
            f"a{activity.pk}_spent": "veel",
        },
        **EN,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="veel"' in body
    assert "&#x27;veel&#x27; is not a number" in body
    assert report.progress.get().status == "loopt_door"  # the good field was saved


def test_the_round_page_says_the_reminder_days_in_words(as_office, final_round):
    page = as_office.get(url("round-detail", final_round), **EN).content.decode()
    days = sorted(final_round.reminder_days)
    assert f"{-days[0]} days before the deadline" in page
    assert f"{days[-1]} days after the deadline" in page


def test_the_round_page_says_a_condition_as_a_sentence_without_codes(as_office, final_round):
    page = as_office.get(url("round-detail", final_round), **EN).content.decode()
    assert "Only asked when ‘Has the plan been carried out in full?’ is answered with ‘No’." in (
        page.replace("&#x27;", "'")
    )
    assert " = no" not in page
