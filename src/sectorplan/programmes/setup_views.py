"""The programme's set-up pages for the office, outside the admin: one overview of the
programme's own lists, and one form per theme, activity type, indicator and round (add,
change, delete), plus the programme's deadlines. Writes go through `programmes.setup`;
what it refuses comes back on the form with the reason. An ended programme's pages are
read-only: the forms show disabled, without buttons, and a POST gets the reason.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sectorplan.accounts.rules import is_programme_office
from sectorplan.core import page_cache
from sectorplan.core.errors import Refused
from sectorplan.programmes import setup
from sectorplan.programmes.models import ActivityType, Indicator, Programme, Round, Theme
from sectorplan.programmes.setup_forms import (
    ActivityTypeForm,
    DeadlinesForm,
    IndicatorForm,
    RoundForm,
    ThemeForm,
    reminder_days_text,
)
from sectorplan.programmes.visibility import programme_for


@dataclass(frozen=True)
class Kind:
    model: Any
    form: Any
    save: Any
    delete: Any
    keyword: str
    #: What one of them is called: the title of its read-only page in an ended programme.
    name: Promise
    add_title: Promise
    edit_title: Promise
    fields: tuple[str, ...]
    needs_programme: bool = False


KINDS = {
    "themas": Kind(
        Theme,
        ThemeForm,
        setup.theme_save,
        setup.theme_delete,
        "theme",
        gettext_lazy("Theme"),
        gettext_lazy("Add a theme"),
        gettext_lazy("Change a theme"),
        ("label_nl", "label_en", "required"),
    ),
    "activiteiten": Kind(
        ActivityType,
        ActivityTypeForm,
        setup.activity_type_save,
        setup.activity_type_delete,
        "activity_type",
        gettext_lazy("Activity type"),
        gettext_lazy("Add an activity type"),
        gettext_lazy("Change an activity type"),
        ("label_nl", "label_en", "theme"),
        True,
    ),
    "indicatoren": Kind(
        Indicator,
        IndicatorForm,
        setup.indicator_save,
        setup.indicator_delete,
        "indicator",
        gettext_lazy("Indicator"),
        gettext_lazy("Add an indicator"),
        gettext_lazy("Change an indicator"),
        ("label_nl", "label_en", "unit_nl", "unit_en", "theme"),
        True,
    ),
    "rondes": Kind(
        Round,
        RoundForm,
        setup.round_save,
        setup.round_delete,
        "round_",
        gettext_lazy("Round"),
        gettext_lazy("Add a round"),
        gettext_lazy("Change a round"),
        (),
    ),
}


def _office_programme(request, slug: str) -> Programme:
    programme = programme_for(request.user, slug)
    if not is_programme_office(request.user):
        raise PermissionDenied
    return programme


@login_required
@require_http_methods(["GET", "HEAD"])
def setup_overview(request, slug):
    """The page (office only, no forms) is one cached fragment under the data version."""
    programme = _office_programme(request, slug)
    return render(
        request,
        "setup/overview.html",
        {
            "programme": programme,
            **page_cache.fragment(
                programme,
                "setup",
                compute=lambda: _setup_lists(programme),
                names=("themes", "indicators", "rounds"),
            ),
        },
    )


def _setup_lists(programme) -> dict:
    themes = list(programme.themes.all())
    types = list(programme.activity_types.annotate(used=Count("activities")))
    for theme in themes:
        theme.types = [t for t in types if t.theme_id == theme.pk]
    indicators = programme.indicators.select_related("theme").annotate(
        plans=Count("targets", distinct=True), reports=Count("values", distinct=True)
    )
    rounds = list(
        programme.rounds.annotate(
            report_count=Count("reports", distinct=True),
            versions=Count("questionnaires", distinct=True),
        )
    )
    for round_ in rounds:
        round_.reminders_text = reminder_days_text(round_.reminder_days)
    return {"themes": themes, "indicators": list(indicators), "rounds": rounds}


@login_required
@require_http_methods(["GET", "POST"])
def setup_add(request, slug, kind):
    return _edit(request, slug, kind, code=None)


@login_required
@require_http_methods(["GET", "POST"])
def setup_edit(request, slug, kind, code):
    return _edit(request, slug, kind, code=code)


def _edit(request, slug: str, kind_key: str, code: str | None):
    programme = _office_programme(request, slug)
    kind = KINDS.get(kind_key)
    if kind is None:
        raise Http404
    obj = get_object_or_404(kind.model, programme=programme, code=code) if code else None
    extra = {"programme": programme} if kind.needs_programme else {}
    if obj is None:
        initial = {}
    elif kind.form is RoundForm:
        initial = RoundForm.initial_of(obj)
    else:
        initial = {field: getattr(obj, field) for field in kind.fields}
    closed = programme.closed_refusal
    if closed and obj is None:  # nothing can be added to an ended programme
        messages.error(request, closed)
        return redirect("setup", slug=programme.slug)
    form = kind.form(None if closed else request.POST or None, initial=initial, **extra)
    errors: list[str] = []
    if closed:
        errors = _read_only(request, form, closed)
    elif request.method == "POST" and obj is not None and "delete" in request.POST:
        try:
            kind.delete(**{kind.keyword: obj}, by=request.user)
        except Refused as exc:
            errors = exc.errors
            form = kind.form(initial=initial, **extra)
        else:
            messages.success(request, _("‘%(name)s’ is deleted.") % {"name": obj.label})
            return redirect("setup", slug=programme.slug)
    elif request.method == "POST" and form.is_valid():
        data = form.round_data() if isinstance(form, RoundForm) else form.cleaned_data
        try:
            saved = kind.save(
                programme=programme, **{kind.keyword: obj}, data=data, by=request.user
            )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(request, _("‘%(name)s’ is saved.") % {"name": saved.label})
            return redirect(f"{_overview_url(programme)}#{kind_key}")
    return render(
        request,
        "setup/form.html",
        {
            "programme": programme,
            "form": form,
            "object": obj,
            "title": _title(kind, obj, closed),
            "errors": errors,
            "kind": kind_key,
            "closed": closed,
        },
        status=400 if errors else 200,
    )


def _title(kind: Kind, obj, closed: str) -> str:
    """The page title: "Add a theme", "Change a theme", or in an ended programme just
    "Theme" (the page names the theme after it)."""
    if obj is None:
        return kind.add_title
    return kind.name if closed else kind.edit_title


def _read_only(request, form, refusal: str) -> list[str]:
    """An ended programme's form: shown with its fields disabled and no buttons; a POST
    changes nothing and gets the reason."""
    for field in form.fields.values():
        field.disabled = True
    return [refusal] if request.method == "POST" else []


def _overview_url(programme: Programme) -> str:
    return reverse("setup", args=[programme.slug])


@login_required
@require_http_methods(["GET", "POST"])
def setup_deadlines(request, slug):
    programme = _office_programme(request, slug)
    closed = programme.closed_refusal
    form = DeadlinesForm(
        None if closed else request.POST or None,
        initial={field: getattr(programme, field) for field in setup.DEADLINE_FIELDS},
    )
    errors: list[str] = []
    if closed:
        errors = _read_only(request, form, closed)
    elif request.method == "POST" and form.is_valid():
        try:
            setup.deadlines_save(programme=programme, data=form.cleaned_data, by=request.user)
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(request, _("The deadlines are saved."))
            return redirect(f"{_overview_url(programme)}#deadlines")
    return render(
        request,
        "setup/form.html",
        {
            "programme": programme,
            "form": form,
            "object": None,
            "title": _("Deadlines of the programme"),
            "errors": errors,
            "kind": "deadlines",
            "closed": closed,
        },
        status=400 if errors else 200,
    )
