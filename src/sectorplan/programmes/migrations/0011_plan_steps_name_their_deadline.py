"""Plan workflow rows copied onto a programme before steps named their deadline get the
deadline the code gave their states until then: the plan deadline while the region writes
and its co-financing is confirmed, the decision deadline while the plan is reviewed."""

from django.db import migrations

PLAN = {"draft", "changes_requested", "at_municipality"}
REVIEW = {"submitted", "in_advice"}


def _sources(row) -> set[str]:
    given = row.get("from")
    return {given} if isinstance(given, str) else set(given or [])


def name_deadlines(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.all():
        rows = (programme.workflows or {}).get("plan")
        if not rows or any("deadline" in row for row in rows):
            continue
        for row in rows:
            sources = _sources(row)
            if sources and sources <= PLAN:
                row["deadline"] = "plan"
            elif sources and sources <= REVIEW:
                row["deadline"] = "review"
        programme.save(update_fields=["workflows"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0010_programme_cofinancing_sources_and_plan_participants")]

    operations = [migrations.RunPython(name_deadlines, migrations.RunPython.noop)]
