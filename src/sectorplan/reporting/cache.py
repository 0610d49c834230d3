"""What the national pages compute from a programme's data, cached under its data version.

Every write to the programme's data gives it a new stamp in the writer's transaction
(`core.versions`), so a key that holds the stamp can never serve figures older than the data:
the request after a write misses the cache and computes them again. The key also holds the
language (labels are translated) and what the caller names (a table code, a round).

The cache is Django's (`CACHES`; by default each process's own memory): a process that never
saw a programme computes its tables once; entries of old stamps are dropped when they expire
or the memory is full.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation

from sectorplan.core import versions
from sectorplan.programmes.models import Programme

T = TypeVar("T")
#: Seconds an entry is kept; the stamp, not the timeout, keeps it correct.
TIMEOUT = 3600
MISSING = object()


def key(programme: Programme, name: str, *parts) -> str:
    own, shared = versions.stamp(programme.pk)
    language = translation.get_language() or ""
    rest = ":".join(str(part) for part in parts)
    return f"sectorplan:national:{programme.pk}:{own}:{shared}:{language}:{name}:{rest}"


def cached(programme: Programme, name: str, *parts, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave before for the same programme data, language and parts."""
    cache_key = key(programme, name, *parts)
    value = cache.get(cache_key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value


def national_table(programme: Programme, code: str, round_=None):
    """`tables.table_for`, cached: the table pages, their CSV and the API read it."""
    from sectorplan.reporting.tables import table_for

    return cached(
        programme,
        "table",
        code,
        round_.pk if round_ else "",
        compute=lambda: table_for(programme, code, round_),
    )
