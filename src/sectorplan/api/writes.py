"""The write endpoints: the plan's general part, a report's answers, and workflow steps.

Each calls the one service the pages call (`plan_update`, `plan_transition`, `report_save`,
`report_transition`), which checks the rule set and validates; the API only parses JSON,
checks `If-Match`, and turns a refusal into a status code:
400 the service refused the input · 403 your role may not take this step · 404 not yours
to see · 409 not possible in the object's state · 412 `If-Match` names an old version ·
428 no `If-Match` (or `*`) on a write to a plan or report.
"""

import rules
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplan.api import examples
from sectorplan.api.common import IF_MATCH, REGION, ROUND, SLUG, ProgrammeScoped, actions, with_etag
from sectorplan.api.errors import refused
from sectorplan.api.monitoring.serializers import (
    ReportActionPayloadSerializer,
    ReportSerializer,
    ReportUpdateSerializer,
)
from sectorplan.api.monitoring.views import ReportDetail, ReportScoped, report_representation
from sectorplan.api.plans.serializers import (
    ActionPayloadSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    TransitionResultSerializer,
)
from sectorplan.api.plans.views import PlanDetail, PlanScoped, plan_representation
from sectorplan.api.plumbing import check_if_match, refuse_body
from sectorplan.api.programmes.serializers import (
    AllocationPublishResultSerializer,
    RoundSerializer,
    RoundStepResultSerializer,
)
from sectorplan.core.errors import Refused
from sectorplan.monitoring import filling, report_flow, rounds
from sectorplan.monitoring import selectors as monitoring
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.report_input import ReportInput
from sectorplan.plans import selectors as plans
from sectorplan.plans import services as plan_services
from sectorplan.plans.models import Plan
from sectorplan.programmes import selectors as programme_selectors
from sectorplan.programmes import services as programme_services
from sectorplan.programmes.constants import QuestionKind, RoundState
from sectorplan.programmes.models import Organisation
from sectorplan.programmes.visibility import region_for
from sectorplan.workflow import Conflict

IF_MATCH_NOTE = (
    " Send the `ETag` you read in `If-Match` (required: without it, or with `*`, 428): when "
    "the object changed since, the answer is 412 and nothing is changed."
)


def _status_of(refusal: Refused, *, known_step: bool, may_act: bool) -> int:
    if isinstance(refusal, Conflict):
        return status.HTTP_412_PRECONDITION_FAILED
    if not known_step:
        return status.HTTP_409_CONFLICT
    if not may_act:
        return status.HTTP_403_FORBIDDEN
    return status.HTTP_400_BAD_REQUEST


# --- Plans ----------------------------------------------------------------------------------


@extend_schema_view(
    patch=extend_schema(
        summary="Change the plan's general part",
        description="Title, summary, contact, end date, participating companies and "
        "indicator targets; only the region's contact, while the plan is a draft or sent "
        "back." + IF_MATCH_NOTE,
        parameters=[SLUG, REGION, IF_MATCH],
        request=PlanUpdateSerializer,
        responses=PlanSerializer,
        examples=[examples.PLAN_PATCH, examples.PLAN],
    )
)
class PlanView(PlanDetail):
    def patch(self, request, slug, region_code):
        plan = self.get_plan()
        if not rules.has_perm("plans.edit", request.user, plan):
            return refused(Refused(_("Only the region's contact can edit the plan.")), 403)
        check_if_match(request, "plan", plan)
        input_ = PlanUpdateSerializer(data=request.data, context={"programme": plan.programme})
        input_.is_valid(raise_exception=True)
        fields = dict(input_.validated_data)
        if "companies" in fields:
            fields["companies"] = self._companies(fields["companies"])
        if "targets" in fields:
            fields["targets"] = self._targets(plan, fields["targets"])
        try:
            plan = plan_services.plan_update(
                plan=plan, by=request.user, lock_version=plan.lock_version, **fields
            )
        except Refused as exc:
            editable = not plans.edit_refusal(plan)
            return refused(exc, _status_of(exc, known_step=editable, may_act=True))
        return with_etag(plan_representation(request.user, plan), "plan", plan)

    @staticmethod
    def _companies(ids: list[int]) -> list[Organisation]:
        found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            raise ValidationError(
                {"companies": [_("Unknown organisation: %(ids)s") % {"ids": ", ".join(unknown)}]}
            )
        return [found[pk] for pk in dict.fromkeys(ids)]

    @staticmethod
    def _targets(plan: Plan, targets: dict) -> dict:
        indicators = {i.code: i for i in plan.programme.indicators.all()}
        unknown = sorted(code for code in targets if code not in indicators)
        if unknown:
            raise ValidationError(
                {"targets": [_("Unknown indicator: %(codes)s") % {"codes": ", ".join(unknown)}]}
            )
        return {indicators[code]: value for code, value in targets.items()}


