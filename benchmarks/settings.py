"""The production settings as the benchmarks serve them: plain HTTP on loopback, and one URL
more (the bare view every page is compared with)."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from sectorplan.conf.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
# The load client talks plain HTTP to 127.0.0.1; secure-only cookies would never come back.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
