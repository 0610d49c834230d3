"""Reads of the knowledge pages: who sees which practice, who may write it, the "who does
what" matrix, which regions use an instrument, and the search."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.urls import reverse

from sectorplan.accounts.constants import Role
from sectorplan.accounts.rules import is_member, is_programme_office
from sectorplan.accounts.selectors import acts_in, region_ids_of
from sectorplan.knowledge import index, search
from sectorplan.knowledge.constants import KIND_FILTERS, Audience, Kind, PracticeState
from sectorplan.knowledge.models import Instrument, InstrumentUse, Practice, SearchEntry
from sectorplan.monitoring.constants import COUNTED_STATES
from sectorplan.monitoring.selectors import reports_visible_to
from sectorplan.plans.constants import SUBMITTED_OR_LATER
from sectorplan.plans.selectors import activities_submitted, plans_visible_to
from sectorplan.programmes.models import Programme
from sectorplan.programmes.visibility import own_regions
from sectorplan.workflow import Step, steps_for

WRITERS = (Role.REGION_CONTACT, Role.CENTRAL_MUNICIPALITY)


# --- Practices --------------------------------------------------------------------------


def practices_visible_to(user, programme: Programme | None = None):
    """Published practices for the audience they were published to; unpublished ones for the
    office and the people of the region that writes them (another region's draft is not
    there at all)."""
    practices = Practice.objects.all()
    if programme is not None:
        practices = practices.filter(programme=programme)
    public = Q(state=PracticeState.PUBLISHED, audience=Audience.PUBLIC)
    if not user.is_authenticated:
        return practices.filter(public)
    if is_programme_office(user):
        return practices
    published = Q(state=PracticeState.PUBLISHED) if is_member(user) else public
    return practices.filter(published | Q(region_id__in=region_ids_of(user)))


def public_practices(programme: Programme):
    """The practices published for everyone: shown without logging in and as open data."""
    return (
        programme.practices.filter(state=PracticeState.PUBLISHED, audience=Audience.PUBLIC)
        .select_related("region", "theme")
        .prefetch_related("instruments")
        .order_by("published_at", "pk")
    )


def may_write(user, practice: Practice) -> bool:
    """Its region's contact and central municipality write it; the office writes its own."""
    if practice.region_id is None:
        return is_programme_office(user)
    return acts_in(user, WRITERS, practice.region_id)


def may_write_for(user, programme: Programme) -> list:
    """The regions of this programme the user may write a practice for (none for the office:
    it writes practices of no region)."""
    try:
        regions = own_regions(user, programme)
    except Http404:
        return []
    return [region for region in regions if acts_in(user, WRITERS, region.pk)]


def actions_for(user, practice: Practice) -> list[Step]:
    """The steps the practice page offers this user: the engine's."""
    return steps_for(user, practice)


# --- Who does what ----------------------------------------------------------------------


@dataclass
class Cell:
    """What one region does of one column: the activities (or texts) behind the mark."""

    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url or "")
    by_office: bool = False

    def __bool__(self):
        return bool(self.links) or self.by_office


def activity_matrix(user, programme: Programme, regions, activity_types):
    """{region_id: {activity_type_id: Cell}} from the plans submitted or later: the links go
    to the plan's activity where the user may open the plan."""
    visible = set(plans_visible_to(user, programme).values_list("pk", flat=True))
    activities = activities_submitted(programme, regions, activity_types)
    matrix: dict[int, dict[int, Cell]] = defaultdict(lambda: defaultdict(Cell))
    plan_urls: dict[str, str] = {}
    for pk, title, plan_id, region_id, code, type_id in activities:
        url = ""
        if plan_id in visible:
            if code not in plan_urls:
                plan_urls[code] = _activity_url(programme, code, None)
            url = f"{plan_urls[code]}#activity-{pk}"
        matrix[region_id][type_id].links.append((title, url))
    return matrix


