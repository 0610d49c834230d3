"""The questionnaire designer: the office builds a round's next questionnaire version in the
browser (sections, questions, conditions, yes/no tables), sees it as the region will, checks
it and publishes it. Every change goes through `programmes.drafts`; publishing through
`monitoring.rounds.draft_publish`. Only the programme office uses these pages; the
difference view between versions is for every national role, like the TOML download.
"""

from functools import partial

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts.rules import is_programme_office, sees_every_region
from sectorplan.core import page_cache
from sectorplan.core.errors import Refused
from sectorplan.monitoring import designer_reading as reading
from sectorplan.monitoring import rounds
from sectorplan.monitoring.designer_forms import QuestionForm, SectionForm
from sectorplan.programmes import designer, drafts
from sectorplan.programmes.constants import QuestionKind, YesNo
from sectorplan.programmes.models import Round
from sectorplan.programmes.visibility import programme_for

DRAFT = "concept"


def _office_round(request, slug: str, round_code: str) -> Round:
    programme = programme_for(request.user, slug)
    if not rules.has_perm("monitoring.manage_rounds", request.user):
        raise PermissionDenied
    round_ = get_object_or_404(Round, programme=programme, code=round_code)
    round_.programme = programme
    return round_


def _designer_url(round_: Round, anchor: str = "") -> str:
    url = reverse("designer", args=[round_.programme.slug, round_.code])
    return f"{url}#{anchor}" if anchor else url


def _change(request, round_: Round, change) -> tuple[bool, object]:
    """Apply a change to the draft; on refusal, the messages for the page."""
    try:
        result, _draft = drafts.draft_change(
            round_=round_,
            lock_version=request.POST.get("lock_version"),
            change=change,
            by=request.user,
        )
    except Refused as exc:
        for error in exc.errors:
            messages.error(request, error)
        return False, None
    return True, result


# --- The designer page ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def designer_page(request, slug, round_code):
    """What the designer reads (the draft and its outline, problems and versions) is cached
    under the programme's data version, and the preview is a cached fragment; the forms, with
    the user's CSRF token, are rendered on every request."""
    round_ = _office_round(request, slug, round_code)
    part_key = page_cache.key(round_.programme, "designer", round_.pk)
    read = page_cache.get_or_compute(part_key, lambda: _designer_read(round_))
    return render(
        request,
        "designer/designer.html",
        {
            "programme": round_.programme,
            "round": round_,
            **read,
            "part_key": part_key,
            "part_timeout": page_cache.TIMEOUT,
            # Called only when the preview's fragment is not in the cache.
            "preview": lambda: reading.preview_blocks(
                read["definition"], list(round_.programme.themes.all())
            ),
            "yes_no": YesNo.choices,
            "section_form": SectionForm(auto_id="new-section-%s"),
            "move_url": reverse("designer-move", args=[slug, round_.code]),
            "delete_url": reverse("designer-delete", args=[slug, round_.code]),
        },
    )


def _with_urls(sections: list[dict], round_: Round) -> list[dict]:
    """Each section's and question's links, made here once rather than in the template's
    loops."""
    args = [round_.programme.slug, round_.code]
    for section in sections:
        section["edit_url"] = reverse("designer-section-edit", args=[*args, section["code"]])
        section["add_url"] = reverse("designer-question-add", args=[*args, section["code"]])
        for question in section["questions"]:
            question["edit_url"] = reverse("designer-question-edit", args=[*args, question["code"]])
    return sections


def _designer_read(round_: Round) -> dict:
    definition, lock_version, draft = drafts.draft_definition(round_)
    return {
        "definition": definition,
        "draft": draft,
        "lock_version": lock_version,
        "sections": _with_urls(reading.outline(definition, round_), round_),
        "problems": reading.problems_of(definition, round_),
        "versions": list(
            round_.questionnaires.order_by("version").values_list("version", flat=True)
        ),
        "has_tables": round_.programme.report_tables.exists(),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def designer_preview(request, slug, round_code):
    round_ = _office_round(request, slug, round_code)
    definition, _lock, _draft = drafts.draft_definition(round_)
    return render(
        request,
        "designer/preview.html",
        {
            "programme": round_.programme,
            "round": round_,
            "preview": reading.preview_blocks(definition, list(round_.programme.themes.all())),
            "yes_no": YesNo.choices,
        },
    )


# --- Sections ---------------------------------------------------------------------------------


@login_required
@require_POST
def section_add(request, slug, round_code):
    round_ = _office_round(request, slug, round_code)
    form = SectionForm(request.POST, auto_id="new-section-%s")
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect(_designer_url(round_, "new-section"))
    taken = drafts.codes_used_before(round_)
    done, code = _change(
        request,
        round_,
        lambda d: designer.section_add(
            d, labels=form.labels(), per_theme=form.cleaned_data["per_theme"], taken=taken
        ),
    )
    if done:
        messages.success(request, _("The section is added. Now add its questions."))
        return redirect(_designer_url(round_, f"s-{code}"))
    return redirect(_designer_url(round_))


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, slug, round_code, code):
    round_ = _office_round(request, slug, round_code)
    definition, lock_version, _draft = drafts.draft_definition(round_)
    try:
        section = designer.section_of(definition, code)
    except Refused as exc:
        raise Http404 from exc
    form = SectionForm(
        request.POST or None,
        initial={
            "label_nl": section.get("label_nl"),
            "label_en": section.get("label_en", ""),
            "per_theme": section.get("per_theme", False),
        },
    )
    if request.method == "POST" and form.is_valid():
        done, _result = _change(
            request,
            round_,
            lambda d: designer.section_change(
                d, code, labels=form.labels(), per_theme=form.cleaned_data["per_theme"]
            ),
        )
        if done:
            messages.success(request, _("The section is changed."))
            return redirect(_designer_url(round_, f"s-{code}"))
        lock_version = request.POST.get("lock_version")
    return render(
        request,
        "designer/section_form.html",
        {
            "programme": round_.programme,
            "round": round_,
            "form": form,
            "section": section,
            "lock_version": lock_version,
        },
    )


