"""Imports through the pages run as background jobs (issue 26): the page keeps the upload in
the data dir and starts a job; the worker (in-process here, the same code `sectorplan
worker` runs) imports it with progress by rows; the job's page shows the result, or the
problems with their lines in the user's language. The imports write in batches: their
queries do not grow with the rows."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sectorplan.accounts.models import User
from sectorplan.core import jobs
from sectorplan.core.jobs import Job, JobState
from sectorplan.core.tabular import Row
from sectorplan.monitoring.imports import responses_import
from sectorplan.monitoring.models import Answer
from sectorplan.monitoring.selectors import blocks_of, questionnaire_with_questions
from sectorplan.plans.imports import plans_import
from sectorplan.plans.models import Activity, Plan
from sectorplan.programmes.constants import QuestionKind
from sectorplan.programmes.services import programme_create

PLAN_COLUMNS = ("region_code", "activity_type", "title", "subsidy", "cofinancing")


def csv(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("bestand.csv", "\n".join(lines).encode(), content_type="text/csv")


def uploads() -> list[str]:
    """The kept uploads in the storage."""
    folders, _files = (
        default_storage.listdir("imports") if default_storage.exists("imports") else ([], [])
    )
    return [name for folder in folders for name in default_storage.listdir(f"imports/{folder}")[1]]


def job_of(response) -> Job:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/taken/")
    return Job.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def yes_no_codes(round_) -> list[str]:
    questionnaire = round_.questionnaires.order_by("-version").first()
    themes = list(round_.programme.themes.all())
    return [
        item.question.code
        for block in blocks_of(questionnaire_with_questions(questionnaire.pk), themes)
        for item in block.items
        if item.theme is None and item.question.kind == QuestionKind.YES_NO
    ]


def test_a_plans_file_is_imported_by_a_job_with_progress_and_history(as_office, demo):
    second = programme_create(slug="sw-2016", name="SW-sectorplannen 2016", budget="1000000")
    kind = second.activity_types.order_by("code").first().code
    rows = [f"AM0{n % 3 + 1},{kind},Activiteit {n},1000,{n}" for n in range(1, 13)]
    page = reverse("plans-import", args=[second.slug])
    assert "plannen-importeren" in page

    job = job_of(as_office.post(page, {"file": csv(",".join(PLAN_COLUMNS), *rows), "state": ""}))
    assert job.state == JobState.QUEUED
    assert len(uploads()) == 1  # kept in the data dir until the job ends
    assert not Activity.objects.filter(plan__programme=second).exists()

    assert jobs.run_ready() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.errors
    assert uploads() == []
    plans = Plan.objects.filter(programme=second).order_by("region__code")
    assert [p.region.code for p in plans] == ["AM01", "AM02", "AM03"]
    assert Activity.objects.filter(plan__programme=second).count() == 12
    history = plans[0].activities.order_by("position").first().history.get()
    assert (history.history_type, history.history_user.username) == ("+", "bureau")
    assert "bestand.csv" in history.history_change_reason
    html = as_office.get(f"/taken/{job.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "12 activiteiten voor 3 regio" in html
    assert f'href="{reverse("plan-overview", args=[second.slug])}"' in html


def test_a_refused_responses_file_shows_every_problem_with_its_line_in_dutch(as_office, demo):
    round_ = demo.rounds.order_by("-position").first()
    code = yes_no_codes(round_)[0]
    answers = Answer.objects.count()
    page = reverse("responses-import", args=[demo.slug, round_.code])
    file = csv(
        "region_code,question_code,answer",
        f"AM01,{code},ja",
        f"AM99,{code},ja",
        f"AM02,{code},misschien",
        f"AM01,{code},nee",
    )

    job = job_of(as_office.post(page, {"file": file, "state": "submitted"}))
    assert jobs.run_ready() == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert Answer.objects.count() == answers  # all or nothing: AM01's good row is not kept
    assert uploads() == []
    html = as_office.get(f"/taken/{job.pk}/").content.decode()
    assert "regel 3: regiocode" in html.lower() or "regel 3:" in html
    assert "regel 4:" in html
    assert "regel 5:" in html and "regel 2" in html  # answered twice: names the first line
    assert html.index("regel 3:") < html.index("regel 4:") < html.index("regel 5:")
    # The page names the programme, not its slug (the CLI keeps the slug: CONTRACTS §2).
    assert f"is geen regio van het programma {demo.name}" in html
    assert f"&#x27;{demo.slug}&#x27;" not in html
    # Back to the form to try again, not on to the round.
    assert f'href="{page}"' in html


def test_a_refused_plans_file_names_the_programme_on_the_page_and_its_slug_in_the_cli(
    as_office, demo, cli
):
    """The job page says which programme by its name; the CLI, given the slug, keeps the
    contract's wording with the slug (issue 22)."""
    lines = (",".join(PLAN_COLUMNS), "AM99,scholing,Cursus,1000,0")
    page = reverse("plans-import", args=[demo.slug])
    job = job_of(as_office.post(page, {"file": csv(*lines)}, HTTP_ACCEPT_LANGUAGE="en"))
    assert jobs.run_ready() == 1
    html = as_office.get(f"/taken/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        f"line 2: region_code &#x27;AM99&#x27; is not a region of the programme {demo.name}" in html
    )
    assert (
        f"activity_type &#x27;scholing&#x27; is not an activity type of the programme {demo.name}"
        in html
    )
    assert f"&#x27;{demo.slug}&#x27;" not in html
    assert not jobs.on_job_page()  # only while a job runs

    path = cli.workdir / "plans.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    done = cli("import-plans", demo.slug, path)
    assert done.returncode != 0
    assert f"line 2: region_code 'AM99' is not a region of programme '{demo.slug}'" in done.stderr
    assert f"is not an activity type of programme '{demo.slug}'" in done.stderr


