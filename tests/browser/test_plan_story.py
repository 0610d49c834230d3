"""One plan from an empty draft to paid and settled, in a real browser (issue 4).

Every party works in its own browser context, logs in through the login form and clicks its
way through the pages like a person. At each step the test checks what that party sees: the
plan's state, and that the buttons on offer under "What you can do" are exactly the steps
the workflow table allows it now. The pages are read in English (the Dutch catalogue is
filled separately). Screenshots of the key steps land in test-artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS

PLAN_PATH = "/programmas/sw-2015/plannen/AM01/"

# The workflow steps as the buttons say them (plans/workflow.py, English labels).
SUBMIT = "Submit to the central municipality"
CONFIRM = "Confirm co-financing"
RETURN = "Return to the region"
REQUEST_CHANGES = "Request changes"
OPEN_ADVICE = "Open for advice"
ADVISE = "Give advice"
GRANT, REJECT = "Grant", "Reject"
PAY = "Register payment"
SETTLE = "Settle (vaststelling)"
REQUEST_EXTENSION = "Request extension"
AMEND = "Start an amendment"

# What each party writes as the motivation of its advice, to find it on the page again.
CEDRIS_SAYS = "Cedris: sluit aan bij de regionale agenda."
VNG_SAYS = "VNG: sterk regionaal draagvlak."
PARTNERS_SAYS = "Sociale partners: let op de begeleiding."

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the demo programme but no plans: AM01 starts empty."""
    from sectorplan.cli.demo import demo_load

    demo_load(plans=False)
    return live_server.url


# --- What a party sees on the plan page ------------------------------------------------------


