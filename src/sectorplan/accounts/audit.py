"""The audit trail: every service that changes something records it here, in the same
transaction as the change, so an auditor can reconstruct each decision years later.

    before = audit.values(plan, ["title", "summary"])
    ... change the plan ...
    audit.record(by, "plan.update", plan, audit.changed(before, audit.values(plan, [...])))

Changes are kept as text, {field: [old, new]}, so they read the same whatever happens to
the models later. Model history (django-simple-history) keeps the full rows beside it.
"""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts.models import AuditEvent
from sectorplan.accounts.selectors import roles_of
from sectorplan.core import versions
from sectorplan.core.cells import CsvWriter


def text(value) -> str:
    """A value as the trail keeps it: plain, locale-independent text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(text(item) for item in value))
    return str(value)


def values(instance: models.Model, names: list[str]) -> dict[str, str]:
    """The named fields of `instance` as text (foreign keys by their id, not a query)."""
    result = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            result[name] = text([str(item) for item in getattr(instance, name).all()])
        elif field.is_relation:
            result[name] = text(getattr(instance, field.attname))
        else:
            result[name] = text(getattr(instance, name))
    return result


def changed(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """{key: [old, new]} for the keys whose value differs (a missing key counts as empty)."""
    return {
        key: [before.get(key, ""), after.get(key, "")]
        for key in sorted(before.keys() | after.keys())
        if before.get(key, "") != after.get(key, "")
    }


def _role(actor) -> str:
    if actor is None:
        return ""
    roles = sorted(roles_of(actor))
    if actor.is_superuser:
        roles.insert(0, "superuser")
    return ", ".join(roles)


def record(
    actor,
    action: str,
    obj: models.Model | None,
    changes: dict[str, list[str]] | None = None,
    *,
    note: str = "",
    programme_id: int | None = None,
    region_id: int | None = None,
) -> AuditEvent:
    """Write one audit event about `obj` (None for an action on no object, such as unlocking
    an address). The programme and region are read from the object when it has them, so the
    trail can be filtered and shown to whoever may see the object."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        role=_role(actor) if actor is not None and actor.is_authenticated else "",
        action=action,
        content_type=(
            ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj else None
        ),
        object_id=obj.pk if obj else None,
        object_repr=str(obj)[:300] if obj else "",
        programme_id=programme_id or getattr(obj, "programme_id", None),
        region_id=region_id or getattr(obj, "region_id", None),
        changes=changes or {},
        note=note,
    )


def record_many(
    actor,
    action: str,
    entries: list[tuple[models.Model, dict[str, list[str]]]],
    *,
    note: str = "",
    programme_id: int | None = None,
) -> None:
    """`record` for many objects of one kind in one bulk insert (imports): one event per
    (object, changes) entry, exactly as `record` writes it."""
    if not entries:
        return
    signed = actor is not None and actor.is_authenticated
    role = _role(actor) if signed else ""
    content_type = ContentType.objects.get_for_model(entries[0][0], for_concrete_model=False)
    # A bulk insert sends no signals: the data version changes here, for every import.
    versions.changed(
        *{programme_id or getattr(obj, "programme_id", None) for obj, _changes in entries}
    )
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor=actor if signed else None,
                role=role,
                action=action,
                content_type=content_type,
                object_id=obj.pk,
                object_repr=str(obj)[:300],
                programme_id=programme_id or getattr(obj, "programme_id", None),
                region_id=getattr(obj, "region_id", None),
                changes=changes or {},
                note=note,
            )
            for obj, changes in entries
        ),
        batch_size=1000,
    )


def events_for(obj: models.Model):
    """The trail of one object, newest first, with who did it."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def events_between(starts_on: date, ends_on: date):
    """The whole trail from the start of one day to the end of another (local time)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(starts_on, time.min, tzinfo=zone)
    end = datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=zone)
    return (
        AuditEvent.objects.filter(at__gte=start, at__lt=end)
        .select_related("actor", "content_type", "programme", "region")
        .order_by("at", "pk")
    )


CSV_HEADER = [
    "event_id",
    "time",
    "actor",
    "role",
    "action",
    "object_type",
    "object_id",
    "object",
    "programme",
    "region",
    "field",
    "old",
    "new",
    "note",
]


def to_csv(events) -> str:
    """One row per changed field (one row for an event without field changes), times in ISO
    8601 with offset: what an auditor loads into a spreadsheet."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(CSV_HEADER)
    for event in events:
        common = [
            event.pk,
            timezone.localtime(event.at).isoformat(timespec="seconds"),
            event.actor.get_username() if event.actor_id else _("system"),
            event.role,
            event.action,
            f"{event.content_type.app_label}.{event.content_type.model}"
            if event.content_type_id
            else "",
            event.object_id,
            event.object_repr,
            event.programme.slug if event.programme_id else "",
            event.region.code if event.region_id else "",
        ]
        for field, (old, new) in event.changes.items() or [("", ("", ""))]:
            writer.writerow([*common, field, old, new, event.note])
    return out.getvalue()
