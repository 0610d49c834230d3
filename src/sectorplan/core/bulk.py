"""Rows written by the database from other rows, in one statement: `INSERT ... SELECT`, and
rows deleted with one DELETE per table.

Imports write tens of thousands of rows. What follows from rows already written (their
history records, their search placeholders) is copied by the database itself rather than
built row by row in Python and sent back: one statement per batch, whatever the number of
rows. Rows an import replaces are deleted the same way, their history written first. The
same SQL runs on SQLite and PostgreSQL.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    CASCADE,
    DO_NOTHING,
    PROTECT,
    RESTRICT,
    SET_NULL,
    F,
    IntegerField,
    Model,
    OuterRef,
    ProtectedError,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from simple_history import utils
from simple_history.models import HistoricalRecords

#: The history types of django-simple-history.
CREATED, CHANGED, DELETED = "+", "~", "-"


def insert_select(model: type[Model], rows: QuerySet, columns: dict[str, object]) -> int:
    """Insert one row of `model` per row of the queryset `rows`: `columns` maps a field name
    of `model` to an expression over `rows` (`F("pk")`) or a constant (`Value("")`). Fields
    left out take their database default, so every required one must be named. Returns the
    number of rows inserted."""
    if not columns:
        raise ValueError("no columns")
    aliases = {f"insert_select_{n}": expression for n, expression in enumerate(columns.values())}
    query = rows.order_by().annotate(**aliases).values_list(*aliases).query
    connection = connections[rows.db]
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:  # `none()`, or an empty IN list
        return 0
    quote = connection.ops.quote_name
    targets = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({targets}) {sql}", params)
        return cursor.rowcount


def history_copy(rows: QuerySet, *, by=None, reason: str = "", kind: str = CREATED) -> int:
    """The history record django-simple-history writes for each saved (`CREATED`, `CHANGED`)
    or deleted (`DELETED`, before the delete) row, for all of `rows` in one statement: the
    tracked fields copied as they are now, one date, user and reason for all. What
    `bulk_history_create` makes, without a Python object per row, and with the copies of
    the rows' many-to-many links (`HistoricalRecords(m2m_fields=...)`) that `save()` makes.
    Returns the number of records."""
    history = rows.model.history.model
    columns: dict[str, object] = {field.name: F(field.attname) for field in history.tracked_fields}
    columns |= {
        "history_date": Value(timezone.now()),
        "history_change_reason": Value(reason or ""),
        "history_type": Value(kind),
        "history_user": Value(getattr(by, "pk", None), output_field=IntegerField()),
    }
    written = insert_select(history, rows, columns)
    for field in history._history_m2m_fields:
        _links_copy(history, field, rows)
    return written


def _links_copy(history: type[Model], field, rows: QuerySet) -> None:
    """The many-to-many links of `rows` in `field`, copied beside each row's newest history
    record (the one just written), as simple-history does after a save."""
    through = field.remote_field.through
    owner = utils.get_m2m_field_name(field)
    newest = (
        history.objects.filter(id=OuterRef(f"{owner}_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    columns: dict[str, object] = {f.name: F(f.attname) for f in through._meta.concrete_fields}
    columns["history"] = Subquery(newest)
    insert_select(
        HistoricalRecords.m2m_models[field],
        through.objects.filter(**{f"{owner}__in": rows.values("pk")}),
        columns,
    )


def delete_rows(rows: QuerySet) -> int:
    """Delete `rows`, and the rows that refer to them as Django's `on_delete` says (CASCADE
    deletes them the same way, SET_NULL empties the reference, PROTECT and RESTRICT refuse
    with ProtectedError when there are any), with one DELETE or UPDATE per table and no
    per-object signals: for bulk writes that record the history themselves
    (`history_copy(..., kind=DELETED)` before), inside their transaction. Returns the number
    of `rows` deleted."""
    model = rows.model
    selected = rows.values("pk")
    relations = [
        (
            relation,
            relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": selected}),
        )
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and relation.one_to_many
        and relation.on_delete is not DO_NOTHING  # history records, for one
    ]
    for relation, dependents in relations:  # refused before anything is deleted
        if relation.on_delete in (PROTECT, RESTRICT) and dependents.exists():
            raise ProtectedError(
                f"{model.__name__} rows are referred to by {dependents.model.__name__}",
                set(dependents[:10]),
            )
    for relation, dependents in relations:
        if relation.on_delete is CASCADE:
            delete_rows(dependents)
        elif relation.on_delete is SET_NULL:
            dependents.update(**{relation.field.name: None})
        elif relation.on_delete not in (PROTECT, RESTRICT):
            raise NotImplementedError(relation.on_delete)
    return rows._raw_delete(rows.db)
