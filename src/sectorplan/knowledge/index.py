"""The search index: one entry per searchable text, built from its source.

Owners and their entries:

- a plan: one entry (title and summary); each activity one entry of its own (with its theme);
- a report: one entry for the answers outside a theme, one per theme it answered for;
- a practice, an instrument, a meeting: one entry each.

Writes elsewhere only mark entries stale (one UPDATE, in the writer's transaction, so a
rolled-back write leaves the index as it was); a new source gets a stale placeholder.
`refresh()` rebuilds what is stale before every search and on the pages that read mentions,
so results never lag behind. Visibility is not stored here: the search checks, at query
time, that the user may open each entry's object.

Each built entry also records which instruments its text names (`mentions`).
"""

import re
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.signals import post_delete, post_save

from sectorplan.core.bulk import insert_select
from sectorplan.knowledge.constants import Kind
from sectorplan.knowledge.models import Instrument, Meeting, Practice, SearchEntry
from sectorplan.monitoring.signals import reports_written
from sectorplan.monitoring.texts import report_texts, reports_to_index
from sectorplan.plans.selectors import activities_to_index, plans_to_index
from sectorplan.plans.signals import plans_written

#: Markers around a highlighted word in a snippet; never kept in indexed text.
MARK_START, MARK_END = "\u27e6", "\u27e7"
#: Terms at least this long also match longer words (inflections and compounds:
#: loonwaardemeting names loonwaardemetingen); shorter ones only the whole word (LEAN).
PREFIX_LENGTH = 6


def _clean(*parts: str) -> str:
    text = "\n".join(part for part in parts if part)
    return text.replace(MARK_START, "").replace(MARK_END, "")


# --- Which instruments a text names ------------------------------------------------------


def term_pattern(term: str) -> re.Pattern:
    end = "" if len(term) >= PREFIX_LENGTH else r"(?!\w)"
    return re.compile(rf"(?<!\w){re.escape(term)}{end}", re.IGNORECASE)


class Namer:
    """Finds the instruments a text names; built once per batch of entries."""

    def __init__(self, instruments: Iterable[Instrument]):
        self.patterns = [
            (instrument.pk, [term_pattern(term) for term in instrument.terms])
            for instrument in instruments
        ]

    def named_in(self, text: str) -> set[int]:
        return {pk for pk, patterns in self.patterns if any(p.search(text) for p in patterns)}


#: Entry kinds whose texts count as a region using an instrument.
MENTIONING_KINDS = (Kind.PLAN, Kind.ACTIVITY, Kind.REPORT, Kind.PRACTICE)


# --- Entries of each owner --------------------------------------------------------------


def _plan_entries(plan) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=Kind.PLAN,
            programme_id=plan.programme_id,
            region_id=plan.region_id,
            plan=plan,
            title=plan.title or str(plan.region),
            body=_clean(plan.summary),
        )
    ]


def _activity_entries(activity) -> list[SearchEntry]:
    plan = activity.plan
    return [
        SearchEntry(
            kind=Kind.ACTIVITY,
            programme_id=plan.programme_id,
            region_id=plan.region_id,
            theme_id=activity.activity_type.theme_id,
            plan=plan,
            activity=activity,
            title=activity.title,
            body=_clean(activity.description, activity.target_group, activity.planned_results),
        )
    ]


def _report_entries(reports) -> list[SearchEntry]:
    """The entries of many reports: their texts read in two queries, whatever their number."""
    texts: dict[int, dict[int | None, list[str]]] = {report.pk: {None: []} for report in reports}
    for report_id, theme_id, text in report_texts(reports):
        texts[report_id].setdefault(theme_id, []).append(text)
    return [
        SearchEntry(
            kind=Kind.REPORT,
            programme_id=report.round.programme_id,
            region_id=report.region_id,
            theme_id=theme_id,
            round_id=report.round_id,
            report=report,
            title=f"{report.round.label} – {report.region.name}",
            body=_clean(*parts),
        )
        for report in reports
        for theme_id, parts in texts[report.pk].items()
    ]


def _practice_entries(practice: Practice) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=Kind.PRACTICE,
            programme_id=practice.programme_id,
            region_id=practice.region_id,
            theme_id=practice.theme_id,
            practice=practice,
            title=practice.title,
            body=_clean(
                practice.summary, practice.target_group, practice.results, practice.watch_out
            ),
        )
    ]


