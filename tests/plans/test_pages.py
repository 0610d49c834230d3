"""The plan pages (issue 4): one plan from an empty draft to paid and settled through the
pages, acting as each role in turn and checking what each role may do at each step; every
case of the issue's "Bad input" section; who sees which advice; query counts.

The demo has no plans: each test builds its own through the pages or the services. Where UI
text matters the client asks for English (the Dutch catalogue is filled separately).
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sectorplan.accounts.models import User
from sectorplan.plans import services
from sectorplan.plans.constants import SUBMITTED_OR_LATER, ExtensionState, PlanState
from sectorplan.plans.models import (
    Activity,
    Advice,
    Attachment,
    BudgetLine,
    Decision,
    Extension,
    Payment,
    Plan,
    PlanVersion,
    ReviewComment,
    Settlement,
)
from sectorplan.programmes.constants import OrganisationKind
from sectorplan.programmes.models import ActivityType, Organisation, Region
from sectorplan.workflow.history import step_history
from tests.conftest import log_in

BASE = "/programmas/sw-2015/plannen/"
AM01 = BASE + "AM01/"
AM02 = BASE + "AM02/"
NBSP = "\u00a0"


@pytest.fixture
def demo(demo):
    """The demo programme without plans, whatever the demo holds: each test builds its own."""
    wipe_plans()
    return demo


def wipe_plans() -> None:
    # Money and verdicts are protected against deleting a plan by accident; here it is meant.
    Payment.objects.all().delete()
    Settlement.objects.all().delete()
    Advice.objects.all().delete()
    Decision.objects.all().delete()
    Plan.objects.all().delete()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files land in the test's own directory, never in the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Helpers ---------------------------------------------------------------------------------


def login(username: str) -> Client:
    return log_in(Client(), User.objects.get(username=username))


def user(username: str) -> User:
    return User.objects.get(username=username)


def get(client: Client, url: str, status: int = 200):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status, (url, response.status_code)
    return response


def post(client: Client, url: str, data: dict, status: int = 302):
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status, (url, response.status_code, main_of(response))
    return response


def main_of(response) -> str:
    """The page's <main>, so header and footer text cannot make an assertion pass."""
    match = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    return match.group(0) if match else response.content.decode()[:2000]


def actions_on(html: str) -> list[str]:
    """The workflow actions the page offers, in page order."""
    return re.findall(r'data-action="(\w+)"', html)


def lock_on(html: str) -> int:
    return int(re.search(r'name="lock_version" value="(\d+)"', html).group(1))


def action_url(code: str, action: str) -> str:
    return f"{BASE}{code}/actie/{action}/"


def plan_at(code: str) -> Plan:
    return Plan.objects.get(programme__slug="sw-2015", region__code=code)


def footprint(plan: Plan) -> tuple:
    """Everything a refused step must leave as it was."""
    plan = Plan.objects.get(pk=plan.pk)
    return (
        plan.state,
        plan.lock_version,
        plan.title,
        plan.ends_on,
        PlanVersion.objects.filter(plan=plan).count(),
        len(step_history(plan)),
        Activity.objects.filter(plan=plan).count(),
        BudgetLine.objects.filter(activity__plan=plan).count(),
        Advice.objects.filter(plan=plan).count(),
        Decision.objects.filter(plan=plan).count(),
        Payment.objects.filter(plan=plan).count(),
        Settlement.objects.filter(plan=plan).count(),
        Extension.objects.filter(plan=plan).count(),
        ReviewComment.objects.filter(plan=plan).count(),
        Attachment.objects.filter(plan=plan).count(),
    )


def region(demo, code: str) -> Region:
    return Region.objects.get(region_set=demo.region_set, code=code)


def sw_companies(region_: Region) -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind=OrganisationKind.SW_COMPANY, regions=region_).order_by(
            "name"
        )
    )


def activity_types(demo) -> list[ActivityType]:
    return list(ActivityType.objects.filter(programme=demo).select_related("theme"))


def complete_plan(demo, code: str = "AM01", subsidy="500000", cofinancing="500000") -> Plan:
    """A draft with everything submission needs, written through the services."""
    the_region = region(demo, code)
    contact = user(f"regio-{code.lower()}")
    plan = services.plan_for_region(programme=demo, region=the_region)
    plan = services.plan_update(
        plan=plan,
        by=contact,
        lock_version=plan.lock_version,
        companies=sw_companies(the_region)[:2],
        title=f"Sectorplan {the_region.name}",
        summary="Samen naar werk.",
        contact_name="Jan Jansen",
        contact_email="jan@example.org",
        contact_phone="010-1234567",
    )
    services.activity_save(
        plan=plan,
        by=contact,
        lock_version=plan.lock_version,
        activity=None,
        data={
            "activity_type": activity_types(demo)[0],
            "title": "Werk naar werk",
            "description": "Begeleiding",
            "target_group": "Wsw-medewerkers",
            "people_per_year": 40,
            "planned_results": "30 plaatsingen",
            "starts_on": date(2015, 10, 1),
            "ends_on": date(2016, 12, 31),
        },
        budget_lines=[
            {
                "description": "Jobcoaches",
                "subsidy": Decimal(subsidy),
                "cofinancing": Decimal(cofinancing),
                "cofinancing_source": "centrumgemeente",
            }
        ],
    )
    return Plan.objects.get(pk=plan.pk)


def take(plan: Plan, action: str, username: str, **payload) -> Plan:
    return services.plan_transition(plan=plan, action=action, by=user(username), **payload)


def to_advice(demo, code: str = "AM01", **amounts) -> Plan:
    """A complete plan, submitted, confirmed and open for advice."""
    plan = complete_plan(demo, code, **amounts)
    plan = take(plan, "submit", f"regio-{code.lower()}")
    plan = take(plan, "confirm_cofinancing", f"gemeente-{code.lower()}")
    return take(plan, "open_advice", "bureau")