@extend_schema_view(
    post=extend_schema(
        summary="Take a workflow step on a plan",
        description="`action` is a key of the plan's workflow table (`submit`, "
        "`confirm_cofinancing`, `return_to_region`, `request_changes`, `open_advice`, "
        "`advise`, `grant`, `reject`, `register_payment`, `request_extension`, "
        "`decide_extension`, `amend`, `settle`). Answers the new state and the steps you may "
        "take now." + IF_MATCH_NOTE,
        parameters=[SLUG, REGION, IF_MATCH],
        request=ActionPayloadSerializer,
        responses={200: TransitionResultSerializer},
        examples=[
            examples.PLAN_ACTION,
            examples.PLAN_ADVISE,
            examples.PLAN_GRANT,
            examples.TRANSITION,
        ],
    )
)
class PlanAction(PlanScoped, APIView):
    def post(self, request, slug, region_code, action):
        plan = self.get_plan()
        flow = plan.programme.workflow("plan")
        if action not in flow.actions:
            raise Http404
        check_if_match(request, "plan", plan)
        input_ = ActionPayloadSerializer(data=request.data, context={"programme": plan.programme})
        input_.is_valid(raise_exception=True)
        payload = dict(input_.validated_data)
        if "comments" in payload:
            payload["comments"] = [(c["section"], c["text"]) for c in payload["comments"]]
        try:
            plan = plan_services.plan_transition(
                plan=plan,
                action=action,
                by=request.user,
                lock_version=plan.lock_version,
                **payload,
            )
        except Refused as exc:
            known = flow.find(plan.state, action) is not None
            may_act = rules.has_perm("plans.act_in_step", request.user, (plan, action))
            return refused(exc, _status_of(exc, known_step=known, may_act=may_act))
        return with_etag(
            {
                "state": plan.state,
                "state_label": str(plan.get_state_display()),
                "lock_version": plan.lock_version,
                "actions": actions(plans.steps_offered_to(request.user, plan)),
            },
            "plan",
            plan,
        )


# --- Reports --------------------------------------------------------------------------------


def _report_input(report: Report, payload: dict) -> tuple[ReportInput, dict]:
    """The JSON input read into the typed input `report_save` takes, with the readers the
    report page uses, and where each of the page's field names came from in the JSON, to put
    errors back at the right place. A question, activity or indicator the report does not
    have refuses the whole request (400, nothing saved)."""
    contents = monitoring.contents_of(report)
    items = {
        (item.question.code, item.theme.code if item.theme else None): item
        for block in contents.blocks
        for item in block.items
    }
    given = ReportInput()
    origin: dict[str, tuple[str, int, str]] = {}
    problems: dict[str, dict] = {}
    for index, answer in enumerate(payload.get("answers", [])):
        item = items.get((answer["question"], answer.get("theme") or None))
        if item is None:
            problems.setdefault("answers", {})[index] = {
                "question": [_("This report asks no question with this code (and theme).")]
            }
            continue
        value = answer["value"]
        if item.question.kind == QuestionKind.MULTIPLE_CHOICE:
            values = value if isinstance(value, list) else [value] if value else []
            raw = [str(v) for v in values]
        elif isinstance(value, list | dict):
            problems.setdefault("answers", {})[index] = {"value": [_("Give one value.")]}
            continue
        elif "\x00" in str(value):
            problems.setdefault("answers", {})[index] = {
                "value": [_("Null characters are not allowed.")]
            }
            continue
        else:
            raw = "" if value is None else str(value)
        given.read_answer(item, raw)
        origin[item.key] = ("answers", index, "value")
    activities = {a.pk for a in contents.activities}
    for index, row in enumerate(payload.get("progress", [])):
        if row["activity"] not in activities:
            problems.setdefault("progress", {})[index] = {
                "activity": [_("The plan has no activity with this id.")]
            }
            continue
        given.read_progress(
            row["activity"],
            status=row.get("status") or "",
            people=row.get("people_reached") or "",
            spent=row.get("spent") or "",
            results=row.get("results") or "",
        )
        prefix = f"a{row['activity']}_"
        for field, suffix in PROGRESS_FIELDS:
            origin[prefix + suffix] = ("progress", index, field)
    indicators = {i.code: i for i in contents.indicators}
    for index, row in enumerate(payload.get("indicators", [])):
        indicator = indicators.get(row["indicator"])
        if indicator is None:
            problems.setdefault("indicators", {})[index] = {
                "indicator": [_("The programme has no indicator with this code.")]
            }
            continue
        given.read_indicator(
            indicator.pk,
            value=row.get("value") or "",
            starts=row.get("period_starts_on") or "",
            ends=row.get("period_ends_on") or "",
            programme=report.round.programme,
        )
        for field, suffix in INDICATOR_FIELDS:
            origin[f"i{indicator.pk}{suffix}"] = ("indicators", index, field)
    if problems:
        raise ValidationError(_nested(problems, payload))
    return given, origin


