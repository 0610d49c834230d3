"""The instrument catalogue, kept by the office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.forms import error_summary
from sectorplan.knowledge import selectors, services
from sectorplan.knowledge.constants import PracticeState
from sectorplan.knowledge.forms import (
    InstrumentForm,
    InstrumentUseForm,
)
from sectorplan.knowledge.models import Instrument, InstrumentCategory
from sectorplan.knowledge.views.common import context, refuse_unless_office, saved
from sectorplan.programmes.models import Programme
from sectorplan.programmes.visibility import programme_for


@login_required
def instrument_list(request, slug):
    programme = programme_for(request.user, slug)
    categories = list(InstrumentCategory.objects.all())
    category = next((c for c in categories if c.code == request.GET.get("category")), None)
    return render(
        request,
        "knowledge/instrument_list.html",
        context(
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
        context(
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
    refuse_unless_office(request.user)
    return _instrument_form(request, programme, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_edit(request, slug, instrument):
    programme, instrument = _instrument(request, slug, instrument)
    refuse_unless_office(request.user)
    return _instrument_form(request, programme, instrument)


def _instrument_form(request, programme: Programme, instrument: Instrument | None):
    initial = InstrumentForm.initial_of(instrument) if instrument else None
    form = InstrumentForm(request.POST or None, instance=instrument, initial=initial)

    def save():
        if instrument is None:
            services.instrument_create(by=request.user, **form.values())
        else:
            services.instrument_update(
                instrument=instrument,
                by=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.values(),
            )
        return reverse("instrument-detail", args=[programme.slug, form.cleaned_data["slug"]])

    response, errors = saved(request, form, save, _("The instrument has been saved."))
    if response:
        return response
    return render(
        request,
        "knowledge/instrument_form.html",
        context(
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
    refuse_unless_office(request.user)
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
