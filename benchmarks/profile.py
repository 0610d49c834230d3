"""Profile one page in-process with pyinstrument, on the database of the last `make bench`
(PostgreSQL `sectorplan_bench` is kept after the run):

    DATABASE_URL=postgres://sectorplan:sectorplan@127.0.0.1:5432/sectorplan_bench \\
        SECRET_KEY=x uv run python -m benchmarks.profile /programmas/sw-2015/rapportage/

`--user` picks who asks (default: the office of the demo programme); `--repeat` requests the
page that many times under the profiler, after one request to warm up.
"""

import argparse
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django
from django.conf import settings

django.setup()
# The static files of the last run are gone with its work folder: name them unhashed.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from sectorplan.accounts.models import User  # noqa: E402
from sectorplan.cli.demo import SLUG  # noqa: E402
from sectorplan.programmes.models import Programme  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user")
    parser.add_argument("--repeat", type=int, default=10)
    options = parser.parse_args()
    username = options.user or (
        Programme.objects.get(slug=SLUG).allocation_publications.first().published_by.username
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    assert client.get(options.path).status_code == 200
    profiler = Profiler()
    with profiler:
        for _ in range(options.repeat):
            client.get(options.path)
    print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
