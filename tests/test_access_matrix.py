"""Who gets what on every page: each named URL of the project's apps, called as every role of
the demo (and anonymously), for an object of AM01 (the regional users' own region) and of
AM02 (another region). The expected outcome is written once, as a table; a new URL without a
row fails the test. (Django's own admin and language views keep their own rules.)

A region's object that another region asks for answers 404, so its existence is not
confirmed; a page a national reader may read but not change answers 403 on its forms.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from sectorplan.accounts import urls as accounts_urls
from sectorplan.accounts.models import ApiToken, AuditEvent, User
from sectorplan.accounts.tokens import token_create
from sectorplan.api import page_urls as api_page_urls
from sectorplan.api import urls as api_urls
from sectorplan.knowledge import services as knowledge_services
from sectorplan.knowledge import urls as knowledge_urls
from sectorplan.knowledge.models import (
    Instrument,
    InstrumentUse,
    Meeting,
    MeetingDocument,
    MeetingRegistration,
    Practice,
    PracticeDocument,
    PracticeQuestion,
)
from sectorplan.monitoring import filling, report_flow, rounds
from sectorplan.monitoring import urls as monitoring_urls
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.report_input import from_form
from sectorplan.plans import urls as plans_urls
from sectorplan.plans.models import Attachment, Plan
from sectorplan.programmes import urls as programmes_urls
from sectorplan.programmes.constants import RoundState
from sectorplan.programmes.models import Organisation, Programme, Round
from sectorplan.reporting import urls as reporting_urls
from tests.api.conftest import if_match
from tests.conftest import kept, log_in
from tests.monitoring.conftest import complete_answers, form, item_key
from tests.plans.conftest import draft_plan_granted, user

ROLES = ["anonymous", "bureau", "szw", "vng", "gemeente-am01", "regio-am01"]
NATIONAL = {"bureau": 200, "szw": 200, "vng": 200}
REGIONAL_404 = {"gemeente-am01": 404, "regio-am01": 404}
ALL_200 = {role: 200 for role in ROLES[1:]}
OFFICE_ONLY_PAGE = {"bureau": 200, "szw": 403, "vng": 403, "gemeente-am01": 403, "regio-am01": 403}
OTHERS_403 = {"bureau": 403, "szw": 403, "vng": 403, "gemeente-am01": 403}
CONTACT_302 = {**OTHERS_403, "regio-am01": 302}
#: The office's forms: an empty one is refused with a message (302), others may not (403).
OFFICE_ONLY_FORM = {"bureau": 302, "szw": 403, "vng": 403, "gemeente-am01": 403, "regio-am01": 403}

#: The API answers an anonymous request 401, JSON, never a redirect to the login page.
API_ALL = {"anonymous": 401, **ALL_200}
API_NATIONAL = {"anonymous": 401, **NATIONAL, **REGIONAL_404}
API_OTHER = {"anonymous": 401, **NATIONAL, **REGIONAL_404}
#: A step the plan's table has from `granted` ("settle"): the office's guard refuses the
#: empty input (400), other roles may not take it (403).
API_STEP = {"anonymous": 401, "bureau": 400, **{r: 403 for r in ROLES[2:]}}
#: The API's writes to a plan or report: they need its ETag in If-Match.
VERSIONED = {"api-plan-action", "api-report-action", "api-activity-list"}
#: A step only the office takes on the programme: others may not (403).
API_OFFICE_STEP = {"anonymous": 401, "bureau": 200, **{r: 403 for r in ROLES[2:]}}

#: A draft practice: the office and its own region read it; it is not there for the others.
DRAFT_PRACTICE = {"bureau": 200, "szw": 404, "vng": 404, "gemeente-am01": 200, "regio-am01": 200}
DRAFT_PRACTICE_OTHER = {"bureau": 200, "szw": 404, "vng": 404, **REGIONAL_404}

#: name → (method, {role: status for AM01's object}, {role: status for AM02's object}).
#: Anonymous is sent to the login page (302) unless the row names "anonymous" (the pages of
#: logging in). `None` for "other": the URL names no region.
EXPECTED = {
    # accounts (national users have passed the second step of logging in)
    "login": ("get", {"anonymous": 200, **ALL_200}, None),
    "logout": ("post", {role: 302 for role in ROLES}, None),
    "account": ("get", ALL_200, None),
    # Verified national users go on; regional ones without an authenticator need no code.
    "two-factor-verify": ("get", {role: 302 for role in ROLES[1:]}, None),
    # National users have an authenticator already: to their account page.
    "two-factor-setup": (
        "get",
        {**{r: 302 for r in NATIONAL}, "gemeente-am01": 200, "regio-am01": 200},
        None,
    ),
    "two-factor-disable": (
        "post",
        {**{r: 403 for r in NATIONAL}, "gemeente-am01": 302, "regio-am01": 302},
        None,
    ),
    "password-change": ("get", ALL_200, None),
    "password-change-done": ("get", ALL_200, None),
    "password-reset": ("get", {"anonymous": 200, **ALL_200}, None),
    "password-reset-done": ("get", {"anonymous": 200, **ALL_200}, None),
    # A made-up link: the page that says the link does not work.
    "password-reset-confirm": ("get", {"anonymous": 200, **ALL_200}, None),
    "password-reset-complete": ("get", {"anonymous": 200, **ALL_200}, None),
    "access": ("get", OFFICE_ONLY_PAGE, None),
    "access-unlock": ("post", OFFICE_ONLY_FORM, None),
    # regio-am01 has no authenticator: nothing to remove, nothing recorded.
    "access-remove-device": ("post", OFFICE_ONLY_FORM, None),
    "personal-data": ("get", ALL_200, None),
    "trail-export": ("get", OFFICE_ONLY_PAGE, None),
    # programmes
    "home": ("get", ALL_200, None),
    "programme-detail": ("get", ALL_200, None),
    "basis-import": ("get", OFFICE_ONLY_PAGE, None),
    "plans-import": ("get", OFFICE_ONLY_PAGE, None),
    "responses-import": ("get", OFFICE_ONLY_PAGE, None),
    "allocation-publish": ("get", OFFICE_ONLY_PAGE, None),
    "programme-history": ("get", {**NATIONAL, "gemeente-am01": 403, "regio-am01": 403}, None),
    "people-list": ("get", OFFICE_ONLY_PAGE, None),
    "person-invite": ("get", OFFICE_ONLY_PAGE, None),
    # No action named: refused with a message (302).
    "person-state": ("post", OFFICE_ONLY_FORM, None),
    "region-detail": ("get", ALL_200, {**NATIONAL, **REGIONAL_404}),
    # The programme's set-up pages: the office's.
    "setup": ("get", OFFICE_ONLY_PAGE, None),
    "setup-add": ("get", OFFICE_ONLY_PAGE, None),
    "setup-edit": ("get", OFFICE_ONLY_PAGE, None),
    "setup-deadlines": ("get", OFFICE_ONLY_PAGE, None),
    # The programme's decision letter, edited by the office.
    "letter-edit": ("get", OFFICE_ONLY_PAGE, None),
    # plans (both plans are granted)
    "plan-overview": ("get", {**NATIONAL, "gemeente-am01": 302, "regio-am01": 302}, None),
    "plan-detail": ("get", ALL_200, {**NATIONAL, **REGIONAL_404}),
    # A step the table does not allow now: the plan page again, with the refusal (200).
    "plan-action": ("post", ALL_200, {**NATIONAL, **REGIONAL_404}),
    # Only the region's contact writes the plan; a granted plan sends it back to the plan.
    "plan-edit": ("get", CONTACT_302, {**OTHERS_403, **REGIONAL_404}),
    "activity-add": ("get", CONTACT_302, {**OTHERS_403, **REGIONAL_404}),
    "activity-edit": ("get", CONTACT_302, {**OTHERS_403, **REGIONAL_404}),
    "activity-delete": ("post", CONTACT_302, {**OTHERS_403, **REGIONAL_404}),
    # No file: the plan page again, with the error at the upload field.
    "attachment-add": ("post", {**OTHERS_403, "regio-am01": 200}, {**OTHERS_403, **REGIONAL_404}),
    "attachment-download": ("get", ALL_200, {**NATIONAL, **REGIONAL_404}),
    "plan-version-diff": ("get", ALL_200, {**NATIONAL, **REGIONAL_404}),
    "plan-history": ("get", ALL_200, {**NATIONAL, **REGIONAL_404}),
    "decision-letter": ("get", ALL_200, {**NATIONAL, **REGIONAL_404}),
    # monitoring
    "round-overview": ("get", {**NATIONAL, "gemeente-am01": 200, "regio-am01": 200}, None),
    "round-detail": ("get", {**NATIONAL, "gemeente-am01": 302, "regio-am01": 302}, None),
    "questionnaire-download": ("get", {**NATIONAL, **REGIONAL_404}, None),
    "round-state": ("post", OFFICE_ONLY_FORM, None),
    # The office's bulk steps: their pages list what would happen (nothing happens on GET).
    "round-remind-late": ("get", OFFICE_ONLY_PAGE, None),
    "round-accept-many": ("get", OFFICE_ONLY_PAGE, None),
    "round-history": ("get", {**NATIONAL, "gemeente-am01": 403, "regio-am01": 403}, None),
    "questionnaire-upload": ("post", OFFICE_ONLY_FORM, None),
    # The questionnaire designer: the office's; an empty post is refused with a message.
    "designer": ("get", OFFICE_ONLY_PAGE, None),
    "designer-preview": ("get", OFFICE_ONLY_PAGE, None),
    "designer-section-add": ("post", OFFICE_ONLY_FORM, None),
    "designer-section-edit": ("get", OFFICE_ONLY_PAGE, None),
    "designer-question-add": ("get", OFFICE_ONLY_PAGE, None),
    "designer-question-edit": ("get", OFFICE_ONLY_PAGE, None),
    "designer-move": ("post", OFFICE_ONLY_FORM, None),
    "designer-delete": ("post", OFFICE_ONLY_FORM, None),
    "designer-tables": ("get", OFFICE_ONLY_PAGE, None),
    # No draft: nothing to publish, refused with a message.
    "designer-publish": ("post", OFFICE_ONLY_FORM, None),
    "designer-discard": ("post", OFFICE_ONLY_FORM, None),
    "questionnaire-diff": ("get", {**NATIONAL, **REGIONAL_404}, None),
    "report-detail": (
        "get",
        {**NATIONAL, "gemeente-am01": 200, "regio-am01": 200},
        {**NATIONAL, **REGIONAL_404},
    ),
    "report-history": (
        "get",
        {**NATIONAL, "gemeente-am01": 200, "regio-am01": 200},
        {**NATIONAL, **REGIONAL_404},
    ),
    "report-start": (
        "post",
        {"bureau": 403, "szw": 403, "vng": 403, "gemeente-am01": 403, "regio-am01": 302},
        {"bureau": 403, "szw": 403, "vng": 403, **REGIONAL_404},
    ),
    # The region's own report is submitted: its save is refused on the page (409).
    "report-save": (
        "post",
        {"bureau": 403, "szw": 403, "vng": 403, "gemeente-am01": 403, "regio-am01": 409},
        {"bureau": 403, "szw": 403, "vng": 403, **REGIONAL_404},
    ),
    # A step the table does not allow is refused with a message on the page (302).
    "report-action": (
        "post",
        {**{r: 302 for r in NATIONAL}, "gemeente-am01": 302, "regio-am01": 302},
        {**{r: 302 for r in NATIONAL}, **REGIONAL_404},
    ),
    "answer-file": (
        "get",
        {**NATIONAL, "gemeente-am01": 200, "regio-am01": 200},
        {**NATIONAL, **REGIONAL_404},
    ),
    "dashboard": ("get", ALL_200, None),
    # The national pages are every member's (decision 0013); the workbook and the final
    # report stay the national readers'.
    "report-workbook": ("get", {**NATIONAL, **REGIONAL_404}, None),
    "report-table": ("get", ALL_200, None),
    "report-table-csv": ("get", ALL_200, None),
    "final-report": ("get", {**NATIONAL, **REGIONAL_404}, None),
    # Queues the report as a job and goes to its page (302); regions may not.
    "national-report-job": ("post", {**{r: 302 for r in NATIONAL}, **REGIONAL_404}, None),
    "report-texts": ("get", {"bureau": 200, "szw": 403, "vng": 403, **REGIONAL_404}, None),
    "report-map": ("get", ALL_200, None),
    # No button pressed: refused with a message (302), nothing published.
    "tables-publish": ("post", {"bureau": 302, "szw": 403, "vng": 403, **REGIONAL_404}, None),
    # Open data: for anyone, logged in or not.
    "open-data": ("get", {"anonymous": 200, **ALL_200}, None),
    "open-data-file": ("get", {"anonymous": 200, **ALL_200}, None),
    # Another region's results are open within the programme (decision 0013).
    "region-results": ("get", ALL_200, ALL_200),
    # knowledge (both practices are drafts: only the office and their own region see them)
    "knowledge-index": ("get", ALL_200, None),
    "knowledge-search": ("get", ALL_200, None),
    "knowledge-matrix": ("get", ALL_200, None),
    "practice-list": ("get", ALL_200, None),
    # The regional roles write for their region, the office its own practices.
    "practice-add": ("get", {**ALL_200, "szw": 403, "vng": 403}, None),
    # Open without logging in when published for everyone; a draft is not there.
    "practice-detail": (
        "get",
        {"anonymous": 404, **DRAFT_PRACTICE},
        {"anonymous": 404, **DRAFT_PRACTICE_OTHER},
    ),
    "practice-edit": (
        "get",
        {**DRAFT_PRACTICE, "bureau": 403},
        {**DRAFT_PRACTICE_OTHER, "bureau": 403},
    ),
    # An empty step: refused with its reason on the page (400) for whoever sees it.
    "practice-action": (
        "post",
        {r: 400 if c == 200 else c for r, c in DRAFT_PRACTICE.items()},
        {r: 400 if c == 200 else c for r, c in DRAFT_PRACTICE_OTHER.items()},
    ),
    # No file: the error on the page (400) for the writers; the office does not write it.
    "practice-document-add": (
        "post",
        {**{r: 400 if c == 200 else c for r, c in DRAFT_PRACTICE.items()}, "bureau": 403},
        {**DRAFT_PRACTICE_OTHER, "bureau": 403},
    ),
    "practice-document": (
        "get",
        {"anonymous": 404, **DRAFT_PRACTICE},
        {"anonymous": 404, **DRAFT_PRACTICE_OTHER},
    ),
    # No question typed: the error on the page (400).
    "practice-ask": (
        "post",
        {r: 400 if c == 200 else c for r, c in DRAFT_PRACTICE.items()},
        {r: 400 if c == 200 else c for r, c in DRAFT_PRACTICE_OTHER.items()},
    ),
    "practice-history": ("get", DRAFT_PRACTICE, DRAFT_PRACTICE_OTHER),
    "instrument-list": ("get", ALL_200, None),
    "instrument-add": ("get", OFFICE_ONLY_PAGE, None),
    "instrument-detail": ("get", ALL_200, None),
    "instrument-edit": ("get", OFFICE_ONLY_PAGE, None),
    # No region chosen: the error on the page (400).
    "instrument-use": ("post", {**OFFICE_ONLY_PAGE, "bureau": 400}, None),
    "meeting-list": ("get", ALL_200, None),
    "meeting-add": ("get", OFFICE_ONLY_PAGE, None),
    "meeting-detail": ("get", ALL_200, None),
    "meeting-edit": ("get", OFFICE_ONLY_PAGE, None),
    # Regions register (no number given: 400); national roles have no region to register.
    "meeting-register": (
        "post",
        {"bureau": 403, "szw": 403, "vng": 403, "gemeente-am01": 400, "regio-am01": 400},
        None,
    ),
    "meeting-document-add": ("post", {**OFFICE_ONLY_PAGE, "bureau": 400}, None),
    "meeting-document": ("get", ALL_200, None),
    # api (JSON bodies; the same rules as the pages above)
    "api-root": ("get", API_ALL, None),
    "api-schema": ("get", {"anonymous": 200, **ALL_200}, None),
    "api-docs": ("get", {"anonymous": 200, **ALL_200}, None),
    "api-not-found": ("get", {role: 404 for role in ROLES}, None),
    "api-programme-list": ("get", API_ALL, None),
    "api-programme-detail": ("get", API_ALL, None),
    "api-region-list": ("get", API_ALL, None),
    "api-region-detail": ("get", API_ALL, API_OTHER),
    "api-allocation": ("get", API_ALL, None),
    # Unchanged since it was published: the office's step publishes nothing new (200).
    "api-allocation-publish": ("post", API_OFFICE_STEP, None),
    "api-organisation-list": ("get", API_ALL, None),
    # An organisation of AM01 only, and one of AM02 only.
    "api-organisation-detail": ("get", API_ALL, API_OTHER),
    "api-plan-list": ("get", API_ALL, None),
    "api-plan-detail": ("get", API_ALL, API_OTHER),
    "api-plan-advices": ("get", API_ALL, API_OTHER),
    # Only the region's contact writes activities; a granted plan is not being written (409).
    "api-activity-list": (
        "post",
        {"anonymous": 401, **OTHERS_403, "regio-am01": 409},
        {"anonymous": 401, **{r: 403 for r in NATIONAL}, **REGIONAL_404},
    ),
    "api-activity-detail": ("get", API_ALL, API_OTHER),
    "api-plan-decisions": ("get", API_ALL, API_OTHER),
    "api-plan-payments": ("get", API_ALL, API_OTHER),
    "api-plan-versions": ("get", API_ALL, API_OTHER),
    "api-plan-version-detail": ("get", API_ALL, API_OTHER),
    "api-plan-extensions": ("get", API_ALL, API_OTHER),
    "api-plan-settlements": ("get", API_ALL, API_OTHER),
    "api-plan-attachments": ("get", API_ALL, API_OTHER),
    "api-attachment-file": ("get", API_ALL, API_OTHER),
    "api-plan-action": ("post", API_STEP, {**API_STEP, **REGIONAL_404}),
    "api-round-list": ("get", API_ALL, None),
    "api-round-detail": ("get", API_ALL, None),
    # The round is open already: opening it again is a conflict (409) for the office.
    "api-round-action": ("post", {**API_OFFICE_STEP, "bureau": 409}, None),
    "api-questionnaire-list": ("get", API_NATIONAL, None),
    "api-questionnaire-detail": ("get", API_NATIONAL, None),
    "api-report-list": ("get", API_ALL, None),
    "api-report-detail": ("get", API_ALL, API_OTHER),
    # The region's report exists: starting it again answers it as it is (200), nothing new.
    "api-report-start": (
        "post",
        {"anonymous": 401, **OTHERS_403, "regio-am01": 200},
        {"anonymous": 401, **{r: 403 for r in NATIONAL}, **REGIONAL_404},
    ),
    # "reopen" is no step from `submitted`: 409 for whoever sees the report.
    "api-report-action": (
        "post",
        {"anonymous": 401, **{role: 409 for role in ROLES[1:]}},
        {"anonymous": 401, **{r: 409 for r in NATIONAL}, **REGIONAL_404},
    ),
    "api-practice-list": ("get", API_ALL, None),
    "api-practice-detail": (
        "get",
        {"anonymous": 401, **DRAFT_PRACTICE},
        {"anonymous": 401, **DRAFT_PRACTICE_OTHER},
    ),
    "api-instrument-list": ("get", API_ALL, None),
    "api-instrument-detail": ("get", API_ALL, None),
    "api-meeting-list": ("get", API_ALL, None),
    "api-meeting-detail": ("get", API_ALL, None),
    "api-table-list": ("get", API_NATIONAL, None),
    "api-table-detail": ("get", API_NATIONAL, None),
    # The token page: everyone's own; a token of another user is not found.
    "api-tokens": ("get", ALL_200, None),
    "api-token-revoke": ("post", {role: 404 for role in ROLES[1:]}, None),
}


def names(module) -> set[str]:
    return {p.name for p in module.urlpatterns if isinstance(p, URLPattern)}


def test_every_url_of_the_apps_has_a_row():
    apps = (
        accounts_urls,
        programmes_urls,
        plans_urls,
        monitoring_urls,
        reporting_urls,
        knowledge_urls,
        api_urls,
        api_page_urls,
    )
    assert set().union(*(names(module) for module in apps)) == set(EXPECTED)


@pytest.fixture(scope="module")
def world_kept(demo_kept, django_db_blocker):
    """The world, built once for the module's tests (see `kept` in tests/conftest.py)."""
    yield from kept(django_db_blocker, lambda: _world(demo_kept))


