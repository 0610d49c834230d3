"""The guards of the plan's workflow, by the names a template gives them: each lists what
stands in the way, empty when clear.

A guard gets the plan, the acting user and the step's input (`payload`).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from sectorplan.core.numbers import format_decimal_plain
from sectorplan.plans.constants import ExtensionState, Verdict
from sectorplan.plans.models import Advice, BudgetLine, Decision, Plan
from sectorplan.plans.selectors import (
    advised_on_current_version,
    plan_allocation,
    plan_paid,
    plan_totals,
)
from sectorplan.programmes.constants import OrganisationKind
from sectorplan.workflow import guard


def completeness(plan: Plan) -> list[str]:
    """What a plan needs before it can be submitted, in the order of the form."""
    missing = []
    if not plan.title.strip():
        missing.append(_("The plan has no title."))
    if not plan.contact_name.strip() or not plan.contact_email.strip():
        missing.append(_("Name and e-mail of the contact person are required."))
    kinds = set(plan.companies.values_list("kind", flat=True))
    for kind in plan.programme.plan_participant_kinds:
        if kind not in kinds:
            missing.append(
                _("Choose at least one participant of the kind '%(kind)s'.")
                % {"kind": OrganisationKind(kind).label}
            )
    activities = list(plan.activities.select_related("activity_type__theme"))
    if not activities:
        missing.append(_("The plan has no activities."))
    required = plan.programme.themes.filter(required=True)
    covered = {activity.activity_type.theme_id for activity in activities}
    for theme in required:
        if theme.pk not in covered:
            missing.append(
                _("Theme '%(theme)s' needs at least one activity.") % {"theme": theme.label}
            )
    if activities and not BudgetLine.objects.filter(activity__plan=plan).exists():
        missing.append(_("The plan has no budget lines."))
    return missing + money(plan)


def money(plan: Plan) -> list[str]:
    """Budget within the allocation; co-financing at least ratio × subsidy."""
    problems = []
    totals = plan_totals(plan)
    allocation = plan_allocation(plan)
    if allocation is not None and totals.subsidy > allocation.subsidy:
        problems.append(
            _("The subsidy asked (%(asked)s) is more than the allocation (%(allocated)s).")
            % {
                "asked": format_decimal_plain(totals.subsidy),
                "allocated": format_decimal_plain(allocation.subsidy),
            }
        )
    needed = totals.subsidy * plan.programme.cofinancing_ratio
    if totals.cofinancing < needed:
        problems.append(
            _("The co-financing (%(cofinancing)s) is less than %(needed)s (ratio × subsidy).")
            % {
                "cofinancing": format_decimal_plain(totals.cofinancing),
                "needed": format_decimal_plain(needed),
            }
        )
    return problems


@guard("plan", "complete")
def complete(plan, user, payload) -> list[str]:
    return completeness(plan)


@guard("plan", "has_note")
def has_note(plan, user, payload) -> list[str]:
    return [] if (payload.get("note") or "").strip() else [_("Say what needs to change.")]


@guard("plan", "has_comments")
def has_comments(plan, user, payload) -> list[str]:
    comments = [c for c in payload.get("comments", []) if (c[1] or "").strip()]
    return [] if comments else [_("Write at least one comment for the region.")]


@guard("plan", "has_reason")
def has_reason(plan, user, payload) -> list[str]:
    return [] if (payload.get("reason") or "").strip() else [_("Give the reason.")]


@guard("plan", "may_advise")
def may_advise(plan, user, payload) -> list[str]:
    problems = []
    if payload.get("verdict") not in Verdict.values:
        problems.append(_("Choose an advice."))
    if not (payload.get("motivation") or "").strip():
        problems.append(_("Give the motivation of the advice."))
    organisation = payload.get("organisation")
    version = plan.versions.last()
    if Advice.objects.filter(version=version, organisation=organisation).exists():
        problems.append(_("Your party has already given advice on this version."))
    return problems


@guard("plan", "grant")
def grant(plan, user, payload) -> list[str]:
    problems = []
    amount = payload.get("amount")
    if amount is None or amount <= 0:
        problems.append(_("Give the granted amount (more than 0)."))
    elif amount > plan_totals(plan).subsidy:
        problems.append(_("The granted amount is more than the subsidy asked in the plan."))
    if payload.get("decided_on") is None:
        problems.append(_("Give the date of the decision."))
    return problems


def _granted_amount(plan) -> Decimal:
    decision = Decision.objects.filter(plan=plan, granted=True).order_by("-created_at").first()
    return decision.amount if decision else Decimal(0)


@guard("plan", "payment")
def payment(plan, user, payload) -> list[str]:
    problems = []
    amount = payload.get("amount")
    if amount is None or amount <= 0:
        problems.append(_("Give the amount paid (more than 0)."))
    elif plan_paid(plan) + amount > _granted_amount(plan):
        problems.append(
            _("Payments would exceed the granted amount of %(granted)s.")
            % {"granted": format_decimal_plain(_granted_amount(plan))}
        )
    if payload.get("paid_on") is None:
        problems.append(_("Give the payment date."))
    return problems


@guard("plan", "extension_request")
def extension_request(plan, user, payload) -> list[str]:
    problems = []
    if plan.extensions.filter(state=ExtensionState.REQUESTED).exists():
        problems.append(_("An extension request is already waiting for a decision."))
    new_end = payload.get("new_end_date")
    if new_end is None:
        problems.append(_("Give the new end date."))
    elif plan.ends_on and new_end <= plan.ends_on:
        problems.append(_("The new end date must be later than the current one."))
    if not (payload.get("reason") or "").strip():
        problems.append(_("Give the reason for the extension."))
    return problems


def _extension_waiting(plan) -> bool:
    """An extension request waits for a decision; lists of plans annotate it
    (`extension_waiting`, plans.selectors) so the inbox asks no query per plan."""
    annotated = getattr(plan, "extension_waiting", None)
    if annotated is not None:
        return annotated
    return plan.extensions.filter(state=ExtensionState.REQUESTED).exists()


@guard("plan", "extension_pending")
def extension_pending(plan, user, payload) -> list[str]:
    if not _extension_waiting(plan):
        return [_("There is no extension request to decide on.")]
    return []


@guard("plan", "settlement")
def settlement(plan, user, payload) -> list[str]:
    problems = []
    amount = payload.get("amount")
    if amount is None or amount < 0:
        problems.append(_("Give the settled amount (0 or more)."))
    elif amount > _granted_amount(plan):
        problems.append(_("The settled amount cannot exceed the granted amount."))
    if payload.get("settled_on") is None:
        problems.append(_("Give the settlement date."))
    return problems


@guard("plan", "no_extension_pending")
def no_extension_pending(plan, user, payload) -> list[str]:
    if _extension_waiting(plan):
        return [_("An extension request is already waiting for a decision.")]
    return []


@guard("plan", "not_advised")
def not_advised(plan, user, payload) -> list[str]:
    """The user's party has not advised on the plan's current version yet."""
    if advised_on_current_version(user, plan):
        return [_("Your party has already given advice on this version.")]
    return []
