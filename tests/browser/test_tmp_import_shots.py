# Temporary (not committed): screenshots of the import pages and the job page.
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sectorplan.core import jobs
from sectorplan.core.jobs import Job, JobState

pytestmark = pytest.mark.browser
OUT = Path("/tmp/imports-bench/shots")


@pytest.fixture
def site(full_demo_site):
    return full_demo_site


def shoot(page, name):
    OUT.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_shots(log_in, site, tmp_path):
    office = log_in("bureau", "nl")
    office.goto(site + "/programmas/sw-2015/rondes/")
    link = office.locator("main a[href*='/rondes/']").last.get_attribute("href")
    round_url = re.match(r"(/programmas/sw-2015/rondes/[^/]+/)", link).group(1)
    office.goto(site + round_url)
    shoot(office, "00-round-page")
    office.goto(site + round_url + "antwoorden-importeren/")
    shoot(office, "01-responses-form")
    bad = tmp_path / "antwoorden.csv"
    bad.write_text("region_code,question_code,answer\nAM01,xx,ja\nAM99,yy,ja\nAM02,zz,misschien\n")
    office.set_input_files("#id_file", str(bad))
    office.locator("main form button[type=submit]").click()
    expect(office.locator("#job-progress")).to_be_visible()
    shoot(office, "02-job-queued")
    job = Job.objects.order_by("-created_at").first()
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    job.refresh_from_db()
    job.rows_progress(230_000, 500_000)
    office.wait_for_timeout(2500)
    shoot(office, "03-job-running")
    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED)
    assert jobs.run_ready() == 1
    expect(office.locator(".utrecht-alert--error")).to_be_visible()
    shoot(office, "04-job-failed")
    office.goto(site + "/programmas/sw-2015/plannen-importeren/")
    shoot(office, "05-plans-form")
    office.goto(site + "/programmas/sw-2015/basis/")
    basis = tmp_path / "basis.csv"
    basis.write_text("region_code;basis\nAM01;6.000,5\nAM02;4.305,2\n")
    office.set_input_files("#id_file", str(basis))
    office.locator("main form button[type=submit]").click()
    expect(office.locator("#job-progress")).to_be_visible()
    assert jobs.run_ready() == 1
    expect(office.locator(".job__state--done")).to_be_visible()
    shoot(office, "06-basis-done")
