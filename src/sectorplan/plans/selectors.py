"""Reads of plans: totals in SQL, what a user may see, what waits for whom."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sectorplan.accounts.constants import Role
from sectorplan.accounts.rules import is_assessor, is_ministry, is_programme_office
from sectorplan.accounts.selectors import acts_in, memberships_of
from sectorplan.plans.constants import (
    EDITABLE_STATES,
    SUBMITTED_OR_LATER,
    ExtensionState,
    PlanState,
)
from sectorplan.plans.models import (
    Activity,
    Advice,
    BudgetLine,
    Decision,
    Extension,
    Payment,
    Plan,
    PlanVersion,
    Settlement,
)
from sectorplan.programmes.constants import ProgrammeStatus
from sectorplan.programmes.models import AllocationLine, Organisation, Programme
from sectorplan.workflow import Step, steps_for
from sectorplan.workflow.engine import offered
from sectorplan.workflow.history import ever_reached

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=15, decimal_places=2))


@dataclass(frozen=True)
class Totals:
    subsidy: Decimal
    cofinancing: Decimal


def plan_totals(plan: Plan) -> Totals:
    sums = BudgetLine.objects.filter(activity__plan=plan).aggregate(
        subsidy=Coalesce(Sum("subsidy"), ZERO), cofinancing=Coalesce(Sum("cofinancing"), ZERO)
    )
    return Totals(sums["subsidy"], sums["cofinancing"])


def plan_allocation(plan: Plan) -> AllocationLine | None:
    """The region's line in the programme's latest published allocation."""
    return (
        AllocationLine.objects.filter(
            publication__programme_id=plan.programme_id, region_id=plan.region_id
        )
        .order_by("-publication__published_at", "-publication_id")
        .first()
    )


def plan_paid(plan: Plan) -> Decimal:
    return Payment.objects.filter(plan=plan).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def plans_for_overview(programme: Programme):
    """Every plan of a programme with, in one query: totals asked, activity count, granted,
    paid and settled amounts, whether it ever reached the office, and a waiting extension."""
    money = DecimalField(max_digits=15, decimal_places=2)
    paid = (
        Payment.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    granted = (
        Decision.objects.filter(plan=OuterRef("pk"), granted=True)
        .order_by("-created_at", "-id")
        .values("amount")[:1]
    )
    return (
        Plan.objects.filter(programme=programme)
        .select_related("region")
        .annotate(
            total_subsidy=Coalesce(Sum("activities__budget_lines__subsidy"), ZERO),
            total_cofinancing=Coalesce(Sum("activities__budget_lines__cofinancing"), ZERO),
            activity_count=Count("activities", distinct=True),
            granted_amount=Subquery(granted, output_field=money),
            paid_amount=Subquery(paid, output_field=money),
            settled_amount=Subquery(
                Settlement.objects.filter(plan=OuterRef("pk")).values("amount")[:1],
                output_field=money,
            ),
            ever_submitted=ever_reached(Plan, PlanState.SUBMITTED),
            extension_waiting=Exists(
                Extension.objects.filter(plan=OuterRef("pk"), state=ExtensionState.REQUESTED)
            ),
        )
        .order_by("region__code")
    )


def plans_visible_to(user, programme: Programme):
    """CONTRACTS §8: office and ministry read every plan, assessing parties the submitted
    ones (and a decided plan under amendment), regional roles their own in every state."""
    plans = Plan.objects.filter(programme=programme)
    if is_programme_office(user) or is_ministry(user):
        return plans
    own = Q(region_id__in={m.region_id for m in memberships_of(user) if m.region_id})
    if is_assessor(user):
        decided = Exists(Decision.objects.filter(plan=OuterRef("pk")))
        return plans.filter(own | Q(state__in=SUBMITTED_OR_LATER) | decided)
    return plans.filter(own)


def may_edit(user, plan: Plan) -> bool:
    """The user writes the plan: holds a role of its workflow's `submit` step, for the plan's
    region where the role is regional."""
    return acts_in(user, plan.programme.workflow("plan").roles_of("submit"), plan.region_id)


def edit_refusal(plan: Plan) -> str:
    """Why the plan cannot be edited now ("" when it can): its programme has ended, or its
    state is past writing."""
    if plan.programme.is_closed:
        return plan.programme.closed_refusal
    if plan.state not in EDITABLE_STATES:
        return _("The plan cannot be edited in the state '%(state)s'.") % {
            "state": plan.get_state_display()
        }
    return ""


def steps_offered_to(user, plan: Plan) -> list[Step]:
    """The steps the plan page's buttons and the API's `actions` offer: the engine's."""
    return steps_for(user, plan)


def advised_on_current_version(user, plan: Plan) -> bool:
    """The user's party has advised on the plan's latest version."""
    parties = {
        m.organisation_id
        for m in memberships_of(user)
        if m.role in plan.programme.workflow("plan").roles_of("advise")
    }
    return Advice.objects.filter(
        plan=plan, organisation_id__in=parties, version__number=latest_version_number()
    ).exists()


