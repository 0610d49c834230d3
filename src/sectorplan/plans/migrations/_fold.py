"""Folding a step-history model into the audit trail, for the migrations that remove
PlanEvent (plans 0005) and ReportEvent (monitoring 0003). Uses historical models only."""

from datetime import timedelta


def fold_events(apps, app_label, model, event_model, link):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    Event = apps.get_model(app_label, event_model)
    events = Event.objects.select_related(link).order_by("at", "pk")
    if not events.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    used = set()
    for event in events.iterator():
        obj = getattr(event, link)
        state = [event.from_state or "", event.to_state]
        candidates = AuditEvent.objects.filter(
            content_type=content_type,
            object_id=obj.pk,
            action=f"{model}.{event.action}",
            actor_id=event.by_id,
            at__gte=event.at - timedelta(minutes=1),
            at__lte=event.at + timedelta(minutes=1),
        ).exclude(pk__in=used)
        match = next(
            (c for c in candidates.order_by("at", "pk") if c.changes.get("state", state) == state),
            None,
        )
        if match is not None:
            used.add(match.pk)
            if "state" not in match.changes:
                AuditEvent.objects.filter(pk=match.pk).update(
                    changes={"state": state, **match.changes}
                )
            continue
        programme_id = getattr(obj, "programme_id", None)
        if programme_id is None and hasattr(obj, "round"):
            programme_id = obj.round.programme_id
        created = AuditEvent.objects.create(
            at=event.at,
            actor_id=event.by_id,
            role="",
            action=f"{model}.{event.action}",
            content_type=content_type,
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            programme_id=programme_id,
            region_id=getattr(obj, "region_id", None),
            changes={"state": state},
            note=event.note,
        )
        used.add(created.pk)