def screenshot(page, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"plan-story-{step}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def money(text: str) -> str:
    """Amounts as the English pages write them, whatever space sits after the euro sign."""
    return re.sub(r"€\s+", "€", text.replace("\u00a0", " "))


def actions_panel(page):
    return page.get_by_role("region", name="What you can do")


def offered(page) -> list[str]:
    """The workflow buttons on offer, in page order."""
    return actions_panel(page).get_by_role("button").all_inner_texts()


def fact(page, term: str) -> str:
    """The value next to `term` in the first fact list that has it (the figures on top)."""
    return money(
        page.locator(
            f"xpath=//dt[normalize-space()='{term}']/following-sibling::dd[1]"
        ).first.inner_text()
    )


def section(page, title: str) -> str:
    """The text of the section under this heading (its table scroller is a region too)."""
    return page.get_by_role("region", name=title, exact=True).first.inner_text()


def main_text(page) -> str:
    return money(page.locator("main").inner_text())


def sees(page, *, state: str, actions: list[str]) -> None:
    """The plan page shows this state and offers exactly these workflow steps."""
    expect(page.locator(".plan-state .state")).to_have_text(state)
    assert offered(page) == actions, (state, offered(page))
    if not actions:
        expect(actions_panel(page)).to_contain_text(
            "There is nothing for you to do on this plan now."
        )


def take(page, step: str, state: str) -> None:
    """Click the button of `step` and land back on the plan with the confirmation."""
    actions_panel(page).get_by_role("button", name=step, exact=True).click()
    expect(page.locator(".message--success")).to_have_text(
        f"Done: {step}. The plan is now '{state}'."
    )


def step_form(page, action: str):
    """The form of one workflow step (its fields carry the step's own labels)."""
    return actions_panel(page).locator(f"form[data-action='{action}']")


def open_plan_from_inbox(page, tasks: str) -> None:
    """On the start page, the inbox lists AM01's plan with these tasks; follow it."""
    inbox = page.get_by_role("region", name="What do I have to do")
    item = inbox.get_by_role("listitem").filter(has_text="Plan Groningen (AM01)")
    expect(item).to_contain_text(f"{tasks.replace(', ', ' / ')}: Plan Groningen (AM01)")
    item.get_by_role("link", name="Plan Groningen (AM01)").click()
    page.wait_for_url(re.compile(re.escape(PLAN_PATH) + "$"))


def reload_plan(page) -> None:
    page.goto(page.url.split("#")[0])


# --- The story ---------------------------------------------------------------------------------


def test_one_plan_from_empty_draft_to_paid_and_settled(site, log_in):
    # --- The region contact starts the plan and writes it. ---
    regio = log_in("regio-am01")
    inbox = regio.get_by_role("region", name="What do I have to do")
    expect(inbox).to_contain_text("Nothing is waiting for you.")
    regio.get_by_role("link", name="Your region's plan: Groningen").click()
    regio.wait_for_url(site + PLAN_PATH)
    sees(regio, state="Draft", actions=[SUBMIT])
    expect(regio.get_by_role("heading", level=1)).to_have_text("Plan Groningen AM01")
    assert "The plan has no title." in main_text(regio)

    # Submitting the empty draft is refused, listing what is missing; nothing changes.
    actions_panel(regio).get_by_role("button", name=SUBMIT).click()
    summary = regio.get_by_role("alert")
    expect(summary).to_contain_text("Nothing has been changed")
    expect(summary).to_contain_text("The plan has no title.")
    expect(summary).to_contain_text("The plan has no activities.")
    sees(regio, state="Draft", actions=[SUBMIT])

    regio.get_by_role("link", name="Edit the general part").click()
    regio.get_by_label("Title", exact=True).fill("Samen sterk in Groningen")
    regio.get_by_label("Summary").fill("Wij begeleiden Wsw-medewerkers naar regulier werk.")
    regio.get_by_label("Iederz").check()
    regio.get_by_label("Wedeka").check()
    regio.get_by_label("Contact person").fill("Jan Jansen")
    regio.get_by_label("Contact e-mail").fill("jan.jansen@example.org")
    regio.get_by_label("Contact phone").fill("050-1234567")
    regio.get_by_role("button", name="Save").click()
    expect(regio.locator(".message--success")).to_have_text("The plan has been saved.")

    regio.get_by_role("link", name="Add an activity").click()
    regio.get_by_label("Activity type").select_option(label="Job-to-job guidance")
    regio.get_by_label("Title", exact=True).fill("Van werk naar werk")
    regio.get_by_label("Description", exact=True).fill("Begeleiding van werk naar werk.")
    regio.get_by_label("Target group").fill("Wsw-medewerkers")
    regio.get_by_label("Planned number of people per year").fill("40")
    regio.get_by_label("Planned results").fill("30 plaatsingen bij reguliere werkgevers")
    regio.get_by_label("Start", exact=True).fill("2015-10-01")
    regio.get_by_label("End", exact=True).fill("2016-12-31")
    regio.get_by_label("Line 1: Description").fill("Jobcoaches")
    regio.get_by_label("Line 1: Subsidy (€)").fill("100.000,00")
    regio.get_by_label("Line 1: Co-financing (€)").fill("100.000,00")
    regio.get_by_label("Line 1: Source of co-financing").select_option(label="Central municipality")
    regio.get_by_role("button", name="Save activity").click()
    expect(regio.locator(".message--success")).to_have_text("The activity has been saved.")

    # The totals against the region's allocation; nothing stands in the way any more.
    assert fact(regio, "Subsidy asked") == "€100,000.00"
    assert fact(regio, "Allocation (subsidy)") == "€1,656,938.23"
    assert fact(regio, "Co-financing") == "€100,000.00"
    assert fact(regio, "Co-financing needed (1 : 1)") == "€100,000.00"
    page = main_text(regio)
    assert "Before the plan can be submitted" not in page
    assert "does not meet the programme's rules" not in page
    assert "Samen sterk in Groningen" in page and "Iederz, Wedeka" in page
    assert "Van werk naar werk" in page and "Jobcoaches" in page
    sees(regio, state="Draft", actions=[SUBMIT])
    screenshot(regio, "1-draft-ready")

    take(regio, SUBMIT, "With the central municipality")
    sees(regio, state="With the central municipality", actions=[])
    for link in ("Edit the general part", "Add an activity", "Edit activity “Van werk naar werk”"):
        assert actions_panel(regio).get_by_role("link", name=link).count() == 0
        assert regio.get_by_role("link", name=link).count() == 0

    # --- The central municipality confirms the co-financing. ---
    gemeente = log_in("gemeente-am01")
    open_plan_from_inbox(gemeente, f"{CONFIRM}, {RETURN}")
    sees(gemeente, state="With the central municipality", actions=[CONFIRM, RETURN])
    assert "Edit the general part" not in main_text(gemeente)
    take(gemeente, CONFIRM, "Submitted")
    sees(gemeente, state="Submitted", actions=[])

    # --- The ministry looks before advice is open: nothing to decide yet. ---
    szw = log_in("szw")
    szw.goto(site + PLAN_PATH)
    sees(szw, state="Submitted", actions=[])
    assert actions_panel(szw).get_by_role("button", name=GRANT).count() == 0

    # --- The office finds it on the overview and opens it for advice. ---
    bureau = log_in("bureau")
    bureau.get_by_role("link", name="Plans of all regions").click()
    row = bureau.get_by_role("row").filter(has=bureau.get_by_role("cell", name="AM01", exact=True))
    expect(row.locator(".state")).to_have_text("Submitted")
    assert money(row.inner_text()).count("€100,000.00") == 2  # subsidy asked, co-financing
    assert "1 of 35" in main_text(bureau)  # submitted to the office
    screenshot(bureau, "2-office-overview")
    row.get_by_role("link", name="Groningen").click()
    bureau.wait_for_url(site + PLAN_PATH)
    sees(bureau, state="Submitted", actions=[REQUEST_CHANGES, OPEN_ADVICE])
    take(bureau, OPEN_ADVICE, "Out for advice")
    # The office advises as Cedris, one of the assessing parties.
    sees(bureau, state="Out for advice", actions=[ADVISE])
    advise(bureau, "Positive", CEDRIS_SAYS)
    sees(bureau, state="Out for advice", actions=[])
    assert "Your party has advised on this version: Positive." in main_text(bureau)

    # --- VNG advises; before that it sees no one else's advice. ---
    vng = log_in("vng")
    open_plan_from_inbox(vng, ADVISE)
    sees(vng, state="Out for advice", actions=[ADVISE])
    page = main_text(vng)
    assert "Some advice is not shown to you yet" in page
    assert CEDRIS_SAYS not in page
    advise(vng, "Positive", VNG_SAYS)
    sees(vng, state="Out for advice", actions=[])
    page = main_text(vng)
    assert VNG_SAYS in page and CEDRIS_SAYS in page

    # --- The social partners advise, and only then read VNG's advice. ---
    partners = log_in("sociale-partners")
    open_plan_from_inbox(partners, ADVISE)
    sees(partners, state="Out for advice", actions=[ADVISE])
    page = main_text(partners)
    assert VNG_SAYS not in page and CEDRIS_SAYS not in page
    advise(partners, "Positive on conditions", PARTNERS_SAYS)
    sees(partners, state="Out for advice", actions=[])
    advice = money(section(partners, "Advice"))
    for party, verdict, says in [
        ("Cedris", "Positive", CEDRIS_SAYS),
        ("VNG", "Positive", VNG_SAYS),
        ("Sociale partners", "Positive on conditions", PARTNERS_SAYS),
    ]:
        assert re.search(rf"{party}\s+{verdict}\s+{re.escape(says)}", advice), advice
    assert "Some advice is not shown to you yet" not in advice
    screenshot(partners, "3-advice-given")

    # The region waits; it reads the advice only once the plan is decided.
    reload_plan(regio)
    sees(regio, state="Out for advice", actions=[])
    assert VNG_SAYS not in main_text(regio)

    # --- The ministry grants. ---
    reload_plan(szw)
    sees(szw, state="Out for advice", actions=[GRANT, REJECT])
    assert all(says in main_text(szw) for says in (CEDRIS_SAYS, VNG_SAYS, PARTNERS_SAYS))
    grant = step_form(szw, "grant")
    grant.get_by_label("Granted amount (€)").fill("100.000,00")
    grant.get_by_label("Decision date").fill("2015-10-15")
    take(szw, GRANT, "Granted")
    sees(szw, state="Granted", actions=[])
    assert "Granted: €100,000.00" in main_text(szw)
    assert fact(szw, "Granted") == "€100,000.00"
    assert fact(szw, "Paid") == "€0.00"

    # The region may now ask for an extension or amend; the office pays and settles.
    reload_plan(regio)
    sees(regio, state="Granted", actions=[REQUEST_EXTENSION, AMEND])
    assert VNG_SAYS in main_text(regio)  # decided: the advice is open to the region

    # --- The office pays the grant … ---
    reload_plan(bureau)
    sees(bureau, state="Granted", actions=[PAY, SETTLE])
    payment = step_form(bureau, "register_payment")
    payment.get_by_label("Amount paid (€)").fill("100.000,00")
    payment.get_by_label("Payment date").fill("2015-11-02")
    payment.get_by_label("Reference").fill("BZK-2015-001")
    take(bureau, PAY, "Granted")
    sees(bureau, state="Granted", actions=[PAY, SETTLE])
    assert fact(bureau, "Paid") == "€100,000.00"
    payments = money(section(bureau, "Payments"))
    assert "BZK-2015-001" in payments and re.search(r"Total paid\s+€100,000.00", payments)

    # … and settles it at less than was paid, after the final report.
    settle = step_form(bureau, "settle")
    settle.get_by_label("Settled amount (€)").fill("90.000,00")
    settle.get_by_label("Settlement date").fill("2017-06-01")
    settle.get_by_label("Note").fill("Minder besteed dan begroot.")
    take(bureau, SETTLE, "Settled")
    sees(bureau, state="Settled", actions=[])
    check_settled(bureau)
    screenshot(bureau, "4-settled")

    # --- Everyone now sees a settled plan with nothing left to do. ---
    for page in (regio, gemeente, szw, vng, partners):
        reload_plan(page)
        sees(page, state="Settled", actions=[])
    check_settled(regio)

    bureau.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Plans").click()
    row = bureau.get_by_role("row").filter(has=bureau.get_by_role("cell", name="AM01", exact=True))
    expect(row.locator(".state")).to_have_text("Settled")
    assert money(row.inner_text()).count("€100,000.00") == 4  # asked, co-fin., granted, paid


def advise(page, verdict: str, motivation: str) -> None:
    form = step_form(page, "advise")
    form.get_by_label(verdict, exact=True).check()
    form.get_by_label("Motivation").fill(motivation)
    take(page, ADVISE, "Out for advice")


def check_settled(page) -> None:
    settlement = money(section(page, "Settlement"))
    assert re.search(r"Settled amount\s+€90,000.00", settlement), settlement
    assert re.search(r"Settlement date\s+1 June 2017", settlement), settlement
    assert re.search(r"Total paid\s+€100,000.00", settlement), settlement
    assert re.search(r"To reclaim\s+€10,000.00", settlement), settlement
    assert fact(page, "Paid") == "€100,000.00"
