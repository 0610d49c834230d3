"""Every page of the demo, for every role, in a real browser: no WCAG 2.1 A/AA violations that
axe-core finds, `<html lang>` set, a skip link that moves the focus to `main`, a visible
focus ring on the first links reached with Tab, a table after every chart and the map, and
no page wider than a phone (issue 9, decision 0007).

The full demo (35 plans, reports, knowledge) takes about 25 seconds to load, and the live
server's database is emptied after every test, so one test loads it once and walks every
role through it: one browser, one context per role. The failure lists every problem found,
each with its role and page.

axe-core is vendored in src/sectorplan/static/vendor/axe-core/ (scripts/vendor-static.sh)
and injected by Playwright; no page refers to it.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sectorplan.cli.demo_live import WRITING

from .conftest import PASSWORD, give_code, prepare_two_factor

pytestmark = pytest.mark.browser

AXE = Path(__file__).parents[2] / "src/sectorplan/static/vendor/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Each role at one screen width: a phone for the office (who sees the most pages) and the
# region (who fills in the forms), a desktop for the others. Some problems show at one width
# only (a table that scrolls sideways on a phone must be reachable with the keyboard).
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ROLES = {
    "bureau": PHONE,
    "szw": DESKTOP,
    "vng": DESKTOP,
    "gemeente-am01": DESKTOP,
    "regio-am01": PHONE,
}
SLUG = "sw-2015"
REGION = "AM01"
# The model programme is closed, so nothing in it can be edited: the plan forms are walked on
# the live programme's plan that its region is still writing, as that region's contact.
WRITING_REGION = WRITING[0]
WRITER = f"regio-{WRITING_REGION.lower()}"
VIEWPORTS = {**ROLES, WRITER: PHONE}
# The pages only the writer walks (filled in by pages_for()).
WRITER_PAGES: list[str] = []

RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
}).then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 4).map(n => n.target.join(" ")),
    count: v.nodes.length,
})))"""

# Charts and the map are pictures of numbers; a table with the same numbers must follow them
# (in the same section, or in main).
CHART_WITHOUT_TABLE = """() => [...document.querySelectorAll("main figure svg")].filter(svg => {
    const figure = svg.closest("figure");
    const scope = figure.closest("section") || document.querySelector("main");
    return ![...scope.querySelectorAll("table")].some(
        table => figure.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
}).map(svg => svg.getAttribute("aria-labelledby") || svg.outerHTML.slice(0, 60))"""

# A focus ring the user can see: an outline or a box shadow.
FOCUS_RING = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || "").trim().slice(0, 40),
        visible: outline || style.boxShadow !== "none",
    };
}"""


@pytest.fixture
def demo(full_demo_site):
    """The live server's address, with the full demo in the database it serves."""
    return full_demo_site


def own_draft_practice(programme):
    """The demo has no practice of the region the test logs in for; write a draft, so that the
    region has a practice to edit."""
    from sectorplan.accounts.models import User
    from sectorplan.knowledge.services import practice_create

    return practice_create(
        programme=programme,
        region=programme.region_set.regions.get(code=REGION),
        by=User.objects.get(username=f"regio-{REGION.lower()}"),
        title="Werkfit in de wijk",
        summary="Een concept van de regio.",
    )


