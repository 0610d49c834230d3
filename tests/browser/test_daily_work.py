"""The region's forms in a real browser, in Dutch and in English (issue 23): the report's
section navigation (a list beside the form at 1280 px, a select on a 390 px phone), the
progress per section after an autosave, the error summary when submitting too early; the
activity form's "add a line", "remove" and running total against the allocation."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

WORDS = {
    "en": {
        "sections": "Sections of the report",
        "submit": "Submit the report",
        "open": re.compile(r"^\d+ questions still open$"),
        "answered": re.compile(r"^1 of \d+ answered$"),
        "go_to": "Go to section",
        "saved": "Saved at",
        "add": "Add a line",
        "remove": "Remove",
        "over": "more subsidy than the allocation",
        "field_error": "Answer this question before you submit.",
        "total": "€25,000.00",
    },
    "nl": {
        "sections": "Onderdelen van de rapportage",
        "submit": "Rapportage indienen",
        "open": re.compile(r"^Nog \d+ vragen open$"),
        "answered": re.compile(r"^1 van \d+ beantwoord$"),
        "go_to": "Ga naar onderdeel",
        "saved": "Opgeslagen om",
        "add": "Regel toevoegen",
        "remove": "Verwijderen",
        "over": "meer subsidie dan de toewijzing",
        "field_error": "Beantwoord deze vraag voordat u indient.",
        "total": "€ 25.000,00",
    },
}


@pytest.fixture
def site(live_server, transactional_db):
    """The demo programme: AM01's plan granted, its final report started in the open round;
    AM02's plan a draft with one activity."""
    from sectorplan.cli.demo import demo_load
    from sectorplan.monitoring import report_flow, rounds
    from sectorplan.plans import services as plan_services
    from sectorplan.programmes.constants import RoundState
    from tests.plans.conftest import draft_plan_granted, fill_plan, user

    programme = demo_load(plans=False)
    plan, _decision = draft_plan_granted(programme)
    final = programme.rounds.order_by("-position").first()
    rounds.round_set_state(round_=final, state=RoundState.OPEN, by=user("bureau"))
    report_flow.report_start(round_=final, region=plan.region, by=user("regio-am01"))
    region = programme.region_set.regions.get(code="AM02")
    fill_plan(plan_services.plan_for_region(programme=programme, region=region))
    return live_server.url


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"daily-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_report_form_guides_the_region(site, log_in, language):
    words = WORDS[language]
    page = log_in("regio-am01", language=language)
    page.goto(site + "/programmas/sw-2015/rondes/eindevaluatie/AM01/")
    nav = page.get_by_role("navigation", name=words["sections"], exact=True)
    expect(nav).to_be_visible()
    expect(nav.locator("#report-open")).to_have_text(words["open"])
    links = nav.locator(".report-nav__list a")
    assert links.count() >= 4
    expect(page.get_by_label(words["go_to"])).to_be_hidden()  # wide screen: the list

    # Submitting too early: a short summary, focused, linking to the first open question of
    # each section, and an error at each open field.
    page.get_by_role("button", name=words["submit"], exact=True).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(words["open"])
    first = summary.get_by_role("link").first
    target = first.get_attribute("href")
    first.click()
    assert page.url.endswith(target)
    field = page.locator(target)
    expect(field.locator(".field__error")).to_have_text(words["field_error"])
    shot(page, f"report-error-summary-{language}")

    # Answering a question of the first section moves its progress on, after the autosave.
    section = nav.locator(".report-nav__progress").first
    text_field = page.locator("#section-1").locator("xpath=..").locator("textarea").first
    text_field.fill("Een antwoord.")
    expect(page.locator("#autosave-status")).to_contain_text(words["saved"])
    expect(section).to_have_text(words["answered"])

    # On a phone the sections are a select that jumps to the chosen one.
    page.set_viewport_size({"width": 390, "height": 844})
    jump = page.get_by_label(words["go_to"])
    expect(jump).to_be_visible()
    expect(nav.locator(".report-nav__list")).to_be_hidden()
    last = jump.locator("option").last.get_attribute("value")
    jump.select_option(last)
    expect(page.locator("#" + last)).to_be_focused()
    shot(page, f"report-phone-{language}")
    # No save on its way when the test ends and the database is emptied.
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_budget_lines_are_added_in_place_with_a_running_total(site, log_in, language):
    words = WORDS[language]
    page = log_in("regio-am02", language=language)
    page.goto(site + "/programmas/sw-2015/plannen/AM02/activiteiten/nieuw/")
    rows = page.locator("#budget-lines tbody tr:visible")
    before = rows.count()
    page.get_by_role("button", name=words["add"]).click()
    expect(rows).to_have_count(before + 1)
    new_row = rows.last
    expect(new_row.locator("input").first).to_be_focused()
    new_row.locator("input[name$='-subsidy']").fill("25000")
    box = page.locator("#running-total")
    expect(box.locator("[data-total='activity-subsidy']")).to_have_text(words["total"])
    # More than the allocation: a warning while typing.
    new_row.locator("input[name$='-subsidy']").fill("99999999")
    expect(box.locator("[data-total='warning']")).to_contain_text(words["over"])
    shot(page, f"activity-running-total-{language}")
    new_row.get_by_role("button", name=words["remove"]).click()
    expect(rows).to_have_count(before)
    expect(box.locator("[data-total='warning']")).to_be_hidden()
    expect(box.locator("[data-total='activity-subsidy']")).to_have_text(
        words["total"].replace("25", "0").replace("0.000,00", "0,00").replace("0,000.00", "0.00")
    )
