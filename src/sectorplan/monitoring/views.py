"""The monitoring pages: rounds with the completeness overview, one round (questionnaire,
opening and closing, reminders), and one region's report: filled in by the region (saved as
it goes), reviewed by the office.

Visibility as for plans: a report of another region answers 404; a step the user may not
take is refused by the service with its message.
"""

from datetime import date

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts import history
from sectorplan.accounts.rules import is_programme_office, sees_every_region
from sectorplan.core import dates, page_cache
from sectorplan.core.errors import Refused
from sectorplan.core.numbers import format_for_input
from sectorplan.monitoring import filling, report_flow, report_form, report_input, rounds, selectors
from sectorplan.monitoring.answers import as_text
from sectorplan.monitoring.constants import (
    EDITABLE_STATES,
    NOT_ASKED,
    ActivityStatus,
    ReportState,
)
from sectorplan.monitoring.models import ActivityProgress, Answer, Report
from sectorplan.monitoring.reminders import late_regions
from sectorplan.programmes import designer, questionnaires
from sectorplan.programmes.constants import RoundState, YesNo
from sectorplan.programmes.models import Region, Round
from sectorplan.programmes.setup_forms import reminder_days_text
from sectorplan.programmes.visibility import own_regions, programme_for, region_for
from sectorplan.workflow import Conflict
from sectorplan.workflow.history import step_history

#: Labels of the recorded steps that are no step of the workflow table.
OTHER_LABELS = {"start": gettext_lazy("Started"), "import": gettext_lazy("Imported")}


def _action_labels(programme) -> dict:
    return {**programme.workflow("report").labels, **OTHER_LABELS}


MAX_QUESTIONNAIRE_BYTES = 1024 * 1024


def _round_for(user, slug: str, round_code: str) -> Round:
    programme = programme_for(user, slug)
    round_ = get_object_or_404(Round, programme=programme, code=round_code)
    round_.programme = programme
    return round_


def _report_url(round_: Round, region: Region) -> str:
    return reverse("report-detail", args=[round_.programme.slug, round_.code, region.code])


def _render(request, template: str, context: dict, status: int = 200):
    context["sees_all"] = sees_every_region(request.user)
    context["is_office"] = is_programme_office(request.user)
    return render(request, template, context, status=status)


# --- Rounds and completeness ----------------------------------------------------------------


@login_required
def round_overview(request, slug):
    programme = programme_for(request.user, slug)
    rounds = list(programme.rounds.all())
    if not sees_every_region(request.user):
        own = own_regions(request.user, programme)
        rows = [row for row in selectors.completeness(programme) if row[0] in own]
    else:
        rows = selectors.completeness(programme)
    summary = []
    for index, round_ in enumerate(rounds):
        cells = [cells[index] for _region, cells in rows]
        summary.append(
            {
                "round": round_,
                "submitted": sum(
                    1 for c in cells if c.state in {ReportState.SUBMITTED, ReportState.ACCEPTED}
                ),
                "accepted": sum(1 for c in cells if c.state == ReportState.ACCEPTED),
                "asked": sum(1 for c in cells if c.state != NOT_ASKED),
                "late": sum(1 for c in cells if c.days_late),
            }
        )
    return _render(
        request,
        "monitoring/round_overview.html",
        {"programme": programme, "rounds": rounds, "rows": rows, "summary": summary},
    )


@login_required
def round_detail(request, slug, round_code):
    round_ = _round_for(request.user, slug, round_code)
    if not sees_every_region(request.user):
        return redirect("round-overview", slug=slug)
    return _render(
        request,
        "monitoring/round_detail.html",
        {
            "programme": round_.programme,
            "round": round_,
            "reminder_days": reminder_days_text(round_.reminder_days),
            # Cached fragments (the forms with their CSRF tokens stay outside): the day counts
            # the late regions.
            **page_cache.fragment(
                round_.programme,
                "round-detail",
                round_.pk,
                timezone.localdate(),
                compute=lambda: _round_parts(round_),
                names=ROUND_PARTS,
            ),
        },
    )


#: What `_round_parts` computes for the cached fragments of the round page.
ROUND_PARTS = (
    "versions",
    "blocks",
    "reminders",
    "indicator_totals",
    "conditions",
    "late_count",
    "to_accept_count",
)


