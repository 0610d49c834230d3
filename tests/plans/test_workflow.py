"""The plan workflow: one table, run by one service, for every role and state."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from sectorplan.core.errors import Refused
from sectorplan.plans import services
from sectorplan.plans.constants import ExtensionState, PlanState
from sectorplan.plans.selectors import plans_waiting_for
from sectorplan.plans.snapshots import snapshot_changes
from sectorplan.programmes.services import programme_create
from sectorplan.workflow import Conflict, steps_for
from sectorplan.workflow.history import step_history

from .conftest import fill_plan, user

GRANT = {"amount": Decimal("100000.00"), "decided_on": date(2015, 10, 15)}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def step(plan, action, username, **payload):
    return services.plan_transition(plan=plan, action=action, by=user(username), **payload)


def to_advice(plan):
    plan = step(plan, "submit", "regio-am01")
    plan = step(plan, "confirm_cofinancing", "gemeente-am01")
    return step(plan, "open_advice", "bureau")


def to_granted(plan):
    plan = to_advice(plan)
    plan = step(plan, "advise", "vng", verdict="positief", motivation="Sterk plan.")
    return step(plan, "grant", "szw", **GRANT)


def test_the_table_has_stable_action_keys_and_known_states(draft_plan):
    states = set(PlanState.values)
    steps = draft_plan.programme.workflow("plan").steps
    for t in steps:
        assert t.source in states and t.target in states
        assert t.action.isidentifier() and t.action == t.action.lower()
    # One row per (state, action): the table is unambiguous.
    keys = [(t.source, t.action) for t in steps]
    assert len(keys) == len(set(keys))


def test_happy_path_from_draft_to_settled_records_every_step(draft_plan):
    plan = to_granted(draft_plan)
    assert plan.state == PlanState.GRANTED
    plan = step(
        plan, "register_payment", "bureau", amount=Decimal("60000"), paid_on=date(2015, 12, 1)
    )
    plan = step(
        plan, "register_payment", "bureau", amount=Decimal("40000"), paid_on=date(2016, 6, 1)
    )
    plan = step(plan, "settle", "bureau", amount=Decimal("95000"), settled_on=date(2017, 3, 1))
    assert plan.state == PlanState.SETTLED
    assert [e.action for e in step_history(plan)] == [
        "submit",
        "confirm_cofinancing",
        "open_advice",
        "advise",
        "grant",
        "register_payment",
        "register_payment",
        "settle",
    ]
    assert plan.versions.count() == 1
    assert plan.decisions.get().amount == Decimal("100000.00")
    assert plan.settlement.amount == Decimal("95000")


@pytest.mark.parametrize(
    ("username", "action"),
    [
        ("gemeente-am01", "submit"),
        ("bureau", "submit"),
        ("regio-am02", "submit"),  # another region's contact
        ("szw", "submit"),
    ],
)
def test_wrong_role_is_refused_and_changes_nothing(draft_plan, username, action):
    with pytest.raises(Refused, match="Your role may not take this step"):
        step(draft_plan, action, username)
    draft_plan.refresh_from_db()
    assert draft_plan.state == PlanState.DRAFT
    assert len(step_history(draft_plan)) == 0


def test_wrong_state_is_refused(draft_plan):
    with pytest.raises(Refused, match="'grant' is not possible while the plan is 'Draft'"):
        step(draft_plan, "grant", "szw", **GRANT)
    with pytest.raises(Refused, match="not possible"):
        step(draft_plan, "no_such_action", "bureau")


def test_pages_offer_exactly_the_table_actions(draft_plan):
    assert [t.action for t in steps_for(user("regio-am01"), draft_plan)] == ["submit"]
    assert steps_for(user("regio-am02"), draft_plan) == []
    assert steps_for(user("bureau"), draft_plan) == []
    plan = to_advice(draft_plan)
    assert [t.action for t in steps_for(user("szw"), plan)] == ["grant", "reject"]
    assert [t.action for t in steps_for(user("vng"), plan)] == ["advise"]
    assert [t.action for t in steps_for(user("bureau"), plan)] == ["advise"]


def test_submission_lists_everything_missing(demo):
    region = demo.region_set.regions.get(code="AM02")
    plan = services.plan_for_region(programme=demo, region=region)
    with pytest.raises(Refused) as refused:
        step(plan, "submit", "regio-am02")
    assert refused.value.errors == [
        "The plan has no title.",
        "Name and e-mail of the contact person are required.",
        "Choose at least one participant of the kind 'Sheltered-employment company'.",
        "The plan has no activities.",
    ]


def test_budget_over_the_allocation_is_refused(demo):
    region = demo.region_set.regions.get(code="AM01")
    plan = fill_plan(
        services.plan_for_region(programme=demo, region=region), subsidy=Decimal("9999999")
    )
    with pytest.raises(Refused, match=r"more than the allocation \(1656938.23\)"):
        step(plan, "submit", "regio-am01")


def test_cofinancing_below_the_ratio_is_refused(demo):
    region = demo.region_set.regions.get(code="AM01")
    plan = fill_plan(
        services.plan_for_region(programme=demo, region=region),
        subsidy=Decimal("1000"),
        cofinancing=Decimal("999.99"),
    )
    with pytest.raises(Refused, match=r"co-financing \(999.99\) is less than 1000.00"):
        step(plan, "submit", "regio-am01")


def test_negative_amounts_are_refused(draft_plan):
    activity = draft_plan.activities.get()
    with pytest.raises(Refused, match="cannot be negative"):
        services.activity_save(
            plan=draft_plan,
            by=user("regio-am01"),
            lock_version=draft_plan.lock_version,
            activity=activity,
            data={"activity_type": activity.activity_type, "title": "x"},
            budget_lines=[{"subsidy": Decimal("-1"), "cofinancing": Decimal(0)}],
        )
    activity.refresh_from_db()
    assert activity.title == "Van werk naar werk"
    assert activity.budget_lines.get().subsidy == Decimal("100000.00")


def test_a_required_theme_without_activity_is_refused(db, tmp_path):
    path = tmp_path / "req.toml"
    path.write_text(
        'extends = "sw-sectorplannen-2015"\ncode = "req"\nindicators = []\n'
        '[[themes]]\ncode = "a"\nlabel_nl = "A"\nrequired = true\n'
        'activity_types = [{ code = "x", label_nl = "X" }]\n'
        '[[themes]]\ncode = "b"\nlabel_nl = "B"\nrequired = true\n'
        'activity_types = [{ code = "y", label_nl = "Y" }]\n',
        encoding="utf-8",
    )
    from sectorplan.cli.demo import demo_load

    demo_load(plans=False)  # the users and regions
    programme = programme_create(slug="req", name="Req", budget="1000", template=str(path))
    region = programme.region_set.regions.get(code="AM01")
    plan = services.plan_for_region(programme=programme, region=region)
    contact = user("regio-am01")
    plan = services.plan_update(
        plan=plan,
        by=contact,
        lock_version=plan.lock_version,
        title="T",
        contact_name="C",
        contact_email="c@example.org",
        companies=list(region.organisations.filter(kind="sw_bedrijf")[:1]),
    )
    services.activity_save(
        plan=plan,
        by=contact,
        lock_version=plan.lock_version,
        activity=None,
        data={"activity_type": programme.activity_types.get(code="x"), "title": "X"},
        budget_lines=[{"subsidy": Decimal(10), "cofinancing": Decimal(10)}],
    )
    plan.refresh_from_db()
    with pytest.raises(Refused) as refused:
        step(plan, "submit", "regio-am01")
    assert refused.value.errors == ["Theme 'B' needs at least one activity."]


def test_a_stale_form_is_refused_and_the_first_save_is_kept(draft_plan):
    stale = draft_plan.lock_version
    services.plan_update(plan=draft_plan, by=user("regio-am01"), lock_version=stale, title="First")
    with pytest.raises(Conflict):
        services.plan_update(
            plan=draft_plan, by=user("regio-am01"), lock_version=stale, title="Second"
        )
    draft_plan.refresh_from_db()
    assert draft_plan.title == "First"


def test_a_double_submit_runs_once(draft_plan):
    lock = draft_plan.lock_version
    services.plan_transition(
        plan=draft_plan, action="submit", by=user("regio-am01"), lock_version=lock
    )
    with pytest.raises(Refused):
        services.plan_transition(
            plan=draft_plan, action="submit", by=user("regio-am01"), lock_version=lock
        )
    assert len(step_history(draft_plan)) == 1
    assert draft_plan.versions.count() == 1


def test_each_party_advises_once_per_version(draft_plan):
    plan = to_advice(draft_plan)
    assert list(plans_waiting_for(user("sociale-partners"))) == [plan]
    plan = step(plan, "advise", "sociale-partners", verdict="negatief", motivation="Te vaag.")
    assert list(plans_waiting_for(user("sociale-partners"))) == []
    with pytest.raises(Refused, match="already given advice"):
        step(plan, "advise", "sociale-partners", verdict="positief", motivation="Toch goed.")
    with pytest.raises(Refused) as refused:
        step(plan, "advise", "vng", verdict="misschien", motivation="")
    assert refused.value.errors == ["Choose an advice.", "Give the motivation of the advice."]
    assert plan.advices.get().organisation.name == "Sociale partners"


def test_changes_requested_go_back_to_the_region_with_comments(draft_plan):
    plan = step(draft_plan, "submit", "regio-am01")
    plan = step(plan, "confirm_cofinancing", "gemeente-am01")
    with pytest.raises(Refused, match="at least one comment"):
        step(plan, "request_changes", "bureau", comments=[("general", "  ")])
    plan = step(plan, "request_changes", "bureau", comments=[("general", "Doelgroep ontbreekt.")])
    assert plan.state == PlanState.CHANGES_REQUESTED
    assert plan.comments.get().text == "Doelgroep ontbreekt."
    plan = services.plan_update(
        plan=plan, by=user("regio-am01"), lock_version=plan.lock_version, summary="Met doelgroep"
    )
    plan = step(plan, "submit", "regio-am01")
    old, new = plan.versions.all()
    assert ("summary", "", "Met doelgroep") in snapshot_changes(old.snapshot, new.snapshot)


def test_payments_never_exceed_the_granted_amount(draft_plan):
    plan = to_granted(draft_plan)
    step(plan, "register_payment", "bureau", amount=Decimal("100000"), paid_on=date(2015, 12, 1))
    with pytest.raises(Refused, match=r"exceed the granted amount of 100000\.00"):
        step(plan, "register_payment", "bureau", amount=Decimal("0.01"), paid_on=date(2015, 12, 2))
    with pytest.raises(Refused, match="Your role"):
        step(plan, "register_payment", "szw", amount=Decimal("1"), paid_on=date(2015, 12, 2))


def test_an_extension_is_requested_and_granted(draft_plan):
    plan = to_granted(draft_plan)
    assert plan.ends_on == date(2016, 12, 31)
    # The office's inbox holds a granted plan only while an extension request waits (the
    # table's `offer_when = ["extension_pending"]`, in SQL).
    assert plan not in plans_waiting_for(user("bureau"))
    with pytest.raises(Refused, match="later than the current one"):
        step(plan, "request_extension", "regio-am01", new_end_date=date(2016, 6, 1), reason="x")
    plan = step(
        plan,
        "request_extension",
        "regio-am01",
        new_end_date=date(2017, 6, 30),
        reason="Later gestart.",
    )
    with pytest.raises(Refused, match="already waiting"):
        step(
            plan,
            "request_extension",
            "regio-am01",
            new_end_date=date(2017, 9, 30),
            reason="Nog later.",
        )
    assert list(plans_waiting_for(user("bureau"))) == [plan]
    plan = step(plan, "decide_extension", "bureau", grant=True)
    assert plan not in plans_waiting_for(user("bureau"))
    assert plan.ends_on == date(2017, 6, 30)
    assert plan.extensions.get().state == ExtensionState.GRANTED


def test_an_amendment_keeps_the_decided_version(draft_plan):
    plan = to_granted(draft_plan)
    plan = step(plan, "amend", "regio-am01")
    assert plan.state == PlanState.DRAFT and plan.is_amendment
    services.plan_update(
        plan=plan, by=user("regio-am01"), lock_version=plan.lock_version, title="Gewijzigd"
    )
    plan.refresh_from_db()
    plan = to_granted(plan)
    first, second = plan.decisions.all()
    assert first.version.number == 1 and second.version.number == 2
    assert first.version.snapshot["title"] == "Sectorplan Groningen"
    assert second.version.snapshot["title"] == "Gewijzigd"
    assert not plan.is_amendment


def test_decided_plans_cannot_be_edited(draft_plan):
    plan = to_granted(draft_plan)
    with pytest.raises(Refused, match="cannot be edited"):
        services.plan_update(
            plan=plan, by=user("regio-am01"), lock_version=plan.lock_version, title="x"
        )


def test_each_step_mails_the_people_who_act_next(draft_plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = step(draft_plan, "submit", "regio-am01")
    assert [m.to for m in mail.outbox] == [["gemeente-am01@example.org"]]
    assert "/programmas/sw-2015/plannen/AM01/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        plan = step(plan, "confirm_cofinancing", "gemeente-am01")
        plan = step(plan, "open_advice", "bureau")
    assert sorted(mail.outbox[-1].to) == [
        "bureau@example.org",
        "sociale-partners@example.org",
        "szw@example.org",
        "vng@example.org",
    ]


def test_the_inbox_shows_what_waits_for_each_user(draft_plan):
    assert list(plans_waiting_for(user("regio-am01"))) == [draft_plan]
    assert list(plans_waiting_for(user("regio-am02"))) == []
    plan = step(draft_plan, "submit", "regio-am01")
    assert list(plans_waiting_for(user("gemeente-am01"))) == [plan]
    assert list(plans_waiting_for(user("regio-am01"))) == []


def test_assessing_parties_read_only_submitted_plans(draft_plan, as_assessor, as_ministry):
    """CONTRACTS §8: assessing parties read submitted plans; the ministry reads everything."""
    url = "/programmas/sw-2015/plannen/AM01/"
    title = "Sectorplan Groningen"
    assert title not in as_assessor.get(url).content.decode()
    assert title in as_ministry.get(url).content.decode()
    plan = step(draft_plan, "submit", "regio-am01")
    # With the municipality: not submitted yet.
    page = as_assessor.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert title not in page
    assert "has not been submitted yet" in page
    step(plan, "confirm_cofinancing", "gemeente-am01")
    assert title in as_assessor.get(url).content.decode()


def test_the_history_shows_amounts_and_references(draft_plan):
    plan = to_granted(draft_plan)
    step(
        plan,
        "register_payment",
        "bureau",
        amount=Decimal("60000"),
        paid_on=date(2015, 12, 1),
        reference="BZK-1",
    )
    notes = {e.action: e.note for e in step_history(plan)}
    assert notes["grant"] == "100000.00"
    assert notes["register_payment"] == "60000.00 · BZK-1"
