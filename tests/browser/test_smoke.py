"""A real browser on the live server: log in, read the allocation, stay out of other regions.

Drives Debian's chromium through Playwright. Screenshots land in test-artifacts/screenshots/
for a human to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sectorplan.cli.demo_live import LIVE_SLUG, WRITING

from .conftest import PASSWORD, SCREENSHOTS, give_code, prepare_two_factor

NBSP = "\u00a0"
# The model programme sw-2015 is closed: the plan form is that of the live programme's plan
# that its region is still writing.
WRITER = f"regio-{WRITING[0].lower()}"
WRITER_FORM = f"/programmas/{LIVE_SLUG}/plannen/{WRITING[0]}/bewerken/"

pytestmark = pytest.mark.browser


@pytest.fixture
def site(full_demo_site):
    """The live server's address, with the demo programme in the database it serves."""
    return full_demo_site


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(locale="nl-NL", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    return path


def log_in(page, site: str, username: str, next_path: str = "/") -> None:
    """Open a page, land on the login form, log in through it, return to that page."""
    page.goto(site + next_path)
    assert re.search(r"/accounts/login/\?next=", page.url), page.url
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    asks_code = prepare_two_factor(username)
    page.locator("main form button[type=submit]").click()
    if asks_code:
        give_code(page, username)
    page.wait_for_url(site + next_path)


def test_office_logs_in_and_reads_the_allocation(site, new_page):
    page = new_page()
    log_in(page, site, "bureau")

    programme_link = page.locator("main a[href='/programmas/sw-2015/']")
    assert programme_link.count() == 1
    assert "SW-sectorplannen 2015" in programme_link.inner_text()
    programme_link.click()
    page.wait_for_url(site + "/programmas/sw-2015/")

    rows = page.locator(".table-scroll table tbody tr")
    assert rows.count() == 35
    assert rows.first.locator("td").first.inner_text() == "AM01"
    total = page.locator(".table-scroll table tfoot").inner_text()
    assert f"€{NBSP}30.000.000,00" in total or "€ 30.000.000,00" in total
    assert page.locator(".badge--warning").count() >= 1
    screenshot(page, "office-programme.png")

    # Every stylesheet is served, so the screenshot shows the real look.
    stylesheets = page.locator("link[rel=stylesheet]").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert len(stylesheets) == 6  # + daily-work.css (issue 23)
    for stylesheet in stylesheets:
        assert page.request.get(site + stylesheet).status == 200, stylesheet


def test_region_contact_sees_only_their_own_region(site, new_page):
    page = new_page()
    log_in(page, site, "regio-am01")

    response = page.goto(site + "/programmas/sw-2015/regios/AM02/")
    assert response.status == 404
    assert "Friesland" not in page.content()
    screenshot(page, "region-contact-other-region-404.png")

    response = page.goto(site + "/programmas/sw-2015/regios/AM01/")
    assert response.status == 200
    assert page.locator("h1").inner_text().startswith("Groningen")
    main = page.locator("main").inner_text()
    assert "Iederz" in main
    assert "regio-am01@example.org" in main
    assert "1.656.938,23" in main
    screenshot(page, "region-contact-own-region.png")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/programmas/sw-2015/", "narrow-programme.png"),
        ("/programmas/sw-2015/regios/AM01/", "narrow-region.png"),
    ],
)
def test_pages_do_not_scroll_sideways_on_a_phone(site, new_page, path, name):
    page = new_page(viewport={"width": 375, "height": 812})
    log_in(page, site, "bureau", path)
    assert page.locator("h1").count() == 1
    screenshot(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} is {width}px wide on a 375px screen"
    if path == "/programmas/sw-2015/":
        # The wide table scrolls inside its own container instead.
        scroller = page.locator(".table-scroll")
        assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")


@pytest.mark.parametrize(
    "path",
    [
        "/programmas/sw-2015/plannen/AM01/geschiedenis/",
        "/programmas/sw-2015/plannen/AM01/versies/1/",
    ],
)
def test_a_table_of_changes_fits_a_phone_one_change_under_the_other(site, new_page, path):
    """Three columns (what, before, after) do not fit 390 px: the amounts and long words were
    cut off at the edge. On a phone each change is a block, its values named."""
    page = new_page(viewport={"width": 390, "height": 844})
    log_in(page, site, "bureau", path)
    tables = page.locator("table.table--changes")
    assert tables.count() >= 1
    too_wide = tables.evaluate_all(
        "ts => ts.filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).length"
    )
    assert too_wide == 0, f"{too_wide} table(s) of changes scroll sideways at 390 px"
    cell = tables.first.locator("tbody td").first
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Oud: "', label
    assert page.locator(".scroll-hint").count() == 0
    # On a wide screen it stays a table with its column headings.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert tables.first.locator("thead th").first.is_visible()
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"


