"""A plan's files: attachments, and the decision letter as a document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.core.errors import Refused
from sectorplan.core.views import stored_file_response
from sectorplan.plans import letters, services
from sectorplan.plans.forms import AttachmentForm
from sectorplan.plans.views.common import detail_url, load_plan, require_region_contact
from sectorplan.plans.views.plan import render_detail

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_POST
def attachment_add(request, slug, code):
    programme, plan = load_plan(request, slug, code)
    require_region_contact(request.user, plan)
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_attachment_%s")
    if not form.is_valid():
        return render_detail(request, programme, plan, attachment_form=form)
    try:
        attachment = services.attachment_add(
            plan=plan,
            by=request.user,
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["name"],
            content_type=form.cleaned_data["content_type"],
        )
    except Refused as exc:
        return render_detail(request, programme, plan, errors=exc.errors, attachment_form=form)
    messages.success(
        request, _("The attachment '%(name)s' has been added.") % {"name": attachment.name}
    )
    return redirect(detail_url(plan))


@login_required
@require_http_methods(["GET", "HEAD"])
def attachment_download(request, slug, code, pk):
    _programme, plan = load_plan(request, slug, code)
    return stored_file_response(get_object_or_404(plan.attachments, pk=pk))


@login_required
def decision_letter(request, slug, code, pk, fmt):
    """The decision letter (beschikking) as DOCX, or PDF where LibreOffice is installed."""
    _programme, plan = load_plan(request, slug, code)
    decision = get_object_or_404(plan.decisions.select_related("plan__region"), pk=pk)
    filename = f"beschikking-{plan.programme.slug}-{plan.region.code}-{decision.pk}"
    if fmt == "pdf":
        content = letters.decision_letter_pdf(decision)
        if content is None:
            raise Http404
        return HttpResponse(
            content,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}.pdf"'},
        )
    return HttpResponse(
        letters.decision_letter_docx(decision),
        content_type=DOCX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}.docx"'},
    )
