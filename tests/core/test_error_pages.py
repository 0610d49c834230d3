"""The error pages in the house style: 404 and 403 within the site, 500 on its own."""

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_server_error_page_stands_alone_and_shows_no_trace():
    response = server_error(RequestFactory().get("/programmas/sw-2015/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl" class="sectorplan-theme">' in page  # the theme's tokens apply
    assert "theme.css" in page
    assert 'class="site-header"' in page and "sectorplan.css" in page
    assert "Er ging iets mis" in page and "Something went wrong" in page
    assert "Traceback" not in page and "{%" not in page


def test_another_regions_plan_is_not_found_in_the_site_layout(as_region_contact):
    response = as_region_contact.get(reverse("plan-detail", args=["sw-2015", "AM02"]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page
    assert 'class="site-header"' in page and "Uitloggen" in page
    assert "AM02" not in page.split("<main", 1)[1], "the page names nothing of the other region"


def test_the_office_page_is_forbidden_to_a_region_in_the_site_layout(as_region_contact):
    response = as_region_contact.get(reverse("people-list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="site-header"' in page and "Uitloggen" in page
