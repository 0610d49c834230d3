"""The office creates a second programme in the admin, through the same service as the CLI."""

from sectorplan.programmes.models import AllocationPublication, Programme


def test_office_creates_a_programme_from_a_template_in_the_admin(as_office):
    response = as_office.post(
        "/admin/programmes/programme/add/",
        {
            "slug": "tweede",
            "name": "Tweede programma",
            "template_code": "provinciaal-voorbeeld",
            "budget": "1200000",
            "cofinancing_ratio": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = Programme.objects.get(slug="tweede")
    assert programme.participations.count() == 12
    assert programme.themes.count() == 2
    assert str(programme.cofinancing_ratio) == "0.5000"
    assert programme.history.first().history_user.username == "bureau"


def test_admin_refuses_a_bad_budget_and_keeps_the_input(as_office):
    response = as_office.post(
        "/admin/programmes/programme/add/",
        {
            "slug": "derde",
            "name": "Derde programma",
            "template_code": "sw-sectorplannen-2015",
            "budget": "10.001",
            "cofinancing_ratio": "1",
        },
    )
    assert response.status_code == 200
    assert not Programme.objects.filter(slug="derde").exists()
    assert 'value="Derde programma"' in response.content.decode()


def test_publications_cannot_be_changed_in_the_admin(as_office):
    publication = AllocationPublication.objects.get()
    url = f"/admin/programmes/allocationpublication/{publication.pk}/change/"
    assert as_office.get(url).status_code == 200  # readable
    as_office.post(url, {"budget": "1"})
    publication.refresh_from_db()
    assert publication.budget == 30_000_000


def test_region_contacts_have_no_admin(as_region_contact):
    response = as_region_contact.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