def pages_for() -> list[str]:
    """The paths of every kind of page the demo has, with real arguments from the demo. A
    role that may not see one gets a 403 or 404 there; such a page is left out for that role
    (the 403 and 404 pages themselves are checked on purpose)."""
    from django.urls import reverse

    from sectorplan.knowledge.models import Instrument, Meeting, Practice
    from sectorplan.monitoring.models import Report, Round
    from sectorplan.plans.models import Plan
    from sectorplan.programmes.models import Programme
    from sectorplan.reporting.maps import measures
    from sectorplan.reporting.tables import table_codes

    programme = Programme.objects.get(slug=SLUG)
    granted = (
        Plan.objects.filter(programme=programme, state="granted", versions__number=2)
        .order_by("region__code")
        .first()
    )
    first_round = Round.objects.get(programme=programme, position=0)
    # The model programme is finished history; the live demo programme has the open round.
    open_round = Round.objects.filter(state="open").select_related("programme").first()
    live = open_round.programme.slug
    report = (
        Report.objects.filter(round=first_round, state="accepted").order_by("region__code").first()
    )
    practice = Practice.objects.filter(state="gepubliceerd").order_by("pk").first()
    draft = own_draft_practice(programme)
    submitted_practice = Practice.objects.exclude(state="gepubliceerd").order_by("pk").first()
    instrument = Instrument.objects.get(slug="dariuz")
    meeting = Meeting.objects.order_by("pk").first()
    activity_type = programme.activity_types.order_by("pk").first()

    def url(name, *args, query=""):
        return reverse(name, args=args) + query

    paths = [
        url("home"),
        url("programme-detail", SLUG),
        url("programme-history", SLUG),
        url("basis-import", SLUG),
        url("allocation-publish", SLUG),
        url("region-detail", SLUG, REGION),
        url("people-list"),
        url("person-invite"),
        # Plans
        url("plan-overview", SLUG),
        url("plan-detail", SLUG, REGION),
        url("plan-history", SLUG, REGION),
        url("plan-version-diff", SLUG, REGION, 1),
        url("plan-detail", SLUG, granted.region.code),
        url("plan-version-diff", SLUG, granted.region.code, 2),
        # Monitoring
        url("round-overview", SLUG),
        url("round-detail", SLUG, first_round.code),
        url("round-detail", live, open_round.code),
        url("round-overview", live),
        url("programme-detail", live),
        url("dashboard", live),
        url("designer", live, open_round.code),
        url("designer-preview", live, open_round.code),
        url("designer-tables", live, open_round.code),
        url("questionnaire-diff", live, open_round.code),
        url("setup", SLUG),
        url("setup-edit", live, "rondes", open_round.code),
        url("setup-deadlines", SLUG),
        url("setup-add", live, "indicatoren"),
        url("setup-edit", live, "themas", open_round.programme.themes.order_by("pk").first().code),
        url("letter-edit", SLUG),
        url("region-detail", live, REGION),
        url("plan-detail", live, REGION),
        url("round-history", SLUG, first_round.code),
        url("report-detail", SLUG, first_round.code, report.region.code),
        url("report-history", SLUG, first_round.code, report.region.code),
        url("report-detail", live, open_round.code, REGION),
        # Reporting
        url("dashboard", SLUG),
        *(url("report-table", SLUG, code) for code in table_codes(programme)),
        url("report-table", SLUG, "coverage", query=f"?type={activity_type.code}"),
        url("report-map", SLUG),
        url("report-map", SLUG, query=f"?measure={measures(programme)[1][0]}"),
        url("region-results", SLUG, REGION),
        url("report-texts", SLUG),
        url("final-report", SLUG),
        url("open-data"),
        # Knowledge
        url("knowledge-index", SLUG),
        url("knowledge-search", SLUG, query="?q=detacheringen"),
        url("knowledge-matrix", SLUG),
        url("knowledge-matrix", SLUG, query="?view=instrumenten"),
        url("practice-list", SLUG),
        url("practice-add", SLUG),
        url("practice-detail", SLUG, practice.pk),
        url("practice-detail", SLUG, draft.pk),
        url("practice-edit", SLUG, draft.pk),
        url("practice-history", SLUG, practice.pk),
        url("practice-detail", SLUG, submitted_practice.pk),
        url("instrument-list", SLUG),
        url("instrument-detail", SLUG, instrument.slug),
        url("instrument-add", SLUG),
        url("instrument-edit", SLUG, instrument.slug),
        url("meeting-list", SLUG),
        url("meeting-detail", SLUG, meeting.pk),
        url("meeting-add", SLUG),
        url("meeting-edit", SLUG, meeting.pk),
        # Accounts
        url("account"),
        url("password-change"),
        url("two-factor-setup"),
        url("api-tokens"),
        url("access"),
        url("trail-export"),
    ]
    written = Plan.objects.get(programme__slug=live, region__code=WRITING_REGION)
    WRITER_PAGES[:] = [
        url("plan-detail", live, WRITING_REGION),
        url("plan-edit", live, WRITING_REGION),
        url("activity-add", live, WRITING_REGION),
        url("activity-edit", live, WRITING_REGION, written.activities.order_by("pk").first().pk),
    ]
    paths += WRITER_PAGES
    SENT_EMPTY[:] = [
        url("activity-add", live, WRITING_REGION),
        url("person-invite"),
        url("practice-add", SLUG),
        url("instrument-add", SLUG),
        url("meeting-add", SLUG),
        url("password-change"),
        url("setup-add", live, "indicatoren"),
    ]
    return list(dict.fromkeys(paths))


