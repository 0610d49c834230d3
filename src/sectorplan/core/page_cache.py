"""What pages compute from a programme's data, cached under its data version: the one way to
cache a computed part of a page (a table, a list, a rendered fragment).

Every write to the programme's data gives it a new stamp in the writer's transaction
(`core.versions`), so a key that holds the stamp can never serve a part older than the data:
the request after a write misses the cache and computes the part again. The key also holds
the language (labels are translated) and what the caller names (a round, a query, a page
number). What depends on the user goes into the key too (what the page decided from the
user's rights, such as "sees every region", or the user's id) or stays outside the cached part.

Two ways to use it, one key:
- `cached(programme, name, *parts, compute=…)`: a value (a table, rows for a list);
- `fragment(programme, name, *parts, compute=…, names=…)`: the context of a template
  fragment cached as HTML with Django's `{% cache part_timeout "name" part_key %}`. The
  names are lazy: `compute` runs only when the fragment is not in the cache. A fragment holds
  no form with a CSRF token (that is the user's own).

The cache is Django's (`CACHES`; by default each process's own memory): a process that never
saw a programme computes its parts once; entries of old stamps are dropped when they expire
or the memory is full.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation
from django.utils.functional import SimpleLazyObject, empty

from sectorplan.core import versions

T = TypeVar("T")
#: Seconds an entry is kept; the stamp, not the timeout, keeps it correct.
TIMEOUT = 3600
MISSING = object()
#: Longer parts are hashed into the key.
MAX_PARTS = 100


def key(programme, name: str, *parts) -> str:
    """The key of a part computed from `programme`'s data (None: data of no programme, such
    as regions and users) for the current language; one query for the stamps."""
    programme_id = programme.pk if programme is not None else versions.GLOBAL
    own, shared = versions.stamp(programme_id)
    language = translation.get_language() or ""
    rest = ":".join(str(part) for part in parts)
    if len(rest) > MAX_PARTS:
        # A query string can be long; a cache key must stay short (memcached: 250 bytes).
        rest = hashlib.sha256(rest.encode()).hexdigest()
    return f"sectorplan:part:{programme_id}:{own}:{shared}:{language}:{name}:{rest}"


def cached(programme, name: str, *parts, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave before for the same programme data, language and parts."""
    return get_or_compute(key(programme, name, *parts), compute)


def get_or_compute(cache_key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave before under `cache_key` (made by `key`): for a page
    that caches a value and a fragment under one key."""
    value = cache.get(cache_key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value


class _Lazy(SimpleLazyObject):
    """One name of a fragment's context: the template calls it, and only a fragment that is
    not in the cache renders it (computing every name once). Read in Python (a test reading
    `response.context`), it stands for its value."""

    def __call__(self):
        if self._wrapped is empty:
            self._setup()
        return self._wrapped


def fragment(
    programme, name: str, *parts, compute: Callable[[], dict], names: Iterable[str]
) -> dict:
    """The context of a cached template fragment: `part_key` and `part_timeout` for
    `{% cache part_timeout "name" part_key %}`, and each of `names`, read from `compute()`
    the first time the template asks for one."""
    values = functools.cache(compute)
    return {
        "part_key": key(programme, name, *parts),
        "part_timeout": TIMEOUT,
        **{each: _Lazy(functools.partial(_pick, values, each)) for each in names},
    }


def _pick(values: Callable[[], dict], name: str):
    return values()[name]
