"""API tokens move from the api app to accounts, so the CLI and the API share one token
service without the CLI importing the API. Their table stays `api_apitoken` (state only);
the content type follows, so the audit events of earlier tokens still name their token."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_accounts(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="api", model="apitoken").update(app_label="accounts")


def content_type_to_api(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="apitoken").update(app_label="api")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_audit_time_from_the_clock"),
        ("api", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        ("prefix", models.CharField(max_length=16, verbose_name="prefix")),
                        ("key_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        (
                            "last_used_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="last used"),
                        ),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "API token",
                        "verbose_name_plural": "API tokens",
                        "db_table": "api_apitoken",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_accounts, content_type_to_api),
    ]
