"""The office's set-up pages: themes, activity types, indicators, rounds and deadlines kept
outside the admin, with their history; changes to what plans or reports use are refused
with the reason, and the form keeps what was typed."""

from datetime import date

import pytest
from django.urls import reverse

from sectorplan.accounts.models import AuditEvent
from sectorplan.programmes.models import ActivityType, Indicator, Round, Theme
from tests.plans.conftest import draft_plan_granted


def url(name, programme, *args):
    return reverse(name, args=[programme.slug, *args])


def test_the_overview_lists_the_programme_in_a_fixed_number_of_queries(
    as_office, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        page = as_office.get(url("setup", demo))
    assert page.status_code == 200
    for theme in demo.themes.all():
        assert theme.label_nl in page.text
    assert "7 dagen vóór de deadline" in page.text
    assert all(r.label_nl in page.text for r in demo.rounds.all())


def test_a_theme_and_an_activity_type_are_added_with_codes_from_their_names(as_office, demo):
    response = as_office.post(
        url("setup-add", demo, "themas"), {"label_nl": "4. Werkgevers", "label_en": "4. Employers"}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(programme=demo, label_nl="4. Werkgevers")
    assert theme.code == "werkgevers"
    as_office.post(
        url("setup-add", demo, "activiteiten"),
        {"label_nl": "Werkgeversnetwerk", "theme": theme.pk},
    )
    kind = ActivityType.objects.get(programme=demo, code="werkgeversnetwerk")
    assert kind.theme == theme
    # Renamed: the code stays.
    as_office.post(
        url("setup-edit", demo, "activiteiten", kind.code),
        {"label_nl": "Netwerk van werkgevers", "theme": theme.pk},
    )
    kind.refresh_from_db()
    assert (kind.code, kind.label_nl) == ("werkgeversnetwerk", "Netwerk van werkgevers")
    changes = [
        key
        for event in AuditEvent.objects.filter(action="programme.setup")
        for key in event.changes
    ]
    assert "activity type werkgeversnetwerk label_nl" in changes
    history = as_office.get(url("programme-history", demo))
    assert "Inrichting van het programma gewijzigd" in history.text


def test_what_plans_use_is_not_deleted_nor_moved(as_office, demo):
    plan, _decision = draft_plan_granted(demo)
    used = plan.activities.first().activity_type
    other_theme = demo.themes.exclude(pk=used.theme_id).first()
    response = as_office.post(
        url("setup-edit", demo, "activiteiten", used.code),
        {"label_nl": "Nieuwe naam", "theme": other_theme.pk},
    )
    assert response.status_code == 400
    assert "blijft daar" in response.text
    assert 'value="Nieuwe naam"' in response.text  # what was typed stays
    response = as_office.post(url("setup-edit", demo, "activiteiten", used.code), {"delete": "1"})
    assert response.status_code == 400
    assert "wordt gebruikt door plannen of rapportages" in response.text
    assert ActivityType.objects.filter(pk=used.pk, theme=used.theme).exists()
    theme = used.theme
    response = as_office.post(url("setup-edit", demo, "themas", theme.code), {"delete": "1"})
    assert "heeft nog activiteitstypen" in response.text


def test_an_indicator_with_figures_keeps_its_unit(as_office, demo):
    plan, _decision = draft_plan_granted(demo)
    indicator = Indicator.objects.filter(programme=demo).first()
    plan.targets.create(indicator=indicator, target=10)
    response = as_office.post(
        url("setup-edit", demo, "indicatoren", indicator.code),
        {"label_nl": indicator.label_nl, "unit_nl": "uren"},
    )
    assert response.status_code == 400
    assert "een andere eenheid zou hun betekenis veranderen" in response.text
    indicator.refresh_from_db()
    assert indicator.unit_nl != "uren"


def test_a_round_with_dates_and_reminder_days(as_office, demo):
    response = as_office.post(
        url("setup-add", demo, "rondes"),
        {
            "label_nl": "Extra meting",
            "opens_on": "2017-01-10",
            "deadline": "2017-02-01",
            "days_before": "7, 1",
            "days_after": "0, 3",
        },
    )
    assert response.status_code == 302
    round_ = Round.objects.get(programme=demo, code="extra-meting")
    assert round_.deadline == date(2017, 2, 1)
    assert round_.reminder_days == [-7, -1, 0, 3]
    form = as_office.get(url("setup-edit", demo, "rondes", round_.code))
    assert 'value="7, 1"' in form.text and 'value="0, 3"' in form.text
    response = as_office.post(
        url("setup-edit", demo, "rondes", round_.code),
        {
            "label_nl": "Extra meting",
            "opens_on": "2017-03-01",
            "deadline": "2017-02-01",
            "days_before": "een week",
        },
    )
    assert response.status_code == 200  # the form's own error: not a number of days
    assert "Geef hele aantallen dagen" in response.text
    response = as_office.post(
        url("setup-edit", demo, "rondes", round_.code),
        {"label_nl": "Extra meting", "opens_on": "2017-03-01", "deadline": "2017-02-01"},
    )
    assert response.status_code == 400
    assert "De deadline ligt vóór de opening van de ronde." in response.text
    as_office.post(url("setup-edit", demo, "rondes", round_.code), {"delete": "1"})
    assert not Round.objects.filter(pk=round_.pk).exists()


def test_the_deadlines_of_the_programme(as_office, demo):
    response = as_office.post(
        url("setup-deadlines", demo),
        {"starts_on": "2015-04-01", "plan_deadline": "2015-10-01", "ends_on": "2017-02-28"},
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.plan_deadline == date(2015, 10, 1)
    assert demo.history.first().history_user.username == "bureau"


@pytest.mark.parametrize("client", ["as_ministry", "as_region_contact"])
def test_only_the_office_sets_up(client, request, demo):
    assert request.getfixturevalue(client).get(url("setup", demo)).status_code == 403


def test_an_ended_programme_is_shown_read_only_and_refuses_changes(as_office, demo):
    """Once the programme is closed its set-up stands: the pages show it without buttons,
    and a change or a deletion posted anyway changes nothing and gets the plan page's reason
    (issue 22)."""
    from sectorplan.programmes.constants import ProgrammeStatus

    reason = "Het programma is afgesloten: er kan niets meer in veranderen."
    theme = demo.themes.first()
    demo.status = ProgrammeStatus.CLOSED
    demo.save(update_fields=["status"])
    overview = as_office.get(url("setup", demo)).text
    assert reason in overview
    assert "Hier past u" not in overview and "zoals ze waren toen het eindigde" in overview
    assert url("setup-add", demo, "themas") not in overview
    assert url("setup-deadlines", demo) not in overview
    assert ">Bekijken<" in overview and ">Wijzigen<" not in overview
    for page in (url("setup-edit", demo, "themas", theme.code), url("setup-deadlines", demo)):
        shown = as_office.get(page)
        assert shown.status_code == 200 and reason in shown.text
        assert ">Opslaan<" not in shown.text and 'name="delete"' not in shown.text
        assert " disabled" in shown.text
    # The read-only page is named after what it shows, not after a change it cannot make.
    shown = as_office.get(url("setup-edit", demo, "themas", theme.code)).text
    assert f'<h1>Thema <span class="muted">{theme.label}</span></h1>' in shown
    assert "Thema wijzigen" not in shown
    before = AuditEvent.objects.filter(action="programme.setup").count()
    posts = [
        (url("setup-edit", demo, "themas", theme.code), {"label_nl": "Anders", "label_en": "X"}),
        (url("setup-edit", demo, "themas", theme.code), {"delete": "1"}),
        (url("setup-deadlines", demo), {"starts_on": "2015-05-01", "ends_on": "2017-02-28"}),
    ]
    for page, data in posts:
        refused = as_office.post(page, data)
        assert refused.status_code == 400 and reason in refused.text, page
        assert ">Opslaan<" not in refused.text
    # Nothing can be added: the add page sends the office back to the set-up with the reason.
    added = as_office.post(
        url("setup-add", demo, "themas"), {"label_nl": "4. Werkgevers", "label_en": "4. E"}
    )
    assert added.status_code == 302 and added.url == url("setup", demo)
    assert reason in as_office.get(added.url).text
    theme.refresh_from_db()
    demo.refresh_from_db()
    assert theme.label_nl != "Anders" and Theme.objects.filter(pk=theme.pk).exists()
    assert not demo.themes.filter(label_nl="4. Werkgevers").exists()
    assert demo.starts_on != date(2015, 5, 1)
    assert AuditEvent.objects.filter(action="programme.setup").count() == before