def _instrument_entries(instrument: Instrument) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=Kind.INSTRUMENT,
            instrument=instrument,
            title=instrument.name,
            body=_clean(instrument.aliases, instrument.description),
        )
    ]


def _meeting_entries(meeting: Meeting) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=Kind.MEETING,
            programme_id=meeting.programme_id,
            theme_id=meeting.theme_id,
            meeting=meeting,
            title=meeting.title,
            body=_clean(meeting.place, meeting.description),
        )
    ]


def _each(build):
    """A builder of many sources from a builder of one that needs no queries of its own."""
    return lambda sources: [entry for source in sources for entry in build(source)]


#: owner field on SearchEntry → (source queryset, builder of the entries of many sources).
OWNERS = {
    "plan": (plans_to_index(), _each(_plan_entries)),
    "activity": (activities_to_index(), _each(_activity_entries)),
    "report": (reports_to_index(), _report_entries),
    "practice": (Practice.objects.all(), _each(_practice_entries)),
    "instrument": (Instrument.objects.all(), _each(_instrument_entries)),
    "meeting": (Meeting.objects.all(), _each(_meeting_entries)),
}
#: Sources built in one go: the report builder reads their texts with one IN list each.
BATCH = 500
#: The owner field of each entry kind.
OWNER_OF = {
    Kind.PLAN: "plan",
    Kind.ACTIVITY: "activity",
    Kind.REPORT: "report",
    Kind.PRACTICE: "practice",
    Kind.INSTRUMENT: "instrument",
    Kind.MEETING: "meeting",
}


def _owner_filter(owner: str, pks) -> Q:
    # An activity's entry names its plan too: a plan's own entries are only its PLAN entry.
    condition = Q(**{f"{owner}_id__in": pks})
    return condition & Q(kind=Kind.PLAN) if owner == "plan" else condition


def rebuild(owner: str, pks: Iterable[int], namer: Namer | None = None) -> int:
    """Build the entries of these owners anew; owners that no longer exist lose theirs."""
    pks = sorted(set(pks))
    namer = namer or Namer(Instrument.objects.all())
    return sum(
        _rebuild(owner, pks[start : start + BATCH], namer) for start in range(0, len(pks), BATCH)
    )


@transaction.atomic
def _rebuild(owner: str, pks: list[int], namer: Namer) -> int:
    queryset, build = OWNERS[owner]
    SearchEntry.objects.filter(_owner_filter(owner, pks)).delete()
    entries = build(list(queryset.filter(pk__in=pks)))
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    through = SearchEntry.mentions.through
    through.objects.bulk_create(
        (
            through(searchentry_id=entry.pk, instrument_id=instrument_id)
            for entry in entries
            if entry.kind in MENTIONING_KINDS
            for instrument_id in namer.named_in(f"{entry.title}\n{entry.body}")
        ),
        batch_size=1000,
    )
    return len(entries)


def refresh() -> int:
    """Rebuild every stale entry; the number of entries built (usually 0, in one query).

    On PostgreSQL two requests refreshing at once split the work: each takes the stale rows
    the other has not locked."""
    with transaction.atomic():
        stale = list(
            SearchEntry.objects.filter(stale=True)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("kind", *OWNER_OF.values())
        )
        if not stale:
            return 0
        namer = Namer(Instrument.objects.all())
        owners = list(OWNER_OF.values())
        return sum(
            rebuild(
                owner,
                {row[1 + owners.index(owner)] for row in stale if OWNER_OF[row[0]] == owner},
                namer,
            )
            for owner in owners
        )


def rebuild_all() -> int:
    """Rebuild the whole index from its sources (`sectorplan search-reindex`)."""
    namer = Namer(Instrument.objects.all())
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        return sum(
            rebuild(owner, queryset.values_list("pk", flat=True), namer)
            for owner, (queryset, _build) in OWNERS.items()
        )


def index_missing() -> int:
    """Build the entries of the sources that have none: what was written in bulk, without the
    signals below (the load generator's copies)."""
    namer = Namer(Instrument.objects.all())
    built = 0
    for owner, (queryset, _build) in OWNERS.items():
        indexed = SearchEntry.objects.filter(
            **{f"{owner}__isnull": False}, **({"kind": Kind.PLAN} if owner == "plan" else {})
        ).values(f"{owner}_id")
        missing = queryset.exclude(pk__in=indexed).values_list("pk", flat=True)
        built += rebuild(owner, missing, namer)
    return built


