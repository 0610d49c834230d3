"""The installation's look: brand colour, name and logo from the settings, on every page."""

import re

import pytest
from django.core import checks
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from sectorplan.core import theme

DEFAULT = {"name": "sectorplan", "colour": "#154273", "logo": ""}


def test_contrast_follows_wcag_on_known_pairs():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # #767676 is the well-known lightest grey that passes AA on white: 4.54:1.
    assert theme.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)
    assert theme.contrast("#777777", "#ffffff") < theme.MINIMUM_CONTRAST


def test_palette_runs_from_light_to_dark_around_the_brand_colour():
    shades = theme.palette("#154273")
    assert shades[500] == "#154273"
    assert list(shades) == [50, 100, 200, 300, 400, 500, 600, 700]
    against_white = [theme.contrast(shades[shade], "#ffffff") for shade in shades]
    assert against_white == sorted(against_white), "each shade is darker than the one before"
    assert theme.contrast(shades[50], "#ffffff") < 1.2
    assert theme.mix("#000000", 1.0) == "#ffffff"
    assert theme.mix("#ffffff", -1.0) == "#000000"


def test_stylesheet_holds_every_shade_as_a_custom_property():
    css = theme.stylesheet("#7a1f3d")
    assert css.startswith(".sectorplan-theme {")
    assert "--sectorplan-brand-500: #7a1f3d;" in css
    assert len(re.findall(r"--sectorplan-brand-\d+: #[0-9a-f]{6};", css)) == 8


def _errors(settings, **theme_settings):
    settings.THEME = {**DEFAULT, **theme_settings}
    return [problem.id for problem in theme.check_theme(None) if problem.level >= checks.ERROR]


def test_checks_accept_the_default_theme(settings):
    assert _errors(settings) == []


@pytest.mark.parametrize("colour", ["blue", "#12345", "154273", "#15427g"])
def test_checks_refuse_a_colour_that_is_no_hex_colour(settings, colour):
    assert _errors(settings, colour=colour) == ["sectorplan.E101"]


def test_checks_refuse_a_colour_white_text_cannot_be_read_on(settings):
    # Yellow: white on it is about 1.1:1.
    assert _errors(settings, colour="#ffd700") == ["sectorplan.E102"]


def test_checks_refuse_a_missing_logo_and_a_logo_of_another_type(settings, tmp_path):
    assert _errors(settings, logo=str(tmp_path / "gone.svg")) == ["sectorplan.E103"]
    program = tmp_path / "logo.exe"
    program.write_bytes(b"MZ")
    assert _errors(settings, logo=str(program)) == ["sectorplan.E104"]


def test_the_command_line_check_stops_on_a_bad_colour(cli_process):
    result = cli_process("check", THEME_COLOUR="#ffff00")
    assert result.returncode != 0
    assert "sectorplan.E102" in result.stderr


@pytest.mark.django_db
def test_theme_stylesheet_is_served_for_a_year_with_the_brand_colour(settings):
    settings.THEME = {**DEFAULT, "colour": "#7a1f3d"}
    response = Client().get(reverse("theme-css"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert "--sectorplan-brand-500: #7a1f3d;" in response.content.decode()


@pytest.mark.django_db
def test_without_a_logo_its_address_is_not_found(settings):
    settings.THEME = DEFAULT
    assert Client().get(reverse("theme-logo")).status_code == 404


def _page(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


@pytest.mark.django_db
def test_pages_carry_the_name_the_logo_and_a_stylesheet_address_that_changes_with_the_colour(
    settings, tmp_path
):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    settings.THEME = {"name": "Regiofonds Noord", "colour": "#7a1f3d", "logo": str(logo)}
    client = Client()
    page = _page(client, reverse("login"))
    assert page.findtext(".//title").endswith("– Regiofonds Noord")
    assert "Regiofonds Noord" in page.find_class("site-header__brand")[0].text_content()
    assert "sectorplan" in page.find_class("site-footer")[0].text_content()
    stylesheets = page.xpath("//link[@rel='stylesheet']/@href")
    themed = [href for href in stylesheets if href.startswith(reverse("theme-css"))]
    assert len(themed) == 1
    assert stylesheets.index(themed[0]) < len(stylesheets) - 1, "our own sheet comes last"
    [logo_src] = page.xpath("//img[contains(@class, 'site-header__logo')]/@src")
    served = client.get(logo_src)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(served.streaming_content)

    settings.THEME = {**settings.THEME, "colour": "#154273"}
    again = _page(client, reverse("login")).xpath("//link[@rel='stylesheet']/@href")
    assert themed[0] not in again, "a new colour gets a new address past the year's cache"


def _nav(client, url):
    page = _page(client, url)
    [nav] = page.find_class("programme-nav")
    links = nav.find_class("programme-nav__list")[0].xpath(".//a")
    return {link.text_content(): link.get("aria-current") for link in links}


def test_programme_nav_shows_a_region_contact_their_region_and_no_office_parts(as_region_contact):
    parts = _nav(as_region_contact, reverse("round-overview", args=["sw-2015"]))
    assert list(parts) == ["Overview", "My region AM01", "Plans", "Reports", "Knowledge",
                           "Open data"]  # fmt: skip
    assert parts["Reports"] == "page"
    assert [part for part, current in parts.items() if current] == ["Reports"]


def test_programme_nav_shows_the_office_every_part_and_marks_the_part_a_page_is_in(as_office):
    parts = _nav(as_office, reverse("practice-list", args=["sw-2015"]))
    assert list(parts) == ["Overview", "Plans", "Reports", "National reporting", "Knowledge",
                           "People", "Open data"]  # fmt: skip
    # The practices lie within Knowledge: "true", not "page".
    assert parts["Knowledge"] == "true"
    assert [part for part, current in parts.items() if current] == ["Knowledge"]


def test_programme_nav_shows_the_ministry_the_national_reporting(as_ministry):
    parts = _nav(as_ministry, reverse("dashboard", args=["sw-2015"]))
    assert "National reporting" in parts and "People" not in parts
    assert parts["National reporting"] == "page"


def test_the_management_pages_carry_the_installation_s_name_colour_and_font(settings, as_office):
    """Django's admin reads the theme's tokens (sectorplan/admin.css) and names the
    installation, instead of Django's own blue and its own title."""
    settings.THEME = {"name": "Regiofonds Noord", "colour": "#7a1f3d", "logo": ""}
    for url in ("/admin/", "/admin/programmes/programme/"):
        page = _page(as_office, url)
        assert "sectorplan-theme" in page.find("body").get("class").split()
        name = page.get_element_by_id("site-name").text_content()
        assert name.startswith("Regiofonds Noord") and name.endswith("Management"), name
        stylesheets = page.xpath("//link[@rel='stylesheet']/@href")
        assert [h for h in stylesheets if h.startswith(reverse("theme-css"))], stylesheets
        ours = [n for n, href in enumerate(stylesheets) if href.endswith("sectorplan/admin.css")]
        django_s = [n for n, href in enumerate(stylesheets) if href.endswith("admin/css/base.css")]
        assert ours and django_s and django_s[0] < ours[0], stylesheets
