"""Background jobs run for real: the dashboard's button queues the final report, the worker
(in-process, the same code `sectorplan worker` runs) makes it, and the page offers the file
to the one who asked for it. The page follows the job by itself (JSON) and without script
(it reloads itself)."""

import io
import zipfile

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sectorplan.core import jobs
from sectorplan.core.jobs import Job, JobState

DASHBOARD = reverse("dashboard", args=["sw-2015"])


def start(client, fmt="docx"):
    response = client.post(reverse("national-report-job", args=["sw-2015", fmt]))
    assert response.status_code == 302
    return Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def test_the_final_report_is_made_in_the_background_and_offered_when_done(as_office, demo):
    job = start(as_office)
    page = as_office.get(reverse("job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="nl").content
    html = page.decode()
    # Waiting: a progress bar, the page reloads itself without script, no file yet.
    assert '<progress id="job-progress"' in html
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "In de wachtrij" in html
    assert as_office.get(reverse("job-file", args=[job.pk])).status_code == 404
    status = as_office.get(reverse("job", args=[job.pk]) + "?format=json").json()
    assert status["state"] == JobState.QUEUED and status["finished"] is False

    assert jobs.run_ready() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.percent == 100
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    html = as_office.get(reverse("job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "sw-2015-eindrapportage.docx" in html
    download = as_office.get(reverse("job-file", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "Eindrapportage" in body
    assert as_office.get(reverse("job", args=[job.pk]) + "?format=json").json()["finished"]


def test_the_workbook_job_writes_every_table(as_office, demo):
    import openpyxl

    job = start(as_office, "xlsx")
    jobs.run_ready()
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        workbook = openpyxl.load_workbook(handle)
    assert {"allocation", "coverage", "regions"} <= set(workbook.sheetnames)


def test_nobody_else_sees_the_job_or_its_file(as_office, as_ministry, demo):
    job = start(as_office)
    jobs.run_ready()
    assert as_ministry.get(reverse("job", args=[job.pk])).status_code == 404
    assert as_ministry.get(reverse("job-file", args=[job.pk])).status_code == 404


def test_a_region_cannot_start_a_national_report(as_region_contact, demo):
    url = reverse("national-report-job", args=["sw-2015", "docx"])
    assert as_region_contact.post(url).status_code == 404
    assert not Job.objects.exists()


def test_a_failing_job_shows_a_message_not_the_error(as_office, demo):
    job = start(as_office)
    # The programme's report can no longer be made: its round is gone from under the job.
    DBTaskResult.objects.update(
        args_kwargs={
            "args": [str(job.pk)],
            "kwargs": {"programme_id": 0, "round_id": None, "fmt": "docx", "generated_by": "x"},
        }
    )
    jobs.run_ready()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    # In the language of the one who asked (Dutch, the default).
    html = as_office.get(reverse("job", args=[job.pk])).content.decode()
    assert "Er ging iets mis" in html
    assert "DoesNotExist" not in html


@pytest.mark.parametrize("fmt", ["html", "exe"])
def test_an_unknown_format_is_not_found(as_office, demo, fmt):
    assert as_office.post(reverse("national-report-job", args=["sw-2015", fmt])).status_code == 404