def instrument_mentions_update(instrument: Instrument) -> None:
    """After an instrument's name or other names changed: which texts name it now."""
    through = SearchEntry.mentions.through
    through.objects.filter(instrument=instrument).delete()
    patterns = [term_pattern(term) for term in instrument.terms]
    contains = Q()
    for term in instrument.terms:
        contains |= Q(title__icontains=term) | Q(body__icontains=term)
    candidates = SearchEntry.objects.filter(contains, kind__in=MENTIONING_KINDS).values_list(
        "pk", "title", "body"
    )
    through.objects.bulk_create(
        through(searchentry_id=pk, instrument_id=instrument.pk)
        for pk, title, body in candidates
        if any(p.search(f"{title}\n{body}") for p in patterns)
    )


# --- Keeping up with the sources --------------------------------------------------------


def mark_stale(owner: str, pk: int, *, created: bool = False) -> None:
    """The source changed: its entries are stale. A new source gets a stale placeholder, as
    does one whose entries were being rebuilt at this moment (the rebuild read it before this
    change)."""
    if created or not SearchEntry.objects.filter(_owner_filter(owner, [pk])).update(stale=True):
        SearchEntry.objects.create(
            kind=next(kind for kind, name in OWNER_OF.items() if name == owner),
            stale=True,
            title="",
            **{f"{owner}_id": pk},
        )


def _source_saved(owner: str, sender, instance, created=False, raw=False, **kwargs):
    # A restore (raw) brings its own index rows.
    if not raw:
        mark_stale(owner, instance.pk, created=created)


def _part_saved(sender, instance, raw=False, **kwargs):
    """An answer or a progress row changed: its report's entries are stale."""
    if not raw:
        mark_stale("report", instance.report_id)


def _part_deleted(sender, instance, **kwargs):
    # The report itself may be going too: only mark what is there.
    SearchEntry.objects.filter(report_id=instance.report_id).update(stale=True)


def _reports_written(sender, report_ids, **kwargs):
    """Reports or their answers written in bulk (imports): their entries are stale; a new
    report gets a placeholder."""
    report_ids = set(report_ids)
    SearchEntry.objects.filter(report_id__in=report_ids).update(stale=True)
    known = set(
        SearchEntry.objects.filter(report_id__in=report_ids).values_list("report_id", flat=True)
    )
    SearchEntry.objects.bulk_create(
        SearchEntry(kind=Kind.REPORT, stale=True, title="", report_id=pk)
        for pk in sorted(report_ids - known)
    )


def _plans_written(sender, plans, activities, created, **kwargs):
    """Plans and activities written in bulk (the plans import, as querysets): their entries
    are stale, and those without one (all, when `created`) get a stale placeholder, as
    `mark_stale` does for one; one statement per kind and step, written by the database."""
    placeholder = {"stale": Value(True), "title": Value(""), "body": Value("")}
    for kind, owner, rows in ((Kind.PLAN, "plan", plans), (Kind.ACTIVITY, "activity", activities)):
        if not created:
            entries = SearchEntry.objects.filter(kind=kind, **{f"{owner}__in": rows.values("pk")})
            entries.update(stale=True)
            rows = rows.exclude(pk__in=entries.values(f"{owner}_id"))
        insert_select(SearchEntry, rows, {"kind": Value(kind), owner: F("pk"), **placeholder})


def connect() -> None:
    # Plans, activities and reports by their labels (Django's lazy senders): knowledge never
    # imports another app's models.
    for model, owner in (
        ("plans.Plan", "plan"),
        ("plans.Activity", "activity"),
        ("monitoring.Report", "report"),
        (Practice, "practice"),
        (Instrument, "instrument"),
        (Meeting, "meeting"),
    ):
        post_save.connect(partial(_source_saved, owner), sender=model, weak=False)
    for model in ("monitoring.Answer", "monitoring.ActivityProgress"):
        post_save.connect(_part_saved, sender=model, weak=False)
        post_delete.connect(_part_deleted, sender=model, weak=False)
    reports_written.connect(_reports_written, weak=False)
    plans_written.connect(_plans_written, weak=False)
