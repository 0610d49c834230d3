"""`sectorplan generate-load`: a scale dataset for the benchmarks, copied from the demo.

Scale N means N programmes like the demo: the demo itself (built through the services, as
`sectorplan demo` does) plus N − 1 copies. A copy is a new programme made from the demo's
template by `programme_create`, whose plans, activities, reviews, decisions, reports and
answers are the demo's rows copied with bulk inserts: the generator is not what the
benchmarks measure, and building 100 programmes through the workflow would take an hour.
Every code (regions, themes, activity types, rounds, questions) is read from the database,
so the generator works for any programme the demo is built from.

A wide programme (`--regions R`) is one more programme over a region set of R regions, each
a copy of one of the demo's regions in turn, with that region's plan and reports; with
`--empty` it has only the regions and their allocation basis (for timing the allocation).

Copies carry no audit trail and no history rows: they are load, not events. Idempotent: a
programme that exists already is left alone, so scale 10 after scale 1 adds nine.

The copies (not the demo) are made from a load template: the demo's template with one more
section of `EXTRA_QUESTIONS` questions (yes/no and numbers, alternately) in every round,
written to `<data dir>/templates/<template>-load.toml`; every copied report answers them.
So scale 100 holds about a million answers, as a programme with a long questionnaire would.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import tomli_w
from django.conf import settings
from django.db import connection, models, transaction

from sectorplan.accounts.models import User
from sectorplan.cli.demo import demo_load
from sectorplan.knowledge.index import index_missing
from sectorplan.monitoring import models as monitoring
from sectorplan.plans import models as plans
from sectorplan.programmes.constants import QuestionKind, YesNo
from sectorplan.programmes.models import (
    ActivityType,
    Indicator,
    Participation,
    Programme,
    Question,
    QuestionChoice,
    Questionnaire,
    Region,
    RegionSet,
    ReportTable,
    ReportTableRow,
    Round,
    Section,
    Theme,
)
from sectorplan.programmes.programme_templates import TEMPLATE_DIR, load_template
from sectorplan.programmes.services import allocation_publish, programme_create
from sectorplan.reporting.models import ReportText

BATCH = 2000
#: Questions the load template adds to every round's questionnaire (section `LOAD_SECTION`).
EXTRA_QUESTIONS = 105
LOAD_SECTION = "belasting"

#: What a copy holds, parents before children. Attachments are left out (they are files).
COPIED: list[type[models.Model]] = [
    plans.Plan,
    plans.Plan.companies.through,
    plans.Activity,
    plans.BudgetLine,
    plans.IndicatorTarget,
    plans.PlanVersion,
    plans.ReviewComment,
    plans.Advice,
    plans.Decision,
    plans.Payment,
    plans.Settlement,
    plans.Extension,
    monitoring.Report,
    monitoring.Answer,
    monitoring.Answer.choices.through,
    monitoring.ActivityProgress,
    monitoring.IndicatorValue,
    monitoring.ReportComment,
    monitoring.Reminder,
    ReportText,
]

#: The rows of the source programme each copied model holds.
_OF_PROGRAMME: dict[type[models.Model], Callable[[Programme], models.QuerySet]] = {
    plans.Plan: lambda p: plans.Plan.objects.filter(programme=p),
    plans.Plan.companies.through: lambda p: plans.Plan.companies.through.objects.filter(
        plan__programme=p
    ),
    plans.Activity: lambda p: plans.Activity.objects.filter(plan__programme=p),
    plans.BudgetLine: lambda p: plans.BudgetLine.objects.filter(activity__plan__programme=p),
    monitoring.Report: lambda p: monitoring.Report.objects.filter(round__programme=p),
    monitoring.Answer: lambda p: monitoring.Answer.objects.filter(report__round__programme=p),
    monitoring.Answer.choices.through: lambda p: monitoring.Answer.choices.through.objects.filter(
        answer__report__round__programme=p
    ),
    monitoring.Reminder: lambda p: monitoring.Reminder.objects.filter(round__programme=p),
    ReportText: lambda p: ReportText.objects.filter(programme=p),
}
for _model in [
    plans.IndicatorTarget,
    plans.PlanVersion,
    plans.ReviewComment,
    plans.Advice,
    plans.Decision,
    plans.Payment,
    plans.Settlement,
    plans.Extension,
]:
    _OF_PROGRAMME[_model] = lambda p, m=_model: m.objects.filter(plan__programme=p)
for _model in [
    monitoring.ActivityProgress,
    monitoring.IndicatorValue,
    monitoring.ReportComment,
]:
    _OF_PROGRAMME[_model] = lambda p, m=_model: m.objects.filter(report__round__programme=p)


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    rows: int = 0


def copy_slug(source: Programme, number: int) -> str:
    return f"{source.slug}-load-{number}"


def wide_slug(source: Programme, regions: int, empty: bool) -> str:
    return f"{source.slug}-{'empty' if empty else 'wide'}-{regions}"


def load_generate(
    *, scale: int = 1, regions: int = 0, empty: bool = False, source: Programme | None = None
) -> LoadResult:
    """Scale `scale` × the demo, plus a wide programme over `regions` regions when given.
    `source` copies another programme instead of the demo (tests copy a small one)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    result = LoadResult()
    if source is None:
        backend = settings.EMAIL_BACKEND
        # The demo's ~150 workflow steps send e-mails nobody needs, as in `sectorplan demo`.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        try:
            source = demo_load()
        finally:
            settings.EMAIL_BACKEND = backend
    source = Programme.objects.select_related("region_set").get(pk=source.pk)
    snapshot = _Snapshot(source)
    office = source.allocation_publications.order_by("pk").first().published_by
    template = load_template_file(source.template) if scale > 1 else ""
    for number in range(2, scale + 1):
        slug = copy_slug(source, number)
        if Programme.objects.filter(slug=slug).exists():
            result.kept.append(slug)
            continue
        with transaction.atomic():
            target = _new_programme(
                source, slug, f"{source.name} (load {number})", office, template
            )
            region_map = {r.pk: r.pk for r in source.region_set.regions.all()}
            result.rows += snapshot.copy_to(target, [region_map])
            result.rows += _answer_extra_questions(target)
            allocation_publish(programme=target, by=office)
        result.created.append(slug)
    if regions:
        slug = wide_slug(source, regions, empty)
        if Programme.objects.filter(slug=slug).exists():
            result.kept.append(slug)
        else:
            with transaction.atomic():
                result.rows += _wide(source, snapshot, slug, regions, empty, office)
            result.created.append(slug)
    # The copies are bulk inserts, which the search index does not hear of.
    index_missing()
    analyze()
    return result


