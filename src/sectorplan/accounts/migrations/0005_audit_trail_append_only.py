"""On PostgreSQL, the database itself refuses an UPDATE or DELETE of an audit row, whoever
sends it (the application refuses them already; this covers SQL from anywhere else). A row
trigger does not fire on TRUNCATE, so `flush` (`sectorplan demo --fresh`, the test runner)
still empties the table. How an operator archives old rows: docs/operations.md. SQLite is
left as it is."""

from django.db import migrations

POSTGRES = [
    """
    CREATE FUNCTION accounts_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
        -- A message without placeholders: the driver would read a percent sign as its own.
        RAISE EXCEPTION USING
            MESSAGE = 'the audit trail cannot be changed: ' || TG_OP || ' refused',
            HINT = 'To archive old rows, see "Archiving the audit trail" in the operations guide.';
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER accounts_auditevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_append_only()
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER accounts_auditevent_append_only ON accounts_auditevent",
    "DROP FUNCTION accounts_auditevent_append_only()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_language")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