@pytest.fixture
def world(world_kept, db):
    """Granted plans for AM01 and AM02; the final round open; both regions' reports
    submitted, each with a file answer. Fresh instances: each test's changes roll back."""
    programme, final, reports = world_kept
    return (
        Programme.objects.get(pk=programme.pk),
        Round.objects.get(pk=final.pk),
        {code: Report.objects.get(pk=report.pk) for code, report in reports.items()},
    )


def _world(demo):
    final = demo.rounds.order_by("-position").first()
    rounds.round_set_state(round_=final, state=RoundState.OPEN, by=user("bureau"))
    reports = {}
    for code in ("AM01", "AM02"):
        plan, _decision = draft_plan_granted(demo, code)
        contact = user(f"regio-{code.lower()}")
        report = report_flow.report_start(round_=final, region=plan.region, by=contact)
        pdf = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n")
        key = item_key(report, "eindverslag")
        filling.report_save(
            report=report,
            by=contact,
            lock_version=report.lock_version,
            given=from_form(report, complete_answers(report), {key: pdf}),
        )
        report.refresh_from_db()
        reports[code] = report_flow.report_transition(report=report, action="submit", by=contact)
        attachment = Attachment(
            plan=plan,
            name="bijlage.pdf",
            content_type="application/pdf",
            size=15,
            uploaded_by=contact,
        )
        attachment.file.save("bijlage.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        attachment.save()
    token_create(user=user("sociale-partners"), name="elders", by=None)
    pdf = b"%PDF-1.4\n%%EOF\n"
    for code in ("AM01", "AM02"):
        practice = knowledge_services.practice_create(
            programme=demo,
            region=demo.region_set.regions.get(code=code),
            by=user(f"regio-{code.lower()}"),
            title=f"Praktijk {code}",
            summary="Concept.",
        )
        knowledge_services.practice_document_add(
            practice=practice,
            by=user(f"regio-{code.lower()}"),
            upload=SimpleUploadedFile("p.pdf", pdf),
            name="p.pdf",
            content_type="application/pdf",
        )
    knowledge_services.instrument_create(by=user("bureau"), name="Dariuz", slug="dariuz")
    meeting = knowledge_services.meeting_create(
        programme=demo,
        by=user("bureau"),
        title="Bijeenkomst",
        starts_at=timezone.now() + timedelta(days=10),
        place="Utrecht",
    )
    knowledge_services.meeting_document_add(
        meeting=meeting,
        by=user("bureau"),
        upload=SimpleUploadedFile("m.pdf", pdf),
        name="m.pdf",
        content_type="application/pdf",
    )
    return demo, final, reports


def url_for(name: str, programme, round_, report: Report | None) -> str:
    slug, code = programme.slug, report.region.code if report else "AM01"
    plan = Plan.objects.get(programme=programme, region__code=code)
    activity = plan.activities.first()
    practice = Practice.objects.get(region__code=code)
    meeting = Meeting.objects.get()
    first_section = round_.questionnaires.get().definition["sections"][0]
    first_section, first_question = first_section["code"], first_section["questions"][0]["code"]
    args = {
        "login": [],
        "logout": [],
        "account": [],
        "two-factor-verify": [],
        "two-factor-setup": [],
        "two-factor-disable": [],
        "password-change": [],
        "password-change-done": [],
        "password-reset": [],
        "password-reset-done": [],
        "password-reset-confirm": ["MQ", "set-password"],
        "password-reset-complete": [],
        "access": [],
        "access-unlock": [],
        "access-remove-device": [User.objects.get(username="regio-am01").pk],
        "personal-data": [],
        "trail-export": [],
        "people-list": [],
        "person-invite": [],
        "person-state": [User.objects.get(username="regio-am01").pk],
        "programme-history": [slug],
        "plan-history": [slug, code],
        "round-history": [slug, round_.code],
        "report-history": [slug, round_.code, code],
        "home": [],
        "programme-detail": [slug],
        "basis-import": [slug],
        "plans-import": [slug],
        "allocation-publish": [slug],
        "region-detail": [slug, code],
        "setup": [slug],
        "setup-add": [slug, "indicatoren"],
        "setup-edit": [slug, "rondes", round_.code],
        "setup-deadlines": [slug],
        "letter-edit": [slug],
        "plan-overview": [slug],
        "plan-detail": [slug, code],
        "plan-action": [slug, code, "settle"],
        "plan-edit": [slug, code],
        "activity-add": [slug, code],
        "activity-edit": [slug, code, activity.pk],
        "activity-delete": [slug, code, activity.pk],
        "attachment-add": [slug, code],
        "attachment-download": [slug, code, plan.attachments.get().pk],
        "plan-version-diff": [slug, code, 1],
        "decision-letter": [slug, code, plan.decisions.get().pk, "docx"],
        "round-overview": [slug],
        "round-detail": [slug, round_.code],
        "questionnaire-download": [slug, round_.code, 1],
        "round-state": [slug, round_.code],
        "round-remind-late": [slug, round_.code],
        "round-accept-many": [slug, round_.code],
        "questionnaire-upload": [slug, round_.code],
        "responses-import": [slug, round_.code],
        "designer": [slug, round_.code],
        "designer-preview": [slug, round_.code],
        "designer-section-add": [slug, round_.code],
        "designer-section-edit": [slug, round_.code, first_section],
        "designer-question-add": [slug, round_.code, first_section],
        "designer-question-edit": [slug, round_.code, first_question],
        "designer-move": [slug, round_.code],
        "designer-delete": [slug, round_.code],
        "designer-tables": [slug, round_.code],
        "designer-publish": [slug, round_.code],
        "designer-discard": [slug, round_.code],
        "questionnaire-diff": [slug, round_.code],
        "report-detail": [slug, round_.code, code],
        "report-start": [slug, round_.code, code],
        "report-save": [slug, round_.code, code],
        "report-action": [slug, round_.code, code, "reopen"],
        "answer-file": [
            slug,
            round_.code,
            code,
            report.answers.exclude(file="").values_list("pk", flat=True).first() if report else 0,
        ],
        "dashboard": [slug],
        "report-workbook": [slug],
        "report-table": [slug, "ser"],
        "report-table-csv": [slug, "ser"],
        "final-report": [slug],
        "national-report-job": [slug, "docx"],
        "report-texts": [slug],
        "report-map": [slug],
        "tables-publish": [slug],
        "open-data": [],
        "open-data-file": [slug, "allocation", "csv"],
        "region-results": [slug, code],
        "knowledge-index": [slug],
        "knowledge-search": [slug],
        "knowledge-matrix": [slug],
        "practice-list": [slug],
        "practice-add": [slug],
        "practice-detail": [slug, practice.pk],
        "practice-edit": [slug, practice.pk],
        "practice-action": [slug, practice.pk, "publish"],
        "practice-document-add": [slug, practice.pk],
        "practice-document": [slug, practice.pk, practice.documents.get().pk],
        "practice-ask": [slug, practice.pk],
        "practice-history": [slug, practice.pk],
        "instrument-list": [slug],
        "instrument-add": [slug],
        "instrument-detail": [slug, "dariuz"],
        "instrument-edit": [slug, "dariuz"],
        "instrument-use": [slug, "dariuz"],
        "meeting-list": [slug],
        "meeting-add": [slug],
        "meeting-detail": [slug, meeting.pk],
        "meeting-edit": [slug, meeting.pk],
        "meeting-register": [slug, meeting.pk],
        "meeting-document-add": [slug, meeting.pk],
        "meeting-document": [slug, meeting.pk, meeting.documents.get().pk],
        "api-schema": [],
        "api-docs": [],
        "api-root": [],
        "api-not-found": [],
        "api-programme-list": [],
        "api-programme-detail": [slug],
        "api-region-list": [slug],
        "api-region-detail": [slug, code],
        "api-allocation": [slug],
        "api-allocation-publish": [slug],
        "api-organisation-list": [],
        "api-organisation-detail": [
            Organisation.objects.filter(regions__code=code)
            .exclude(regions__code="AM02" if code == "AM01" else "AM01")
            .values_list("pk", flat=True)
            .first()
        ],
        "api-plan-list": [slug],
        "api-plan-detail": [slug, code],
        "api-plan-advices": [slug, code],
        "api-activity-list": [slug, code],
        "api-activity-detail": [slug, code, activity.pk],
        "api-plan-decisions": [slug, code],
        "api-plan-payments": [slug, code],
        "api-plan-versions": [slug, code],
        "api-plan-version-detail": [slug, code, 1],
        "api-plan-extensions": [slug, code],
        "api-plan-settlements": [slug, code],
        "api-plan-attachments": [slug, code],
        "api-attachment-file": [slug, code, plan.attachments.get().pk],
        "api-plan-action": [slug, code, "settle"],
        "api-round-list": [slug],
        "api-round-detail": [slug, round_.code],
        "api-round-action": [slug, round_.code, "open"],
        "api-questionnaire-list": [slug, round_.code],
        "api-questionnaire-detail": [slug, round_.code, 1],
        "api-report-list": [slug, round_.code],
        "api-report-detail": [slug, round_.code, code],
        "api-report-start": [slug, round_.code, code],
        "api-report-action": [slug, round_.code, code, "reopen"],
        "api-practice-list": [slug],
        "api-practice-detail": [slug, practice.pk],
        "api-instrument-list": [],
        "api-instrument-detail": ["dariuz"],
        "api-meeting-list": [slug],
        "api-meeting-detail": [slug, meeting.pk],
        "api-table-list": [slug],
        "api-table-detail": [slug, "ser"],
        "api-tokens": [],
        "api-token-revoke": [ApiToken.objects.get(user__username="sociale-partners").pk],
    }[name]
    if name == "api-not-found":  # its pattern matches any path; reversed, it is the root's
        return reverse("api-root") + "nothing/here/"
    return reverse(name, args=args)


def client_for(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        log_in(client, user(role))
    return client


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_matrix(name, world):
    programme, round_, reports = world
    method, own, other = EXPECTED[name]
    cases = [("own", reports["AM01"], own)]
    if other is not None:
        cases.append(("other", reports["AM02"], other))
    failures = []
    for role in ROLES:
        client = client_for(role)
        for which, report, expected in cases:
            url = url_for(name, programme, round_, report)
            before = _state(reports)
            # Empty bodies: nothing valid to write, so no request below changes anything
            # (report-start is idempotent for a report that exists).
            if name.startswith("api-") and method == "post":
                # A write to a plan or report sends the ETag the role reads, as it must.
                versioned = url.split("actions/")[0].split("activities/")[0]
                headers = if_match(client, versioned) if name in VERSIONED else {}
                response = client.post(url, "{}", content_type="application/json", **headers)
            else:
                response = getattr(client, method)(url, form() if method == "post" else None)
            wanted = expected.get(role, 302) if role == "anonymous" else expected[role]
            if response.status_code != wanted:
                failures.append(f"{role} {which} {url}: {response.status_code}, wanted {wanted}")
            if (
                role == "anonymous"
                and wanted == 302
                and "/accounts/login/" not in response.get("Location", "")
            ):
                failures.append(f"anonymous {url}: not sent to the login page")
            if method == "post" and _state(reports) != before:
                failures.append(f"{role} {which} {method} {url}: changed something")
    assert failures == []


def _state(reports) -> list:
    """What a refused POST must leave alone: the reports, the plans and their parts."""
    return [
        list(
            Report.objects.filter(pk__in=[r.pk for r in reports.values()])
            .order_by("pk")
            .values_list("state", "lock_version")
        ),
        list(Plan.objects.order_by("pk").values_list("state", "lock_version")),
        Attachment.objects.count(),
        list(ApiToken.objects.order_by("pk").values_list("revoked_at", flat=True)),
        list(User.objects.order_by("pk").values_list("is_active", flat=True)),
        AuditEvent.objects.count(),
        list(Practice.objects.order_by("pk").values_list("state", "lock_version")),
        list(Instrument.objects.order_by("pk").values_list("lock_version", flat=True)),
        list(Meeting.objects.order_by("pk").values_list("lock_version", flat=True)),
        [
            model.objects.count()
            for model in (
                InstrumentUse,
                MeetingRegistration,
                MeetingDocument,
                PracticeDocument,
                PracticeQuestion,
            )
        ],
    ]