def analyze() -> None:
    """Planner statistics for the tables just filled (PostgreSQL). Without them, until
    autovacuum comes by (and never inside a transaction that is not committed yet, as in a
    test), the planner takes the grown tables for the small ones they were and picks nested
    loops over hundreds of thousands of rows. SQLite plans without statistics."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def load_template_file(template: str) -> str:
    """The load template of `template` written to the data dir: its rounds each with one
    more section of EXTRA_QUESTIONS questions. Returns the file's path."""
    data = load_template(template)
    for round_ in data.get("rounds", []):
        round_.setdefault("sections", []).append(
            {
                "code": LOAD_SECTION,
                "label_nl": "Aanvullende vragen (belastingtest)",
                "label_en": "Further questions (load test)",
                "questions": [
                    {
                        "code": f"{LOAD_SECTION}_{n:03d}",
                        "kind": QuestionKind.YES_NO if n % 2 else QuestionKind.NUMBER,
                        "label_nl": f"Aanvullende vraag {n}",
                        "label_en": f"Further question {n}",
                    }
                    for n in range(1, EXTRA_QUESTIONS + 1)
                ],
            }
        )
    data["code"] = f"{data['code']}-load"
    # The letters stay where the template found them: the copy lives in another folder.
    letters = Path(data.pop("_dirs", {}).get("letters") or TEMPLATE_DIR)
    data["letters"] = {name: str(letters / file) for name, file in data.get("letters", {}).items()}
    folder = Path(settings.DATA_DIR) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['code']}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return str(path)


