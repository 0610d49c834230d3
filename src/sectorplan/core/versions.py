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
from contextlib import contextmanager
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


class _Transaction:
    """What this transaction has done already: the programmes whose stamp it changed and the
    programmes it found for objects' parents, so that a service saving 50 answers changes
    the stamp once and looks up the programme once. It is known by the connection's list of
    commit hooks, which Django replaces when a transaction ends and when a savepoint is
    rolled back (a rolled-back change of the stamp is then made again)."""

    def __init__(self, hooks: list):
        self.hooks = hooks
        self.changed: set[int] = set()
        self.parents: dict[tuple, int | None] = {}


def _current() -> _Transaction | None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    state = getattr(connection, "_sectorplan_versions", None)
    if state is None or state.hooks is not connection.run_on_commit:
        state = connection._sectorplan_versions = _Transaction(connection.run_on_commit)
    return state


def changed(*programme_ids: int | None) -> None:
    """The data of these programmes changed (None: data of no programme): give each a new
    stamp, in the current transaction (once per transaction)."""
    state = _current()
    for programme_id in {GLOBAL if pk is None else pk for pk in programme_ids}:
        if state is not None:
            if programme_id in state.changed:
                continue
            state.changed.add(programme_id)
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
    (one query). A write later in this transaction changes them again: what is cached under
    them now must not stand for the data that write makes."""
    state = _current()
    if state is not None:
        state.changed.clear()
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
    state = _current()
    seen, found, obj = [], None, instance
    try:
        for step, name in enumerate(path, 1):
            field = obj._meta.get_field(name)
            value = getattr(obj, field.attname)
            if value is None:
                break
            key = (field.related_model, value)
            if state is not None and key in state.parents:
                found = state.parents[key]
                break
            seen.append(key)
            if step == len(path):
                found = value
                break
            obj = getattr(obj, name)
    except ObjectDoesNotExist:
        found = None
    if state is not None:
        # Parents keep their programme: remember it for the rest of the transaction.
        state.parents.update(dict.fromkeys(seen, found))
    return found


@contextmanager
def unchanged():
    """Writes in this block change no stamp: a restore, whose rows bring their own stamps
    (Django saves the rows with forward references a second time, not as `raw`)."""
    connection = transaction.get_connection()
    connection._sectorplan_versions_off = True
    try:
        yield
    finally:
        connection._sectorplan_versions_off = False


def _off() -> bool:
    return getattr(transaction.get_connection(), "_sectorplan_versions_off", False)


def _watched(sender) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and not meta.object_name.startswith("Historical")


def _saved(sender, instance, raw=False, **kwargs):
    if raw or _off():
        # A restore: the backup brings its own data versions.
        return
    if _watched(sender):
        changed(programme_of(instance))


def _m2m(sender, instance, action, **kwargs):
    if _off():
        return
    if action in ("post_add", "post_remove", "post_clear") and _watched(type(instance)):
        changed(programme_of(instance))


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="core.versions.saved")
    post_delete.connect(_saved, dispatch_uid="core.versions.deleted")
    m2m_changed.connect(_m2m, dispatch_uid="core.versions.m2m")
