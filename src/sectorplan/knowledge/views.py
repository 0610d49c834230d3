"""The knowledge pages of a programme: search, who does what, practices, instruments and
meetings. Everyone in the programme reads them; a public practice also without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts import history
from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.errors import Refused
from sectorplan.core.forms import error_summary
from sectorplan.knowledge import selectors, services, workflow
from sectorplan.knowledge.constants import EDITABLE_STATES, PracticeState
from sectorplan.knowledge.forms import (
    AttachmentForm,
    InstrumentForm,
    InstrumentUseForm,
    MeetingForm,
    PracticeForm,
    QuestionForm,
    RegistrationForm,
    SearchForm,
    StepForm,
)
from sectorplan.knowledge.models import Instrument, InstrumentCategory, Meeting, Practice
from sectorplan.programmes.models import Programme
from sectorplan.programmes.visibility import programme_for

PAGE_SIZE = 20


def _context(programme: Programme, current: str = "", **more) -> dict:
    return {"programme": programme, "current": current, **more}


def _refuse_unless_office(user) -> None:
    if not is_programme_office(user):
        raise PermissionDenied


# --- Overview, search, who does what -----------------------------------------------------


@login_required
def knowledge_index(request, slug):
    programme = programme_for(request.user, slug)
    practices = selectors.practices_visible_to(request.user, programme).filter(
        state=PracticeState.PUBLISHED
    )
    now = timezone.now()
    return render(
        request,
        "knowledge/index.html",
        _context(
            programme,
            practices=practices.select_related("region", "theme")[:6],
            upcoming=programme.meetings.filter(starts_at__gte=now).order_by("starts_at")[:3],
            drafts=_own_unpublished(request.user, programme),
            may_write=bool(selectors.may_write_for(request.user, programme))
            or is_programme_office(request.user),
            search_form=SearchForm(programme=programme),
        ),
    )


def _own_unpublished(user, programme):
    return (
        selectors.practices_visible_to(user, programme)
        .exclude(state=PracticeState.PUBLISHED)
        .select_related("region")
    )


@login_required
def knowledge_search(request, slug):
    programme = programme_for(request.user, slug)
    form = SearchForm(request.GET or None, programme=programme)
    results = None
    message = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        page = data["page"] or 1
        results = selectors.search_programme(
            request.user,
            programme,
            data["q"],
            kind=data["type"],
            theme=data["theme"],
            region=data["region"],
            round_=data["round"],
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        if results.query.is_empty:
            message = _("Type at least one word of two letters or more.")
        pages = (results.total + PAGE_SIZE - 1) // PAGE_SIZE
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "knowledge/search.html",
            _context(
                programme,
                _("Search"),
                form=form,
                results=results,
                message=message,
                page=page,
                pages=pages,
                first=(page - 1) * PAGE_SIZE + 1,
                query=query.urlencode(),
                type_labels={key: label for key, label in form.fields["type"].choices},
                chosen_type=data["type"],
            ),
        )
    return render(
        request, "knowledge/search.html", _context(programme, _("Search"), form=form, results=None)
    )


@login_required
def knowledge_matrix(request, slug):
    """Who does what: regions × activity types or × instruments, filtered by theme and
    province; `?column=` answers "which regions run X" for one column."""
    programme = programme_for(request.user, slug)
    by_instrument = request.GET.get("view") == "instrumenten"
    themes = list(programme.themes.all())
    theme = next((t for t in themes if t.code == request.GET.get("theme")), None)
    regions = programme.region_set.regions.all()
    provinces = sorted({p for p in regions.values_list("province", flat=True) if p})
    province = request.GET.get("province", "")
    if province in provinces:
        regions = regions.filter(province=province)
    regions = list(regions)
    if by_instrument:
        columns = list(Instrument.objects.select_related("category"))
        column_key = "slug"
        matrix = selectors.instrument_matrix(request.user, programme, regions, columns, theme)
    else:
        columns = programme.activity_types.select_related("theme")
        if theme is not None:
            columns = columns.filter(theme=theme)
        columns = list(columns)
        column_key = "code"
        matrix = selectors.activity_matrix(request.user, programme, regions, columns)
    chosen = next((c for c in columns if getattr(c, column_key) == request.GET.get("column")), None)
    rows = [
        (region, [matrix.get(region.pk, {}).get(column.pk) for column in columns])
        for region in regions
    ]
    totals = [sum(1 for _r, cells in rows if cells[i]) for i in range(len(columns))]
    answer = None
    if chosen is not None:
        position = columns.index(chosen)
        answer = [(region, cells[position]) for region, cells in rows if cells[position]]
    return render(
        request,
        "knowledge/matrix.html",
        _context(
            programme,
            _("Who does what"),
            by_instrument=by_instrument,
            themes=themes,
            theme=theme,
            provinces=provinces,
            province=province,
            columns=list(zip(columns, totals, strict=True)),
            column_key=column_key,
            rows=rows,
            chosen=chosen,
            answer=answer,
        ),
    )


# --- Practices --------------------------------------------------------------------------


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
        _context(
            programme,
            _("Good practices"),
            published=[p for p in practices if p.state == PracticeState.PUBLISHED],
            unpublished=[p for p in practices if p.state != PracticeState.PUBLISHED],
            themes=themes,
            theme=theme,
            may_write=bool(selectors.may_write_for(request.user, programme))
            or is_programme_office(request.user),
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
    if not request.user.is_authenticated or not selectors.may_write(request.user, practice):
        raise PermissionDenied
    return programme, practice


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_add(request, slug):
    programme = programme_for(request.user, slug)
    regions = selectors.may_write_for(request.user, programme)
    if not regions and not is_programme_office(request.user):
        raise PermissionDenied
    form = PracticeForm(request.POST or None, programme=programme)
    form.fields["lock_version"].required = False
    errors = []
    if request.method == "POST" and form.is_valid():
        region = regions[0] if regions else None
        try:
            practice = services.practice_create(
                programme=programme, region=region, by=request.user, **form.values()
            )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(request, _("The practice has been saved as a draft."))
            return redirect("practice-detail", programme.slug, practice.pk)
    return render(
        request,
        "knowledge/practice_form.html",
        _context(
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
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_update(
                practice=practice,
                by=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.values(),
            )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(request, _("The practice has been saved."))
            return redirect("practice-detail", programme.slug, practice.pk)
    return render(
        request,
        "knowledge/practice_form.html",
        _context(
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
        _context(
            programme,
            practice.title,
            practice=practice,
            signed_in=signed_in,
            may_write=signed_in and selectors.may_write(user, practice),
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
    if workflow.find(practice.state, action) is None and not any(
        t.action == action for t in workflow.TRANSITIONS
    ):
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
    step = workflow.find(practice.state, action)
    messages.success(request, _("Done: %(step)s.") % {"step": step.label if step else action})
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
    return _file(get_object_or_404(practice.documents, pk=document))


def _file(document):
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )


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
    if not (is_programme_office(request.user) or selectors.may_write(request.user, practice)):
        raise PermissionDenied
    detail = reverse("practice-detail", args=[programme.slug, practice.pk])
    return history.history_page(
        request,
        practice,
        subject=practice.title,
        trail=_trail(
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
            **{f"practice.{t.action}": t.label for t in workflow.TRANSITIONS},
        },
    )


def _trail(programme: Programme, *more) -> list[tuple[str, str]]:
    return [
        (reverse("home"), _("Programmes")),
        (reverse("programme-detail", args=[programme.slug]), programme.name),
        (reverse("knowledge-index", args=[programme.slug]), _("Knowledge")),
        *more,
    ]


# --- Instruments ------------------------------------------------------------------------


@login_required
def instrument_list(request, slug):
    programme = programme_for(request.user, slug)
    categories = list(InstrumentCategory.objects.all())
    category = next((c for c in categories if c.code == request.GET.get("category")), None)
    return render(
        request,
        "knowledge/instrument_list.html",
        _context(
            programme,
            _("Instruments"),
            instruments=selectors.instruments_with_counts(request.user, programme, category),
            categories=categories,
            category=category,
            is_office=is_programme_office(request.user),
        ),
    )


def _instrument(request, slug, instrument) -> tuple[Programme, Instrument]:
    programme = programme_for(request.user, slug)
    return programme, get_object_or_404(
        Instrument.objects.select_related("category"), slug=instrument
    )


@login_required
def instrument_detail(request, slug, instrument, *, use_form=None, errors=()):
    programme, instrument = _instrument(request, slug, instrument)
    regions = list(programme.region_set.regions.all())
    matrix = selectors.instrument_matrix(request.user, programme, regions, [instrument])
    users = [
        (region, matrix[region.pk][instrument.pk])
        for region in regions
        if matrix.get(region.pk, {}).get(instrument.pk)
    ]
    is_office = is_programme_office(request.user)
    return render(
        request,
        "knowledge/instrument_detail.html",
        _context(
            programme,
            instrument.name,
            instrument=instrument,
            users=users,
            practices=selectors.practices_visible_to(request.user, programme)
            .filter(instruments=instrument, state=PracticeState.PUBLISHED)
            .select_related("region"),
            meetings=programme.meetings.filter(instruments=instrument),
            is_office=is_office,
            use_form=use_form or (InstrumentUseForm(programme=programme) if is_office else None),
            summary=error_summary(errors, use_form),
        ),
        status=400 if errors or (use_form is not None and use_form.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_add(request, slug):
    programme = programme_for(request.user, slug)
    _refuse_unless_office(request.user)
    return _instrument_form(request, programme, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_edit(request, slug, instrument):
    programme, instrument = _instrument(request, slug, instrument)
    _refuse_unless_office(request.user)
    return _instrument_form(request, programme, instrument)


def _instrument_form(request, programme: Programme, instrument: Instrument | None):
    initial = InstrumentForm.initial_of(instrument) if instrument else None
    form = InstrumentForm(request.POST or None, instance=instrument, initial=initial)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            if instrument is None:
                instrument = services.instrument_create(by=request.user, **form.values())
            else:
                services.instrument_update(
                    instrument=instrument,
                    by=request.user,
                    lock_version=form.cleaned_data["lock_version"],
                    **form.values(),
                )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(request, _("The instrument has been saved."))
            return redirect("instrument-detail", programme.slug, form.cleaned_data["slug"])
    return render(
        request,
        "knowledge/instrument_form.html",
        _context(
            programme,
            _("Edit the instrument") if instrument else _("New instrument"),
            form=form,
            instrument=instrument,
            summary=error_summary(errors, form),
        ),
    )


@login_required
@require_POST
def instrument_use(request, slug, instrument):
    programme, found = _instrument(request, slug, instrument)
    _refuse_unless_office(request.user)
    form = InstrumentUseForm(request.POST, programme=programme)
    if not form.is_valid():
        return instrument_detail(request, slug, instrument, use_form=form)
    services.instrument_use_set(
        instrument=found,
        programme=programme,
        region=form.cleaned_data["region"],
        uses=form.uses_value(),
        by=request.user,
        note=form.cleaned_data["note"],
    )
    messages.success(
        request, _("Recorded for %(region)s.") % {"region": form.cleaned_data["region"].name}
    )
    return redirect("instrument-detail", programme.slug, found.slug)


# --- Meetings ---------------------------------------------------------------------------


@login_required
def meeting_list(request, slug):
    programme = programme_for(request.user, slug)
    now = timezone.now()
    meetings = programme.meetings.select_related("theme")
    return render(
        request,
        "knowledge/meeting_list.html",
        _context(
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
        _context(
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
    _refuse_unless_office(request.user)
    return _meeting_form(request, programme, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request, slug, pk):
    programme, meeting = _meeting(request, slug, pk)
    _refuse_unless_office(request.user)
    return _meeting_form(request, programme, meeting)


def _meeting_form(request, programme: Programme, meeting: Meeting | None):
    form = MeetingForm(
        request.POST or None,
        programme=programme,
        new=meeting is None,
        initial=MeetingForm.initial_of(meeting) if meeting else None,
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = services.meeting_create(
                    programme=programme, by=request.user, **form.values()
                )
            else:
                services.meeting_update(
                    meeting=meeting,
                    by=request.user,
                    lock_version=form.cleaned_data["lock_version"],
                    **form.values(),
                )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meeting-detail", programme.slug, meeting.pk)
    return render(
        request,
        "knowledge/meeting_form.html",
        _context(
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
    _refuse_unless_office(request.user)
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
    return _file(get_object_or_404(meeting.documents, pk=document))
