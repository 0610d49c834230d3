"""Sources of co-financing and the participants a plan needs become the template's data.
Programmes made before keep what the code gave every programme: the three sources of 2015
and at least one participating SW company."""

from django.db import migrations, models


EARLIER_SOURCES = [
    {"code": "centrumgemeente", "label_nl": "Centrumgemeente", "label_en": "Central municipality"},
    {"code": "sw_bedrijf", "label_nl": "SW-bedrijf", "label_en": "SW company"},
    {"code": "overig", "label_nl": "Overig", "label_en": "Other"},
]


def as_before(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    Programme.objects.update(
        cofinancing_sources=EARLIER_SOURCES, plan_participant_kinds=["sw_bedrijf"]
    )


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0009_region_results_open'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprogramme',
            name='cofinancing_sources',
            field=models.JSONField(blank=True, default=list, verbose_name='sources of co-financing'),
        ),
        migrations.AddField(
            model_name='historicalprogramme',
            name='plan_participant_kinds',
            field=models.JSONField(blank=True, default=list, verbose_name='participants a plan needs'),
        ),
        migrations.AddField(
            model_name='programme',
            name='cofinancing_sources',
            field=models.JSONField(blank=True, default=list, verbose_name='sources of co-financing'),
        ),
        migrations.AddField(
            model_name='programme',
            name='plan_participant_kinds',
            field=models.JSONField(blank=True, default=list, verbose_name='participants a plan needs'),
        ),
        migrations.AlterField(
            model_name='historicalprogramme',
            name='default_cofinancing_source',
            field=models.CharField(blank=True, max_length=32, verbose_name='default source of co-financing'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='default_cofinancing_source',
            field=models.CharField(blank=True, max_length=32, verbose_name='default source of co-financing'),
        ),
        migrations.RunPython(as_before, migrations.RunPython.noop),
    ]
