"""The page that takes a plans file (the programme office): the import runs as a job."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.import_pages import import_page
from sectorplan.plans.imports import COLUMNS
from sectorplan.plans.jobs import plans_import_job
from sectorplan.programmes.visibility import programme_for


def _states():
    return [
        ("", _("The plans stay drafts")),
        ("submitted", _("Bring the plans to 'submitted' (as a recorded import)")),
        ("decided", _("Bring the plans to 'granted' (as a recorded import)")),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def plans_import_page(request, slug):
    programme = programme_for(request.user, slug)
    if not is_programme_office(request.user):
        raise PermissionDenied
    overview = reverse("plan-overview", args=[programme.slug])
    if programme.is_closed:  # an ended programme's plans are history
        messages.error(request, programme.closed_refusal)
        return redirect(overview)
    return import_page(
        request,
        columns=COLUMNS,
        states=_states(),
        heading=_("Import plans"),
        intro=_(
            "One row is one activity with its subsidy and co-financing. For every region "
            "in the file, its rows replace the activities of its plan; regions not in "
            "the file are left alone."
        ),
        title=_("Import plans for %(programme)s") % {"programme": programme.name},
        task=plans_import_job,
        next_url=overview,
        back_url=reverse("plans-import", args=[programme.slug]),
        job_kwargs=lambda state: {"programme_id": programme.pk, "state": state or None},
    )