def _answer_extra_questions(target: Programme) -> int:
    """Every report of the copy answers the load section's questions."""
    questions = list(
        Question.objects.filter(
            questionnaire__round__programme=target, section__code=LOAD_SECTION
        ).values_list("pk", "questionnaire_id", "kind")
    )
    by_questionnaire = defaultdict(list)
    for pk, questionnaire_id, kind in questions:
        by_questionnaire[questionnaire_id].append((pk, kind))
    reports = monitoring.Report.objects.filter(round__programme=target, answers__isnull=False)
    answers = (
        monitoring.Answer(
            report_id=report_id,
            question_id=pk,
            code=(YesNo.YES if (report_id + pk) % 3 else YesNo.NO) if kind == "yes_no" else "",
            number=None if kind == "yes_no" else Decimal((report_id * pk) % 1000),
            source="import",
        )
        for report_id, questionnaire_id in reports.distinct().values_list("pk", "questionnaire_id")
        for pk, kind in by_questionnaire[questionnaire_id]
    )
    return len(monitoring.Answer.objects.bulk_create(answers, batch_size=BATCH))


def _new_programme(
    source: Programme, slug: str, name: str, office: User | None, template: str = ""
) -> Programme:
    target = programme_create(
        slug=slug,
        name=name,
        budget=source.budget,
        cofinancing_ratio=source.cofinancing_ratio,
        template=template or source.template,
        by=office,
    )
    Programme.objects.filter(pk=target.pk).update(
        status=source.status,
        basis_is_illustrative=source.basis_is_illustrative,
        region_results_open=source.region_results_open,
    )
    _follow_rounds(source, target)
    basis = dict(source.participations.values_list("region_id", "basis"))
    participations = list(target.participations.all())
    for participation in participations:
        participation.basis = basis.get(participation.region_id)
    Participation.objects.bulk_update(participations, ["basis"])
    return Programme.objects.select_related("region_set").get(pk=target.pk)


def _follow_rounds(source: Programme, target: Programme) -> None:
    """The target's rounds as far along as the source's (open, closed), with its dates."""
    fields = ["state", "opens_on", "deadline", "period_starts_on", "period_ends_on"]
    for round_ in source.rounds.all():
        target.rounds.filter(code=round_.code).update(
            **{name: getattr(round_, name) for name in fields}
        )


