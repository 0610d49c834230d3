"""What plans tell the apps above it without knowing them."""

from django.dispatch import Signal

#: Sent with `activity_ids` after activities were created in bulk (the plans import), which
#: Django's model signals do not see.
activities_written = Signal()
