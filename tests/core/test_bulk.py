"""Rows the database writes from other rows (core.bulk): the history records `history_copy`
writes are those django-simple-history's `bulk_history_create` writes, and the imports that
use it leave a history record and a search entry for every row they write."""

import pytest
from django.db import models
from django.db.models import F, ProtectedError
from django.forms.models import model_to_dict

from sectorplan.accounts.models import User
from sectorplan.core.bulk import CHANGED, delete_rows, history_copy, insert_select
from sectorplan.core.tabular import Row
from sectorplan.knowledge.index import refresh
from sectorplan.knowledge.models import SearchEntry
from sectorplan.monitoring.constants import AnswerSource
from sectorplan.monitoring.imports import responses_import
from sectorplan.monitoring.models import Answer, Report
from sectorplan.monitoring.selectors import blocks_of, questionnaire_with_questions
from sectorplan.plans.imports import plans_import
from sectorplan.plans.models import Activity, BudgetLine, Plan
from sectorplan.programmes.constants import OrganisationKind, QuestionKind
from sectorplan.programmes.models import Organisation, Programme, Region
from sectorplan.programmes.services import programme_create

HISTORY = ("history_type", "history_user", "history_change_reason")
COLUMNS = ("region_code", "activity_type", "title", "subsidy", "cofinancing")


def _records(queryset) -> list[dict]:
    """History records without their own id and date, by the row they record."""
    return sorted(
        (
            {
                key: value
                for key, value in model_to_dict(record).items()
                if key not in ("history_id", "history_date")
            }
            for record in queryset
        ),
        key=lambda record: record["id"],
    )


def _import(office) -> Programme:
    """A new programme whose 3 regions get 12 activities from a plans import."""
    second = programme_create(slug="sw-2016", name="SW-sectorplannen 2016", budget="1000000")
    kind = second.activity_types.order_by("code").first().code
    rows = [
        Row(n, dict(zip(COLUMNS, v, strict=True)))
        for n, v in enumerate(
            ((f"AM0{n % 3 + 1}", kind, f"Activiteit {n}", "1000", str(n)) for n in range(12)), 2
        )
    ]
    plans_import(programme=second, rows=rows, by=office, source="bestand.csv")
    return second


def test_history_copy_writes_what_bulk_history_create_writes(demo):
    office = User.objects.get(username="bureau")
    _import(office)
    activities = list(Activity.objects.order_by("-pk")[:5])
    before = Activity.history.model.objects.count()

    Activity.history.bulk_history_create(
        activities, update=True, default_user=office, default_change_reason="reden"
    )
    expected = _records(Activity.history.model.objects.order_by("-history_id")[:5])
    copied = history_copy(
        Activity.objects.filter(pk__in=[a.pk for a in activities]),
        by=office,
        reason="reden",
        kind=CHANGED,
    )

    assert copied == 5
    assert Activity.history.model.objects.count() == before + 10
    got = _records(Activity.history.model.objects.order_by("-history_id")[:5])
    assert got == expected
    assert {(r["history_type"], r["history_user"]) for r in got} == {("~", office.pk)}


def test_an_empty_selection_inserts_nothing(demo):
    assert history_copy(Activity.objects.none()) == 0
    assert insert_select(SearchEntry, Plan.objects.filter(pk__in=[]), {"title": F("title")}) == 0


def test_a_plans_import_leaves_history_and_a_search_entry_for_every_row(demo):
    office = User.objects.get(username="bureau")
    second = _import(office)

    plans = Plan.objects.filter(programme=second)
    activities = Activity.objects.filter(plan__in=plans)
    lines = BudgetLine.objects.filter(activity__in=activities)
    assert (plans.count(), activities.count(), lines.count()) == (3, 12, 12)
    for model, written in ((Plan, plans), (Activity, activities), (BudgetLine, lines)):
        records = model.history.model.objects.filter(id__in=written.values("pk"))
        assert sorted(records.values_list("id", flat=True)) == sorted(
            written.values_list("pk", flat=True)
        ), model
        ((kind, user, reason),) = set(records.values_list(*HISTORY))
        assert (kind, user) == ("+", office.pk) and "bestand.csv" in reason
    # The history holds the row as written (an amount, a title), not just its id.
    line = lines.order_by("-pk").first()
    assert line.history.get().cofinancing == line.cofinancing
    assert set(
        SearchEntry.objects.filter(activity__in=activities).values_list("activity_id", flat=True)
    ) == set(activities.values_list("pk", flat=True))
    assert SearchEntry.objects.filter(plan__in=plans, kind="plan").count() == 3


