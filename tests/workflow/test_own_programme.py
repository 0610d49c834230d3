"""Programmes are data, all the way (issue 24): a programme from a template file outside the
package, with its own region-set CSV, a plan workflow without the co-financing step, three
advising parties with names of their own and a provincial decision, driven to granted and
paid through the pages and through the API, every step in the one audit trail."""

import re
import textwrap
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sectorplan.accounts.models import AuditEvent, Membership, RoleDefinition, User
from sectorplan.core.errors import Refused
from sectorplan.plans import services
from sectorplan.plans.constants import PlanState
from sectorplan.plans.deadlines import plan_deadline
from sectorplan.plans.models import BudgetLine, Payment, Plan
from sectorplan.plans.selectors import plan_tasks
from sectorplan.programmes.constants import OrganisationKind
from sectorplan.programmes.models import Organisation, Programme
from sectorplan.programmes.services import programme_create
from sectorplan.workflow.history import step_history
from tests.api.conftest import api, if_match
from tests.conftest import kept, log_in

REGIONS = "code,name,hoofdstad\nGR,Groenland,Groenstad\nBL,Blauwland,Blauwstad\n"

TEMPLATE = textwrap.dedent(
    """
    code = "groen-2030"
    name = "Groen werk 2030"
    region_set = "regios/groen.csv"
    basis_label_nl = "Inwoners"
    cofinancing_ratio = "0.25"
    default_cofinancing_source = "overig"

    [wording]
    decider_nl = "Gedeputeerde Staten van Groenland"
    fund_nl = "het Groenfonds"
    region_type_nl = "landstreek"

    [[roles]]
    code = "gs_groen"
    label_nl = "Gedeputeerde Staten"
    acts_as = "ministerie"

    [[roles]]
    code = "adviseur_groen"
    label_nl = "Adviseur"
    acts_as = "beoordelaar"

    [[parties]]
    name = "Raad voor de Natuur"
    [[parties]]
    name = "Werkgeversplatform Groen"
    [[parties]]
    name = "Cliëntenraad Groen"

    [[themes]]
    code = "natuur"
    label_nl = "Natuur"
    required = true
    activity_types = [{ code = "bosbeheer", label_nl = "Bosbeheer" }]

    [[workflows.plan]]
    from = "draft"
    action = "submit"
    to = "submitted"
    who = ["regiocontact"]
    label_nl = "Indienen bij de provincie"
    guards = ["complete"]
    effects = ["freeze"]
    deadline = "plan"

    [[workflows.plan]]
    from = "submitted"
    action = "open_advice"
    to = "in_advice"
    who = ["programmabureau"]
    label_nl = "Voorleggen aan de adviseurs"

    [[workflows.plan]]
    from = "in_advice"
    action = "advise"
    who = ["adviseur_groen"]
    label_nl = "Adviseren"
    guards = ["may_advise"]
    offer_when = ["not_advised"]
    task = true
    effects = ["advise"]

    [[workflows.plan]]
    from = "in_advice"
    action = "grant"
    to = "granted"
    who = ["gs_groen"]
    label_nl = "Subsidie verlenen"
    guards = ["grant"]
    effects = ["grant"]
    deadline = "review"

    [[workflows.plan]]
    from = "granted"
    action = "register_payment"
    who = ["programmabureau"]
    label_nl = "Termijn betalen"
    guards = ["payment"]
    effects = ["pay"]
    task = false
    """
)

ADVISERS = {
    "natuur": "Raad voor de Natuur",
    "werkgevers": "Werkgeversplatform Groen",
    "clienten": "Cliëntenraad Groen",
}


def _people(programme: Programme) -> None:
    """The office, the province's decider, three advisers, one contact per region. No SW
    companies: the template names no `plan_participant_kinds`, so a plan needs none."""
    office = Organisation.objects.create(name="Bureau Groen", kind=OrganisationKind.PARTY)
    regions = {r.code: r for r in programme.region_set.regions.all()}

    def person(username, role, organisation, region=None):
        account = User.objects.create_user(username, f"{username}@example.org", "x")
        membership = Membership(user=account, role=role, organisation=organisation, region=region)
        membership.full_clean()
        membership.save()

    person("groen-bureau", "programmabureau", office)
    person("groen-gs", "gs_groen", Organisation.objects.get(name="Raad voor de Natuur"))
    for username, party in ADVISERS.items():
        person(f"groen-{username}", "adviseur_groen", Organisation.objects.get(name=party))
    for code, region in regions.items():
        person(f"groen-{code.lower()}", "regiocontact", office, region)


