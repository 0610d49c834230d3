"""Fold the report's step history (ReportEvent) into the one audit trail (AuditEvent), as
plans 0005 does for PlanEvent: every event is kept."""

from django.db import migrations

from sectorplan.plans.migrations import _fold


def fold(apps, schema_editor):
    _fold.fold_events(apps, "monitoring", "report", "ReportEvent", "report")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_verbose_names"),
        ("plans", "0005_fold_plan_events_into_audit_trail"),
    ]

    operations = [
        migrations.RunPython(fold, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReportEvent"),
    ]
