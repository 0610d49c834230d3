"""The time the audit trail records.

`now()` is the current time, unless a caller has set the clock with `at(moment)`: the demo
loader writes the model programme's history on that programme's own calendar (2015–2017), so
its audit events say when each step happened in the story rather than when the demo was
loaded. The audit trail stays append-only: a time is chosen when an event is written, never
changed afterwards. Outside such a block nothing moves the clock.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_moment: ContextVar[datetime | None] = ContextVar("sectorplan_clock", default=None)


def now() -> datetime:
    return _moment.get() or timezone.now()


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Within this block `now()` is `moment` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("the clock needs an aware datetime")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
