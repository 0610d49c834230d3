"""Good practices: written by a region, reviewed and published by the office."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts import history
from sectorplan.core.errors import Refused
from sectorplan.core.forms import error_summary
from sectorplan.core.views import stored_file_response
from sectorplan.knowledge import selectors, services
from sectorplan.knowledge.constants import EDITABLE_STATES, PracticeState
from sectorplan.knowledge.forms import (
    AttachmentForm,
    PracticeForm,
    QuestionForm,
    StepForm,
)
from sectorplan.knowledge.models import Practice
from sectorplan.knowledge.views.common import context, saved, trail
from sectorplan.programmes.models import Programme
from sectorplan.programmes.visibility import programme_for


@login_required
def practice_list(request, slug):
    programme = programme_for(request.user, slug)
    practices = selectors.practices_visible_to(request.user, programme).select_related(
        "region", "theme"
    )
    themes = list(programme.themes.all())
    theme = next((t for t in themes if t.code == request.GET.get("theme")), None)
    if theme is not None:
        practices = practices.filter(theme=theme)
    return render(
        request,
        "knowledge/practice_list.html",
        context(
            programme,
            _("Good practices"),
            published=[p for p in practices if p.state == PracticeState.PUBLISHED],
            unpublished=[p for p in practices if p.state != PracticeState.PUBLISHED],
            themes=themes,
            theme=theme,
            may_write=rules.has_perm("knowledge.add_practice", request.user, programme),
        ),
    )


def _practice(request, slug, pk) -> tuple[Programme, Practice]:
    """The practice if the user may read it (a public one also without logging in)."""
    programme = get_object_or_404(Programme, slug=slug)
    practice = get_object_or_404(
        selectors.practices_visible_to(request.user, programme).select_related(
            "region", "theme", "programme"
        ),
        pk=pk,
    )
    return programme, practice


def _writable_practice(request, slug, pk) -> tuple[Programme, Practice]:
    programme, practice = _practice(request, slug, pk)
    if not rules.has_perm("knowledge.edit_practice", request.user, practice):
        raise PermissionDenied
    return programme, practice


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_add(request, slug):
    programme = programme_for(request.user, slug)
    regions = selectors.may_write_for(request.user, programme)
    if not rules.has_perm("knowledge.add_practice", request.user, programme):
        raise PermissionDenied
    form = PracticeForm(request.POST or None, programme=programme)
    form.fields["lock_version"].required = False

    def save():
        practice = services.practice_create(
            programme=programme,
            region=regions[0] if regions else None,
            by=request.user,
            **form.values(),
        )
        return reverse("practice-detail", args=[programme.slug, practice.pk])

    response, errors = saved(request, form, save, _("The practice has been saved as a draft."))
    if response:
        return response
    return render(
        request,
        "knowledge/practice_form.html",
        context(
            programme,
            _("New good practice"),
            form=form,
            summary=error_summary(errors, form),
            region=regions[0] if regions else None,
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_edit(request, slug, pk):
    programme, practice = _writable_practice(request, slug, pk)
    if practice.state not in EDITABLE_STATES:
        messages.error(
            request, _("The practice cannot be changed while it is under review or published.")
        )
        return redirect("practice-detail", programme.slug, practice.pk)
    form = PracticeForm(
        request.POST or None, programme=programme, initial=PracticeForm.initial_of(practice)
    )

    def save():
        services.practice_update(
            practice=practice,
            by=request.user,
            lock_version=form.cleaned_data["lock_version"],
            **form.values(),
        )
        return reverse("practice-detail", args=[programme.slug, practice.pk])

    response, errors = saved(request, form, save, _("The practice has been saved."))
    if response:
        return response
    return render(
        request,
        "knowledge/practice_form.html",
        context(
            programme,
            _("Edit the practice"),
            form=form,
            practice=practice,
            summary=error_summary(errors, form),
            region=practice.region,
        ),
    )


def practice_detail(
    request,
    slug,
    pk,
    *,
    errors=(),
    step_form=None,
    question_form=None,
    document_form=None,
    failed_action="",
):
    programme, practice = _practice(request, slug, pk)
    user = request.user
    signed_in = user.is_authenticated
    return render(
        request,
        "knowledge/practice_detail.html",
        context(
            programme,
            practice.title,
            practice=practice,
            signed_in=signed_in,
            may_write=signed_in and rules.has_perm("knowledge.edit_practice", user, practice),
            editable=practice.state in EDITABLE_STATES,
            actions=selectors.actions_for(user, practice) if signed_in else [],
            missing=services.practice_missing(practice)
            if practice.state in EDITABLE_STATES
            else [],
            documents=practice.documents.all(),
            instruments=practice.instruments.all(),
            meetings=practice.meetings.all() if signed_in else [],
            step_form=step_form or StepForm(initial={"lock_version": practice.lock_version}),
            question_form=question_form or QuestionForm(),
            document_form=document_form or AttachmentForm(auto_id="id_document_%s"),
            failed_action=failed_action,
            summary=error_summary(errors),
            may_ask=signed_in
            and practice.state == PracticeState.PUBLISHED
            and bool(practice.contact_email),
        ),
        status=400 if errors else 200,
    )


@login_required
@require_POST
def practice_action(request, slug, pk, action):
    programme, practice = _practice(request, slug, pk)
    labels = programme.workflow("practice").labels
    if action not in labels:
        raise Http404
    form = StepForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.practice_transition(
            practice=practice,
            action=action,
            by=request.user,
            lock_version=data.get("lock_version"),
            note=data.get("note") or "",
            audience=data.get("audience") or "",
        )
    except Refused as exc:
        return practice_detail(
            request, slug, pk, errors=exc.errors, step_form=form, failed_action=action
        )
    messages.success(request, _("Done: %(step)s.") % {"step": labels[action]})
    return redirect("practice-detail", programme.slug, practice.pk)


@login_required
@require_POST
def practice_document_add(request, slug, pk):
    programme, practice = _writable_practice(request, slug, pk)
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_document_%s")
    if not form.is_valid():
        return practice_detail(
            request,
            slug,
            pk,
            errors=[e for es in form.errors.values() for e in es],
            document_form=form,
        )
    try:
        document = services.practice_document_add(
            practice=practice,
            by=request.user,
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["name"],
            content_type=form.cleaned_data["content_type"],
        )
    except Refused as exc:
        return practice_detail(request, slug, pk, errors=exc.errors, document_form=form)
    messages.success(request, _("'%(name)s' has been added.") % {"name": document.name})
    return redirect("practice-detail", programme.slug, practice.pk)


@require_http_methods(["GET", "HEAD"])
def practice_document(request, slug, pk, document):
    _programme, practice = _practice(request, slug, pk)
    return stored_file_response(get_object_or_404(practice.documents, pk=document))


@login_required
@require_POST
def practice_ask(request, slug, pk):
    programme, practice = _practice(request, slug, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return practice_detail(
            request,
            slug,
            pk,
            errors=[e for es in form.errors.values() for e in es],
            question_form=form,
        )
    try:
        services.practice_ask(practice=practice, by=request.user, text=form.cleaned_data["text"])
    except Refused as exc:
        return practice_detail(request, slug, pk, errors=exc.errors, question_form=form)
    messages.success(request, _("Your question has been sent. The contact answers you by e-mail."))
    return redirect("practice-detail", programme.slug, practice.pk)


@login_required
def practice_history(request, slug, pk):
    programme, practice = _practice(request, slug, pk)
    if not rules.has_perm("knowledge.read_practice_history", request.user, practice):
        raise PermissionDenied
    detail = reverse("practice-detail", args=[programme.slug, practice.pk])
    return history.history_page(
        request,
        practice,
        subject=practice.title,
        trail=trail(
            programme,
            (reverse("practice-list", args=[programme.slug]), _("Good practices")),
            (detail, practice.title),
        ),
        main_url=detail,
        main_label=_("Good practice"),
        actions={
            "practice.create": _("Practice written"),
            "practice.update": _("Practice changed"),
            "practice.document_add": _("Document added"),
            "practice.ask": _("Question sent to the contact"),
            **{
                f"practice.{a}": label for a, label in programme.workflow("practice").labels.items()
            },
        },
    )