def _round_parts(round_: Round) -> dict:
    versions = list(round_.questionnaires.select_related("created_by"))
    index = [r.pk for r in round_.programme.rounds.all()].index(round_.pk)  # for per-round totals
    current = versions[-1] if versions else None
    return {
        "versions": versions,
        "blocks": selectors.blocks_of(
            selectors.questionnaire_with_questions(current.pk),
            list(round_.programme.themes.all()),
        )
        if current
        else [],
        "reminders": list(round_.reminders.select_related("region")[:200]),
        "indicator_totals": [
            (total, total.realised[index], total.regions[index])
            for total in selectors.indicator_totals(round_.programme)
        ],
        "conditions": designer.condition_sentences(current.definition) if current else {},
        **_bulk_counts(round_),
    }


def _bulk_counts(round_: Round) -> dict:
    """What the office's bulk steps on the round would reach (monitoring/bulk_views.py)."""
    return {
        "late_count": len(late_regions(round_, today=timezone.localdate())),
        "to_accept_count": round_.reports.filter(state=ReportState.SUBMITTED).count(),
    }


@login_required
@require_POST
def round_state(request, slug, round_code):
    round_ = _round_for(request.user, slug, round_code)
    if not rules.has_perm("monitoring.manage_rounds", request.user):
        raise PermissionDenied
    state = request.POST.get("state", "")
    try:
        rounds.round_set_state(round_=round_, state=state, by=request.user)
    except Refused as exc:
        for error in exc.errors:
            messages.error(request, error)
    else:
        if state == RoundState.OPEN:
            messages.success(request, _("The round is open: regions can fill in their report."))
        else:
            messages.success(request, _("The round is closed: reports can no longer be changed."))
    return redirect("round-detail", slug=slug, round_code=round_.code)


def _round_trail(round_: Round) -> list[tuple[str, str]]:
    programme = round_.programme
    return [
        (reverse("home"), _("Programmes")),
        (reverse("programme-detail", args=[programme.slug]), programme.name),
        (reverse("round-overview", args=[programme.slug]), _("Reports")),
    ]


