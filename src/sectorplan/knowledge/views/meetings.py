"""Knowledge meetings: planned by the office, regions register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.errors import Refused
from sectorplan.core.forms import error_summary
from sectorplan.core.views import stored_file_response
from sectorplan.knowledge import selectors, services
from sectorplan.knowledge.forms import (
    AttachmentForm,
    MeetingForm,
    RegistrationForm,
)
from sectorplan.knowledge.models import Meeting
from sectorplan.knowledge.views.common import context, refuse_unless_office, saved
from sectorplan.programmes.models import Programme
from sectorplan.programmes.visibility import programme_for


@login_required
def meeting_list(request, slug):
    programme = programme_for(request.user, slug)
    now = timezone.now()
    meetings = programme.meetings.select_related("theme")
    return render(
        request,
        "knowledge/meeting_list.html",
        context(
            programme,
            _("Knowledge meetings"),
            upcoming=meetings.filter(starts_at__gte=now).order_by("starts_at"),
            past=meetings.filter(starts_at__lt=now),
            is_office=is_programme_office(request.user),
        ),
    )


def _meeting(request, slug, pk) -> tuple[Programme, Meeting]:
    programme = programme_for(request.user, slug)
    return programme, get_object_or_404(programme.meetings.select_related("theme"), pk=pk)


@login_required
def meeting_detail(request, slug, pk, *, errors=(), registration_form=None, document_form=None):
    programme, meeting = _meeting(request, slug, pk)
    regions = selectors.may_write_for(request.user, programme)
    own = meeting.registrations.filter(region__in=regions).first() if regions else None
    is_office = is_programme_office(request.user)
    registrations = list(meeting.registrations.select_related("region"))
    return render(
        request,
        "knowledge/meeting_detail.html",
        context(
            programme,
            meeting.title,
            meeting=meeting,
            is_past=meeting.starts_at <= timezone.now(),
            region=regions[0] if regions else None,
            own=own,
            registration_form=registration_form
            or RegistrationForm(
                initial={"people": own.people, "names": own.names} if own else None
            ),
            # Who comes is the office's list; regions see how many.
            registrations=registrations if is_office else [],
            regions_registered=len(registrations),
            people_registered=sum(r.people for r in registrations),
            practices=selectors.practices_visible_to(request.user, programme).filter(
                meetings=meeting
            ),
            instruments=meeting.instruments.all(),
            documents=meeting.documents.all(),
            is_office=is_office,
            document_form=document_form or AttachmentForm(auto_id="id_document_%s"),
            summary=error_summary(errors),
        ),
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_add(request, slug):
    programme = programme_for(request.user, slug)
    refuse_unless_office(request.user)
    return _meeting_form(request, programme, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request, slug, pk):
    programme, meeting = _meeting(request, slug, pk)
    refuse_unless_office(request.user)
    return _meeting_form(request, programme, meeting)


def _meeting_form(request, programme: Programme, meeting: Meeting | None):
    form = MeetingForm(
        request.POST or None,
        programme=programme,
        new=meeting is None,
        initial=MeetingForm.initial_of(meeting) if meeting else None,
    )

    def save():
        if meeting is None:
            saved_meeting = services.meeting_create(
                programme=programme, by=request.user, **form.values()
            )
        else:
            saved_meeting = services.meeting_update(
                meeting=meeting,
                by=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.values(),
            )
        return reverse("meeting-detail", args=[programme.slug, saved_meeting.pk])

    response, errors = saved(request, form, save, _("The meeting has been saved."))
    if response:
        return response
    return render(
        request,
        "knowledge/meeting_form.html",
        context(
            programme,
            _("Edit the meeting") if meeting else _("New knowledge meeting"),
            form=form,
            meeting=meeting,
            summary=error_summary(errors, form),
        ),
    )


@login_required
@require_POST
def meeting_register(request, slug, pk):
    programme, meeting = _meeting(request, slug, pk)
    regions = selectors.may_write_for(request.user, programme)
    if not regions:
        raise PermissionDenied
    try:
        if request.POST.get("cancel"):
            services.meeting_unregister(meeting=meeting, region=regions[0], by=request.user)
            messages.success(request, _("Your registration has been cancelled."))
        else:
            form = RegistrationForm(request.POST)
            if not form.is_valid():
                return meeting_detail(
                    request,
                    slug,
                    pk,
                    errors=[e for es in form.errors.values() for e in es],
                    registration_form=form,
                )
            services.meeting_register(
                meeting=meeting,
                region=regions[0],
                by=request.user,
                people=form.cleaned_data["people"],
                names=form.cleaned_data["names"],
            )
            messages.success(request, _("Your region is registered."))
    except Refused as exc:
        return meeting_detail(request, slug, pk, errors=exc.errors)
    return redirect("meeting-detail", programme.slug, meeting.pk)


@login_required
@require_POST
def meeting_document_add(request, slug, pk):
    programme, meeting = _meeting(request, slug, pk)
    refuse_unless_office(request.user)
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_document_%s")
    if not form.is_valid():
        return meeting_detail(
            request,
            slug,
            pk,
            errors=[e for es in form.errors.values() for e in es],
            document_form=form,
        )
    document = services.meeting_document_add(
        meeting=meeting,
        by=request.user,
        upload=form.cleaned_data["file"],
        name=form.cleaned_data["name"],
        content_type=form.cleaned_data["content_type"],
    )
    messages.success(request, _("'%(name)s' has been added.") % {"name": document.name})
    return redirect("meeting-detail", programme.slug, meeting.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def meeting_document(request, slug, pk, document):
    _programme, meeting = _meeting(request, slug, pk)
    return stored_file_response(get_object_or_404(meeting.documents, pk=document))
