"""On PostgreSQL the database refuses to change or delete an audit row, even from SQL that
goes around the application's own refusal (accounts migration 0005); TRUNCATE, which `flush`
uses, still empties the table. On SQLite the migration does nothing."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction

from sectorplan.accounts import audit
from sectorplan.accounts.models import AuditEvent

TRIGGER = "accounts_auditevent_append_only"


def _event() -> AuditEvent:
    return audit.record(None, "test.event", None, note="as it was")


def _attempts(event: AuditEvent):
    """Every way around AuditEvent's own save/update/delete refusal."""
    plain = models.QuerySet(AuditEvent).filter(pk=event.pk)

    def raw(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])

        return run

    return {
        "ORM update": lambda: plain.update(note="changed"),
        "ORM delete": lambda: plain.delete(),
        "base manager update": lambda: AuditEvent._base_manager.filter(pk=event.pk).update(
            note="changed"
        ),
        "raw UPDATE": raw("UPDATE accounts_auditevent SET note = 'changed' WHERE id = %s"),
        "raw DELETE": raw("DELETE FROM accounts_auditevent WHERE id = %s"),
    }


@pytest.mark.django_db
def test_the_database_refuses_every_update_and_delete_of_an_audit_row():
    event = _event()
    attempts = _attempts(event)
    if connection.vendor != "postgresql":
        # The migration did nothing here: only the application stands in the way.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert TRIGGER not in [name for (name,) in cursor.fetchall()]
        attempts["raw UPDATE"]()
        assert AuditEvent.objects.get(pk=event.pk).note == "changed"
        return
    for name, attempt in attempts.items():
        with (
            pytest.raises(DatabaseError, match="the audit trail cannot be changed"),
            transaction.atomic(),
        ):
            attempt()
        assert AuditEvent.objects.get(pk=event.pk).note == "as it was", name


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_trail():
    """`sectorplan demo --fresh` and the test runner's transactional tests flush the
    database; a row trigger does not fire on the TRUNCATE that flush uses."""
    _event()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