@login_required
@require_http_methods(["GET", "HEAD"])
def round_history(request, slug, round_code):
    round_ = _round_for(request.user, slug, round_code)
    if not sees_every_region(request.user):
        raise PermissionDenied
    detail = reverse("round-detail", args=[slug, round_.code])
    return history.history_page(
        request,
        round_,
        subject=round_.label,
        trail=[*_round_trail(round_), (detail, round_.label)],
        main_url=detail,
        main_label=_("Round"),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report_history(request, slug, round_code, code):
    report = _load(request, slug, round_code, code)
    detail = _report_url(report.round, report.region)
    subject = f"{report.round.label} – {report.region.name}"
    return history.history_page(
        request,
        report,
        subject=subject,
        trail=[*_round_trail(report.round), (detail, subject)],
        main_url=detail,
        main_label=_("Report"),
        actions={
            f"report.{a}": label
            for a, label in report.round.programme.workflow("report").labels.items()
        },
        parts_of=[ActivityProgress],
        **_history_words(report),
    )


def _history_words(report) -> dict:
    """The questionnaire's and the programme's codes the report's trail holds, by label:
    questions and themes as names, the answers of yes/no and choice questions as values."""
    programme = report.round.programme
    questions = list(report.questionnaire.questions.prefetch_related("choices"))
    names = {q.code: q.label for q in questions}
    names |= {theme.code: theme.label for theme in programme.themes.all()}
    names |= {indicator.code: indicator.label for indicator in programme.indicators.all()}
    yes_no = dict(YesNo.choices)
    values = {
        q.code: (yes_no if q.kind == "yes_no" else {c.code: c.label for c in q.choices.all()})
        for q in questions
        if q.kind in ("yes_no", "choice", "multiple_choice")
    }
    return {"names": names, "values": values}


@login_required
def questionnaire_download(request, slug, round_code, version):
    round_ = _round_for(request.user, slug, round_code)
    if not sees_every_region(request.user):
        raise Http404
    questionnaire = get_object_or_404(round_.questionnaires, version=version)
    response = HttpResponse(
        questionnaires.to_toml(questionnaire.definition),
        content_type="application/toml; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{round_.programme.slug}-{round_.code}-v{version}.toml"'
    )
    return response


@login_required
@require_POST
def questionnaire_upload(request, slug, round_code):
    round_ = _round_for(request.user, slug, round_code)
    if not rules.has_perm("monitoring.manage_rounds", request.user):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a questionnaire file (.toml) to upload."))
    elif upload.size > MAX_QUESTIONNAIRE_BYTES:
        messages.error(request, _("A questionnaire file is at most 1 MB."))
    else:
        try:
            questionnaire = rounds.questionnaire_replace(
                round_=round_, content=upload.read(), by=request.user
            )
        except Refused as exc:
            messages.error(request, _("The questionnaire was not changed:"))
            for error in exc.errors:
                messages.error(request, error)
        else:
            messages.success(
                request,
                _("Version %(version)d of the questionnaire is in use for reports not yet begun.")
                % {"version": questionnaire.version},
            )
    return redirect("round-detail", slug=slug, round_code=round_.code)


# --- One report ---------------------------------------------------------------------------


def _visible_report(request, round_: Round, region: Region) -> Report | None:
    report = (
        selectors.reports_visible_to(request.user, round_.programme)
        .filter(round=round_, region=region)
        .select_related("plan", "questionnaire")
        .first()
    )
    if report is not None:
        report.round, report.region = round_, region
    return report


def _load(request, slug, round_code, code) -> Report:
    """The report at this URL; 404 when it does not exist or the user may not see it."""
    round_ = _round_for(request.user, slug, round_code)
    report = _visible_report(request, round_, region_for(request.user, round_.programme, code))
    if report is None:
        raise Http404
    return report


@login_required
def report_detail(request, slug, round_code, code):
    round_ = _round_for(request.user, slug, round_code)
    region = region_for(request.user, round_.programme, code)
    report = _visible_report(request, round_, region)
    may_fill_in = rules.has_perm("monitoring.start_report", request.user, (round_, region))
    if report is None:
        return _render(
            request,
            "monitoring/report_not_started.html",
            {
                "programme": round_.programme,
                "round": round_,
                "region": region,
                "may_start": may_fill_in and round_.is_open,
            },
        )
    return _report_page(request, report, may_fill_in=may_fill_in)


def _report_page(
    request,
    report: Report,
    *,
    may_fill_in: bool,
    errors=None,
    typed=None,
    status=200,
    submit_refused=False,
):
    contents = selectors.contents_of(report)
    sections = report_form.sections_of(contents)
    if submit_refused:
        errors = report_form.open_errors(sections)
    editable = may_fill_in and report.state in EDITABLE_STATES and report.round.is_open
    comments = {}
    for comment in report.comments.filter(submission=report.submissions).select_related("by"):
        comments.setdefault((comment.question_id, comment.theme_id), []).append(comment)
    reviewing = is_programme_office(request.user) and report.state == ReportState.SUBMITTED
    blocks = []
    for block in contents.blocks:
        rows = []
        for item in block.items:
            value = contents.values.get(item.slot)
            if typed is not None and (item.key in typed or f"{item.key}__seen" in typed):
                text, choices = typed.get(item.key, ""), typed.getlist(item.key)
            else:
                text = as_text(item.question, value) if value else ""
                choices = value.choices if value else []
            rows.append(
                {
                    "item": item,
                    "value": value,
                    "text": text,
                    "choices": choices,
                    "answer": contents.answers.get(item.slot),
                    "shown": contents.shown(item),
                    "error": (errors or {}).get(item.key),
                    "comments": comments.get(item.slot, []),
                }
            )
        blocks.append((block, rows))
    errors = errors or {}

    def field(key: str, stored) -> dict:
        """What a progress or indicator field shows: what was typed (after a refused save)
        or what is stored, and its error."""
        if typed is not None and key in typed:
            return {"value": typed.get(key, ""), "error": errors.get(key)}
        return {"value": stored, "error": errors.get(key)}

    activity_rows = []
    for activity in contents.activities:
        progress = contents.progress.get(activity.pk)
        prefix = f"a{activity.pk}_"
        activity_rows.append(
            {
                "activity": activity,
                "progress": progress,
                "status": field(prefix + "status", progress.status if progress else ""),
                "people": field(
                    prefix + "people", "" if progress is None else progress.people_reached
                ),
                "spent": field(
                    prefix + "spent",
                    format_for_input(progress.spent, 2)
                    if progress and progress.spent is not None
                    else "",
                ),
                "results": field(prefix + "results", progress.results if progress else ""),
            }
        )
    indicator_rows = []
    for indicator in contents.indicators:
        value = contents.indicator_values.get(indicator.pk)
        key = f"i{indicator.pk}"
        indicator_rows.append(
            {
                "indicator": indicator,
                "target": contents.targets.get(indicator.pk),
                "stored": value,
                "value": field(key, format_for_input(value.value) if value else ""),
                "starts": field(
                    key + "_from",
                    dates.shown(value.period_starts_on) if value else "",
                ),
                "ends": field(
                    key + "_until",
                    dates.shown(value.period_ends_on) if value else "",
                ),
            }
        )
    general = comments.get((None, None), [])
    commented = [
        (row["item"], row["item"].key) for _block, rows in blocks for row in rows if row["comments"]
    ]
    steps = selectors.actions_for(request.user, report)
    return _render(
        request,
        "monitoring/report.html",
        {
            "programme": report.round.programme,
            "round": report.round,
            "region": report.region,
            "report": report,
            "contents": contents,
            "blocks": blocks,
            "general_comments": general,
            "commented": commented,
            "editable": editable,
            "reviewing": reviewing,
            "steps": steps,
            "missing": contents.missing() if report.state in EDITABLE_STATES else [],
            "sections": sections,
            "open_count": sum(len(section.open_keys) for section in sections),
            "submit_refused": submit_refused,
            "errors": errors,
            "activity_rows": activity_rows,
            "indicator_rows": indicator_rows,
            "statuses": ActivityStatus.choices,
            "yes_no": YesNo.choices,
            "events": step_history(report),
            "action_labels": _action_labels(report.round.programme),
        },
        status=status,
    )


def _shown(stored, places: int | None = None) -> str:
    """A stored number or date as its input field shows it; "" when there is none."""
    if stored is None or stored == "":
        return ""
    if isinstance(stored, date):
        return dates.shown(stored)
    return format_for_input(stored, places)


@login_required
@require_POST
def report_start(request, slug, round_code, code):
    round_ = _round_for(request.user, slug, round_code)
    region = region_for(request.user, round_.programme, code)
    if not rules.has_perm("monitoring.start_report", request.user, (round_, region)):
        raise PermissionDenied
    try:
        report_flow.report_start(round_=round_, region=region, by=request.user)
    except Refused as exc:
        for error in exc.errors:
            messages.error(request, error)
    return redirect(_report_url(round_, region))


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@login_required
@require_POST
def report_save(request, slug, round_code, code):
    report = _load(request, slug, round_code, code)
    round_, region = report.round, report.region
    if not rules.has_perm("monitoring.edit_report", request.user, report):
        raise PermissionDenied
    try:
        lock_version = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock_version = None
    try:
        report, errors = filling.report_save(
            report=report,
            by=request.user,
            lock_version=lock_version,
            given=report_input.from_form(report, request.POST, request.FILES),
        )
    except Refused as exc:
        if _wants_json(request):
            return JsonResponse(
                {
                    "saved": False,
                    "conflict": isinstance(exc, Conflict),
                    "errors": {"": exc.errors},
                },
                status=409,
            )
        for error in exc.errors:
            messages.error(request, error)
        return _report_page(request, report, may_fill_in=True, typed=request.POST, status=409)
    if _wants_json(request):
        contents = selectors.contents_of(report)
        return JsonResponse(
            {
                "saved": True,
                "lock_version": report.lock_version,
                "errors": errors,
                "saved_at": timezone.localtime().strftime("%H:%M"),
                "missing": [{"text": text, "key": key} for text, key in contents.missing()],
                "sections": [section.as_json() for section in report_form.sections_of(contents)],
            }
        )
    if errors:
        messages.error(request, _("Some answers were not saved; see the fields marked in red."))
        return _report_page(
            request, report, may_fill_in=True, errors=errors, typed=request.POST, status=400
        )
    messages.success(request, _("Your answers have been saved."))
    return redirect("region-detail", slug=round_.programme.slug, code=region.code)


@login_required
@require_POST
def report_action(request, slug, round_code, code, action):
    report = _load(request, slug, round_code, code)
    round_, region = report.round, report.region
    comments = {}
    for key, text in request.POST.items():
        if key.startswith("comment-q"):
            question_id, _sep, theme_id = key.removeprefix("comment-q").partition("_")
            if question_id.isdigit() and (not theme_id or theme_id.isdigit()):
                comments[(int(question_id), int(theme_id) if theme_id else None)] = text
    try:
        report_flow.report_transition(
            report=report,
            action=action,
            by=request.user,
            note=request.POST.get("note", ""),
            comments=comments,
        )
    except Refused as exc:
        if (
            action == "submit"
            and report.round.is_open
            and rules.has_perm("monitoring.edit_report", request.user, report)
            and selectors.contents_of(report).missing()
        ):
            # What is open, per section and at each field, instead of one long sentence.
            return _report_page(request, report, may_fill_in=True, status=400, submit_refused=True)
        for error in exc.errors:
            messages.error(request, error)
    else:
        messages.success(
            request,
            _("Done: %(step)s.") % {"step": _action_labels(round_.programme).get(action, action)},
        )
    return redirect(_report_url(round_, region))


@login_required
def answer_file(request, slug, round_code, code, pk):
    report = _load(request, slug, round_code, code)
    answer = get_object_or_404(Answer, pk=pk, report=report)
    if not answer.file:
        raise Http404
    return FileResponse(
        answer.file.open("rb"),
        as_attachment=True,
        filename=answer.file_name,
        content_type=answer.file_type,
    )
