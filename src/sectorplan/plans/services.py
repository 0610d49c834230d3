"""Every write to a plan. One service per user action; workflow steps go through
`plan_transition`, which runs the programme's plan workflow on the engine
(sectorplan.workflow). The effects the workflow table names are registered here."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.selectors import emails_of, memberships_of
from sectorplan.core.errors import Refused
from sectorplan.core.numbers import format_decimal_plain
from sectorplan.plans import checks  # noqa: F401  (registers the plan's guards)
from sectorplan.plans.constants import ACTIVITY_FIELDS, EDITABLE_STATES, ExtensionState, PlanState
from sectorplan.plans.deadlines import DEADLINES
from sectorplan.plans.models import (
    Activity,
    Advice,
    Attachment,
    BudgetLine,
    Decision,
    Extension,
    IndicatorTarget,
    Payment,
    Plan,
    PlanVersion,
    ReviewComment,
    Settlement,
)
from sectorplan.plans.selectors import edit_refusal, may_edit
from sectorplan.plans.snapshots import plan_snapshot
from sectorplan.programmes.models import Programme, Region
from sectorplan.workflow import Step, effect, lock, register, transition
from sectorplan.workflow.engine import Kind


def plan_for_region(*, programme: Programme, region: Region) -> Plan:
    plan, _created = Plan.objects.get_or_create(
        programme=programme, region=region, defaults={"ends_on": programme.execution_ends_on}
    )
    return plan


def _require_editable(plan: Plan, by) -> None:
    if refusal := edit_refusal(plan):
        raise Refused(refusal)
    if not may_edit(by, plan):
        raise Refused(_("Only the region's contact can edit the plan."))


def _touch(plan: Plan, by) -> None:
    plan.lock_version += 1
    plan._history_user = by
    plan.save()


@transaction.atomic
def plan_update(
    *, plan: Plan, by, lock_version: int, companies=None, targets=None, **fields
) -> Plan:
    """The plan's general part; `targets` maps indicators to a target (None removes it)."""
    plan = lock(plan, lock_version)
    _require_editable(plan, by)
    before = _general_part(plan)
    allowed = {"title", "summary", "contact_name", "contact_email", "contact_phone", "ends_on"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(plan, name, value)
    if companies is not None:
        wrong = [c for c in companies if not c.regions.filter(pk=plan.region_id).exists()]
        if wrong:
            raise Refused(
                _("%(names)s does not work in this region.")
                % {"names": ", ".join(c.name for c in wrong)}
            )
        plan.companies.set(companies)
    for indicator, target in (targets or {}).items():
        _target_save(plan, indicator, target, by)
    _touch(plan, by)
    audit.record(by, "plan.update", plan, audit.changed(before, _general_part(plan)))
    return plan


_GENERAL_FIELDS = [
    "title",
    "summary",
    "contact_name",
    "contact_email",
    "contact_phone",
    "ends_on",
    "companies",
]


def _general_part(plan: Plan) -> dict[str, str]:
    values = audit.values(plan, _GENERAL_FIELDS)
    for target in plan.targets.select_related("indicator"):
        values[f"target {target.indicator.code}"] = audit.text(target.target)
    return values


def _target_save(plan: Plan, indicator, target, by) -> None:
    if indicator.programme_id != plan.programme_id:
        raise Refused(_("The indicator does not belong to this programme."))
    existing = plan.targets.filter(indicator=indicator).first()
    if target is None:
        if existing:
            existing._history_user = by
            existing.delete()
        return
    if target < 0:
        raise Refused(_("A target cannot be negative."))
    if existing and existing.target == target:
        return
    item = existing or IndicatorTarget(plan=plan, indicator=indicator)
    item.target = target
    item._history_user = by
    item.save()


@transaction.atomic
def activity_save(
    *, plan: Plan, by, lock_version: int, activity: Activity | None, data: dict, budget_lines
) -> Activity:
    """Create or update an activity with its budget lines (the lines given replace the old)."""
    plan = lock(plan, lock_version)
    _require_editable(plan, by)
    if data["activity_type"].programme_id != plan.programme_id:
        raise Refused(_("The activity type does not belong to this programme."))
    if activity is None:
        activity = Activity(plan=plan, position=plan.activities.count())
    elif activity.plan_id != plan.pk:
        raise Refused(_("The activity does not belong to this plan."))
    before = _activity_values(activity) if activity.pk else {}
    for name, value in data.items():
        setattr(activity, name, value)
    activity._history_user = by
    activity.save()
    activity.budget_lines.all().delete()
    for line in budget_lines:
        if line["subsidy"] < 0 or line["cofinancing"] < 0:
            raise Refused(_("Amounts cannot be negative."))
        BudgetLine.objects.create(activity=activity, **line)
    _touch(plan, by)
    audit.record(
        by,
        "plan.activity_add" if not before else "plan.activity_change",
        plan,
        audit.changed(before, _activity_values(activity)),
    )
    return activity


def _activity_values(activity: Activity) -> dict[str, str]:
    """The activity's fields and budget lines, keyed `activity <id>.<field>` in the plan's
    trail."""
    values = audit.values(activity, list(ACTIVITY_FIELDS))
    values["activity_type"] = activity.activity_type.code  # stable, in no one language
    values["budget"] = "; ".join(
        f"{line.description} | {audit.text(line.subsidy)} | {audit.text(line.cofinancing)}"
        f" | {line.cofinancing_source}"
        for line in activity.budget_lines.order_by("pk")
    )
    return {f"activity {activity.pk}.{key}": value for key, value in values.items()}


@transaction.atomic
def activity_delete(*, plan: Plan, by, lock_version: int, activity: Activity) -> None:
    plan = lock(plan, lock_version)
    _require_editable(plan, by)
    if activity.plan_id != plan.pk:
        raise Refused(_("The activity does not belong to this plan."))
    before = _activity_values(activity)
    activity._history_user = by
    activity.delete()
    _touch(plan, by)
    audit.record(by, "plan.activity_delete", plan, audit.changed(before, {}))


@transaction.atomic
def attachment_add(*, plan: Plan, by, upload, name: str, content_type: str) -> Attachment:
    """Add a checked document (plans.forms.checked_document) to a plan being written."""
    plan.programme.refuse_if_closed()
    if plan.state not in EDITABLE_STATES:
        raise Refused(
            _("Attachments can only be added while the plan is being written (now '%(state)s').")
            % {"state": plan.get_state_display()}
        )
    attachment = Attachment(
        plan=plan, name=name, content_type=content_type, size=upload.size, uploaded_by=by
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record(
        by,
        "plan.attachment_add",
        plan,
        {"attachment": ["", f"{name} ({content_type}, {upload.size} bytes)"]},
    )
    return attachment


def plan_transition(
    *, plan: Plan, action: str, by, lock_version: int | None = None, **payload
) -> Plan:
    """Take `action` on the plan as `by`: checked against the programme's table, recorded,
    announced (the engine's `transition`)."""
    return transition(plan, action, by, payload, lock_version=lock_version)


def _event_note(payload) -> str:
    """What the history shows beside the step: the amount and reference, or the note."""
    parts = [format_decimal_plain(payload["amount"])] if payload.get("amount") is not None else []
    parts += [
        str(payload[key]).strip()
        for key in ("reference", "note", "reason")
        if str(payload.get(key) or "").strip()
    ]
    return " · ".join(parts)


def _payload_values(payload) -> dict[str, str]:
    """What the step was given, as the trail keeps it (review comments per section)."""
    values = {}
    for key, value in payload.items():
        if key == "comments":
            values.update({f"comment {section}": audit.text(text) for section, text in value})
        else:
            values[key] = audit.text(value)
    return values


def _prepare(plan: Plan, by, step: Step, payload: dict) -> None:
    """The advising party is the one the user acts for in a role of the step."""
    if "advise" in step.effects:
        payload["organisation"] = _advising_party(by, step)


def _advising_party(user, step: Step):
    for membership in memberships_of(user):
        if membership.role in step.roles:
            return membership.organisation
    raise Refused(_("You do not act for an assessing party."))


@effect("plan", "freeze")
def _freeze(plan: Plan, by, payload) -> None:
    number = plan.versions.count() + 1
    PlanVersion.objects.create(
        plan=plan, number=number, submitted_by=by, snapshot=plan_snapshot(plan)
    )


@effect("plan", "comments")
def _comments(plan: Plan, by, payload) -> None:
    version = plan.versions.last()
    for section, text in payload["comments"]:
        if (text or "").strip():
            ReviewComment.objects.create(
                plan=plan, version=version, section=section, text=text.strip(), author=by
            )


@effect("plan", "advise")
def _advise(plan: Plan, by, payload) -> None:
    Advice.objects.create(
        plan=plan,
        version=plan.versions.last(),
        organisation=payload["organisation"],
        author=by,
        verdict=payload["verdict"],
        motivation=payload["motivation"].strip(),
    )


def _decide(granted: bool):
    def effect(plan: Plan, by, payload) -> None:
        Decision.objects.create(
            plan=plan,
            version=plan.versions.last(),
            granted=granted,
            amount=payload.get("amount") if granted else None,
            decided_on=payload.get("decided_on") or timezone.localdate(),
            reason=(payload.get("reason") or "").strip(),
            decided_by=by,
        )
        plan.is_amendment = False

    return effect


@effect("plan", "pay")
def _pay(plan: Plan, by, payload) -> None:
    Payment.objects.create(
        plan=plan,
        amount=payload["amount"],
        paid_on=payload["paid_on"],
        reference=(payload.get("reference") or "").strip(),
        registered_by=by,
    )


@effect("plan", "request_extension")
def _request_extension(plan: Plan, by, payload) -> None:
    Extension.objects.create(
        plan=plan,
        new_end_date=payload["new_end_date"],
        reason=payload["reason"].strip(),
        requested_by=by,
    )


@effect("plan", "decide_extension")
def _decide_extension(plan: Plan, by, payload) -> None:
    extension = plan.extensions.get(state=ExtensionState.REQUESTED)
    extension.state = ExtensionState.GRANTED if payload.get("grant") else ExtensionState.REFUSED
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.save()
    if extension.state == ExtensionState.GRANTED:
        plan.ends_on = extension.new_end_date


@effect("plan", "amend")
def _amend(plan: Plan, by, payload) -> None:
    plan.is_amendment = True


@effect("plan", "settle")
def _settle(plan: Plan, by, payload) -> None:
    Settlement.objects.create(
        plan=plan,
        amount=payload["amount"],
        settled_on=payload["settled_on"],
        note=(payload.get("note") or "").strip(),
        settled_by=by,
    )


effect("plan", "grant")(_decide(True))
effect("plan", "reject")(_decide(False))


def _after(plan: Plan, step: Step, source: str) -> None:
    if step.target != source:
        notify_next(plan)


def notify_next(plan: Plan) -> None:
    """E-mail the people who can take the plan's next step."""
    roles = {
        role
        for step in plan.programme.workflow("plan").from_state(plan.state)
        for role in step.roles
    }
    if not roles:
        return
    recipients = emails_of(roles, plan.region_id)
    if not recipients:
        return
    url = settings.SECTORPLAN_BASE_URL.rstrip("/") + reverse(
        "plan-detail", args=[plan.programme.slug, plan.region.code]
    )
    send_mail(
        subject=_("Plan %(region)s: %(state)s")
        % {"region": plan.region.name, "state": plan.get_state_display()},
        message=_("The plan of %(region)s waits for your action:\n%(url)s")
        % {"region": plan.region.name, "url": url},
        from_email=None,
        recipient_list=recipients,
    )


register(
    Kind(
        name="plan",
        model=Plan,
        states=frozenset(PlanState.values),
        initial=PlanState.DRAFT,
        workflow_of=lambda plan: plan.programme.workflow("plan"),
        region_of=lambda plan: plan.region_id,
        programme_of=lambda plan: plan.programme_id,
        conflict=lambda: _(
            "Someone else saved this plan while you were editing. Your changes have not "
            "been saved; reload the plan to see the latest version."
        ),
        impossible=lambda action, plan: (
            _("'%(action)s' is not possible while the plan is '%(state)s'.")
            % {"action": action, "state": plan.get_state_display()}
        ),
        prepare=_prepare,
        changes=lambda plan, payload: audit.changed({}, _payload_values(payload)),
        note=_event_note,
        after=_after,
        related=("programme", "region"),
        deadlines=DEADLINES,
        closed=lambda plan: plan.programme.closed_refusal,
    )
)
