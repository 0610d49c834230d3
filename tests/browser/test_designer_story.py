"""The questionnaire designer in a real browser (issue 25): the office builds a small
questionnaire for a new round from nothing, one question by keyboard only (typed, chosen
and moved into place with the keyboard), another dragged with the mouse; it tries the
condition in the live preview, checks and publishes it; axe finds nothing on the designer's
pages; the region answers the new questionnaire. Pages are read in Dutch, as the office and
the region use them.
"""

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, SCREENSHOTS, give_code, prepare_two_factor
from .test_accessibility import check

pytestmark = pytest.mark.browser

ROUND = "/programmas/sw-2015/rondes/slotronde/"
ON_TRACK = "Loopt het plan volgens planning?"
WHY_NOT = "Wat houdt het plan op?"
BEST = "Wat ging het best?"


@pytest.fixture
def site(live_server, transactional_db):
    """The demo programme with a granted plan for AM01 and an extra round without a
    questionnaire."""
    from sectorplan.cli.demo import demo_load
    from sectorplan.programmes.models import Round
    from tests.plans.conftest import draft_plan_granted

    programme = demo_load(plans=False)
    draft_plan_granted(programme)
    Round.objects.create(
        programme=programme,
        code="slotronde",
        label_nl="Slotronde",
        label_en="Last round",
        position=5,
    )
    return live_server.url