def _activity_url(programme: Programme, region_code: str, activity_pk: int | None) -> str:
    """The plan's page at the activity (without a pk: the plan's page, for a caller that adds
    the anchor to many activities of one plan)."""
    url = reverse("plan-detail", args=[programme.slug, region_code])
    return f"{url}#activity-{activity_pk}" if activity_pk is not None else url


def instrument_matrix(user, programme: Programme, regions, instruments, theme=None):
    """{region_id: {instrument_id: Cell}}: where the plans (submitted or later), the reports
    (submitted or accepted) and the published practices of a region name an instrument (in
    their text, or a practice in its list of instruments), corrected by what the office
    recorded; the links go to what the user may open."""
    index.refresh()
    region_ids = {region.pk for region in regions}
    entries = _counted_entries(programme).filter(region_id__in=region_ids)
    if theme is not None:
        entries = entries.filter(theme=theme)
    # Ids read first and passed on as lists, never as subqueries: see visible_entries.
    counted = list(entries.values_list("pk", flat=True))
    openable = set(
        visible_entries(user, programme).filter(pk__in=counted).values_list("pk", flat=True)
    )
    through = SearchEntry.mentions.through.objects.filter(
        searchentry_id__in=counted, instrument__in=instruments
    ).select_related("searchentry__region", "searchentry__round", "searchentry__instrument")
    matrix: dict[int, dict[int, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for row in through.order_by("searchentry__region__code", "searchentry__kind", "pk"):
        entry = row.searchentry
        link = (entry.title, entry_url(programme, entry) if entry.pk in openable else "")
        cell = matrix[entry.region_id][row.instrument_id]
        if link not in cell.links:
            cell.links.append(link)
    # A published practice names its instruments in a list of its own, too.
    chosen = Practice.instruments.through.objects.filter(
        practice__programme=programme,
        practice__state=PracticeState.PUBLISHED,
        practice__region_id__in=region_ids,
        instrument__in=instruments,
    ).select_related("practice")
    if theme is not None:
        chosen = chosen.filter(practice__theme=theme)
    for row in chosen.order_by("practice__region__code", "pk"):
        practice = row.practice
        link = (practice.title, reverse("practice-detail", args=[programme.slug, practice.pk]))
        cell = matrix[practice.region_id][row.instrument_id]
        if link not in cell.links:
            cell.links.append(link)
    for use in InstrumentUse.objects.filter(
        programme=programme, region_id__in=region_ids, instrument__in=instruments
    ):
        if use.uses:
            matrix[use.region_id][use.instrument_id].by_office = True
        else:
            matrix[use.region_id].pop(use.instrument_id, None)
    return matrix


def _counted_entries(programme: Programme):
    """Entries that count as what a region does: plans submitted or later, reports submitted
    or accepted, published practices."""
    return SearchEntry.objects.filter(programme=programme).filter(
        Q(kind__in=[Kind.PLAN, Kind.ACTIVITY], plan__state__in=SUBMITTED_OR_LATER)
        | Q(kind=Kind.REPORT, report__state__in=COUNTED_STATES)
        | Q(kind=Kind.PRACTICE, practice__state=PracticeState.PUBLISHED)
    )


def instrument_regions(user, programme: Programme, instruments) -> dict[int, set[int]]:
    """{instrument_id: region ids} of the programme: the columns of the instrument matrix."""
    regions = programme.region_set.regions.all()
    matrix = instrument_matrix(user, programme, regions, instruments)
    result: dict[int, set[int]] = defaultdict(set)
    for region_id, cells in matrix.items():
        for instrument_id, cell in cells.items():
            if cell:
                result[instrument_id].add(region_id)
    return result


def instruments_with_counts(user, programme: Programme, category=None):
    instruments = Instrument.objects.select_related("category")
    if category is not None:
        instruments = instruments.filter(category=category)
    instruments = list(instruments)
    regions = instrument_regions(user, programme, instruments)
    return [(instrument, len(regions.get(instrument.pk, ()))) for instrument in instruments]


# --- Search -----------------------------------------------------------------------------


def visible_entries(user, programme: Programme):
    """The entries whose object the user may open: plans submitted or later and reports
    submitted or accepted as far as the user may see them, practices as above, instruments,
    and the programme's meetings."""
    plans = plans_visible_to(user, programme).filter(state__in=SUBMITTED_OR_LATER)
    reports = reports_visible_to(user, programme).filter(state__in=COUNTED_STATES)
    practices = practices_visible_to(user, programme)
    # The ids are read first, in one query, and the entries filtered on lists of them: a
    # subquery under OR is a SubPlan, which PostgreSQL runs once per entry when its
    # statistics are off (seconds per search in a test database); a list it never does.
    opened: dict[str, list[int]] = {Kind.PLAN: [], Kind.REPORT: [], Kind.PRACTICE: []}
    ids = _ids(plans, Kind.PLAN).union(
        _ids(reports, Kind.REPORT), _ids(practices, Kind.PRACTICE), all=True
    )
    for kind, pk in ids:
        opened[kind].append(pk)
    # Narrowed to the programme's entries (and the instruments, which belong to none) first:
    # the full-text match then runs over one programme, however many the database holds.
    return SearchEntry.objects.filter(
        Q(programme=programme) | Q(kind=Kind.INSTRUMENT, programme=None), stale=False
    ).filter(
        Q(kind__in=[Kind.PLAN, Kind.ACTIVITY], plan_id__in=opened[Kind.PLAN])
        | Q(kind=Kind.REPORT, report_id__in=opened[Kind.REPORT])
        | Q(kind=Kind.PRACTICE, practice_id__in=opened[Kind.PRACTICE])
        | Q(kind=Kind.INSTRUMENT)
        | Q(kind=Kind.MEETING, meeting__programme=programme)
    )


def _ids(queryset, kind: str):
    """(kind, pk) of every row: one part of the union `visible_entries` reads."""
    return queryset.order_by().annotate(entry_kind=Value(kind)).values_list("entry_kind", "pk")


#: Search order by kind: good practices and instruments first, then meetings and reports,
#: then the plans and their activities (much of which is the template's boilerplate).
KIND_WEIGHT = Case(
    When(kind__in=[Kind.PRACTICE, Kind.INSTRUMENT], then=Value(0)),
    When(kind__in=[Kind.MEETING, Kind.REPORT], then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
#: Activities with the same title are one hit ("Regionale detacheringsfaciliteit — in 20
#: plannen") that lists its regions.
GROUPED_KINDS = frozenset({Kind.ACTIVITY})
#: At most this many matches are grouped; a search that finds more shows the best of them.
MAX_MATCHES = 2000


@dataclass
class Hit:
    entry: SearchEntry
    kind_label: str
    url: str
    title: str
    snippet: str
    #: For a grouped hit: (region, url) of every entry with the same text.
    members: list[tuple] = field(default_factory=list)


@dataclass
class Results:
    query: search.Query
    #: The results listed: an activity found in several plans is one result.
    total: int
    hits: list[Hit]
    #: Matches per type (the type facet): entries, so a grouped result counts each plan.
    counts: dict[str, int]
    #: Facets: (theme, count) and (region, count) of the matches, most first.
    themes: list[tuple] = field(default_factory=list)
    regions: list[tuple] = field(default_factory=list)
    #: The entries found under the chosen filters (what the facets add up to).
    matches: int = 0


def search_programme(
    user,
    programme: Programme,
    text: str,
    *,
    kind: str = "",
    theme=None,
    region=None,
    round_=None,
    offset: int = 0,
    limit: int = 20,
) -> Results:
    """The entries matching `text` that the user may open, practices and instruments first,
    then best first; activities with the same title grouped into one hit; with snippets and
    the counts per type, theme and region."""
    query = search.parse(text)
    if query.is_empty:
        return Results(query, 0, [], {})
    index.refresh()
    entries = visible_entries(user, programme)
    if theme is not None:
        entries = entries.filter(theme=theme)
    if region is not None:
        entries = entries.filter(region=region)
    if round_ is not None:
        entries = entries.filter(round=round_)
    found = search.matching(entries, query)
    # One query counts the matches per (type, theme, region): the type counts, and the theme
    # and region facets of the chosen type, added up here (three queries before).
    combos = list(found.order_by().values_list("kind", "theme", "region").annotate(n=Count("pk")))
    by_kind: dict[str, int] = defaultdict(int)
    for entry_kind, _theme, _region, n in combos:
        by_kind[entry_kind] += n
    counts = {
        name: n
        for name, kinds in KIND_FILTERS.items()
        if (n := sum(by_kind.get(k, 0) for k in kinds))
    }
    if kind in KIND_FILTERS:
        found = found.filter(kind__in=KIND_FILTERS[kind])
        combos = [combo for combo in combos if combo[0] in KIND_FILTERS[kind]]
    groups: dict[tuple, list[int]] = {}
    ranked = found.annotate(weight=KIND_WEIGHT).order_by("weight", "-rank", "pk")
    for pk, entry_kind, title in ranked.values_list("pk", "kind", "title")[:MAX_MATCHES]:
        key = (entry_kind, title.strip().casefold()) if entry_kind in GROUPED_KINDS else (pk,)
        groups.setdefault(key, []).append(pk)
    shown = list(groups.values())[offset : offset + limit]
    loaded = SearchEntry.objects.select_related("region", "round", "instrument").in_bulk(
        [pk for group in shown for pk in group]
    )
    marks = search.snippets([group[0] for group in shown], query)
    labels = dict(Kind.choices)
    hits = []
    for group in shown:
        entry = loaded[group[0]]
        title, snippet = marks.get(entry.pk, (entry.title, entry.body[:200]))
        members = (
            sorted(
                ((loaded[pk].region, entry_url(programme, loaded[pk])) for pk in group),
                key=lambda member: member[0].code if member[0] else "",
            )
            if len(group) > 1
            else []
        )
        hits.append(
            Hit(entry, labels[entry.kind], entry_url(programme, entry), title, snippet, members)
        )
    return Results(
        query,
        len(groups),
        hits,
        counts,
        themes=_facet(combos, 1, programme.themes.all()),
        regions=_facet(combos, 2, programme.region_set.regions.all()),
        matches=sum(combo[3] for combo in combos),
    )


def _facet(combos: list[tuple], column: int, objects) -> list[tuple]:
    """(object, matches) for the values of `column` among the counted (kind, theme, region,
    n) combinations, most first."""
    counted: dict[int, int] = defaultdict(int)
    for combo in combos:
        if combo[column] is not None:
            counted[combo[column]] += combo[3]
    if not counted:
        return []
    by_pk = {obj.pk: obj for obj in objects.filter(pk__in=counted)}
    return sorted(
        ((by_pk[pk], n) for pk, n in counted.items() if pk in by_pk),
        key=lambda pair: (-pair[1], str(pair[0])),
    )


def entry_url(programme: Programme, entry: SearchEntry) -> str:
    """The page of the entry's object (with its region, round and instrument loaded)."""
    slug, kind = programme.slug, entry.kind
    if kind == Kind.PLAN:
        return reverse("plan-detail", args=[slug, entry.region.code])
    if kind == Kind.ACTIVITY:
        return _activity_url(programme, entry.region.code, entry.activity_id)
    if kind == Kind.REPORT:
        return reverse("report-detail", args=[slug, entry.round.code, entry.region.code])
    if kind == Kind.PRACTICE:
        return reverse("practice-detail", args=[slug, entry.practice_id])
    if kind == Kind.MEETING:
        return reverse("meeting-detail", args=[slug, entry.meeting_id])
    return reverse("instrument-detail", args=[slug, entry.instrument.slug])