# Every check made ("role path"), for the summary.
CHECKS: list[str] = []

# Forms that are also checked as they come back with their errors, after sending them empty.
SENT_EMPTY: list[str] = []


# Not walked here: Django's own admin (/admin/, not our templates); the API's Swagger UI
# (/api/v1/docs/) has a test of its own below, with operations opened.
ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/wachtwoord/vergeten/", "/open-data/"]
ERROR_PAGES = {"/bestaat-niet/": 404}


def check(page, where: str) -> list[str]:
    """Every problem on the open page, as readable lines."""
    problems = []
    page.add_script_tag(path=str(AXE))
    for v in page.evaluate(RUN_AXE, WCAG_TAGS):
        targets = ", ".join(v["targets"])
        problems.append(
            f"{where}: {v['id']} ({v['impact']}, {v['count']}×) {v['help']} — {targets}"
        )
    alone = page.evaluate(CHART_WITHOUT_TABLE)
    if alone:
        problems.append(f"{where}: a chart or map without a table after it: {alone}")
    width = page.viewport_size["width"]
    wide = page.evaluate("document.documentElement.scrollWidth")
    if width == PHONE["width"] and wide > width:
        # WCAG 1.4.10 (reflow), which axe does not check: only a table's region may scroll.
        problems.append(f"{where}: the page is {wide}px wide on a {width}px phone")
    lang = page.evaluate("document.documentElement.lang")
    if not re.fullmatch(r"[a-z]{2}(-[A-Za-z]{2})?", lang or ""):
        problems.append(f"{where}: <html lang> is {lang!r}")
    CHECKS.append(where)
    problems += keyboard(page, where)
    return problems


def keyboard(page, where: str) -> list[str]:
    """Tab from the top of the page: the skip link comes first with a focus ring and, followed,
    moves the focus to main; the next link, and the first one in main, show a ring too."""
    problems = []
    # Start the Tab order at the top, whatever the page focused itself (the login form
    # focuses its first field).
    page.evaluate("""() => {
        const start = document.createElement("span");
        start.tabIndex = -1;
        start.id = "a11y-start";
        document.body.prepend(start);
        start.focus();
    }""")
    page.keyboard.press("Tab")
    page.evaluate("document.getElementById('a11y-start').remove()")
    ring = page.evaluate(FOCUS_RING)
    skip = page.evaluate(
        "() => document.activeElement.matches('a.skip-link[href=\"#main\"]')"
        " && document.activeElement.getBoundingClientRect().left >= 0"
    )
    if not skip:
        return [f"{where}: the first Tab does not reach a visible skip link ({ring})"]
    if not ring["visible"]:
        problems.append(f"{where}: the skip link shows no focus ring")
    page.keyboard.press("Tab")
    ring = page.evaluate(FOCUS_RING)
    if ring is None or not ring["visible"]:
        problems.append(f"{where}: no visible focus ring on the first link after it ({ring})")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append(f"{where}: the skip link does not move the focus to main")
        return problems
    page.keyboard.press("Tab")
    ring = page.evaluate(FOCUS_RING)
    inside = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    if ring is not None and inside and not ring["visible"]:
        problems.append(f"{where}: no visible focus ring on the first link in main ({ring})")
    return problems


