"""The page that takes a file of answers of a round (the programme office): the import runs
as a job."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.import_pages import import_page
from sectorplan.monitoring.imports import COLUMNS
from sectorplan.monitoring.jobs import responses_import_job
from sectorplan.programmes.models import Round
from sectorplan.programmes.visibility import programme_for


def _states():
    return [
        ("submitted", _("The reports become 'submitted'")),
        ("accepted", _("The reports become 'accepted'")),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def responses_import_page(request, slug, round_code):
    programme = programme_for(request.user, slug)
    round_ = get_object_or_404(Round, programme=programme, code=round_code)
    if not is_programme_office(request.user):
        raise PermissionDenied
    heading = _("Import answers for %(round)s") % {"round": round_.label}
    return import_page(
        request,
        columns=COLUMNS,
        states=_states(),
        heading=heading,
        intro=_(
            "One row is one answer: region_code, question_code (a question of a theme "
            "as theme.question) and answer, written as on the report page. Each region's "
            "report in the file is then submitted or accepted as a recorded import."
        ),
        title=heading,
        task=responses_import_job,
        next_url=reverse("round-detail", args=[programme.slug, round_.code]),
        back_url=reverse("responses-import", args=[programme.slug, round_.code]),
        job_kwargs=lambda state: {"round_id": round_.pk, "state": state or "submitted"},
    )
