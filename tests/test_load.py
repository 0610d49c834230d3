"""`generate-load`: the copies answer a longer questionnaire (the load template), the demo
keeps its own; so the benchmark's 100× holds about a million answers."""

from sectorplan.cli.load import EXTRA_QUESTIONS, LOAD_SECTION, copy_slug, load_generate
from sectorplan.monitoring.models import Answer, Report
from sectorplan.programmes.models import Programme, Question
from tests.reporting.conftest import granted_and_reported  # noqa: F401 (a fixture)


def test_the_copies_answer_a_longer_questionnaire(granted_and_reported, settings, tmp_path):  # noqa: F811
    settings.DATA_DIR = tmp_path
    source = granted_and_reported
    answers_before = Answer.objects.filter(report__round__programme=source).count()
    load_generate(scale=2, source=source)
    copy = Programme.objects.get(slug=copy_slug(source, 2))
    assert copy.template == f"{source.template}-load"
    assert (tmp_path / "templates" / f"{source.template}-load.toml").is_file()
    for round_ in source.rounds.all():
        own = Question.objects.filter(questionnaire__round=round_).count()
        copied = Question.objects.filter(
            questionnaire__round__programme=copy, questionnaire__round__code=round_.code
        )
        assert copied.count() == own + EXTRA_QUESTIONS
        assert copied.filter(section__code=LOAD_SECTION).count() == EXTRA_QUESTIONS
    assert not Question.objects.filter(
        questionnaire__round__programme=source, section__code=LOAD_SECTION
    ).exists()
    answered = Report.objects.filter(round__programme=copy, answers__isnull=False).distinct()
    assert answered.count() >= 1
    copied_answers = Answer.objects.filter(report__round__programme=copy)
    assert copied_answers.count() == answers_before + EXTRA_QUESTIONS * answered.count()
    assert Answer.objects.filter(report__round__programme=source).count() == answers_before
    extra = copied_answers.filter(question__section__code=LOAD_SECTION)
    assert (
        extra.filter(question__kind="yes_no").exclude(code="").count()
        == extra.filter(question__kind="yes_no").count()
    )
    assert not extra.filter(question__kind="number", number__isnull=True).exists()


def test_postgresql_has_planner_statistics_right_after_the_load(
    granted_and_reported,  # noqa: F811
    settings,
    tmp_path,
):
    """generate-load ends with ANALYZE on PostgreSQL: the answers table's row estimate is the
    grown table's, even inside a transaction autovacuum never sees (as in this test)."""
    from django.db import connection

    settings.DATA_DIR = tmp_path
    load_generate(scale=2, source=granted_and_reported)
    answers = Answer.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'monitoring_answer'")
            estimate = cursor.fetchone()[0]
        assert estimate == answers
    else:  # SQLite keeps no statistics the planner needs: nothing to refresh, nothing broken
        assert answers > 0