# --- Questions --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, slug, round_code, section):
    return _question_form(request, slug, round_code, section=section, code=None)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, slug, round_code, code):
    return _question_form(request, slug, round_code, section=None, code=code)


def _question_form(request, slug, round_code, *, section: str | None, code: str | None):
    round_ = _office_round(request, slug, round_code)
    definition, lock_version, _draft = drafts.draft_definition(round_)
    try:
        if code is None:
            section_data, question = designer.section_of(definition, section), None
        else:
            section_data, question = designer.question_of(definition, code)
    except Refused as exc:
        raise Http404 from exc
    conditions = designer.condition_options(definition, code, section_data["code"])
    form = QuestionForm(
        request.POST or None,
        initial=QuestionForm.initial_of(question) if question else {"kind": QuestionKind.YES_NO},
        conditions=conditions,
    )
    if request.method == "POST" and form.is_valid():
        data = form.question_data()
        if code is None:
            taken = drafts.codes_used_before(round_)
            done, new_code = _change(
                request,
                round_,
                lambda d: designer.question_add(d, section_data["code"], data, taken=taken),
            )
        else:
            done, _result = _change(
                request, round_, lambda d: designer.question_change(d, code, data)
            )
            new_code = code
        if done:
            messages.success(
                request,
                _("The question is added.") if code is None else _("The question is changed."),
            )
            if code is None and "another" in request.POST:
                return redirect("designer-question-add", slug, round_.code, section_data["code"])
            return redirect(_designer_url(round_, f"q-{new_code}"))
        lock_version = request.POST.get("lock_version")
    return render(
        request,
        "designer/question_form.html",
        {
            "programme": round_.programme,
            "round": round_,
            "form": form,
            "section": section_data,
            "question": question,
            "lock_version": lock_version,
            "section_label": designer.label_of(section_data),
        },
    )


@login_required
@require_POST
def designer_move(request, slug, round_code):
    """Up or down by a button (`question` or `section` with `direction`), or a section's
    whole order from drag and drop (`section` with `order`: codes, comma-separated). A
    request from the page's script gets JSON back, a form post the page again."""
    round_ = _office_round(request, slug, round_code)
    question = request.POST.get("question", "")
    section = request.POST.get("section", "")
    direction = request.POST.get("direction", "")
    order = request.POST.get("order")
    change, anchor = None, ""
    if order is not None and section:
        codes = [code for code in order.split(",") if code]
        change = partial(designer.questions_order, section_code=section, codes=codes)
        anchor = f"s-{section}"
    elif question and direction in {"up", "down"}:
        change = partial(designer.question_move, code=question, direction=direction)
        anchor = f"q-{question}"
    elif section and direction in {"up", "down"}:
        change = partial(designer.section_move, code=section, direction=direction)
        anchor = f"s-{section}"
    if change is None:
        errors = [_("Say what to move, and which way.")]
    else:
        try:
            _result, draft = drafts.draft_change(
                round_=round_,
                lock_version=request.POST.get("lock_version"),
                change=change,
                by=request.user,
            )
        except Refused as exc:
            errors = exc.errors
        else:
            if request.headers.get("Accept") == "application/json":
                return JsonResponse({"lock_version": draft.lock_version})
            return redirect(_designer_url(round_, anchor))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"errors": errors}, status=409)
    for error in errors:
        messages.error(request, error)
    return redirect(_designer_url(round_, anchor))


@login_required
@require_POST
def designer_delete(request, slug, round_code):
    round_ = _office_round(request, slug, round_code)
    question = request.POST.get("question", "")
    section = request.POST.get("section", "")
    if question:
        done, _r = _change(request, round_, lambda d: designer.question_delete(d, question))
        if done:
            messages.success(request, _("The question is deleted from the draft."))
    elif section:
        done, _r = _change(request, round_, lambda d: designer.section_delete(d, section))
        if done:
            messages.success(request, _("The section is deleted from the draft."))
    else:
        messages.error(request, _("Say what to delete."))
    return redirect(_designer_url(round_))


