"""What a web worker's first request loads: the site's URLs without matplotlib, which only a
chart in the final report needs (seconds to import; a first search in a test took 30 s on
a busy machine, 20 of them importing matplotlib from source)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import sys, django; django.setup(); "
    "from django.urls import get_resolver; get_resolver().url_patterns; "
    "print(sorted(m for m in ('matplotlib', 'sectorplan.reporting.publication.charts') "
    "if m in sys.modules))"
)


def test_loading_the_urls_does_not_import_matplotlib():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    # The charts module is loaded (the report's code is reachable from the URLs), its
    # drawing library is not.
    assert done.stdout.split() == ["['sectorplan.reporting.publication.charts']"]