#: The JSON's progress and indicator fields → the suffix of the page's field name.
PROGRESS_FIELDS = [
    ("status", "status"),
    ("people_reached", "people"),
    ("spent", "spent"),
    ("results", "results"),
]
INDICATOR_FIELDS = [("value", ""), ("period_starts_on", "_from"), ("period_ends_on", "_until")]


def _nested(problems: dict, payload: dict) -> dict:
    """{"answers": {2: {...}}} as DRF shows errors of a list: one entry per item."""
    return {
        name: [by_index.get(i, {}) for i in range(len(payload.get(name, [])))]
        for name, by_index in problems.items()
    }


@extend_schema_view(
    patch=extend_schema(
        summary="Fill in a report",
        description="Answers (by question code, and theme code for per-theme questions), "
        "progress per activity (a row replaces the activity's progress) and realised "
        "indicators; only the region's contact, while the round is open and the report a "
        "draft or returned. As on the report page, what reads is saved and what does not comes "
        "back per item (400, with the report's new `ETag` when something was saved); a "
        "question, activity or indicator the report does not have refuses the whole request."
        + IF_MATCH_NOTE,
        parameters=[SLUG, ROUND, REGION, IF_MATCH],
        request=ReportUpdateSerializer,
        responses=ReportSerializer,
        examples=[examples.REPORT_PATCH, examples.REPORT],
    )
)
class ReportView(ReportDetail):
    def patch(self, request, slug, round, region_code):
        report = self.get_report()
        if not rules.has_perm("monitoring.edit_report", request.user, report):
            return refused(Refused(_("Only the region's contact fills in the report.")), 403)
        check_if_match(request, "report", report)
        input_ = ReportUpdateSerializer(data=request.data)
        input_.is_valid(raise_exception=True)
        given, origin = _report_input(report, input_.validated_data)
        try:
            saved, errors = filling.report_save(
                report=report, by=request.user, lock_version=report.lock_version, given=given
            )
        except Refused as exc:
            return refused(exc, _status_of(exc, known_step=False, may_act=True))
        if errors:
            # As on the page: what read is saved; the rest comes back per item, with the
            # report's new version to send on.
            problems: dict = {}
            for key, message in errors.items():
                name, index, field = origin[key]
                problems.setdefault(name, {}).setdefault(index, {})[field] = [message]
            return with_etag(
                _nested(problems, input_.validated_data),
                "report",
                saved,
                status=status.HTTP_400_BAD_REQUEST,
            )
        saved.round, saved.region = report.round, report.region
        return with_etag(report_representation(request.user, saved), "report", saved)


def _comment_slots(report: Report, comments: list[dict]) -> dict:
    """The office's comments by the question they are about, as the service takes them."""
    if not comments:
        return {}
    slots = {
        (item.question.code, item.theme.code if item.theme else None): item.slot
        for block in monitoring.contents_of(report).blocks
        for item in block.items
    }
    found, problems = {}, {}
    for index, comment in enumerate(comments):
        slot = slots.get((comment["question"], comment.get("theme") or None))
        if slot is None:
            problems[index] = {
                "question": [_("This report asks no question with this code (and theme).")]
            }
        else:
            found[slot] = comment["text"]
    if problems:
        raise ValidationError(_nested({"comments": problems}, {"comments": comments}))
    return found


