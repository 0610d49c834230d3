"""What plans tell the apps above it without knowing them."""

from django.dispatch import Signal

#: Sent with `plans` and `activities` (querysets) after plans and activities were written in
#: bulk (the plans import), which Django's model signals do not see; `created` says that
#: they are all new.
plans_written = Signal()