def test_a_reimport_saves_the_plans_in_bulk_with_their_history_and_companies(demo):
    office = User.objects.get(username="bureau")
    second = _import(office)
    plan = Plan.objects.get(programme=second, region__code="AM01")
    company = Organisation.objects.filter(kind=OrganisationKind.SW_COMPANY).first()
    plan.companies.add(company)
    kind = second.activity_types.order_by("code").first().code
    rows = [
        Row(2, dict(zip(COLUMNS, ("AM01", kind, "Nieuw", "500", "5"), strict=True))),
        Row(3, dict(zip(COLUMNS, ("AM02", kind, "Ook nieuw", "600", "6"), strict=True))),
    ]

    replaced = list(plan.activities.all())
    replaced_lines = list(BudgetLine.objects.filter(activity__in=replaced))
    assert replaced and replaced_lines
    refresh()  # the index built, with its entries for the old activities

    plans_import(programme=second, rows=rows, by=office, source="tweede.csv")

    # The replaced activities and their budget lines are gone, each with a "-" record.
    assert not Activity.objects.filter(pk__in=[a.pk for a in replaced]).exists()
    assert not SearchEntry.objects.filter(activity__in=[a.pk for a in replaced]).exists()
    for model, ids in (
        (Activity, [a.pk for a in replaced]),
        (BudgetLine, [line.pk for line in replaced_lines]),
    ):
        gone = model.history.model.objects.filter(id__in=ids, history_type="-")
        assert sorted(gone.values_list("id", flat=True)) == sorted(ids)
        assert {(r.history_user_id, "tweede.csv" in r.history_change_reason) for r in gone} == {
            (office.pk, True)
        }

    saved = Plan.objects.get(pk=plan.pk)
    assert saved.lock_version == plan.lock_version + 1
    assert list(saved.activities.values_list("title", flat=True)) == ["Nieuw"]
    record = saved.history.order_by("-history_id").first()
    assert (record.history_type, record.history_user_id) == ("~", office.pk)
    assert "tweede.csv" in record.history_change_reason
    assert [c.organisation_id for c in record.companies.all()] == [company.pk]
    # The plan's search entry is rebuilt on the next search; AM03 was not in the file.
    entries = SearchEntry.objects.filter(kind="plan", plan__programme=second, stale=True)
    assert {e.plan.region.code for e in entries} >= {"AM01", "AM02"}


def test_delete_rows_refuses_what_is_protected_before_deleting_anything(demo):
    _import(User.objects.get(username="bureau"))
    plan = Plan.objects.filter(activities__isnull=False).first()
    region = Region.objects.filter(pk=plan.region_id)
    cascaded = [
        (relation.related_model, relation.field.name)
        for relation in Region._meta.get_fields(include_hidden=True)
        if relation.auto_created and relation.one_to_many and relation.on_delete is models.CASCADE
    ]

    def referring() -> list[int]:
        return [m._base_manager.filter(**{f: plan.region_id}).count() for m, f in cascaded]

    before = referring()
    assert any(before)  # rows a CASCADE would delete
    with pytest.raises(ProtectedError):
        delete_rows(region)  # a plan refers to it (PROTECT)
    assert region.exists() and Plan.objects.filter(pk=plan.pk).exists()
    assert referring() == before


def test_a_responses_import_leaves_history_for_every_report_and_answer(demo):
    office = User.objects.get(username="bureau")
    round_ = demo.rounds.order_by("-position").first()
    questionnaire = round_.questionnaires.order_by("-version").first()
    themes = list(demo.themes.all())
    codes = [
        item.question.code
        for block in blocks_of(questionnaire_with_questions(questionnaire.pk), themes)
        for item in block.items
        if item.theme is None and item.question.kind == QuestionKind.YES_NO
    ][:2]
    regions = list(demo.region_set.regions.order_by("code").values_list("code", flat=True)[:2])
    before = set(Report.objects.filter(round=round_).values_list("pk", flat=True))
    rows = [
        Row(n, {"region_code": region, "question_code": code, "answer": "ja"})
        for n, (region, code) in enumerate(((r, c) for r in regions for c in codes), 2)
    ]

    responses_import(round_=round_, rows=rows, by=office, source="antwoorden.csv")

    reports = Report.objects.filter(round=round_, region__code__in=regions)
    answers = Answer.objects.filter(report__in=reports, source=AnswerSource.IMPORT)
    assert answers.count() == 4
    for answer in answers:
        assert list(answer.history.values_list("history_type", "history_user")) == [
            ("+", office.pk)
        ]
    for report in reports:
        kinds = list(report.history.order_by("history_id").values_list("history_type", flat=True))
        # Started by the import ("+") unless it existed, then moved to submitted ("~").
        assert kinds[-1] == "~" and (report.pk in before or kinds == ["+", "~"])
        assert report.history.order_by("-history_id").first().state == report.state
