"""Fold the plan's step history (PlanEvent) into the one audit trail (AuditEvent).

Every PlanEvent is kept: a step whose audit event exists (same plan, action, actor, within a
minute) gets its `state: [from, to]` added where the event lacked it (a step that kept the
state, such as advice); a step without one gets a new audit event with its time, actor,
states and note. Then PlanEvent goes.
"""

from django.db import migrations

from sectorplan.plans.migrations import _fold


def fold(apps, schema_editor):
    _fold.fold_events(apps, "plans", "plan", "PlanEvent", "plan")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_verbose_names"),
        ("accounts", "0005_audit_trail_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(fold, migrations.RunPython.noop),
        migrations.DeleteModel(name="PlanEvent"),
    ]