@extend_schema_view(
    post=extend_schema(
        summary="Start a region's report",
        description="Makes the region's report in the round on the newest questionnaire, as "
        "the report page's start button does: only the region's contact, while the round is "
        "open (else 409). Answers the report (201; 200 when it was started already).",
        parameters=[SLUG, ROUND, REGION],
        request=None,
        responses={201: ReportSerializer, 200: ReportSerializer},
        examples=[examples.REPORT],
    )
)
class ReportStart(ReportScoped, APIView):
    def post(self, request, slug, round, region_code):
        refuse_body(request)
        round_ = self.get_round()
        region = region_for(request.user, round_.programme, region_code)
        if not rules.has_perm("monitoring.start_report", request.user, (round_, region)):
            return refused(Refused(_("Only the region's contact fills in the report.")), 403)
        existed = Report.objects.filter(round=round_, region=region).exists()
        try:
            report_flow.report_start(round_=round_, region=region, by=request.user)
        except Refused as exc:
            return refused(exc, status.HTTP_409_CONFLICT)
        report = self.get_report()
        return with_etag(
            report_representation(request.user, report),
            "report",
            report,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


@extend_schema_view(
    post=extend_schema(
        summary="Take a workflow step on a report",
        description="`action` is a key of the report's workflow table (`submit`, `return`, "
        "`accept`, `reopen`). `return` takes the office's `comments` per question (by "
        "question code, and theme code for per-theme questions) and a general `note`; "
        "`reopen` a `note` with the reason. Answers the new state and the steps you may "
        "take now." + IF_MATCH_NOTE,
        parameters=[SLUG, ROUND, REGION, IF_MATCH],
        request=ReportActionPayloadSerializer,
        responses={200: TransitionResultSerializer},
        examples=[examples.REPORT_ACTION, examples.REPORT_RETURN, examples.TRANSITION],
    )
)
class ReportAction(ReportScoped, APIView):
    def post(self, request, slug, round, region_code, action):
        report = self.get_report()
        flow = report.round.programme.workflow("report")
        if action not in flow.actions:
            raise Http404
        input_ = ReportActionPayloadSerializer(data=request.data)
        input_.is_valid(raise_exception=True)
        note = input_.validated_data.get("note", "")
        comments = _comment_slots(report, input_.validated_data.get("comments", []))
        with transaction.atomic():
            # The service takes no lock version: hold the row while If-Match is compared.
            current = Report.objects.select_for_update().get(pk=report.pk)
            check_if_match(request, "report", current)
            try:
                report = report_flow.report_transition(
                    report=current, action=action, by=request.user, note=note, comments=comments
                )
            except Refused as exc:
                known = flow.find(current.state, action) is not None
                may_act = rules.has_perm("monitoring.act_in_step", request.user, (current, action))
                return refused(exc, _status_of(exc, known_step=known, may_act=may_act))
        return with_etag(
            {
                "state": report.state,
                "state_label": str(report.get_state_display()),
                "lock_version": report.lock_version,
                "actions": actions(monitoring.actions_for(request.user, report)),
            },
            "report",
            report,
        )


# --- The office's programme steps: rounds and the allocation ---------------------------------


#: URL action → (the state it puts the round in, the label the round page shows).
ROUND_ACTIONS = {
    "open": (RoundState.OPEN, gettext_lazy("Open the round")),
    "close": (RoundState.CLOSED, gettext_lazy("Close the round")),
}


def _round_steps(round_) -> list[dict]:
    reachable = set(rounds.round_states_next(round_))
    return [
        {"action": action, "label": str(label)}
        for action, (state, label) in ROUND_ACTIONS.items()
        if state in reachable
    ]


@extend_schema_view(
    post=extend_schema(
        summary="Open or close a reporting round (programme office)",
        description="`action` is `open` (a planned or closed round: regions can fill in their "
        "report) or `close` (reports can no longer be changed), as the round page's buttons. "
        "Answers the round and the steps possible now; 409 when the round is not in a state "
        "the step starts from.",
        parameters=[SLUG, ROUND],
        request=None,
        responses={200: RoundStepResultSerializer},
        examples=[examples.ROUND_STEP],
    )
)
class RoundAction(ProgrammeScoped, APIView):
    def post(self, request, slug, round, action):
        refuse_body(request)
        if action not in ROUND_ACTIONS:
            raise Http404
        round_ = self.get_round()
        if not rules.has_perm("monitoring.manage_rounds", request.user):
            return refused(Refused(_("Only the programme office opens and closes rounds.")), 403)
        state, _label = ROUND_ACTIONS[action]
        try:
            round_ = rounds.round_set_state(round_=round_, state=state, by=request.user)
        except Refused as exc:
            return refused(exc, status.HTTP_409_CONFLICT)
        return Response(
            {
                "round": RoundSerializer(round_).data,
                "actions": _round_steps(round_),
            }
        )


@extend_schema_view(
    post=extend_schema(
        summary="Publish the allocation (programme office)",
        description="Fixes the allocation computed from the current basis, as *Publish "
        "allocation* on the programme page. `published` is false when nothing changed since "
        "the last publication (nothing new is published); 409 when the basis is incomplete.",
        parameters=[SLUG],
        request=None,
        responses={200: AllocationPublishResultSerializer},
        examples=[examples.ALLOCATION_PUBLISH],
    )
)
class AllocationPublish(ProgrammeScoped, APIView):
    def post(self, request, slug):
        refuse_body(request)
        programme = self.get_programme()
        if not request.user.has_perm("programmes.manage_allocation", programme):
            return refused(Refused(_("Only the programme office publishes the allocation.")), 403)
        try:
            changes = programme_selectors.allocation_changes(programme)
        except Refused as exc:
            return refused(exc, status.HTTP_409_CONFLICT)
        if changes:
            programme_services.allocation_publish(programme=programme, by=request.user)
        publication = programme_selectors.allocation_latest_publication(programme)
        return Response(
            {
                "published": bool(changes),
                "changed_regions": sorted(change.region.code for change in changes),
                "published_at": publication.published_at if publication else None,
            }
        )
