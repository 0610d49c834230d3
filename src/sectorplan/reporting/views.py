"""The national reporting pages: the dashboard, every table with the rows behind its
numbers, a region's results, and the downloads. Office, ministry and assessing parties read
them; a region reads its own results page."""

from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts.rules import is_programme_office, sees_every_region
from sectorplan.core import page_cache
from sectorplan.core.cells import CsvWriter
from sectorplan.core.errors import Refused
from sectorplan.core.jobs import job_start
from sectorplan.core.templatetags.sectorplan import euro, number
from sectorplan.monitoring.constants import COUNTED_STATES
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.selectors import contents_of, indicator_totals
from sectorplan.plans.constants import SUBMITTED_OR_LATER
from sectorplan.programmes.constants import YesNo
from sectorplan.programmes.models import Programme, Region, Round, in_active_language
from sectorplan.programmes.visibility import programme_for
from sectorplan.reporting import (
    cache,
    jobs,
    maps,
    open_data,
    publication,
    readers,
    selectors,
    services,
)
from sectorplan.reporting import labels as table_labels
from sectorplan.reporting.exports import About, all_tables, write_csv, write_xlsx
from sectorplan.reporting.models import TextKey
from sectorplan.reporting.publication.build import office_choices
from sectorplan.reporting.publication.html import to_html
from sectorplan.reporting.services import narrative_picks_save, report_text_save, report_texts
from sectorplan.reporting.tables import (
    answer_rows,
    answers_table,
    coverage_table,
    current_round,
    round_of,
    table_codes,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _national(request, slug, *, regions_too: bool = False) -> tuple[Programme, Round | None]:
    """The programme and the round asked for in `?round=`. Pages for national readers only,
    unless `regions_too`: the dashboard, the tables and the map are every member's
    (decision 0013)."""
    programme = programme_for(request.user, slug)
    if not regions_too and not sees_every_region(request.user):
        raise Http404
    code = request.GET.get("round")
    round_ = programme.rounds.filter(code=code).first() if code else None
    return programme, round_


def _context(programme: Programme, round_: Round | None, **more) -> dict:
    return {
        "sees_all": True,
        "programme": programme,
        "round": round_,
        "rounds": list(programme.rounds.all()),
        "round_query": f"?round={round_.code}" if round_ else "",
        "tables": table_labels.table_titles(programme),
        **more,
    }


#: Bar chart geometry (SVG user units): room for labels, the longest bar, one row.
LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT = 300, 300, 24


def bar_chart(rows: list[tuple[str, str, int]]) -> dict:
    """A horizontal bar chart drawn on the server: (group, label, value) per bar."""
    widest = max((value for _group, _label, value in rows), default=0) or 1
    bars = [
        {
            "group": group,
            "label": label,
            "value": value,
            "y": index * ROW_HEIGHT,
            "width": round(BAR_WIDTH * value / widest),
        }
        for index, (group, label, value) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + BAR_WIDTH + 40,
        "height": max(ROW_HEIGHT, ROW_HEIGHT * len(bars)),
    }


@login_required
def dashboard(request, slug):
    """The figures are one cached fragment of the page, under the programme's data version
    (core/page_cache.py): a request after a write renders them anew, the others reuse them
    without computing a table."""
    programme, chosen = _national(request, slug, regions_too=True)
    own = readers.own_region_codes(request.user, programme)
    rounds = list(programme.rounds.all())
    round_ = chosen or current_round(programme, rounds)
    return render(
        request,
        "reporting/dashboard.html",
        {
            # The names are computed only when the fragment is not in the cache.
            **page_cache.fragment(
                programme,
                "dashboard",
                chosen.pk if chosen else "",
                compute=lambda: _dashboard_figures(programme, chosen, round_),
                names=DASHBOARD_DATA,
            ),
            "programme": programme,
            "round": chosen,
            "rounds": rounds,
            "shown_round": round_,
            "round_query": f"?round={chosen.code}" if chosen else "",
            "is_office": is_programme_office(request.user),
            "sees_all": True,
            **_own_rows(request.user, programme, chosen, own),
            "publication": open_data.latest_publication(programme),
        },
    )


#: What `_dashboard_figures` computes for the cached fragment of the dashboard.
DASHBOARD_DATA = (
    "tables",
    "figures",
    "coverage",
    "theme_labels",
    "chart",
    "answer_tables",
    "indicators",
)


def _dashboard_figures(programme: Programme, chosen: Round | None, round_: Round | None) -> dict:
    """Everything the dashboard shows that the data decides (cached under its version)."""
    coverage = coverage_table(programme)
    answer_tables = []
    for report_table in programme.report_tables.all():
        table = answers_table(report_table, chosen)
        answer_tables.append(
            {
                "report_table": report_table,
                "table": table,
                "rows": answer_rows(table, report_table),
                "answered_in": round_of(report_table, chosen),
            }
        )
    return {
        "tables": table_labels.table_titles(programme),
        "figures": selectors.key_figures(programme, round_),
        "coverage": coverage,
        "theme_labels": {theme.code: theme.label for theme in programme.themes.all()},
        "chart": bar_chart([(row[0], row[2], row[3]) for row in coverage.rows]),
        "answer_tables": answer_tables,
        "indicators": indicator_totals(programme),
    }


def _own_rows(user, programme: Programme, round_: Round | None, own: set[str]) -> dict:
    """For a region's reader: its own row of the regions table, in words, as "uw regio"."""
    if sees_every_region(user):
        return {}
    table = cache.national_table(programme, "regions", round_)
    plan_labels = table_labels.STATES["plan_status"]
    report_labels = table_labels.STATES["round_status"]
    rows = []
    for row in table.rows:
        values = dict(zip(table.columns, row, strict=True))
        if values["region_code"] in own:
            values["plan_label"] = plan_labels.get(values["plan_status"], _("no plan"))
            values["report_label"] = report_labels.get(values["round_status"], "–")
            rows.append(values)
    return {"sees_all": False, "own_codes": own, "own_rows": rows}


@login_required
def table_page(request, slug, code):
    """The page is one cached fragment per table, query string (round, filters, drill-down)
    and what the reader's rights change in it (their own regions, every region or not)."""
    programme, round_ = _national(request, slug, regions_too=True)
    if code not in table_codes(programme):
        raise Http404
    own = readers.own_region_codes(request.user, programme)
    sees_all = sees_every_region(request.user)
    return render(
        request,
        "reporting/table.html",
        {
            "programme": programme,
            "round": round_,
            "round_query": f"?round={round_.code}" if round_ else "",
            "own_codes": own,
            "sees_all": sees_all,
            **page_cache.fragment(
                programme,
                "table-page",
                code,
                request.GET.urlencode(),
                sees_all,
                ",".join(sorted(own)),
                compute=lambda: _table_page(
                    request.user, programme, round_, code, own, request.GET
                ),
                names=TABLE_PAGE,
            ),
        },
    )


#: What `_table_page` computes for the cached fragment of a table page.
TABLE_PAGE = (
    "table",
    "rows",
    "columns",
    "drill",
    "filters",
    "shown_filters",
    "report_table",
    "provinces",
    "themes",
    "answer_rows",
    "rounds",
)


def _table_page(user, programme: Programme, round_, code: str, own: set[str], params) -> dict:
    table = readers.for_reader(user, cache.national_table(programme, code, round_), own)
    drill = None
    if code == "coverage" and params.get("type"):
        activity_type = get_object_or_404(programme.activity_types, code=params["type"])
        drill = {
            "title": activity_type.label,
            "groups": [("", selectors.regions_with_activity_type(programme, activity_type))],
        }
    elif params.get("cell") and programme.report_tables.filter(code=code).exists():
        report_table = programme.report_tables.get(code=code)
        row_code, _dot, column = params["cell"].partition(".")
        row = get_object_or_404(report_table.rows, code=row_code)
        answered_in = round_of(report_table, round_)
        column_labels = {
            c["code"]: in_active_language(c["label_nl"], c.get("label_en", ""))
            for c in report_table.columns
        }
        if column not in column_labels or answered_in is None:
            raise Http404
        groups = selectors.regions_by_answer(report_table, row_code, column, answered_in)
        labels = dict(YesNo.choices) | {selectors.NO_ANSWER: None}
        drill = {
            "title": f"{row.label} – {column_labels[column]}",
            "groups": [(labels[code], regions) for code, regions in groups.items()],
        }
    report_table = programme.report_tables.filter(code=code).first()
    rows = table.rows
    filters = {k: v for k, v in params.items() if k in table.columns and v}
    if filters:
        index = {name: i for i, name in enumerate(table.columns)}
        rows = [r for r in rows if all(str(r[index[k]]) == v for k, v in filters.items())]
    provinces = []
    if "region_code" in table.columns:
        regions = {r.code: r.province for r in programme.region_set.regions.all()}
        provinces = sorted(set(regions.values()) - {""})
        province = params.get("province", "")
        if province:
            filters["province"] = province
            rows = [r for r in rows if regions.get(r[0]) == province]
    words = table_labels.value_labels(programme)
    hidden = table_labels.HIDDEN.get(code, set())
    columns = [
        (index, column) for index, column in enumerate(table.columns) if column not in hidden
    ]
    cells = [[_cell(table, column, row[index], words) for index, column in columns] for row in rows]
    shown_filters = [
        (table_labels.column_label(key), words.get(key, {}).get(value, value))
        for key, value in filters.items()
    ]
    return {
        "table": table,
        "rows": cells,
        "columns": [table_labels.column_label(column) for _index, column in columns],
        "drill": drill,
        "filters": filters,
        "shown_filters": shown_filters,
        "report_table": report_table,
        "provinces": provinces,
        "themes": list(programme.themes.all()) if "theme" in table.columns else [],
        "answer_rows": answer_rows(table, report_table) if report_table else None,
        "rounds": list(programme.rounds.all()),
    }


def _cell(table, column: str, value, words: dict[str, dict[str, str]]) -> dict:
    """One value of a table as the page shows it: money as euros, numbers right-aligned, a
    state, theme or activity type by its label."""
    if column in words:
        return {"value": value, "text": str(words[column].get(value, value)), "num": False}
    if value is None:
        return {"value": value, "text": "–", "num": True}
    if column in table.money:
        return {"value": value, "text": euro(value), "num": True}
    if isinstance(value, int | Decimal):
        return {"value": value, "text": number(value), "num": True}
    return {"value": value, "text": str(value), "num": False}


@login_required
def table_csv(request, slug, code):
    programme, round_ = _national(request, slug, regions_too=True)
    if code not in table_codes(programme):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-{code}.csv"'
    own = readers.own_region_codes(request.user, programme)
    table = cache.national_table(programme, code, round_)
    write_csv(readers.for_reader(request.user, table, own), response)
    return response


@login_required
def workbook(request, slug):
    programme, round_ = _national(request, slug)
    about = About(
        programme,
        round_ or current_round(programme),
        timezone.localtime(),
        request.user.get_full_name() or request.user.get_username(),
    )
    buffer = BytesIO()
    write_xlsx(about, all_tables(programme, round_), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-tabellen.xlsx"'
    return response


@login_required
def region_results(request, slug, code):
    programme = programme_for(request.user, slug)
    region = get_object_or_404(
        Region.objects.filter(region_set_id=programme.region_set_id), code__iexact=code
    )
    if not readers.sees_results_of(request.user, programme, region):
        raise Http404
    # Another region's people read what the region has submitted, not its drafts.
    own = request.user.has_perm("programmes.see_region", region)
    sees_all = sees_every_region(request.user)
    return render(
        request,
        "reporting/region.html",
        {
            "programme": programme,
            "region": region,
            "own": own,
            "sees_all": sees_all,
            # One cached fragment per region and reader kind (own region or another's).
            **page_cache.fragment(
                programme,
                "region-results",
                region.pk,
                own,
                sees_all,
                compute=lambda: _region_results(programme, region, own),
                names=REGION_RESULTS,
            ),
        },
    )


#: What `_region_results` computes for the cached fragment of the region's results page.
REGION_RESULTS = (
    "plan",
    "decisions",
    "payments",
    "reports",
    "latest",
    "contents",
    "narratives",
    "indicators",
    "rounds",
)


def _region_results(programme: Programme, region: Region, own: bool) -> dict:
    plan = selectors.region_plan(programme, region)
    if plan is not None and not own and plan.state not in SUBMITTED_OR_LATER:
        plan = None
    reports = list(
        Report.objects.filter(round__programme=programme, region=region).select_related("round")
    )
    if not own:
        reports = [r for r in reports if r.state in COUNTED_STATES]
    latest = next(
        (r for r in sorted(reports, key=lambda r: -r.round.position) if r.state in COUNTED_STATES),
        None,
    )
    contents = contents_of(latest) if latest else None
    return {
        "plan": plan,
        "decisions": list(plan.decisions.all()) if plan else [],
        "payments": list(plan.payments.all()) if plan else [],
        "reports": reports,
        "latest": latest,
        "contents": contents,
        "narratives": contents.per_theme() if contents else [],
        "indicators": indicator_totals(programme, region),
        "rounds": list(programme.rounds.all()),
    }


@login_required
@require_POST
def national_report_job(request, slug, fmt):
    """The final report (docx, pdf) or the workbook (xlsx) made in the background: the office
    follows it on the job's page, which offers the file when it is done."""
    programme, round_ = _national(request, slug)
    if fmt not in jobs.FORMATS:
        raise Http404
    title = _("All tables %(programme)s") if fmt == "xlsx" else _("Final report %(programme)s")
    job = job_start(
        by=request.user,
        title=f"{title % {'programme': programme.name}} (.{fmt})",
        task=jobs.national_report_job,
        next_url=reverse("dashboard", args=[programme.slug]),
        programme_id=programme.pk,
        round_id=round_.pk if round_ else None,
        fmt=fmt,
        language=get_language() or settings.LANGUAGE_CODE,
        generated_by=request.user.get_full_name() or request.user.get_username(),
    )
    return redirect("job", pk=job.pk)


@login_required
def final_report_page(request, slug):
    """The final report as a printable page. The documents (DOCX, PDF) are made by the
    background job (`national_report_job`), the one way to download them."""
    programme, round_ = _national(request, slug)
    document = publication.build(programme, round_, get_language() or settings.LANGUAGE_CODE)
    back = reverse("dashboard", args=[programme.slug])
    return HttpResponse(to_html(document, back, inline_css=False))


@login_required
@require_http_methods(["GET", "POST"])
def texts(request, slug):
    programme, round_ = _national(request, slug)
    if not is_programme_office(request.user):
        raise PermissionDenied
    items = report_texts(programme)
    choices = office_choices(programme, round_, timezone.localtime())
    findings = choices["findings"]
    picks = choices["picks"]
    errors = []
    if request.method == "POST":
        for key, item in items.items():
            try:
                lock_version = int(request.POST.get(f"{key}-lock_version", ""))
            except ValueError:
                lock_version = -1
            drafted = key == TextKey.INTRODUCTION
            try:
                items[key] = report_text_save(
                    programme=programme,
                    key=key,
                    text=request.POST.get(key, ""),
                    lock_version=lock_version,
                    by=request.user,
                    replaces_draft=request.POST.get(f"{key}-replaces") == "1" if drafted else None,
                    accepted_draft=(findings if request.POST.get(f"{key}-accept") == "1" else "")
                    if drafted
                    else None,
                )
            except Refused as exc:
                errors += exc.errors
                item.text = request.POST.get(key, "")  # keep what was typed
        allowed = {n.answer.pk for t in choices["themes"] for n in t["candidates"]}
        picks = {int(v) for v in request.POST.getlist("pick") if v.isdigit()}
        try:
            narrative_picks_save(
                programme=programme, answer_ids=picks, allowed=allowed, by=request.user
            )
        except Refused as exc:
            errors += exc.errors
        if not errors:
            messages.success(request, _("The texts of the report have been saved."))
            return redirect("dashboard", slug=programme.slug)
    return render(
        request,
        "reporting/texts.html",
        {
            "programme": programme,
            "items": list(items.values()),
            "errors": errors,
            "drafted": TextKey.INTRODUCTION,
            "findings": findings.splitlines(),
            "accepted": items[TextKey.INTRODUCTION].accepted_draft == findings,
            "themes": choices["themes"],
            "picks": picks,
        },
        status=409 if errors else 200,
    )


@login_required
def map_page(request, slug):
    programme, round_ = _national(request, slug, regions_too=True)
    options = maps.measures(programme)
    measure = request.GET.get("measure", maps.STATUS)
    if measure not in dict(options):
        measure = maps.STATUS
    return render(
        request,
        "reporting/map.html",
        _context(
            programme,
            round_,
            options=options,
            region_map=maps.region_map(programme, measure, round_),
            map_middle=maps.WIDTH / 2,
            own_codes=readers.own_region_codes(request.user, programme),
            sees_all=sees_every_region(request.user),
        ),
    )


# --- Open data: published, for anyone ----------------------------------------------------


@login_required
@require_POST
def tables_publish(request, slug):
    programme, round_ = _national(request, slug)
    if not is_programme_office(request.user):
        raise PermissionDenied
    if request.POST.get("publish") != "1":  # only the form's button publishes
        messages.error(request, _("Nothing was published."))
        return redirect("dashboard", slug=programme.slug)
    try:
        services.tables_publish(programme=programme, by=request.user, round_=round_)
    except Refused as exc:
        raise PermissionDenied(" ".join(exc.errors)) from exc
    messages.success(
        request,
        _(
            "The national tables are published as open data; they stay as they are now until "
            "you publish again."
        ),
    )
    return redirect("dashboard", slug=programme.slug)


@require_http_methods(["GET", "HEAD"])
def open_data_index(request):
    """The list of published datasets, with their licence: no login needed."""
    programmes = [
        (programme, open_data.datasets(programme))
        for programme in Programme.objects.order_by("-starts_on", "name")
    ]
    return render(
        request,
        "reporting/open_data.html",
        {
            "programmes": [(p, sets) for p, sets in programmes if sets],
            "licence_url": open_data.LICENCE_URL,
        },
    )


@require_http_methods(["GET", "HEAD"])
def open_data_file(request, slug, code, fmt):
    programme = get_object_or_404(Programme, slug=slug)
    dataset = next((d for d in open_data.datasets(programme) if d.code == code), None)
    if dataset is None or fmt not in {"json", "csv"}:
        raise Http404
    if fmt == "json":
        response = JsonResponse(
            {
                "programme": programme.slug,
                "programme_name": programme.name,
                "dataset": dataset.code,
                "title": dataset.title,
                "published_at": dataset.published_at.isoformat(),
                "licence": open_data.LICENCE,
                "licence_url": open_data.LICENCE_URL,
                "columns": dataset.columns,
                "records": open_data.as_records(dataset),
            },
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = CsvWriter(response)
        writer.writerow(dataset.columns)
        writer.writerows(dataset.rows)
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-{code}.{fmt}"'
    response["Link"] = f'<{open_data.LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