@pytest.fixture(scope="module")
def groen(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("elders")
    (folder / "regios").mkdir()
    (folder / "regios" / "groen.csv").write_text(REGIONS, encoding="utf-8")
    (folder / "groen-2030.toml").write_text(TEMPLATE, encoding="utf-8")

    def load():
        programme = programme_create(
            slug="groen",
            name="Groen werk",
            budget="1000000",
            template=str(folder / "groen-2030.toml"),
        )
        _people(programme)
        return programme

    yield from kept(django_db_blocker, load)


@pytest.fixture
def programme(groen, db):
    return Programme.objects.get(pk=groen.pk)


def as_user(username: str) -> Client:
    return log_in(Client(), User.objects.get(username=username))


def test_the_template_file_made_the_programme(programme):
    assert programme.template == "groen-2030"
    assert [r.code for r in programme.region_set.regions.order_by("code")] == ["BL", "GR"]
    assert RoleDefinition.objects.get(code="gs_groen").acts_as == "ministerie"
    steps = programme.workflow("plan").steps
    assert "confirm_cofinancing" not in {step.action for step in steps}
    assert programme.workflow("plan").find("draft", "submit").target == "submitted"


def test_the_steps_name_the_deadline_a_plan_works_to(programme):
    """The template's steps say which deadline a state works to; a state none of whose
    steps names one has none."""
    assert plan_deadline(programme, "draft") == programme.plan_deadline
    assert plan_deadline(programme, "submitted") is None
    assert plan_deadline(programme, "in_advice") == programme.review_deadline
    assert plan_deadline(programme, "granted") is None


def test_the_2015_plan_works_to_its_deadline_until_confirmed_then_to_the_decision(demo):
    sw = demo
    by_state = {state: plan_deadline(sw, state) for state in PlanState.values}
    assert by_state == {
        state: sw.plan_deadline
        if state in {"draft", "changes_requested", "at_municipality"}
        else sw.review_deadline
        if state in {"submitted", "in_advice"}
        else None
        for state in PlanState.values
    }


def _fill(plan: Plan, contact: str) -> Plan:
    by = User.objects.get(username=contact)
    plan = services.plan_update(
        plan=plan,
        by=by,
        lock_version=plan.lock_version,
        title="Bossen als werkplaats",
        contact_name="Contact",
        contact_email="contact@example.org",
    )
    return plan


def test_through_the_pages_a_plan_is_granted_and_paid(programme):
    region = programme.region_set.regions.get(code="GR")
    plan = services.plan_for_region(programme=programme, region=region)
    plan = _fill(plan, "groen-gr")
    base = "/programmas/groen/plannen/GR/"

    # The region adds its activity on the page; the budget line's source is the programme's.
    contact = as_user("groen-gr")
    form = contact.get(base + "activiteiten/nieuw/")
    assert form.status_code == 200
    # Only the template's sources (its default list: `overig`), no central municipality.
    assert 'value="overig" selected' in form.content.decode()
    assert 'value="centrumgemeente"' not in form.content.decode()
    activity_type = programme.activity_types.get(code="bosbeheer")
    response = contact.post(
        base + "activiteiten/nieuw/",
        {
            "lock_version": Plan.objects.get(pk=plan.pk).lock_version,
            "activity_type": activity_type.pk,
            "title": "Bosploeg",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "200",
            "lines-0-description": "Begeleiding",
            "lines-0-subsidy": "80.000,00",
            "lines-0-cofinancing": "20.000,00",
            "lines-0-cofinancing_source": "overig",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert BudgetLine.objects.get(activity__plan=plan).cofinancing_source == "overig"

    def step(username, action, data=None):
        client = as_user(username)
        page = client.get(base).content.decode()
        assert f"/actie/{action}/" in page, f"{username} is not offered {action}"
        version = Plan.objects.get(pk=plan.pk).lock_version
        response = client.post(base + f"actie/{action}/", {"lock_version": version, **(data or {})})
        assert response.status_code == 302, response.content.decode()[:3000]

    # Submitted straight to the province: no co-financing confirmation on the way.
    assert "/actie/submit/" in contact.get(base).content.decode()
    assert "Indienen bij de provincie" in contact.get(base).content.decode()
    step("groen-gr", "submit")
    assert Plan.objects.get(pk=plan.pk).state == "submitted"
    step("groen-bureau", "open_advice")
    # The advisers' inboxes hold the plan (the table's task steps for their template role).
    assert [p.pk for p, _labels in plan_tasks(User.objects.get(username="groen-natuur"))] == [
        plan.pk
    ]
    for username in ADVISERS:
        step(f"groen-{username}", "advise", {"verdict": "positief", "motivation": "Goed."})
        # Each party advises once per version: the button is gone for it afterwards.
        assert "/actie/advise/" not in as_user(f"groen-{username}").get(base).content.decode()
        assert plan_tasks(User.objects.get(username=f"groen-{username}")) == []
    step("groen-gs", "grant", {"amount": "80000,00", "decided_on": "2026-03-01"})
    step("groen-bureau", "register_payment", {"amount": "40000", "paid_on": "2026-04-01"})
    step("groen-bureau", "register_payment", {"amount": "40000", "paid_on": "2026-10-01"})

    plan = Plan.objects.get(pk=plan.pk)
    assert plan.state == "granted"
    assert sum(p.amount for p in Payment.objects.filter(plan=plan)) == Decimal("80000")
    assert {a.organisation.name for a in plan.advices.all()} == set(ADVISERS.values())
    history = [(e.action, e.from_state, e.to_state, e.by.username) for e in step_history(plan)]
    assert history == [
        ("submit", "draft", "submitted", "groen-gr"),
        ("open_advice", "submitted", "in_advice", "groen-bureau"),
        ("advise", "in_advice", "in_advice", "groen-natuur"),
        ("advise", "in_advice", "in_advice", "groen-werkgevers"),
        ("advise", "in_advice", "in_advice", "groen-clienten"),
        ("grant", "in_advice", "granted", "groen-gs"),
        ("register_payment", "granted", "granted", "groen-bureau"),
        ("register_payment", "granted", "granted", "groen-bureau"),
    ]
    # One audit event per step, with the role the person acted in.
    grant = AuditEvent.objects.get(action="plan.grant", object_id=plan.pk)
    assert "gs_groen" in grant.role and grant.changes["state"] == ["in_advice", "granted"]


def test_through_the_api_a_plan_is_granted_and_paid(programme):
    region = programme.region_set.regions.get(code="BL")
    plan = services.plan_for_region(programme=programme, region=region)
    _fill(plan, "groen-bl")
    url = "/api/v1/programmes/groen/plans/BL/"
    contact = api("groen-bl")
    activity = contact.post(
        url + "activities/",
        {
            "activity_type": "bosbeheer",
            "title": "Bosploeg",
            "budget_lines": [{"description": "Loon", "subsidy": "60000", "cofinancing": "15000"}],
        },
        format="json",
        **if_match(contact, url),
    )
    assert activity.status_code == 201, activity.json()
    assert BudgetLine.objects.get(activity__plan=plan).cofinancing_source == "overig"

    def step(username, action, payload=None, *, state):
        client = api(username)
        offered = [a["action"] for a in client.get(url).json()["actions"]]
        assert action in offered, (username, offered)
        response = client.post(
            url + f"actions/{action}/", payload or {}, format="json", **if_match(client, url)
        )
        assert response.status_code == 200, response.json()
        assert response.json()["state"] == state

    step("groen-bl", "submit", state="submitted")
    step("groen-bureau", "open_advice", state="in_advice")
    for username in ADVISERS:
        step(
            f"groen-{username}",
            "advise",
            {"verdict": "positief", "motivation": "Akkoord."},
            state="in_advice",
        )
    assert api("groen-natuur").get(url).json()["actions"] == []
    step("groen-gs", "grant", {"amount": "60000.00", "decided_on": "2026-03-01"}, state="granted")
    step(
        "groen-bureau",
        "register_payment",
        {"amount": "60000", "paid_on": "2026-04-01"},
        state="granted",
    )
    # More than granted cannot be paid: the guard refuses, as JSON.
    client = api("groen-bureau")
    over = client.post(
        url + "actions/register_payment/",
        {"amount": "1", "paid_on": "2026-05-01"},
        format="json",
        **if_match(client, url),
    )
    assert over.status_code == 400
    plan = Plan.objects.get(pk=plan.pk)
    assert [e.action for e in step_history(plan)] == [
        "submit",
        "open_advice",
        "advise",
        "advise",
        "advise",
        "grant",
        "register_payment",
    ]


def test_the_2015_programme_still_has_its_cofinancing_step(demo):
    assert demo.workflow("plan").find("draft", "submit").target == "at_municipality"
    assert demo.default_cofinancing_source == "centrumgemeente"


def test_the_office_edits_the_letter_with_a_preview(programme):
    url = "/programmas/groen/brieven/beschikking/"
    assert as_user("groen-gr").get(url).status_code == 403
    office = as_user("groen-bureau")
    page = office.get(url).content.decode()
    # The shipped default names the template's decider, fund and region type, nothing else.
    assert "Gedeputeerde Staten van Groenland" in page and "het Groenfonds" in page
    assert "landstreek" in page
    for other in ("Sociale Zaken", "gemeentefonds", "arbeidsmarktregio", "centrumgemeente"):
        assert other not in page
    text = "# Besluit\n\nAan {{ region.name }}: {{ amount }}."
    preview = office.post(url, {"text": text, "preview": "1"}).content.decode()
    assert re.search(r"<h3>Besluit</h3><p>Aan Blauwland: €\s100\.000,00\.</p>", preview)
    assert Programme.objects.get(pk=programme.pk).letters.get("decision", "") == ""
    wrong = office.post(url, {"text": "{% if %}", "preview": "1"}).content.decode()
    assert "cannot be used" in wrong or "kan niet worden gebruikt" in wrong
    assert office.post(url, {"text": text, "save": "1"}).status_code == 302
    assert Programme.objects.get(pk=programme.pk).letters["decision"] == text
    assert AuditEvent.objects.filter(action="programme.letter_decision").exists()


def test_the_office_invites_a_person_into_a_role_the_template_defined(programme):
    office = as_user("groen-bureau")
    form = office.get(reverse("person-invite"))
    assert form.status_code == 200
    assert 'value="gs_groen"' in form.content.decode()
    response = office.post(
        reverse("person-invite"),
        {
            "first_name": "Ada",
            "last_name": "Gedeputeerde",
            "email": "ada@example.org",
            "role": "gs_groen",
            "organisation": Organisation.objects.get(name="Raad voor de Natuur").pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user__email="ada@example.org")
    assert (membership.role, membership.region_id) == ("gs_groen", None)
    assert membership.get_role_display() == "Gedeputeerde Staten"


def test_a_later_template_may_not_change_the_reach_of_a_role(programme, tmp_path):
    """Role codes are shared by the installation's programmes: giving `gs_groen` another reach
    would change what Gedeputeerde Staten may do in this programme."""
    other = TEMPLATE.replace('code = "groen-2030"', 'code = "groen-2031"').replace(
        'acts_as = "ministerie"', 'acts_as = "beoordelaar"'
    )
    (tmp_path / "regios").mkdir()
    (tmp_path / "regios" / "groen.csv").write_text(REGIONS, encoding="utf-8")
    (tmp_path / "groen-2031.toml").write_text(other, encoding="utf-8")
    with (
        translation.override("en"),
        pytest.raises(Refused, match="'gs_groen' exists already with the reach of 'ministerie'"),
    ):
        programme_create(
            slug="groen-2031",
            name="Groen werk 2031",
            budget="1000",
            template=str(tmp_path / "groen-2031.toml"),
        )
    assert RoleDefinition.objects.get(code="gs_groen").acts_as == "ministerie"
    assert not Programme.objects.filter(slug="groen-2031").exists()