def _wide(
    source: Programme, snapshot: "_Snapshot", slug: str, count: int, empty: bool, office
) -> int:
    """A programme over `count` regions, each a copy of one of the source's regions."""
    target = programme_create(
        slug=slug,
        name=f"{source.name} ({count} regions)",
        budget=source.budget,
        cofinancing_ratio=source.cofinancing_ratio,
        template=source.template,
        by=office,
    )
    originals = list(source.region_set.regions.order_by("code"))
    basis = dict(source.participations.values_list("region_id", "basis"))
    region_set, _created = RegionSet.objects.get_or_create(
        code=f"{source.region_set.code}-x{count}",
        defaults={"name": f"{source.region_set.name} × {count}", "outline": []},
    )
    if not region_set.regions.exists():
        Region.objects.bulk_create(
            (
                Region(
                    region_set=region_set,
                    code=f"{original.code}-{number // len(originals) + 1}",
                    name=f"{original.name} {number // len(originals) + 1}",
                    centrumgemeente=original.centrumgemeente,
                    province=original.province,
                    latitude=original.latitude,
                    longitude=original.longitude,
                )
                for number, original in ((n, originals[n % len(originals)]) for n in range(count))
            ),
            batch_size=BATCH,
        )
    new_regions = list(region_set.regions.order_by("pk"))
    Programme.objects.filter(pk=target.pk).update(
        region_set=region_set,
        status=source.status,
        basis_is_illustrative=source.basis_is_illustrative,
        region_results_open=source.region_results_open,
    )
    target.participations.all().delete()
    Participation.objects.bulk_create(
        (
            Participation(
                programme=target,
                region=region,
                basis=basis[originals[number % len(originals)].pk],
            )
            for number, region in enumerate(new_regions)
        ),
        batch_size=BATCH,
    )
    rows = count
    if empty:
        return rows
    target = Programme.objects.select_related("region_set").get(pk=target.pk)
    _follow_rounds(source, target)
    # One pass per layer of copies: layer k maps every original region to its k-th copy.
    layers: dict[int, dict[int, int]] = defaultdict(dict)
    for number, region in enumerate(new_regions):
        layers[number // len(originals)][originals[number % len(originals)].pk] = region.pk
    rows += snapshot.copy_to(target, [layers[k] for k in sorted(layers)])
    allocation_publish(programme=target, by=office)
    return rows


class _Snapshot:
    """The source programme's rows, read once, and how to write them for another one."""

    def __init__(self, source: Programme):
        self.source = source
        self.rows = {
            model: list(_OF_PROGRAMME[model](source).order_by("pk").values()) for model in COPIED
        }

    def copy_to(self, target: Programme, region_maps: Iterable[dict[int, int]]) -> int:
        written = 0
        keys = _taxonomy_maps(self.source, target)
        for region_map in region_maps:
            maps = {**keys, Region: region_map, Programme: {self.source.pk: target.pk}}
            for model in COPIED:
                written += _copy(model, self.rows[model], maps)
        return written


def _copy(model: type[models.Model], rows: list[dict], maps: dict) -> int:
    """Insert `rows` (from `.values()`) again with their references mapped; a row whose parent
    was not copied (a region outside this layer) is left out. Records the new keys in `maps`."""
    relations = [
        (f.attname, f.related_model)
        for f in model._meta.concrete_fields
        if f.is_relation and (f.related_model in maps or f.related_model in COPIED)
    ]
    olds, objects = [], []
    for row in rows:
        values = dict(row)
        old = values.pop("id")
        skipped = False
        for attname, related in relations:
            value = values[attname]
            if value is None:
                continue
            mapped = maps.get(related, {}).get(value)
            if mapped is None:
                skipped = True
                break
            values[attname] = mapped
        if skipped:
            continue
        olds.append(old)
        objects.append(model(**values))
    created = model.objects.bulk_create(objects, batch_size=BATCH)
    maps[model] = {old: obj.pk for old, obj in zip(olds, created, strict=True)}
    return len(created)


def _by(queryset: models.QuerySet, *fields: str) -> dict[tuple, int]:
    return {tuple(row[1:]): row[0] for row in queryset.values_list("pk", *fields)}


def _match(source: models.QuerySet, target: models.QuerySet, *fields: str) -> dict[int, int]:
    """Source pk → target pk of the rows with the same natural key (codes, versions)."""
    wanted = _by(target, *fields)
    return {pk: wanted[key] for key, pk in _by(source, *fields).items() if key in wanted}


def _taxonomy_maps(source: Programme, target: Programme) -> dict[type, dict[int, int]]:
    """The copied taxonomy of `target` matched to the source's by code: what a copied row's
    theme, activity type, indicator, round or question becomes."""
    q = "questionnaire__"
    return {
        Theme: _match(source.themes.all(), target.themes.all(), "code"),
        ActivityType: _match(source.activity_types.all(), target.activity_types.all(), "code"),
        Indicator: _match(source.indicators.all(), target.indicators.all(), "code"),
        Round: _match(source.rounds.all(), target.rounds.all(), "code"),
        Questionnaire: _match(
            Questionnaire.objects.filter(round__programme=source),
            Questionnaire.objects.filter(round__programme=target),
            "round__code",
            "version",
        ),
        Section: _match(
            Section.objects.filter(questionnaire__round__programme=source),
            Section.objects.filter(questionnaire__round__programme=target),
            q + "round__code",
            q + "version",
            "code",
        ),
        Question: _match(
            Question.objects.filter(questionnaire__round__programme=source),
            Question.objects.filter(questionnaire__round__programme=target),
            q + "round__code",
            q + "version",
            "code",
        ),
        QuestionChoice: _match(
            QuestionChoice.objects.filter(question__questionnaire__round__programme=source),
            QuestionChoice.objects.filter(question__questionnaire__round__programme=target),
            "question__" + q + "round__code",
            "question__" + q + "version",
            "question__code",
            "code",
        ),
        ReportTable: _match(source.report_tables.all(), target.report_tables.all(), "code"),
        ReportTableRow: _match(
            ReportTableRow.objects.filter(table__programme=source),
            ReportTableRow.objects.filter(table__programme=target),
            "table__code",
            "code",
        ),
    }
