"""What plans tell the apps above it without knowing them."""

from django.dispatch import Signal

#: Sent with `plans` and `activities` (querysets) after plans and activities were created in
#: bulk (the plans import), which Django's model signals do not see.
plans_written = Signal()