def log_in(context, site: str, username: str, problems: list[str]):
    page = context.new_page()
    page.goto(site + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    asks_code = prepare_two_factor(username)
    page.locator("main form button[type=submit]").click()
    if asks_code:
        page.wait_for_url(re.compile(r"/accounts/tweestapsverificatie/"))
        problems += check(page, f"{username} /accounts/tweestapsverificatie/")
        give_code(page, username)
    # The skip link followed on the code page leaves "#main", which a redirect keeps.
    page.wait_for_url(re.compile(re.escape(site) + r"/(#main)?$"))
    return page


SUMMARY = Path(__file__).parents[2] / "test-artifacts" / "accessibility-pages.txt"


def walk(browser, site: str, username: str, paths: list[str], problems: list[str]) -> list[str]:
    """Log in as the user and check every path offered to them; the paths checked."""
    context = browser.new_context(locale="nl-NL", bypass_csp=True, viewport=VIEWPORTS[username])
    context.set_default_timeout(20_000)
    checked = []
    try:
        page = log_in(context, site, username, problems)
        for path in paths:
            response = page.goto(site + path)
            if response.status in (403, 404):
                continue  # not offered to this role
            assert response.status == 200, f"{username} {path}: {response.status}"
            checked.append(path)
            problems += check(page, f"{username} {path}")
            if path in SENT_EMPTY:
                page.locator("main form[method=post]").first.evaluate("f => f.noValidate = true")
                page.locator("main form[method=post] button[type=submit]").first.click()
                page.wait_for_load_state()
                assert page.locator(".field__error, .error-summary").count(), (username, path)
                problems += check(page, f"{username} {path} (sent empty)")
            start = page.locator("main form[action$='/beginnen/'] button[type=submit]")
            if start.count():
                # The report form itself is offered behind this button: start and check it.
                start.click()
                page.wait_for_load_state()
                problems += check(page, f"{username} {path} (started)")
    finally:
        context.close()
    return checked


def anonymous(browser, site: str, problems: list[str]) -> None:
    """The pages without login, the 404 page, and the 403 and 404 pages of a logged-in user."""
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    try:
        page = context.new_page()
        for path in ANONYMOUS_PAGES:
            assert page.goto(site + path).status == 200, path
            problems += check(page, f"anonymous {path}")
        for path, status in ERROR_PAGES.items():
            assert page.goto(site + path).status == status, path
            problems += check(page, f"anonymous {path} ({status})")
        page = log_in(context, site, "regio-am01", problems)
        assert page.goto(site + f"/programmas/{SLUG}/plannen/AM02/").status == 404
        problems += check(page, "regio-am01 another region's plan (404)")
        assert page.goto(site + "/gebruikers/").status == 403
        problems += check(page, "regio-am01 the office's list of people (403)")
    finally:
        context.close()


def test_every_page_of_the_demo_for_every_role_passes_axe(demo, browser):
    paths = pages_for()
    problems: list[str] = []
    anonymous(browser, demo, problems)
    checked = {username: walk(browser, demo, username, paths, problems) for username in ROLES}
    checked[WRITER] = walk(browser, demo, WRITER, WRITER_PAGES, problems)
    assert checked[WRITER] == WRITER_PAGES, "the live plan being written is not editable"

    # For a human: which role saw which page.
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    lines = [" ".join(f"{role:>13}" for role in VIEWPORTS) + "  page"]
    for path in paths:
        marks = ("x" if path in checked[role] else "-" for role in VIEWPORTS)
        lines.append(" ".join(f"{mark:>13}" for mark in marks) + f"  {path}")
    lines += ["", f"{len(CHECKS)} checks, among them:"]
    lines += [where for where in CHECKS if "(" in where or where.startswith("anonymous")]
    SUMMARY.write_text("\n".join(lines) + "\n")

    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    # A path no role could open is a mistake in the list, not a page.
    offered = {path for seen in checked.values() for path in seen}
    assert not set(paths) - offered, set(paths) - offered
    for username in ROLES:
        assert len(checked[username]) >= 20, (username, checked[username])


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_the_api_documentation_passes_axe_with_operations_open(live_server, browser, viewport):
    """Swagger UI, themed and patched by api-docs.css/.js: folded, then with a read and a
    write operation opened and "Try it out" pressed on both."""
    context = browser.new_context(bypass_csp=True, viewport=viewport)
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/api/v1/docs/")
        page.wait_for_selector(".opblock")
        problems = check(page, "/api/v1/docs/ (folded)")
        for method in ("get", "post"):
            page.locator(f".opblock-{method} .opblock-summary-control").first.click()
            page.locator(f".opblock-{method} .try-out__btn").first.click()
        expect(page.locator(".execute")).to_have_count(2)
        problems += check(page, "/api/v1/docs/ (two operations open)")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