def to_granted(demo, code: str = "AM01", amount="500000") -> Plan:
    plan = to_advice(demo, code)
    plan = take(plan, "advise", "vng", verdict="positief", motivation="Goed plan.")
    return take(plan, "grant", "szw", amount=Decimal(amount), decided_on=date(2015, 10, 15))


# --- The whole way, through the pages --------------------------------------------------------


@pytest.fixture
def everyone(demo):
    """Every party that looks at AM01's plan, logged in."""
    return {
        name: login(name)
        for name in ("regio-am01", "gemeente-am01", "bureau", "szw", "vng", "sociale-partners")
    }


def check_actions(everyone: dict, expected: dict[str, list[str]]) -> None:
    """Each party's page of AM01's plan offers exactly the expected actions."""
    for name, client in everyone.items():
        page = main_of(get(client, AM01))
        assert actions_on(page) == expected.get(name, []), name


def test_one_plan_from_empty_draft_to_settled_through_the_pages(demo, everyone):
    regio, gemeente, bureau = everyone["regio-am01"], everyone["gemeente-am01"], everyone["bureau"]
    szw, vng, partners = everyone["szw"], everyone["vng"], everyone["sociale-partners"]
    am01 = region(demo, "AM01")

    # Nobody has started: the office sees "not started", the region contact's first visit
    # creates the draft (with the programme's end date), with only "submit" on offer.
    assert "not started" in main_of(get(bureau, BASE))
    assert "has not started its plan" in main_of(get(bureau, AM01))
    page = main_of(get(regio, AM01.lower()))  # codes are case-insensitive
    plan = plan_at("AM01")
    assert plan.state == PlanState.DRAFT
    assert plan.ends_on == demo.execution_ends_on
    assert actions_on(page) == ["submit"]
    assert "The plan has no title." in page  # what is missing, while editable
    check_actions(everyone, {"regio-am01": ["submit"]})

    # The region writes the general part, two activities and an attachment.
    form = main_of(get(regio, AM01 + "bewerken/"))
    companies = sw_companies(am01)
    assert all(company.name in form for company in companies)
    post(
        regio,
        AM01 + "bewerken/",
        {
            "lock_version": lock_on(form),
            "title": "Samen sterk in Groot Amsterdam",
            "summary": "Wij begeleiden Wsw-medewerkers naar regulier werk.",
            "companies": [companies[0].pk, companies[1].pk],
            "contact_name": "Jan Jansen",
            "contact_email": "jan@example.org",
            "contact_phone": "020-1234567",
            "ends_on": "2016-12-31",
        },
    )
    types = activity_types(demo)
    for activity_type, title, lines in [
        (types[0], "Van werk naar werk", [("Jobcoaches", "600.000,00", "600.000,00")]),
        (
            types[4],
            "Opleiding jobcoach",
            [("Cursus", "250.000,00", "300.000,00"), ("Intervisie", "150000", "150.000,00")],
        ),
    ]:
        form = main_of(get(regio, AM01 + "activiteiten/nieuw/"))
        post(
            regio,
            AM01 + "activiteiten/nieuw/",
            activity_post(lock_on(form), activity_type, title, lines),
        )
    page = main_of(get(regio, AM01))
    post(
        regio,
        AM01 + "bijlagen/",
        {"file": SimpleUploadedFile("begroting.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
    )
    plan = plan_at("AM01")
    assert plan.title == "Samen sterk in Groot Amsterdam"
    assert sorted(plan.companies.values_list("pk", flat=True)) == sorted(
        [companies[0].pk, companies[1].pk]
    )
    assert [a.title for a in plan.activities.all()] == ["Van werk naar werk", "Opleiding jobcoach"]
    assert Attachment.objects.get(plan=plan).name == "begroting.pdf"

    page = main_of(get(regio, AM01))
    assert "Before the plan can be submitted" not in page
    assert "€1,000,000.00" in page  # subsidy asked
    assert "€1,050,000.00" in page  # co-financing
    assert "€1,656,938.23" in page  # the allocation
    assert "does not meet the programme's rules" not in page

    # Submit: to the central municipality.
    post(regio, action_url("AM01", "submit"), {"lock_version": lock_on(page)})
    assert plan_at("AM01").state == PlanState.AT_MUNICIPALITY
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    check_actions(everyone, {"gemeente-am01": ["confirm_cofinancing", "return_to_region"]})
    assert "Edit the general part" not in main_of(get(regio, AM01))
    get(regio, AM01 + "bewerken/", status=302)  # no longer editable: back to the plan

    # The central municipality confirms the co-financing: the plan reaches the office.
    page = main_of(get(gemeente, AM01))
    post(gemeente, action_url("AM01", "confirm_cofinancing"), {"lock_version": lock_on(page)})
    assert plan_at("AM01").state == PlanState.SUBMITTED
    check_actions(everyone, {"bureau": ["request_changes", "open_advice"]})

    # The office opens it for advice.
    page = main_of(get(bureau, AM01))
    post(bureau, action_url("AM01", "open_advice"), {"lock_version": lock_on(page)})
    assert plan_at("AM01").state == PlanState.IN_ADVICE
    check_actions(
        everyone,
        {
            "bureau": ["advise"],
            "vng": ["advise"],
            "sociale-partners": ["advise"],
            "szw": ["grant", "reject"],
        },
    )

    # VNG advises; it then sees its own advice, but the others have not advised yet.
    page = main_of(get(vng, AM01))
    post(
        vng,
        action_url("AM01", "advise"),
        {"lock_version": lock_on(page), "verdict": "positief", "motivation": "Sterk regionaal."},
    )
    page = main_of(get(vng, AM01))
    assert actions_on(page) == []
    assert "Your party has advised on this version: Positive." in page
    assert "Sterk regionaal." in page
    # Sociale partners have not advised: VNG's advice stays hidden from them.
    page = main_of(get(partners, AM01))
    assert "Sterk regionaal." not in page
    post(
        partners,
        action_url("AM01", "advise"),
        {
            "lock_version": lock_on(page),
            "verdict": "positief_onder_voorwaarden",
            "motivation": "Let op de begeleiding.",
        },
    )
    page = main_of(get(partners, AM01))
    assert "Sterk regionaal." in page and "Let op de begeleiding." in page
    # The region does not see advice before the decision; the ministry sees all.
    assert "Sterk regionaal." not in main_of(get(regio, AM01))
    assert "Let op de begeleiding." in main_of(get(szw, AM01))
    check_actions(everyone, {"bureau": ["advise"], "szw": ["grant", "reject"]})

    # The ministry grants, with the amount typed the Dutch way.
    page = main_of(get(szw, AM01))
    post(
        szw,
        action_url("AM01", "grant"),
        {"lock_version": lock_on(page), "amount": "1.000.000,00", "decided_on": "2015-10-15"},
    )
    plan = plan_at("AM01")
    assert plan.state == PlanState.GRANTED
    decision = Decision.objects.get(plan=plan)
    assert (decision.granted, decision.amount, decision.decided_on) == (
        True,
        Decimal("1000000.00"),
        date(2015, 10, 15),
    )
    check_actions(
        everyone,
        {"bureau": ["register_payment", "settle"], "regio-am01": ["request_extension", "amend"]},
    )
    page = main_of(get(regio, AM01))
    assert "Sterk regionaal." in page  # decided: the region reads the advice now
    assert "Granted: €1,000,000.00" in page

    # The office pays in two instalments.
    for amount, reference in [("600.000,00", "BZK-2015-001"), ("400000", "BZK-2016-001")]:
        page = main_of(get(bureau, AM01))
        post(
            bureau,
            action_url("AM01", "register_payment"),
            {
                "lock_version": lock_on(page),
                "amount": amount,
                "paid_on": "2015-11-01",
                "reference": reference,
            },
        )
    assert sum(p.amount for p in Payment.objects.filter(plan=plan)) == Decimal("1000000")
    page = main_of(get(bureau, AM01))
    assert "BZK-2016-001" in page
    assert re.search(r"Total paid</th>\s*<td class=\"num\">€1,000,000.00", page)

    # … and settles at less than was paid: the difference is to be reclaimed.
    post(
        bureau,
        action_url("AM01", "settle"),
        {
            "lock_version": lock_on(page),
            "amount": "950.000,00",
            "settled_on": "2017-06-01",
            "note": "Minder besteed.",
        },
    )
    plan = plan_at("AM01")
    assert plan.state == PlanState.SETTLED
    assert Settlement.objects.get(plan=plan).amount == Decimal("950000")
    check_actions(everyone, {})
    page = main_of(get(regio, AM01))
    assert re.search(r"To reclaim</dt><dd>€50,000.00", page)

    # The history shows every step, and the overview the money.
    steps = [event.action for event in step_history(plan)]
    assert steps == [
        "submit",
        "confirm_cofinancing",
        "open_advice",
        "advise",
        "advise",
        "grant",
        "register_payment",
        "register_payment",
        "settle",
    ]
    for label in ["Confirm co-financing", "Open for advice", "Settle (vaststelling)"]:
        assert label in page
    overview = main_of(get(bureau, BASE))
    row = re.search(r"<tr>\s*<td>AM01</td>.*?</tr>", overview, re.S).group(0)
    assert "Settled" in row
    assert row.count("€1,000,000.00") == 3  # asked, granted, paid


def activity_post(lock: int, activity_type, title: str, lines, **fields) -> dict:
    data = {
        "lock_version": lock,
        "activity_type": activity_type.pk,
        "title": title,
        "description": fields.get("description", "Wat we doen."),
        "target_group": "Wsw-medewerkers",
        "people_per_year": fields.get("people_per_year", "25"),
        "planned_results": "Plaatsingen",
        "starts_on": "2015-10-01",
        "ends_on": "2016-12-31",
        "lines-TOTAL_FORMS": str(len(lines) + 3),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    for index, (description, subsidy, cofinancing) in enumerate(lines):
        data.update(
            {
                f"lines-{index}-description": description,
                f"lines-{index}-subsidy": subsidy,
                f"lines-{index}-cofinancing": cofinancing,
                f"lines-{index}-cofinancing_source": "centrumgemeente",
            }
        )
    for index in range(len(lines), len(lines) + 3):
        data[f"lines-{index}-cofinancing_source"] = "centrumgemeente"
    return data


def test_changes_requested_go_back_to_the_region_and_a_second_version_shows_the_diff(demo):
    plan = complete_plan(demo)
    plan = take(plan, "submit", "regio-am01")
    plan = take(plan, "confirm_cofinancing", "gemeente-am01")
    bureau, regio = login("bureau"), login("regio-am01")
    page = main_of(get(bureau, AM01))
    activity = plan.activities.get()
    # One comment box per section: the plan in general and each activity.
    assert 'name="comment_general"' in page
    assert f'name="comment_{activity.pk}"' in page
    post(
        bureau,
        action_url("AM01", "request_changes"),
        {
            "lock_version": lock_on(page),
            "comment_general": "De samenvatting is te kort.",
            f"comment_{activity.pk}": "Meer deelnemers graag.",
        },
    )
    assert plan_at("AM01").state == PlanState.CHANGES_REQUESTED
    page = main_of(get(regio, AM01))
    asked = page.split('id="changes-asked"')[1].split("</div>")[0]  # on top, before the plan
    assert "sent the plan back" in asked
    assert "De samenvatting is te kort." in asked and "Meer deelnemers graag." in asked
    assert "Meer deelnemers graag." in page
    assert "The plan in general" in page
    assert actions_on(page) == ["submit"]

    # The region changes the activity and resubmits: version 2, with its diff.
    form = main_of(get(regio, f"{AM01}activiteiten/{activity.pk}/"))
    assert 'value="500.000,00"' not in form  # English page: English grouping
    assert 'value="500,000.00"' in form
    post(
        regio,
        f"{AM01}activiteiten/{activity.pk}/",
        activity_post(
            lock_on(form),
            activity.activity_type,
            "Werk naar werk",
            [("Jobcoaches", "600.000,00", "600.000,00")],
            people_per_year="60",
        ),
    )
    page = main_of(get(regio, AM01))
    post(regio, action_url("AM01", "submit"), {"lock_version": lock_on(page)})
    assert PlanVersion.objects.filter(plan=plan).count() == 2
    page = main_of(get(bureau, AM01))
    assert f'href="{AM01}versies/2/"' in page
    diff = main_of(get(bureau, AM01 + "versies/2/"))
    assert "Changes against version 1" in diff
    assert "Werk naar werk: Subsidy" in diff
    assert "€500,000.00" in diff and "€600,000.00" in diff
    assert "Werk naar werk: Planned number of people per year" in diff
    first = main_of(get(bureau, AM01 + "versies/1/"))
    assert "This is the first version" in first
    get(bureau, AM01 + "versies/3/", status=404)


def test_the_central_municipality_can_return_the_plan_with_a_note(demo):
    plan = take(complete_plan(demo), "submit", "regio-am01")
    gemeente = login("gemeente-am01")
    page = main_of(get(gemeente, AM01))
    before = footprint(plan)
    # Without a note: refused, with the guard's message.
    response = post(
        gemeente,
        action_url("AM01", "return_to_region"),
        {"lock_version": lock_on(page), "note": "  "},
        status=200,
    )
    assert "Say what needs to change." in main_of(response)
    assert footprint(plan) == before
    post(
        gemeente,
        action_url("AM01", "return_to_region"),
        {"lock_version": lock_on(page), "note": "Cofinanciering nog niet rond."},
    )
    assert plan_at("AM01").state == PlanState.CHANGES_REQUESTED
    assert "Cofinanciering nog niet rond." in main_of(get(login("regio-am01"), AM01))


def test_extension_requested_and_granted(demo):
    to_granted(demo)
    regio, bureau = login("regio-am01"), login("bureau")
    page = main_of(get(regio, AM01))
    post(
        regio,
        action_url("AM01", "request_extension"),
        {"lock_version": lock_on(page), "new_end_date": "2017-06-30", "reason": "Later gestart."},
    )
    page = main_of(get(bureau, AM01))
    assert actions_on(page) == ["register_payment", "decide_extension", "settle"]
    assert "Later gestart." in page
    assert actions_on(main_of(get(regio, AM01))) == ["amend"]  # one request at a time
    assert "extension asked" in main_of(get(bureau, BASE))
    post(
        bureau,
        action_url("AM01", "decide_extension"),
        {"lock_version": lock_on(page), "grant": "1"},
    )
    plan = plan_at("AM01")
    assert plan.ends_on == date(2017, 6, 30)
    assert Extension.objects.get(plan=plan).state == ExtensionState.GRANTED
    assert actions_on(main_of(get(bureau, AM01))) == ["register_payment", "settle"]


def test_amendment_reopens_a_granted_plan_for_the_region(demo):
    to_granted(demo)
    regio = login("regio-am01")
    page = main_of(get(regio, AM01))
    post(regio, action_url("AM01", "amend"), {"lock_version": lock_on(page)})
    plan = plan_at("AM01")
    assert (plan.state, plan.is_amendment) == (PlanState.DRAFT, True)
    page = main_of(get(regio, AM01))
    assert "amendment" in page
    assert actions_on(page) == ["submit"]
    assert Decision.objects.filter(plan=plan, granted=True).count() == 1  # kept


# --- Bad input ---------------------------------------------------------------------------------


def test_budget_over_the_allocation_is_shown_and_refused_on_submit(demo):
    plan = complete_plan(demo, subsidy="2000000", cofinancing="2000000")
    regio = login("regio-am01")
    page = main_of(get(regio, AM01))
    assert "does not meet the programme's rules" in page
    assert "The subsidy asked (2000000.00) is more than the allocation (1656938.23)." in page
    assert "over allocation" in main_of(get(login("bureau"), BASE))
    before = footprint(plan)
    response = post(regio, action_url("AM01", "submit"), {"lock_version": lock_on(page)}, 200)
    page = main_of(response)
    assert 'class="error-summary"' in page
    assert "is more than the allocation" in page
    assert footprint(plan) == before


def test_cofinancing_below_the_ratio_is_shown_and_refused_on_submit(demo):
    plan = complete_plan(demo, subsidy="500000", cofinancing="400000")
    regio = login("regio-am01")
    page = main_of(get(regio, AM01))
    message = "The co-financing (400000.00) is less than 500000.00 (ratio × subsidy)."
    assert message in page
    before = footprint(plan)
    response = post(regio, action_url("AM01", "submit"), {"lock_version": lock_on(page)}, 200)
    assert message in main_of(response).split('class="error-summary"')[1]
    assert footprint(plan) == before


def test_a_required_theme_without_activity_is_refused_on_submit(demo):
    plan = complete_plan(demo)  # its one activity is in the first theme
    theme = demo.themes.order_by("position").last()
    theme.required = True
    theme.save()
    regio = login("regio-am01")
    page = main_of(get(regio, AM01))
    needed = f"Theme &#x27;{theme.label_en}&#x27; needs at least one activity."
    assert needed in page
    before = footprint(plan)
    response = post(regio, action_url("AM01", "submit"), {"lock_version": lock_on(page)}, 200)
    assert needed in main_of(response)
    assert footprint(plan) == before


def test_negative_amounts_get_a_field_error_and_nothing_is_saved(demo):
    plan = complete_plan(demo)
    regio = login("regio-am01")
    form = main_of(get(regio, AM01 + "activiteiten/nieuw/"))
    before = footprint(plan)
    response = post(
        regio,
        AM01 + "activiteiten/nieuw/",
        activity_post(
            lock_on(form),
            activity_types(demo)[1],
            "Passend werk",
            [("Loonkosten", "-1.000,00", "1.000,00"), ("Materiaal", "100", "-5")],
        ),
        status=200,
    )
    page = main_of(response)
    # Each field and the summary: the message the imports give too (core.bounds.parse_amount).
    assert page.count("&#x27;-1.000,00&#x27; must be 0 or more") >= 2
    assert page.count("&#x27;-5&#x27; must be 0 or more") >= 2
    assert 'value="Passend werk"' in page  # what was typed is kept
    assert 'value="-1.000,00"' in page
    assert footprint(plan) == before


def test_amounts_that_are_not_numbers_get_a_field_error(demo):
    complete_plan(demo)
    regio = login("regio-am01")
    form = main_of(get(regio, AM01 + "activiteiten/nieuw/"))
    response = post(
        regio,
        AM01 + "activiteiten/nieuw/",
        activity_post(lock_on(form), activity_types(demo)[1], "X", [("a", "veel", "1.000")]),
        status=200,
    )
    page = main_of(response)
    assert "&#x27;veel&#x27; is not a number" in page
    assert "is ambiguous" in page  # 1.000: a thousand or one?


def test_region_contact_gets_404_on_every_url_of_another_regions_plan(demo):
    other = to_granted(demo, "AM02")
    version = other.versions.get()
    attachment = Attachment.objects.create(
        plan=other,
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
        name="x.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=user("regio-am02"),
    )
    activity = other.activities.get()
    regio = login("regio-am01")
    before = footprint(other)
    for url in [
        AM02,
        AM02.lower(),
        AM02 + "bewerken/",
        AM02 + "activiteiten/nieuw/",
        f"{AM02}activiteiten/{activity.pk}/",
        f"{AM02}bijlagen/{attachment.pk}/",
        f"{AM02}versies/{version.number}/",
    ]:
        get(regio, url, status=404)
    lock = other.lock_version
    for url, data in [
        (AM02 + "actie/request_extension/", {"lock_version": lock, "reason": "x"}),
        (AM02 + "actie/amend/", {"lock_version": lock}),
        (AM02 + "bewerken/", {"lock_version": lock, "title": "Gekaapt"}),
        (AM02 + "activiteiten/nieuw/", {"lock_version": lock, "title": "Gekaapt"}),
        (f"{AM02}activiteiten/{activity.pk}/", {"lock_version": lock, "title": "Gekaapt"}),
        (f"{AM02}activiteiten/{activity.pk}/verwijderen/", {"lock_version": lock}),
        (AM02 + "bijlagen/", {"file": SimpleUploadedFile("y.pdf", b"%PDF-1.4")}),
    ]:
        post(regio, url, data, status=404)
    assert footprint(other) == before
    # The overview sends a region to its own plan, never to the list of all.
    response = get(regio, BASE, status=302)
    assert response["Location"] == AM01
    # A region without a plan yet is no different from one with a plan.
    get(regio, BASE + "AM03/", status=404)
    assert not Plan.objects.filter(region__code="AM03").exists()


def test_transition_by_the_wrong_role_is_refused_and_changes_nothing(demo):
    plan = take(complete_plan(demo), "submit", "regio-am01")  # at the municipality
    before = footprint(plan)
    for username, action in [
        ("regio-am01", "confirm_cofinancing"),
        ("bureau", "confirm_cofinancing"),
        ("szw", "confirm_cofinancing"),
        ("vng", "confirm_cofinancing"),
        ("gemeente-am02", "confirm_cofinancing"),
    ]:
        client = login(username)
        if username in {"gemeente-am02", "vng"}:
            # Another region's plan, and a plan assessors may not read before submission.
            post(client, action_url("AM01", action), {"lock_version": plan.lock_version}, 404)
            continue
        response = post(
            client, action_url("AM01", action), {"lock_version": plan.lock_version}, 200
        )
        page = main_of(response)
        assert "Your role may not take this step: Confirm co-financing." in page, username
        assert footprint(plan) == before


def test_transition_from_the_wrong_state_is_refused_and_changes_nothing(demo):
    plan = complete_plan(demo)  # a draft
    before = footprint(plan)
    for username, action, data in [
        ("bureau", "open_advice", {}),
        ("szw", "grant", {"amount": "100", "decided_on": "2015-10-15"}),
        ("bureau", "register_payment", {"amount": "100", "paid_on": "2015-10-15"}),
        ("bureau", "settle", {"amount": "100", "settled_on": "2015-10-15"}),
        ("regio-am01", "amend", {}),
    ]:
        response = post(
            login(username),
            action_url("AM01", action),
            {"lock_version": plan.lock_version, **data},
            status=200,
        )
        assert "is not possible while the plan is &#x27;Draft&#x27;" in main_of(response), action
        assert footprint(plan) == before
    # An action that is not in the table at all is no page.
    post(login("bureau"), action_url("AM01", "publish"), {"lock_version": 1}, status=404)


def test_a_double_click_submit_runs_once(demo):
    complete_plan(demo)
    regio = login("regio-am01")
    page = main_of(get(regio, AM01))
    data = {"lock_version": lock_on(page)}
    post(regio, action_url("AM01", "submit"), data)
    plan = plan_at("AM01")
    after_first = footprint(plan)
    response = post(regio, action_url("AM01", "submit"), data, status=200)
    assert "Someone else saved this plan while you were editing" in main_of(response)
    assert footprint(plan) == after_first
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert [e.action for e in step_history(plan)].count("submit") == 1


def test_a_double_click_payment_is_registered_once(demo):
    plan = to_granted(demo)
    bureau = login("bureau")
    page = main_of(get(bureau, AM01))
    data = {"lock_version": lock_on(page), "amount": "100.000,00", "paid_on": "2015-11-01"}
    post(bureau, action_url("AM01", "register_payment"), data)
    response = post(bureau, action_url("AM01", "register_payment"), data, status=200)
    page = main_of(response)
    assert "Someone else saved this plan" in page
    assert 'value="100.000,00"' in page  # the typed values stay
    assert Payment.objects.filter(plan=plan).count() == 1


def test_a_stale_edit_form_is_refused_and_the_first_save_is_kept(demo):
    plan = complete_plan(demo)
    first, second = login("regio-am01"), login("regio-am01")
    form_first = main_of(get(first, AM01 + "bewerken/"))
    form_second = main_of(get(second, AM01 + "bewerken/"))
    post(
        first,
        AM01 + "bewerken/",
        {
            "lock_version": lock_on(form_first),
            "title": "Eerste versie",
            "summary": "Samen naar werk.",
            "ends_on": "2016-12-31",
        },
    )
    response = post(
        second,
        AM01 + "bewerken/",
        {"lock_version": lock_on(form_second), "title": "Tweede versie", "summary": "Nieuw"},
        status=200,
    )
    page = main_of(response)
    assert "Someone else saved this plan while you were editing" in page
    assert 'value="Tweede versie"' in page  # the typed values are kept on the page
    plan = plan_at("AM01")
    assert plan.title == "Eerste versie"
    assert plan.summary == "Samen naar werk."


def test_a_stale_activity_form_is_refused_too(demo):
    plan = complete_plan(demo)
    regio = login("regio-am01")
    form = main_of(get(regio, AM01 + "activiteiten/nieuw/"))
    services.plan_update(plan=plan, by=user("regio-am01"), lock_version=plan.lock_version)
    before = footprint(plan)
    response = post(
        regio,
        AM01 + "activiteiten/nieuw/",
        activity_post(lock_on(form), activity_types(demo)[1], "Laat", [("a", "1", "1")]),
        status=200,
    )
    assert "Someone else saved this plan" in main_of(response)
    assert footprint(plan) == before


def test_a_draft_saves_whatever_is_typed(demo):
    regio = login("regio-am01")
    get(regio, AM01)
    form = main_of(get(regio, AM01 + "bewerken/"))
    post(regio, AM01 + "bewerken/", {"lock_version": lock_on(form), "title": "Alleen een titel"})
    plan = plan_at("AM01")
    assert (plan.title, plan.summary, plan.companies.count()) == ("Alleen een titel", "", 0)


def test_others_cannot_use_the_editing_pages(demo):
    plan = complete_plan(demo)
    activity = plan.activities.get()
    before = footprint(plan)
    # vng may not even read a draft (CONTRACTS §8): not found rather than forbidden.
    for username, refused in [("bureau", 403), ("szw", 403), ("vng", 404), ("gemeente-am01", 403)]:
        client = login(username)
        for url in [
            AM01 + "bewerken/",
            AM01 + "activiteiten/nieuw/",
            f"{AM01}activiteiten/{activity.pk}/",
        ]:
            get(client, url, status=refused)
            post(client, url, {"lock_version": plan.lock_version, "title": "x"}, status=refused)
        post(client, f"{AM01}activiteiten/{activity.pk}/verwijderen/", {"lock_version": 1}, refused)
        assert "Edit the general part" not in main_of(get(client, AM01))
    assert footprint(plan) == before


def test_activity_delete(demo):
    plan = complete_plan(demo)
    activity = plan.activities.get()
    regio = login("regio-am01")
    form = main_of(get(regio, f"{AM01}activiteiten/{activity.pk}/"))
    post(regio, f"{AM01}activiteiten/{activity.pk}/verwijderen/", {"lock_version": lock_on(form)})
    assert not Activity.objects.filter(pk=activity.pk).exists()


# --- Advice visibility ----------------------------------------------------------------------


def test_an_assessor_sees_the_other_advice_only_after_giving_its_own(demo):
    plan = to_advice(demo)
    take(plan, "advise", "sociale-partners", verdict="negatief", motivation="Te vaag.")
    take(Plan.objects.get(pk=plan.pk), "advise", "bureau", verdict="positief", motivation="Oké.")
    vng = login("vng")
    page = main_of(get(vng, AM01))
    assert "Te vaag." not in page and "Oké." not in page
    assert "Some advice is not shown to you yet" in page
    assert actions_on(page) == ["advise"]
    post(
        vng,
        action_url("AM01", "advise"),
        {"lock_version": lock_on(page), "verdict": "positief", "motivation": "Prima."},
    )
    page = main_of(get(vng, AM01))
    assert "Te vaag." in page and "Oké." in page and "Prima." in page
    # Office and ministry read everything; the region and municipality nothing yet.
    for username in ["bureau", "szw"]:
        assert "Te vaag." in main_of(get(login(username), AM01))
    for username in ["regio-am01", "gemeente-am01"]:
        assert "Te vaag." not in main_of(get(login(username), AM01))


def test_advice_without_verdict_or_motivation_is_refused(demo):
    plan = to_advice(demo)
    vng = login("vng")
    page = main_of(get(vng, AM01))
    before = footprint(plan)
    response = post(vng, action_url("AM01", "advise"), {"lock_version": lock_on(page)}, 200)
    page = main_of(response)
    assert "Choose an advice." in page
    assert "Give the motivation of the advice." in page
    assert footprint(plan) == before


def test_grant_above_the_subsidy_asked_and_bad_dates_are_refused(demo):
    plan = to_advice(demo)  # asks 500,000
    szw = login("szw")
    page = main_of(get(szw, AM01))
    before = footprint(plan)
    response = post(
        szw,
        action_url("AM01", "grant"),
        {"lock_version": lock_on(page), "amount": "600.000,00", "decided_on": "2015-10-15"},
        status=200,
    )
    assert "The granted amount is more than the subsidy asked in the plan." in main_of(response)
    response = post(
        szw,
        action_url("AM01", "grant"),
        {"lock_version": lock_on(page), "amount": "100", "decided_on": "15 oktober"},
        status=200,
    )
    assert "Decision date: Enter a date as day-month-year, e.g. 31-12-2016." in main_of(response)
    assert footprint(plan) == before


# --- Overview and start page ---------------------------------------------------------------------


def test_overview_shows_every_region_with_state_deadline_and_days_late(demo):
    to_granted(demo, "AM02")
    complete_plan(demo, "AM03")
    page = main_of(get(login("bureau"), BASE))
    codes = re.findall(r"<tr>\s*<td>(AM\d\d)</td>", page)
    assert len(codes) == 35 and codes == sorted(codes)
    assert "1 September 2015" in page  # the programme's deadline
    am03 = re.search(r"<tr>\s*<td>AM03</td>.*?</tr>", page, re.S).group(0)
    am02 = re.search(r"<tr>\s*<td>AM02</td>.*?</tr>", page, re.S).group(0)
    am04 = re.search(r"<tr>\s*<td>AM04</td>.*?</tr>", page, re.S).group(0)
    assert "Draft" in am03 and "badge--warning" in am03  # late
    assert "Granted" in am02 and "badge--warning" not in am02
    assert "not started" in am04 and "badge--warning" in am04
    assert "Participants in no plan" in page
    in_plans = set(Plan.objects.values_list("companies__name", flat=True))
    assert all(name not in page.split("Participants in no plan")[1] for name in in_plans if name)
    for username in ["szw", "vng"]:
        get(login(username), BASE)
    # A closed programme is history: its deadline no longer runs late.
    from sectorplan.programmes.constants import ProgrammeStatus

    demo.__class__.objects.filter(pk=demo.pk).update(status=ProgrammeStatus.CLOSED)
    page = main_of(get(login("bureau"), BASE))
    am03 = re.search(r"<tr>\s*<td>AM03</td>.*?</tr>", page, re.S).group(0)
    assert "Draft" in am03 and "badge--warning" not in am03
    # ... and what never came in is counted as such, not as late.
    assert "Late (not submitted" not in page
    submitted = Plan.objects.filter(programme=demo, state__in=SUBMITTED_OR_LATER).count()
    never = re.search(r"Not submitted when the programme ended</dt><dd>(\d+)</dd>", page)
    assert never and int(never.group(1)) == 35 - submitted


def test_start_page_lists_what_each_user_has_to_do(demo):
    take(complete_plan(demo), "submit", "regio-am01")
    to_advice(demo, "AM02")
    page = main_of(get(login("gemeente-am01"), "/"))
    assert f'href="{AM01}"' in page and "Confirm co-financing" in page
    page = main_of(get(login("vng"), "/"))
    assert f'href="{AM02}"' in page and "Give advice" in page
    assert f'href="{BASE}"' in page  # the overview, per programme
    # The office: plans to review and advise on, and extension requests to decide; a granted
    # plan is no task by itself (it is settled after the final report).
    granted = to_granted(demo, "AM03")
    to_granted(demo, "AM04")
    take(granted, "request_extension", "regio-am03", new_end_date=date(2017, 6, 30), reason="x")
    page = main_of(get(login("bureau"), "/"))
    tasks = re.findall(
        r'<li><strong>[^<]*</strong>: <a href="/programmas/sw-2015/plannen/(AM\d\d)/">', page
    )
    assert tasks == ["AM02", "AM03"]
    assert "Decide on extension" in page and "Give advice" in page
    assert "Settle" not in page
    page = main_of(get(login("regio-am01"), "/"))
    assert "Nothing is waiting for you." in page
    assert f'href="{AM01}"' in page  # the own plan from the programme card
    assert f'href="{BASE}"' not in page


# --- Query counts ---------------------------------------------------------------------------------

#: Session, user, memberships, programme, the data version (the key of the cached table),
#: and when the table is not cached: plans with their sums, participations, allocation (2),
#: companies in no plan; plus the session saved on every request (an UPDATE between two
#: savepoints in the test's transaction) and, for a national user, the authenticator that
#: verified the session (django-otp's middleware). A cached page runs 5 + 4.
SESSION_SAVE_AND_OTP = 3 + 1
MAX_QUERIES_OVERVIEW = 10 + SESSION_SAVE_AND_OTP
#: Session, user, programme, memberships, region, plan, then one query per part of the page
#: (activities, lines, totals, allocation, versions, decisions, advice, payments, settlement,
#: extensions, companies, comments, history, attachments, targets) and, while the plan can be
#: edited, what submission still needs; plus the session save and the OTP device (above).
MAX_QUERIES_DETAIL = 29 + SESSION_SAVE_AND_OTP


def grow_plans(demo, codes) -> None:
    for code in codes:
        plan = complete_plan(demo, code, subsidy="100000", cofinancing="100000")
        contact = user(f"regio-{code.lower()}")
        for number in range(2):
            plan = Plan.objects.get(pk=plan.pk)
            services.activity_save(
                plan=plan,
                by=contact,
                lock_version=plan.lock_version,
                activity=None,
                data={"activity_type": activity_types(demo)[number + 2], "title": f"A{number}"},
                budget_lines=[line("r", 1000, 1000)],
            )


def line(description: str, subsidy, cofinancing) -> dict:
    return {
        "description": description,
        "subsidy": Decimal(subsidy),
        "cofinancing": Decimal(cofinancing),
        "cofinancing_source": "overig",
    }


def test_overview_runs_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    bureau = login("bureau")
    to_granted(demo, "AM01")
    with django_assert_max_num_queries(MAX_QUERIES_OVERVIEW):
        get(bureau, BASE)
    # All 35 regions with a plan, several decided and paid, one with an extension waiting.
    for code in ["AM02", "AM03", "AM04"]:
        plan = to_granted(demo, code, amount="400000")
        plan = take(
            plan, "register_payment", "bureau", amount=Decimal(1000), paid_on=date(2015, 11, 1)
        )
    take(plan, "request_extension", "regio-am04", new_end_date=date(2017, 6, 30), reason="x")
    grow_plans(demo, [f"AM{n:02d}" for n in range(5, 36)])
    assert Plan.objects.count() == 35
    with django_assert_max_num_queries(MAX_QUERIES_OVERVIEW):
        page = main_of(get(bureau, BASE))
    assert "not started" not in page
    assert "extension asked" in page
    assert len(re.findall(r'class="state state--granted"', page)) == 4


def test_detail_page_runs_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    clients = {name: login(name) for name in ["bureau", "regio-am01", "vng", "szw"]}

    def check(expected_text: str, readers=tuple(clients)) -> None:
        for name in readers:
            with django_assert_max_num_queries(MAX_QUERIES_DETAIL):
                page = main_of(get(clients[name], AM01))
            assert expected_text in page

    complete_plan(demo)
    # A draft (what is missing is read too); assessing parties do not read drafts.
    check("Werk naar werk", readers=("bureau", "regio-am01", "szw"))
    plan = take(plan_at("AM01"), "submit", "regio-am01")
    plan = take(plan, "confirm_cofinancing", "gemeente-am01")
    plan = take(plan, "open_advice", "bureau")
    plan = take(plan, "advise", "vng", verdict="positief", motivation="Goed plan.")
    plan = take(plan, "grant", "szw", amount=Decimal(500000), decided_on=date(2015, 10, 15))
    check("Goed plan.")
    # More of everything: payments, an extension, attachments, an amendment with more
    # activities and lines, a second version with its advice.
    for day in range(1, 4):
        plan = take(
            plan, "register_payment", "bureau", amount=Decimal(100), paid_on=date(2016, 1, day)
        )
    plan = take(plan, "request_extension", "regio-am01", new_end_date=date(2017, 6, 30), reason="x")
    plan = take(plan, "decide_extension", "bureau", grant=True)
    for number in range(3):
        Attachment.objects.create(
            plan=plan,
            file=SimpleUploadedFile(f"f{number}.pdf", b"%PDF-1.4"),
            name=f"f{number}.pdf",
            content_type="application/pdf",
            size=8,
            uploaded_by=user("regio-am01"),
        )
    plan = take(plan, "amend", "regio-am01")
    for number in range(3):
        plan = Plan.objects.get(pk=plan.pk)
        services.activity_save(
            plan=plan,
            by=user("regio-am01"),
            lock_version=plan.lock_version,
            activity=None,
            data={"activity_type": activity_types(demo)[number + 3], "title": f"Extra {number}"},
            budget_lines=[line(f"r{n}", 1, 1) for n in range(3)],
        )
    check("Extra 2")  # the amendment, editable again
    plan = take(Plan.objects.get(pk=plan.pk), "submit", "regio-am01")
    plan = take(plan, "confirm_cofinancing", "gemeente-am01")
    plan = take(plan, "open_advice", "bureau")
    plan = take(plan, "advise", "vng", verdict="positief", motivation="Weer goed.")
    take(plan, "advise", "sociale-partners", verdict="positief", motivation="Ook goed.")
    check("Extra 2")


def test_an_indicator_target_shows_as_a_count_and_an_amount_keeps_its_cents(demo):
    """A target of 30 people reads "30" in the plan form (it read "30,00"), one of 12.5 reads
    "12,5"; a budget line's amount keeps two decimals (issue 22)."""
    plan = complete_plan(demo)
    people, other = list(demo.indicators.order_by("position")[:2])
    services.plan_update(
        plan=plan,
        by=user("regio-am01"),
        lock_version=plan.lock_version,
        targets={people: Decimal("30.00"), other: Decimal("12.50")},
    )
    regio = login("regio-am01")
    form = regio.get(AM01 + "bewerken/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f'name="target_{people.pk}" value="30"' in form
    assert f'name="target_{other.pk}" value="12,5"' in form
    page = main_of(regio.get(AM01, HTTP_ACCEPT_LANGUAGE="nl"))
    assert f"<dd>30 {people.unit_nl}</dd>" in page and "30,00" not in page
    activity = plan_at("AM01").activities.first()
    activity_form = regio.get(
        AM01 + f"activiteiten/{activity.pk}/", HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert re.search(r'value="[\d.]+,\d\d"', activity_form), "euros keep their cents"