@pytest.fixture
def log_in(browser, site):
    """As tests/browser/conftest.py's `log_in`, in Dutch, with the page's content security
    policy bypassed so that axe can be injected."""
    contexts = []

    def make(username: str):
        context = browser.new_context(
            locale="nl-NL", bypass_csp=True, viewport={"width": 1280, "height": 800}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(site + "/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        asks_code = prepare_two_factor(username)
        page.locator("main form button[type=submit]").click()
        if asks_code:
            give_code(page, username)
        page.wait_for_url(site + "/")
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        path = SCREENSHOTS / f"designer-{step}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
    page.set_viewport_size({"width": 1280, "height": 800})


def questions_in_order(page) -> list[str]:
    return page.locator(".designer-question__label strong").all_inner_texts()


def test_a_questionnaire_built_in_the_designer_is_answered_by_the_region(site, log_in):
    office = log_in("bureau")
    office.goto(site + ROUND)
    office.get_by_role("link", name="Vragenlijst ontwerpen").click()
    expect(office.locator("main")).to_contain_text("Deze ronde heeft nog geen vragenlijst")
    problems = check(office, "bureau designer (empty)")

    # A section, then two questions with the mouse.
    office.get_by_label("Tekst in het Nederlands").fill("Voortgang")
    office.get_by_label("Tekst in het Engels").fill("Progress")
    office.get_by_role("button", name="Onderdeel toevoegen").click()
    expect(office.locator(".message--success")).to_contain_text("Het onderdeel is toegevoegd")
    office.get_by_role("link", name="Vraag toevoegen aan Voortgang").click()
    office.get_by_label("Tekst in het Nederlands").fill(BEST)
    office.get_by_label("Soort antwoord").select_option(label="Lange tekst")
    office.get_by_role("button", name="Toevoegen en nog een toevoegen").click()
    expect(office.locator(".message--success")).to_contain_text("De vraag is toegevoegd")
    problems += check(office, "bureau question form")
    office.get_by_label("Tekst in het Nederlands").fill(ON_TRACK)
    office.get_by_label("Tekst in het Engels").fill("Is the plan on schedule?")
    office.get_by_label("Een antwoord is verplicht").check()
    office.get_by_role("button", name="Vraag toevoegen", exact=True).click()

    # The third question by keyboard only (no clicks): the test puts the focus on a control
    # where a person would Tab to it (and Tabs between the first fields), text is typed, the
    # kind and the condition are chosen with the arrow keys, Enter follows the link and
    # sends the form.
    office.get_by_role("link", name="Vraag toevoegen aan Voortgang").focus()
    office.keyboard.press("Enter")
    office.wait_for_url("**/vraag/")
    office.get_by_label("Tekst in het Nederlands").focus()
    office.keyboard.type(WHY_NOT)
    office.keyboard.press("Tab")  # the English text: left empty
    office.keyboard.press("Tab")  # the kind of answer
    for _step in range(7):  # from yes/no down to long text
        office.keyboard.press("ArrowDown")
    expect(office.get_by_label("Soort antwoord")).to_have_value("text")
    office.get_by_label("Wanneer wordt de vraag gesteld?").focus()
    office.keyboard.press("ArrowDown")
    office.keyboard.press("ArrowDown")  # "… beantwoord is met ‘Nee’"
    expect(office.get_by_label("Wanneer wordt de vraag gesteld?")).to_have_value(
        "loopt_het_plan_volgens_planning=no"
    )
    office.get_by_label("Tekst in het Nederlands").focus()
    office.keyboard.press("Enter")
    expect(office.locator(".message--success")).to_contain_text("De vraag is toegevoegd")
    assert questions_in_order(office) == [BEST, ON_TRACK, WHY_NOT]

    # "Wat ging het best?" goes to the end, moved with its handle by keyboard.
    office.get_by_role("button", name=f"‘{BEST}’ verplaatsen").focus()
    office.keyboard.press("Space")
    office.keyboard.press("ArrowDown")
    office.keyboard.press("ArrowDown")
    with office.expect_navigation():  # dropped: the order is saved and the page comes back
        office.keyboard.press("Space")
    expect(office.locator(".designer-question__label strong")).to_have_text(
        [ON_TRACK, WHY_NOT, BEST]
    )
    expect(office.get_by_role("button", name=f"‘{BEST}’ verplaatsen")).to_be_focused()
    # Escape puts a picked-up question back where it was, and nothing is sent.
    handle = office.get_by_role("button", name=f"‘{WHY_NOT}’ verplaatsen")
    handle.focus()
    office.keyboard.press("Space")
    office.keyboard.press("ArrowUp")
    expect(office.locator(".designer-question__label strong")).to_have_text(
        [WHY_NOT, ON_TRACK, BEST]
    )
    office.keyboard.press("Escape")
    expect(office.locator(".designer-question__label strong")).to_have_text(
        [ON_TRACK, WHY_NOT, BEST]
    )
    expect(handle).to_have_attribute("aria-pressed", "false")
    # With the mouse: dragged onto the top of the first question, it goes first; then back.
    items = office.locator(".designer-question")
    with office.expect_navigation():
        items.nth(2).drag_to(items.nth(0), target_position={"x": 40, "y": 4})
    expect(office.locator(".designer-question__label strong")).to_have_text(
        [BEST, ON_TRACK, WHY_NOT]
    )
    items = office.locator(".designer-question")
    bottom = items.nth(2).bounding_box()["height"] - 4
    with office.expect_navigation():
        items.nth(0).drag_to(items.nth(2), target_position={"x": 40, "y": bottom})
    expect(office.locator(".designer-question__label strong")).to_have_text(
        [ON_TRACK, WHY_NOT, BEST]
    )
    # The condition reads as a sentence, and the preview behaves as the region's form.
    expect(office.locator("#q-wat_houdt_het_plan_op")).to_contain_text(
        f"Alleen gesteld als ‘{ON_TRACK}’ beantwoord is met ‘Nee’."
    )
    preview = office.locator(".designer__preview")
    expect(preview.get_by_label(WHY_NOT)).to_be_hidden()
    preview.get_by_role("group", name=ON_TRACK).get_by_label("Nee").check()
    expect(preview.get_by_label(WHY_NOT)).to_be_visible()
    expect(office.locator("#check")).to_contain_text("Geen problemen gevonden")
    problems += check(office, "bureau designer (draft)")
    screenshot(office, "draft")
    designer = office.url.split("#")[0]
    office.get_by_role("link", name="Ja/nee-tabellen: kies de vragen").click()
    problems += check(office, "bureau designer tables")
    office.goto(designer)
    office.get_by_role("link", name="Voorbeeld op een eigen pagina").click()
    problems += check(office, "bureau designer preview")
    office.goto(designer)
    assert problems == []

    # Published: version 1; the office opens the round.
    office.get_by_role("button", name="Publiceren als nieuwe versie").click()
    expect(office.locator(".message--success")).to_contain_text("Versie 1 is gepubliceerd")
    office.get_by_role("button", name="Ronde openen").click()
    expect(office.locator(".message--success")).to_contain_text("De ronde is open")

    # The region answers it.
    region = log_in("regio-am01")
    region.goto(site + ROUND + "AM01/")
    region.get_by_role("button", name="Begin met invullen").click()
    expect(region.get_by_label(WHY_NOT)).to_be_hidden()
    region.get_by_role("group", name=ON_TRACK).get_by_label("Nee").check()
    region.get_by_label(WHY_NOT).fill("Er zijn te weinig jobcoaches.")
    region.get_by_label(BEST).fill("De samenwerking met werkgevers.")
    expect(region.locator("#autosave-status")).to_contain_text("Opgeslagen om")
    # Saved and closed with the button: the region's page comes back with nothing left to
    # save, so no save is on its way when the test ends and the database is emptied.
    region.get_by_role("button", name="Opslaan en sluiten").click()
    expect(region.get_by_role("button", name="Opslaan en sluiten")).to_have_count(0)
    region.wait_for_load_state("networkidle")

    from sectorplan.monitoring.models import Report

    report = Report.objects.get(round__code="slotronde", region__code="AM01")
    assert report.questionnaire.version == 1
    answers = {a.question.code: a.code or a.text for a in report.answers.select_related("question")}
    assert answers == {
        "loopt_het_plan_volgens_planning": "no",
        "wat_houdt_het_plan_op": "Er zijn te weinig jobcoaches.",
        "wat_ging_het_best": "De samenwerking met werkgevers.",
    }


def test_the_set_up_pages_and_the_designer_pages_pass_axe(site, log_in):
    """The office adds an indicator on the set-up pages; every set-up and designer page of a
    round with a published questionnaire (the demo's final evaluation, with its SER table)
    is checked by axe at both widths, and photographed."""
    office = log_in("bureau")
    office.goto(site + "/programmas/sw-2015/")
    office.get_by_role("link", name="Inrichting: thema's, activiteitstypen").click()
    problems = check(office, "bureau set-up")
    screenshot(office, "setup")
    office.get_by_role("link", name="Indicator toevoegen").click()
    office.get_by_role("button", name="Opslaan").click()  # nothing typed: the errors
    expect(office.locator(".error-summary")).to_contain_text("Naam in het Nederlands")
    problems += check(office, "bureau set-up form with errors")
    office.get_by_label("Naam in het Nederlands").fill("Leerwerkplekken")
    office.get_by_label("Eenheid in het Nederlands").fill("plekken")
    office.get_by_role("button", name="Opslaan").click()
    expect(office.locator(".message--success")).to_contain_text("‘Leerwerkplekken’ is opgeslagen")
    office.goto(site + "/programmas/sw-2015/inrichting/rondes/eindevaluatie/")
    problems += check(office, "bureau round form")
    screenshot(office, "round-form")

    final = site + "/programmas/sw-2015/rondes/eindevaluatie/ontwerp/"
    pages = {
        "designer": final,
        "tables": final + "tabellen/",
        "question-form": final + "vragen/ser_detachering_aanwezig/",
        "diff": site + "/programmas/sw-2015/rondes/eindevaluatie/vragenlijst-verschil/",
    }
    for name, address in pages.items():
        office.goto(address)
        problems += check(office, f"bureau {name}")
        screenshot(office, name)
        office.set_viewport_size({"width": 390, "height": 844})
        office.goto(address)
        problems += check(office, f"bureau {name} (phone)")
        office.set_viewport_size({"width": 1280, "height": 800})
    assert problems == []