# --- Yes/no tables ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def designer_tables(request, slug, round_code):
    """Pick the yes/no questions that fill each cell (row × column) of the national tables."""
    round_ = _office_round(request, slug, round_code)
    definition, lock_version, _draft = drafts.draft_definition(round_)
    tables = list(round_.programme.report_tables.prefetch_related("rows"))
    candidates = designer.yes_no_questions(definition)
    if request.method == "POST":
        picked = {
            table.code: {
                (row.code, column["code"]): request.POST.get(
                    f"cell-{table.code}-{row.code}-{column['code']}", ""
                )
                for row in table.rows.all()
                for column in table.columns
            }
            for table in tables
        }

        def fill(d: dict) -> None:
            for table_code, cells in picked.items():
                designer.table_cells_set(d, table_code, cells)

        done, _r = _change(request, round_, fill)
        if done:
            messages.success(request, _("The tables are filled as chosen."))
            return redirect(_designer_url(round_, "tables"))
        definition, lock_version, _draft = drafts.draft_definition(round_)
        candidates = designer.yes_no_questions(definition)
    chosen = {
        (q.get("table"), q.get("row"), q.get("column")): q.get("code")
        for q in candidates
        if q.get("table")
    }
    grid = [
        {
            "table": table,
            "columns": [designer.label_of(c) for c in table.columns],
            "rows": [
                {
                    "row": row,
                    "cells": [
                        {
                            "name": f"cell-{table.code}-{row.code}-{column['code']}",
                            "column": designer.label_of(column),
                            "chosen": chosen.get((table.code, row.code, column["code"]), ""),
                        }
                        for column in table.columns
                    ],
                }
                for row in table.rows.all()
            ],
        }
        for table in tables
    ]
    return render(
        request,
        "designer/tables.html",
        {
            "programme": round_.programme,
            "round": round_,
            "grid": grid,
            "candidates": [(q["code"], designer.label_of(q)) for q in candidates],
            "lock_version": lock_version,
        },
    )


# --- Publishing -------------------------------------------------------------------------------


@login_required
@require_POST
def designer_publish(request, slug, round_code):
    round_ = _office_round(request, slug, round_code)
    try:
        questionnaire = rounds.draft_publish(
            round_=round_, lock_version=request.POST.get("lock_version"), by=request.user
        )
    except Refused as exc:
        messages.error(request, _("The questionnaire was not published:"))
        for error in exc.errors:
            messages.error(request, error)
        return redirect(_designer_url(round_, "check"))
    messages.success(
        request,
        _(
            "Version %(version)d is published. Reports that already have answers keep their "
            "version; the others get this one."
        )
        % {"version": questionnaire.version},
    )
    return redirect("round-detail", slug=slug, round_code=round_.code)


@login_required
@require_POST
def designer_discard(request, slug, round_code):
    round_ = _office_round(request, slug, round_code)
    if drafts.draft_discard(round_=round_, by=request.user):
        messages.success(request, _("The draft is thrown away."))
    return redirect(_designer_url(round_))


# --- Differences between versions -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def questionnaire_diff(request, slug, round_code):
    """What changed between two versions (or the newest version and the draft)."""
    programme = programme_for(request.user, slug)
    if not sees_every_region(request.user):
        raise Http404
    round_ = get_object_or_404(Round, programme=programme, code=round_code)
    round_.programme = programme
    definitions = dict(round_.questionnaires.values_list("version", "definition"))
    options = [(str(v), _("version %(number)d") % {"number": v}) for v in sorted(definitions)]
    draft = drafts.draft_definition(round_)[2] if is_programme_office(request.user) else None
    if draft is not None:
        definitions[DRAFT] = draft.definition
        options.append((DRAFT, _("draft")))
    keys = [key for key, _label in options]

    def pick(name: str, default: str) -> str:
        value = request.GET.get(name, default)
        return value if value in keys else default

    newest = keys[-1] if keys else ""
    before = pick("van", keys[-2] if len(keys) > 1 else newest)
    after = pick("naar", newest)

    def definition(key: str) -> dict:
        return definitions.get(key if key == DRAFT else int(key), {"sections": []}) if key else {}

    changes = designer.differences(definition(before), definition(after)) if keys else []
    for change in changes:
        change["label"] = designer.label_of(change["item"])
        for key in ("before", "section", "from_section"):
            if key in change:
                change[f"{key}_label"] = designer.label_of(change[key])
    return render(
        request,
        "designer/diff.html",
        {
            "programme": programme,
            "round": round_,
            "options": options,
            "before": before,
            "after": after,
            "changes": changes,
            "field_labels": reading.FIELD_LABELS,
            "kinds": dict(QuestionKind.choices),
            "is_office": is_programme_office(request.user),
        },
    )
