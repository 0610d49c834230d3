"""One region's report in a round, in a real browser (issue 5): the office opens the round;
the region fills in part, leaves, comes back (also after its session expired), finishes and
submits; the office returns it with a comment on one question; the region corrects and
resubmits; the office accepts; the completeness overview shows it.

Answers are saved while the region types (no Save button is pressed) and the test waits
for the page to say so. Pages are read in English.
"""

import re

import pytest
from playwright.sync_api import expect

from sectorplan.workflow.history import step_history

from .conftest import PASSWORD, SCREENSHOTS

pytestmark = pytest.mark.browser

OVERVIEW = "/programmas/sw-2015/rondes/"
PROGRESS = "How is the plan being carried out?"
ON_SCHEDULE = "Is the plan on schedule?"
OBSTACLES = "What obstacles does the region meet?"
ACHIEVED = "What was achieved?"
WORKED = "What worked well?"


@pytest.fixture
def site(live_server, transactional_db):
    """The demo programme with a granted plan for AM01 (one activity) and no reports."""
    from sectorplan.cli.demo import demo_load
    from tests.plans.conftest import draft_plan_granted

    draft_plan_granted(demo_load(plans=False))
    return live_server.url


def report():
    from sectorplan.monitoring.models import Report

    return Report.objects.get(region__code="AM01", round__position=0)


def answer(code: str) -> str:
    return report().answers.get(question__code=code, theme=None).text


def saved(page) -> None:
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")


def screenshot(page, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"report-story-{step}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def action(page, name: str) -> None:
    page.get_by_role("region", name="What you can do").get_by_role(
        "button", name=name, exact=True
    ).click()
    expect(page.locator(".message--success")).to_have_text(f"Done: {name}.")


def test_a_report_from_open_round_to_accepted(site, log_in):
    # The office opens the first interim round.
    office = log_in("bureau")
    office.goto(site + OVERVIEW)
    office.get_by_role("link", name="First interim evaluation", exact=True).click()
    office.get_by_role("button", name="Open the round").click()
    expect(office.locator(".message--success")).to_contain_text("The round is open")

    # The region finds it in its inbox, starts, and answers part of it.
    region = log_in("regio-am01")
    inbox = region.get_by_role("region", name="What do I have to do")
    inbox.get_by_role("link", name="First interim evaluation: Groningen").click()
    region.get_by_role("button", name="Start filling in the report").click()
    expect(region.locator("#report-open")).to_contain_text("questions still open")
    region.get_by_label(PROGRESS).fill("We zijn in oktober gestart met twee trajecten.")
    expect(region.get_by_label(OBSTACLES)).to_be_hidden()
    region.get_by_role("group", name=ON_SCHEDULE).get_by_label("Behind schedule").check()
    expect(region.get_by_label(OBSTACLES)).to_be_visible()  # asked only when behind
    region.get_by_label(OBSTACLES).fill("Werkgevers reageren traag.")
    saved(region)
    assert answer("voortgang") == "We zijn in oktober gestart met twee trajecten."
    screenshot(region, "1-part-filled-in")
    url = region.url
    region.context.close()  # leaves without pressing anything

    # Its session expires while it types: the answer stays in the browser and is saved
    # after it logs in again.
    region = log_in("regio-am01")
    region.goto(url)
    expect(region.get_by_label(OBSTACLES)).to_have_value("Werkgevers reageren traag.")
    region.context.clear_cookies()
    region.get_by_label(WORKED).first.fill("De jobcoaches van beide SW-bedrijven samen.")
    expect(region.locator("#autosave-status")).to_contain_text("your session has expired")
    region.goto(site + "/")
    region.get_by_label("Username").fill("regio-am01")
    region.get_by_label("Password").fill(PASSWORD)
    region.locator("main").get_by_role("button", name="Log in").click()
    region.goto(url)
    expect(region.locator("#autosave-restored")).to_contain_text("have been put back")
    saved(region)
    assert (
        report().answers.filter(question__code="werkte", text__startswith="De jobcoaches").exists()
    )

    # It finishes: what was achieved per theme, the activity's status; then submits.
    for field in region.get_by_label(ACHIEVED).all():
        field.fill("De eerste deelnemers zijn geplaatst.")
    region.get_by_label("Status").select_option(label="Ongoing")
    saved(region)
    expect(region.locator("#report-open")).to_have_text("Everything required is answered")
    action(region, "Submit the report")
    expect(region.locator(".plan-state")).to_have_text("Submitted")

    # The office reviews it and returns it with a comment on one question.
    office.goto(site + "/")
    office.get_by_role("region", name="What do I have to do").get_by_role(
        "link", name="First interim evaluation: Groningen (AM01)"
    ).click()
    question = office.locator(".question").filter(has_text=OBSTACLES)
    question.get_by_text("Add a comment").click()
    question.get_by_role("textbox").fill("Welke werkgevers? Noem de sectoren.")
    screenshot(office, "2-review")
    action(office, "Return to the region")
    expect(office.locator(".plan-state")).to_have_text("Returned")

    # The region sees the comment next to the question, corrects and resubmits.
    region.goto(url)
    field = region.locator(".question").filter(has_text=OBSTACLES)
    expect(field.locator(".comment")).to_contain_text("Welke werkgevers? Noem de sectoren.")
    region.get_by_label(OBSTACLES).fill("Werkgevers in de zorg en de metaal reageren traag.")
    saved(region)
    screenshot(region, "3-returned")
    action(region, "Submit the report")

    # The office accepts; the completeness overview shows it.
    office.reload()
    action(office, "Accept")
    expect(office.locator(".plan-state")).to_have_text("Accepted")
    office.goto(site + OVERVIEW)
    row = office.get_by_role("row").filter(
        has=office.get_by_role("rowheader", name=re.compile(r"^AM01\b"))
    )
    first_round = row.get_by_role("cell").first
    expect(first_round).to_contain_text("Accepted")
    expect(first_round).to_contain_text("100%")
    screenshot(office, "4-completeness")
    assert answer("knelpunten") == "Werkgevers in de zorg en de metaal reageren traag."
    actions = [event.action for event in step_history(report())]
    assert actions == ["start", "submit", "return", "submit", "accept"]
