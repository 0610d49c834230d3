"""The data version of a programme: a stamp that every write to the programme's data changes,
in the writer's own transaction, so that what is computed from the data (the national tables,
the dashboard) can be cached under it and is never served stale.

- One row per programme (`programme_id`) and one for data of no programme (`GLOBAL`: regions,
  users, instruments). A cache key holds both stamps.
- The stamp is random, not a counter: a rolled-back transaction or a restored backup brings an
  old stamp back together with the data it belonged to, and a new write never repeats one.
- The hook is central: `post_save`, `post_delete` and `m2m_changed` of every model of the
  project's apps (history rows excepted) change the stamp of the programme the object belongs
  to, found by following its foreign keys to the programme (`plan.programme`,
  `answer.report.round.programme`, …). Bulk writes send no signals: they call `changed()`
  themselves (`accounts.audit.record_many`, which every import writes its audit trail with,
  does so for all of them).

core names no other app: the programme model is looked up by its label.
"""

import secrets
from functools import cache

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

#: The scope of data that belongs to no one programme.
GLOBAL = 0
PROGRAMME = "programmes.Programme"
#: The apps whose writes count; their history models are left out (a history row is written
#: with the object it records, which already changed the stamp).
WATCHED_APPS = frozenset(
    {"accounts", "programmes", "plans", "monitoring", "knowledge", "reporting"}
)
#: Foreign keys followed to find an object's programme, at most this many steps.
MAX_DEPTH = 4


class DataVersion(models.Model):
    programme_id = models.PositiveBigIntegerField(unique=True)
    stamp = models.BigIntegerField(default=0)

    class Meta:
        app_label = "core"
        verbose_name = "data version"

    def __str__(self):
        return f"{self.programme_id}: {self.stamp}"


def changed(*programme_ids: int | None) -> None:
    """The data of these programmes changed (None: data of no programme): give each a new
    stamp, in the current transaction."""
    for programme_id in {GLOBAL if pk is None else pk for pk in programme_ids}:
        stamp = secrets.randbits(62)
        if not DataVersion.objects.filter(programme_id=programme_id).update(stamp=stamp):
            with transaction.atomic():
                DataVersion.objects.bulk_create(
                    [DataVersion(programme_id=programme_id, stamp=stamp)],
                    update_conflicts=True,
                    unique_fields=["programme_id"],
                    update_fields=["stamp"],
                )


def stamp(programme_id: int) -> tuple[int, int]:
    """The stamps a cache key of the programme's data holds: its own and the global one
    (one query)."""
    stamps = dict(
        DataVersion.objects.filter(programme_id__in=(GLOBAL, programme_id)).values_list(
            "programme_id", "stamp"
        )
    )
    return stamps.get(programme_id, 0), stamps.get(GLOBAL, 0)


# --- the hook -------------------------------------------------------------------------------


@cache
def path_to_programme(model: type[models.Model]) -> tuple[str, ...] | None:
    """The foreign keys from `model` to the programme (() for the programme itself), the
    shortest way over required keys, else over any; None when there is none."""
    return _shortest_path(model, required=True) or _shortest_path(model, required=False)


def _shortest_path(model: type[models.Model], *, required: bool) -> tuple[str, ...] | None:
    programme = apps.get_model(PROGRAMME)
    queue = [(model, ())]
    seen = {model}
    while queue:
        current, path = queue.pop(0)
        if current is programme:
            return path
        if len(path) == MAX_DEPTH:
            continue
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one or field.one_to_one else None
            if target is None or target in seen or (required and field.null):
                continue
            seen.add(target)
            queue.append((target, (*path, field.name)))
    return None


def programme_of(instance: models.Model) -> int | None:
    """The pk of the programme `instance` belongs to (None: none, or not to be found)."""
    path = path_to_programme(type(instance))
    if path is None:
        return None
    if not path:
        return instance.pk
    obj = instance
    try:
        for name in path[:-1]:
            obj = getattr(obj, name)
            if obj is None:
                return None
        field = obj._meta.get_field(path[-1])
        return getattr(obj, field.attname)
    except ObjectDoesNotExist:
        return None


def _watched(sender) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and not meta.object_name.startswith("Historical")


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        # A restore: the backup brings its own data versions.
        return
    if _watched(sender):
        changed(programme_of(instance))


def _m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and _watched(type(instance)):
        changed(programme_of(instance))


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="core.versions.saved")
    post_delete.connect(_saved, dispatch_uid="core.versions.deleted")
    m2m_changed.connect(_m2m, dispatch_uid="core.versions.m2m")
