"""The knowledge overview, the search and the who-does-what matrix."""

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sectorplan.core import page_cache
from sectorplan.knowledge import selectors
from sectorplan.knowledge.constants import PracticeState
from sectorplan.knowledge.forms import (
    SearchForm,
)
from sectorplan.knowledge.models import Instrument
from sectorplan.knowledge.views.common import context
from sectorplan.programmes.visibility import programme_for

PAGE_SIZE = 20
#: Region facets shown as links (most matches first); the region field reaches the others.
MAX_REGIONS = 12


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
        context(
            programme,
            practices=practices.select_related("region", "theme")[:6],
            upcoming=programme.meetings.filter(starts_at__gte=now).order_by("starts_at")[:3],
            drafts=_own_unpublished(request.user, programme),
            may_write=rules.has_perm("knowledge.add_practice", request.user, programme),
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
    """The page is one cached fragment per user (the results are what they may open) and
    search (the whole query string: the words, the filters, the page)."""
    programme = programme_for(request.user, slug)
    return render(
        request,
        "knowledge/search.html",
        context(
            programme,
            _("Search"),
            **page_cache.fragment(
                programme,
                "knowledge-search",
                request.user.pk,
                request.GET.urlencode(),
                compute=lambda: _search(request, programme),
                names=SEARCH,
            ),
        ),
    )


#: What `_search` computes for the cached fragment of the search page.
SEARCH = ("form", "results", "message", "page", "pages", "first", "query", "facets")


def _search(request, programme) -> dict:
    form = SearchForm(request.GET or None, programme=programme)
    if not (form.is_valid() and form.cleaned_data["q"].strip()):
        return dict.fromkeys(SEARCH) | {"form": form, "message": ""}
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
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "results": results,
        "message": _("Type at least one word of two letters or more.")
        if results.query.is_empty
        else "",
        "page": page,
        "pages": (results.total + PAGE_SIZE - 1) // PAGE_SIZE,
        "first": (page - 1) * PAGE_SIZE + 1,
        "query": query.urlencode(),
        "facets": _facets(request.GET, results, form),
    }


def _cell_html(cell) -> str:
    """One cell of the matrix, written here rather than in the template: a matrix of 35
    regions by a dozen columns rendered through template tags took most of the page's time."""
    if not cell:
        return ""
    title, url = cell.links[0] if cell.links else ("", "")
    if url:
        return format_html(
            '<a href="{}" title="{}">✓<span class="visually-hidden"> {}</span></a>',
            url,
            title,
            title,
        )
    return format_html(
        '<span title="{}">✓</span><span class="visually-hidden">{}</span>',
        title or _("recorded by the programme office"),
        _("yes"),
    )


def _facets(params, results, form) -> list[tuple[str, str, list[dict]]]:
    """The facets as links: (name, parameter, [{label, count, url, current}]); each link
    keeps the other filters, the first one of a facet takes its filter off."""

    def link(key: str, value) -> str:
        query = params.copy()
        query.pop("page", None)
        query.pop(key, None)
        if value != "":
            query[key] = str(value)
        return "?" + query.urlencode()

    labels = dict(form.fields["type"].choices)
    facets = []
    for name, key, items in (
        (_("Type"), "type", [(code, labels[code], n) for code, n in results.counts.items()]),
        (_("Theme"), "theme", [(t.pk, t.label, n) for t, n in results.themes]),
        (_("Region"), "region", [(r.pk, r.name, n) for r, n in results.regions[:MAX_REGIONS]]),
    ):
        chosen = params.get(key, "")
        if not items and not chosen:
            continue
        links = [{"label": _("all"), "count": None, "url": link(key, ""), "current": not chosen}]
        links += [
            {"label": label, "count": n, "url": link(key, value), "current": str(value) == chosen}
            for value, label, n in items
        ]
        facets.append((name, key, links))
    return facets


@login_required
def knowledge_matrix(request, slug):
    """Who does what: regions × activity types or × instruments, filtered by theme and
    province; `?column=` answers "which regions run X" for one column. The page is one cached
    fragment per user (what they may open) and query string."""
    programme = programme_for(request.user, slug)
    return render(
        request,
        "knowledge/matrix.html",
        context(
            programme,
            _("Who does what"),
            **page_cache.fragment(
                programme,
                "knowledge-matrix",
                request.user.pk,
                request.GET.urlencode(),
                compute=lambda: _matrix(request, programme),
                names=MATRIX,
            ),
        ),
    )


#: What `_matrix` computes for the cached fragment of the who-does-what page.
MATRIX = (
    "by_instrument",
    "themes",
    "theme",
    "provinces",
    "province",
    "columns",
    "column_key",
    "rows",
    "chosen",
    "answer",
)


def _matrix(request, programme) -> dict:
    by_instrument = request.GET.get("view") == "instrumenten"
    themes = list(programme.themes.all())
    theme = next((t for t in themes if t.code == request.GET.get("theme")), None)
    regions = list(programme.region_set.regions.all())
    provinces = sorted({region.province for region in regions if region.province})
    province = request.GET.get("province", "")
    if province in provinces:
        regions = [region for region in regions if region.province == province]
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
    return {
        "by_instrument": by_instrument,
        "themes": themes,
        "theme": theme,
        "provinces": provinces,
        "province": province,
        "columns": list(zip(columns, totals, strict=True)),
        "column_key": column_key,
        "rows": [(region, [_cell_html(cell) for cell in cells]) for region, cells in rows],
        "chosen": chosen,
        "answer": answer,
    }
