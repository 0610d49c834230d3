"""What monitoring tells the apps above it without knowing them."""

from django.dispatch import Signal

#: Sent with `report_ids` after reports or their answers were written in bulk (imports),
#: which Django's model signals do not see.
reports_written = Signal()