def advices_visible_to(user, advices, decisions) -> tuple[list, bool]:
    """The advices this user may read, and whether some are kept back for now.

    Office and ministry read all; an assessing party reads the others' advice on a version
    once it has given its own; the region reads the advice on versions that were decided.
    """
    if is_programme_office(user) or is_ministry(user):
        return advices, False
    parties = {m.organisation_id for m in memberships_of(user) if m.acts_as == Role.ASSESSOR}
    if parties:
        advised = {a.version_id for a in advices if a.organisation_id in parties}
        visible = [a for a in advices if a.version_id in advised]
    else:
        decided = {d.version_id for d in decisions}
        visible = [a for a in advices if a.version_id in decided]
    return visible, len(visible) < len(advices)


def participants_of_region(programme: Programme, region_id: int):
    """The organisations a plan of this region may name as taking part: the region's
    organisations of the kinds a plan needs (the template's `plan_participant_kinds`), or of
    any kind when it needs none."""
    organisations = Organisation.objects.filter(regions=region_id)
    if programme.plan_participant_kinds:
        organisations = organisations.filter(kind__in=programme.plan_participant_kinds)
    return organisations.order_by("name")


def participants_in_no_plan(programme: Programme):
    """Organisations of the kinds a plan needs, in the programme's regions, that take part
    in no plan of it (none when the template names no such kinds)."""
    return (
        Organisation.objects.filter(
            kind__in=programme.plan_participant_kinds,
            regions__region_set=programme.region_set_id,
        )
        .exclude(plans__programme=programme)
        .distinct()
        .order_by("name")
    )


def _advised(parties):
    return Exists(
        Advice.objects.filter(
            plan=OuterRef("pk"),
            organisation_id__in=parties,
            version__number=latest_version_number(),
        )
    )


def _extension_requested(parties):
    return Exists(Extension.objects.filter(plan=OuterRef("pk"), state=ExtensionState.REQUESTED))


#: The SQL form of the offer conditions (`offer_when`) a plan table may name, each given the
#: parties the user acts for in the step; the inbox finds the waiting plans with them in one
#: query. A condition without one here is checked per plan, by its guard, after the query.
OFFER_FILTERS = {
    "not_advised": lambda parties: ~_advised(parties),
    "extension_pending": _extension_requested,
    "no_extension_pending": lambda parties: ~_extension_requested(parties),
}


def plans_waiting_for(user):
    """Plans across programmes that wait for a step this user may take: the steps of each
    programme's table that somebody waits for (`task`), from the plan's state, for the
    user's roles and regions, where their offer conditions hold. One query for the
    programmes' tables, one for the plans."""
    memberships = memberships_of(user)
    if not memberships:
        return Plan.objects.none()
    waiting = Q(pk__in=[])
    for programme in Programme.objects.only("pk", "workflows"):
        for step in programme.workflow("plan").steps:
            acting = [m for m in memberships if m.role in step.roles]
            if not step.task or not acting:
                continue
            offer = Q()
            parties = {m.organisation_id for m in acting if m.organisation_id is not None}
            for name in step.offer_when:
                if name in OFFER_FILTERS:
                    offer &= Q(OFFER_FILTERS[name](parties))
            for m in acting:
                condition = Q(programme_id=programme.pk, state=step.source) & offer
                if m.region_id is not None:
                    condition &= Q(region_id=m.region_id)
                waiting |= condition
    return Plan.objects.filter(waiting).select_related("programme", "region")


def latest_version_number():
    return Subquery(
        PlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number").values("number")[:1]
    )


def _is_task(step: Step, plan: Plan, user) -> bool:
    """Somebody waits for the step (the table's `task`) and it is offered now."""
    return step.task and (not step.offer_when or offered("plan", step, plan, user))


def plan_tasks(user) -> list[tuple[Plan, list[str]]]:
    """(plan, labels of the steps waiting for this user), for the start page's inbox; none
    of a closed programme."""
    pending = Extension.objects.filter(plan=OuterRef("pk"), state=ExtensionState.REQUESTED)
    tasks = []
    # A closed programme is history: nothing in it waits for anyone.
    running = plans_waiting_for(user).exclude(programme__status=ProgrammeStatus.CLOSED)
    for plan in running.annotate(extension_waiting=Exists(pending)):
        steps = steps_for(user, plan, offer=False)
        labels = [step.label for step in steps if _is_task(step, plan, user)]
        if labels:
            tasks.append((plan, labels))
    tasks.sort(key=lambda task: (task[0].programme.name, task[0].region.code))
    return tasks


# --- What other apps read of plans (the search index, the "who does what" matrix) ------


def plans_to_index():
    """Every plan, with what an index entry's title reads."""
    return Plan.objects.select_related("region")


def activities_to_index():
    """Every activity, with what its index entry reads (its plan, its theme)."""
    return Activity.objects.select_related("plan", "activity_type")


def activities_submitted(programme: Programme, regions, activity_types):
    """The activities of the plans submitted or later, in these regions and of these types,
    by region code and position: rows of (pk, title, plan id, region id, region code,
    activity type id)."""
    return (
        Activity.objects.filter(
            plan__programme=programme,
            plan__state__in=SUBMITTED_OR_LATER,
            plan__region__in=regions,
            activity_type__in=activity_types,
        )
        .order_by("plan__region__code", "position", "pk")
        .values_list(
            "pk", "title", "plan_id", "plan__region_id", "plan__region__code", "activity_type_id"
        )
    )