def test_office_sorts_the_plans_by_a_column_with_mouse_and_keyboard(site, new_page):
    page = new_page()
    log_in(page, site, "bureau", "/programmas/sw-2015/plannen/")
    table = page.locator("table[data-sortable]")
    header = table.locator("thead th").nth(3)  # Gevraagde subsidie
    expect(header).not_to_have_attribute("aria-sort", re.compile("."))

    def asked() -> list[str]:
        return table.locator("tbody tr td:nth-child(4)").evaluate_all(
            "cells => cells.map(cell => cell.dataset.sortValue)"
        )

    server_order = asked()
    amounts = [float(value) for value in server_order if value]
    assert len(amounts) > 10 and amounts != sorted(amounts), "the test needs an unsorted column"

    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    ascending = asked()
    filled = [value for value in ascending if value]
    assert [float(value) for value in filled] == sorted(amounts)
    assert ascending[len(filled) :] == [""] * (len(ascending) - len(filled)), "empty rows last"

    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    descending = [float(value) for value in asked() if value]
    assert descending == sorted(amounts, reverse=True)
    # The totals stay below, unsorted.
    expect(table.locator("tfoot tr")).to_have_count(1)
    assert sorted(asked()) == sorted(server_order), "no row lost or doubled"


def test_every_text_is_in_the_theme_s_sans_serif_font(site, new_page):
    """The community components read their own font token; when it was missing, headings,
    text, table cells and labels fell back to the browser's serif default (issue 22)."""
    page = new_page()
    log_in(page, site, WRITER, WRITER_FORM)
    families = page.evaluate(
        """() => [...document.querySelectorAll('body, h1, h2, p, td, th, label, input, button, a')]
            .map(e => getComputedStyle(e).fontFamily)"""
    )
    assert len(families) > 20
    # The browser's default computes as "Times New Roman"; a serif stack ends in `serif`.
    serif = {
        family
        for family in families
        if "Times" in family or family.rstrip().removesuffix("sans-serif").endswith("serif")
    }
    assert serif == set(), serif


# What the theme's tokens compute to, read from the page itself (so a changed token is no
# failure, a component that stops reading the tokens is), against what a sample of elements
# show: their font is the theme's, and each text and ground colour is one of the theme's.
TOKENS = """names => {
    const probe = document.createElement("span");
    document.body.append(probe);
    const colours = {};
    for (const name of names) {
        probe.style.color = "";
        probe.style.color = `var(${name})`;
        const value = getComputedStyle(probe).color;
        probe.style.color = "rgb(1, 2, 3)";
        probe.style.color = `var(${name}, rgb(1, 2, 3))`;
        if (value && getComputedStyle(probe).color !== "rgb(1, 2, 3)") colours[name] = value;
    }
    probe.remove();
    const root = getComputedStyle(document.documentElement);
    return {font: root.getPropertyValue("--utrecht-document-font-family").trim(), colours};
}"""
SAMPLE = """() => {
    const style = selector => [...document.querySelectorAll(selector)].slice(0, 8)
        .map(e => getComputedStyle(e))
        .map(s => ({selector, font: s.fontFamily, color: s.color, background: s.backgroundColor}));
    return [
        ...style("body"), ...style("main h1"), ...style("main h2"), ...style("main p"),
        ...style("main th"), ...style("main td"), ...style("main label"), ...style("main input"),
        ...style("main select"), ...style("main textarea"), ...style("main .badge"),
        ...style("main .state"), ...style("main a:not([class*=button])"), ...style("main dd"),
        ...style(".site-header"), ...style(".site-header a"), ...style(".programme-nav"),
    ];
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/programmas/sw-2015/",  # tables, buttons
        WRITER_FORM,  # a form (its region's contact: the office may not edit a plan)
        "/programmas/sw-2015/rondes/",  # states and badges
        "/programmas/sw-2015/rapportage/",  # key figures, charts
        "/programmas/sw-2015/inrichting/",  # set-up
    ],
)
def test_every_component_reads_the_theme_s_tokens(site, new_page, path):
    """Font, text and ground colours of a sample of elements are the theme's tokens
    (sectorplan/theme.css), on pages with forms, tables, states and figures; a component
    that falls back to the browser's own style or a colour of its own fails (issue 22)."""
    from tests.core.test_theme_css import theme_tokens

    page = new_page()
    log_in(page, site, WRITER if path == WRITER_FORM else "bureau", path)
    tokens = page.evaluate(TOKENS, sorted(theme_tokens()))
    colours = set(tokens["colours"].values())
    assert "sans-serif" in tokens["font"] and len(colours) > 10
    sample = page.evaluate(SAMPLE)
    kinds = {item["selector"] for item in sample}
    assert {"body", "main h1", "main p", ".site-header"} <= kinds, kinds
    font = tokens["font"].replace('"', "").replace(" ", "")
    transparent = "rgba(0, 0, 0, 0)"
    wrong = []
    for item in sample:
        if item["font"].replace('"', "").replace(" ", "") != font:
            wrong.append(f"{item['selector']}: font {item['font']}")
        if item["color"] not in colours:
            wrong.append(f"{item['selector']}: text in {item['color']}, no colour of the theme")
        if item["background"] not in (*colours, transparent):
            wrong.append(f"{item['selector']}: ground {item['background']}, not the theme's")
    header = next(item for item in sample if item["selector"] == ".site-header")
    assert header["background"] == tokens["colours"]["--utrecht-page-header-background-color"]
    assert wrong == [], "\n".join(sorted(set(wrong)))
