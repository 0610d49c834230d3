"""The database's own full-text index beside knowledge_searchentry, kept up to date by
triggers: PostgreSQL gets a tsvector column (the `dutch` configuration: stemming) with a GIN
index; SQLite an FTS5 table over the entries' title and body. Plans, activities and reports
that exist already get a stale entry, so the first search indexes them."""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE knowledge_searchentry ADD COLUMN vector tsvector",
    """
    CREATE FUNCTION knowledge_searchentry_vector() RETURNS trigger AS $$
    BEGIN
        NEW.vector := setweight(to_tsvector('dutch', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('dutch', coalesce(NEW.body, '')), 'B');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER knowledge_searchentry_vector
    BEFORE INSERT OR UPDATE OF title, body ON knowledge_searchentry
    FOR EACH ROW EXECUTE FUNCTION knowledge_searchentry_vector()
    """,
    "CREATE INDEX knowledge_searchentry_vector_idx ON knowledge_searchentry USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER knowledge_searchentry_vector ON knowledge_searchentry",
    "DROP FUNCTION knowledge_searchentry_vector()",
    "ALTER TABLE knowledge_searchentry DROP COLUMN vector",
]
SQLITE = [
    """
    CREATE VIRTUAL TABLE knowledge_search_fts USING fts5(
        title, body, content='knowledge_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER knowledge_search_fts_insert AFTER INSERT ON knowledge_searchentry BEGIN
        INSERT INTO knowledge_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER knowledge_search_fts_delete AFTER DELETE ON knowledge_searchentry BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER knowledge_search_fts_update AFTER UPDATE OF title, body
    ON knowledge_searchentry BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO knowledge_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER knowledge_search_fts_update",
    "DROP TRIGGER knowledge_search_fts_delete",
    "DROP TRIGGER knowledge_search_fts_insert",
    "DROP TABLE knowledge_search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def stale_entries_for_what_exists(apps, schema_editor):
    SearchEntry = apps.get_model("knowledge", "SearchEntry")
    sources = [
        ("plan", "plans", "Plan"),
        ("activiteit", "plans", "Activity"),
        ("rapportage", "monitoring", "Report"),
    ]
    for kind, app, model in sources:
        owner = "plan" if kind == "plan" else model.lower()
        SearchEntry.objects.bulk_create(
            SearchEntry(kind=kind, stale=True, title="", **{f"{owner}_id": pk})
            for pk in apps.get_model(app, model).objects.values_list("pk", flat=True)
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(stale_entries_for_what_exists, migrations.RunPython.noop),
    ]