def test_a_file_that_is_no_csv_is_refused_on_the_form_at_once(as_office, demo):
    round_ = demo.rounds.order_by("-position").first()
    page = reverse("responses-import", args=[demo.slug, round_.code])
    upload = SimpleUploadedFile("antwoorden.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = as_office.post(page, {"file": upload, "state": "submitted"})
    assert response.status_code == 200
    assert "antwoorden.pdf" in response.content.decode()
    assert not Job.objects.exists() and uploads() == []


def test_progress_inside_the_import_transaction_shows_on_the_job_page(as_office, demo):
    office = User.objects.get(username="bureau")
    job = Job.objects.create(title="Import", requested_by=office, state=JobState.RUNNING)
    with transaction.atomic():
        job.rows_progress(5000, None)
        status = as_office.get(f"/taken/{job.pk}/?format=json").json()
        assert status["percent"] == 5 and "5.000" in status["step"]
        job.rows_progress(50_000, 100_000)
    status = as_office.get(f"/taken/{job.pk}/?format=json").json()
    assert status["percent"] == 10 + 85 // 2
    assert "50.000" in status["step"] and "100.000" in status["step"]
    job.finish(summary="klaar")
    assert as_office.get(f"/taken/{job.pk}/?format=json").json()["percent"] == 100


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_an_import_runs_as_many_queries_for_many_rows_as_for_few(demo):
    """Queries grow with batches and regions, not with rows: the same two regions with 2 or
    with 20 rows each (plans), and 1 or 6 answers each (responses)."""
    second = programme_create(slug="sw-2016", name="SW-sectorplannen 2016", budget="1000000")
    kind = second.activity_types.order_by("code").first().code

    def plans(regions, per_region):
        rows = [
            (code, kind, f"Activiteit {n}", "1000", "0")
            for code in regions
            for n in range(per_region)
        ]
        return lambda: plans_import(
            programme=second,
            rows=[
                Row(n, dict(zip(PLAN_COLUMNS, row, strict=True))) for n, row in enumerate(rows, 2)
            ],
        )

    plans(["AM05", "AM06"], 1)()  # first in the transaction: caches, the data version
    few = _queries(plans(["AM01", "AM02"], 2))
    many = _queries(plans(["AM03", "AM04"], 20))
    assert few == many, (few, many)

    round_ = demo.rounds.order_by("-position").first()
    codes = yes_no_codes(round_)
    assert len(codes) >= 6

    def responses(regions, count):
        rows = [(region, code, "ja") for region in regions for code in codes[:count]]
        columns = ("region_code", "question_code", "answer")
        return lambda: responses_import(
            round_=round_,
            rows=[Row(n, dict(zip(columns, row, strict=True))) for n, row in enumerate(rows, 2)],
        )

    responses(["AM05", "AM06"], 1)()
    few = _queries(responses(["AM01", "AM02"], 1))
    many = _queries(responses(["AM03", "AM04"], 6))
    assert few == many, (few, many)


def test_rows_written_over_several_batches_give_one_audit_record_per_report_and_plan(
    demo, monkeypatch
):
    """Batches of two rows: a report or plan whose rows span batches still gets one audit
    record with all its changes, and activities keep the file's order."""
    from sectorplan.accounts.models import AuditEvent
    from sectorplan.monitoring import imports as responses
    from sectorplan.plans import imports as plans

    monkeypatch.setattr(responses, "BATCH", 2)
    monkeypatch.setattr(plans, "BATCH", 2)
    round_ = demo.rounds.order_by("-position").first()
    codes = yes_no_codes(round_)[:3]
    columns = ("region_code", "question_code", "answer")
    rows = [(region, code, "ja") for region in ("AM01", "AM02") for code in codes]
    responses_import(
        round_=round_,
        rows=[Row(n, dict(zip(columns, row, strict=True))) for n, row in enumerate(rows, 2)],
    )
    events = AuditEvent.objects.filter(action="report.import_answers").order_by("pk")
    assert [event.region.code for event in events] == ["AM01", "AM02"]
    assert all(len(event.changes) == 3 for event in events)

    second = programme_create(slug="sw-2016", name="SW-sectorplannen 2016", budget="1000000")
    kind = second.activity_types.order_by("code").first().code
    titles = [f"Activiteit {n}" for n in range(5)]
    plans.plans_import(
        programme=second,
        rows=[
            Row(n, dict(zip(PLAN_COLUMNS, ("AM01", kind, title, "10", "0"), strict=True)))
            for n, title in enumerate(titles, 2)
        ],
    )
    plan = Plan.objects.get(programme=second)
    assert list(plan.activities.order_by("position").values_list("title", flat=True)) == titles
    assert [line.subsidy for a in plan.activities.all() for line in a.budget_lines.all()] == [
        10
    ] * 5
    (event,) = AuditEvent.objects.filter(action="plan.import", object_id=plan.pk)
    assert event.changes == {"activities": ["0", "5"]}
