from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts import history, people
from sectorplan.accounts.models import Membership, User
from sectorplan.accounts.rules import sees_every_region
from sectorplan.accounts.selectors import memberships_of
from sectorplan.core.errors import Refused
from sectorplan.core.import_pages import import_page
from sectorplan.programmes import selectors, services
from sectorplan.programmes.forms import InviteForm
from sectorplan.programmes.jobs import basis_import_job
from sectorplan.programmes.models import Programme
from sectorplan.programmes.visibility import programme_for


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def home(request):
    programmes = (
        Programme.objects.all() if request.user.has_perm("programmes.see_programme") else []
    )
    own_regions = [m.region for m in memberships_of(request.user) if m.region_id]
    cards = [
        (programme, [r for r in own_regions if r.region_set_id == programme.region_set_id])
        for programme in programmes
    ]
    return render(
        request,
        "programmes/home.html",
        {"cards": cards, "sees_all": bool(cards) and sees_every_region(request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def programme_history(request, slug):
    """The programme's own trail (creation, basis, allocation, report texts): national roles."""
    programme = programme_for(request.user, slug)
    if not sees_every_region(request.user):
        raise PermissionDenied
    detail = reverse("programme-detail", args=[programme.slug])
    return history.history_page(
        request,
        programme,
        subject=programme.name,
        trail=[(reverse("home"), _("Programmes")), (detail, programme.name)],
        main_url=detail,
        main_label=_("Programme"),
        names={r.code: r.name for r in programme.region_set.regions.all()},
        values={
            "subsidy": history.amount,
            "basis": history.decimal,
            "budget": history.amount,
            "region_set": {str(programme.region_set_id): programme.region_set.name},
        },
    )


@login_required
def programme_detail(request, slug):
    programme = programme_for(request.user, slug)
    allocation = selectors.allocation_published(programme)
    preview_error = None
    if allocation is None:
        try:
            allocation = selectors.Allocation(
                rows=selectors.allocation_compute(programme), publication=None
            )
        except Refused as exc:
            preview_error = exc.errors
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "allocation": allocation,
            "preview_error": preview_error,
            "own_region_ids": {m.region_id for m in memberships_of(request.user)},
            "can_manage": request.user.has_perm("programmes.manage_allocation", programme),
            "sees_all": sees_every_region(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def basis_import(request, slug):
    """The basis import form; a good file is imported by a job whose page shows the progress,
    then the row problems or the way on to the allocation."""
    programme = programme_for(request.user, slug)
    _require(request.user, "programmes.manage_allocation", programme)
    return import_page(
        request,
        columns=services.BASIS_COLUMNS,
        states=[],
        heading=_("Import basis"),
        intro=_(
            "Upload the %(basis)s per region. Regions not in the file keep their basis. "
            "Decimals may be written the Dutch way (1.234,5)."
        )
        % {"basis": programme.basis_name},
        title=_("Import basis for %(programme)s") % {"programme": programme.name},
        task=basis_import_job,
        next_url=reverse("allocation-publish", args=[programme.slug]),
        back_url=reverse("basis-import", args=[programme.slug]),
        cancel_url=reverse("programme-detail", args=[programme.slug]),
        job_kwargs=lambda _state: {"programme_id": programme.pk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_publish(request, slug):
    programme = programme_for(request.user, slug)
    _require(request.user, "programmes.manage_allocation", programme)
    try:
        changes = selectors.allocation_changes(programme)
    except Refused as exc:
        return render(
            request,
            "programmes/allocation_publish.html",
            {"programme": programme, "errors": exc.errors},
        )
    if request.method == "POST":
        if not changes:
            messages.info(request, _("Nothing has changed since the last publication."))
        else:
            services.allocation_publish(programme=programme, by=request.user)
            messages.success(request, _("The allocation has been published."))
        return redirect("programme-detail", slug=programme.slug)
    return render(
        request,
        "programmes/allocation_publish.html",
        {
            "programme": programme,
            "changes": changes,
            "published": selectors.allocation_latest_publication(programme),
        },
    )


# --- People: the office invites, deactivates and reactivates accounts --------------------------


def _require_office(user) -> None:
    if not user.has_perm("accounts.manage_access"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD"])
def people_list(request):
    _require_office(request.user)
    users = User.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation", "region").order_by("pk"),
        )
    ).order_by("-is_active", "username")
    return render(request, "programmes/people.html", {"users": users})


@login_required
@require_http_methods(["GET", "POST"])
def person_invite(request):
    _require_office(request.user)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = people.invite(by=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error("email", exc.errors)
        else:
            messages.success(
                request,
                _("%(email)s is invited: they receive an e-mail with a link to choose a password.")
                % {"email": person.email},
            )
            return redirect("people-list")
    return render(request, "programmes/person_invite.html", {"form": form})


@login_required
@require_POST
def person_state(request, pk):
    """Deactivate, reactivate or invite again, as the button posted says."""
    _require_office(request.user)
    person = get_object_or_404(User, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "invite_again":
            people.resend_invitation(by=request.user, user=person)
            messages.success(request, _("The invitation is sent again."))
        elif action in {"deactivate", "reactivate"}:
            people.set_active(by=request.user, user=person, active=action == "reactivate")
            messages.success(
                request,
                (
                    _("%(user)s can log in again.")
                    if action == "reactivate"
                    else _("%(user)s can no longer log in; everything they did stays.")
                )
                % {"user": person.get_username()},
            )
        else:
            messages.error(request, _("Unknown action."))
    except Refused as exc:
        for error in exc.errors:
            messages.error(request, error)
    return redirect("people-list")
