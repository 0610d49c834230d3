"""What monitoring tells the apps above it without knowing them."""

from django.dispatch import Signal

from sectorplan.core import versions

#: Sent with `report_ids` after reports or their answers were written in bulk (imports),
#: which Django's model signals do not see.
reports_written = Signal()


def _data_changed(sender, report_ids, **kwargs):
    """Reports or answers written in bulk: their programmes' data version changes (see
    core/versions.py), in the import's transaction."""
    from sectorplan.monitoring.models import Report

    # One import writes the reports of one round; a few ids name its programme.
    programmes = set(
        Report.objects.filter(pk__in=list(report_ids)[:100]).values_list(
            "round__programme_id", flat=True
        )
    )
    versions.changed(*programmes or {None})


reports_written.connect(_data_changed, dispatch_uid="monitoring.data_changed")
