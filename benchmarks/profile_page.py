"""One page against the bare view, in one process, in a way that survives a busy machine.

    . env (DATABASE_URL of a `generate-load` database, DJANGO_SETTINGS_MODULE=benchmarks.settings,
      SECRET_KEY, SECTORPLAN_TWO_FACTOR=0) && python -m benchmarks.profile_page [PAGE ...]

PAGE is a name from `benchmarks/pages.py` ("plan overview"; default: every page). The Django
test client requests the bare view and the page in turn, `--rounds` times, so other work on
the machine slows both alike; it prints p50 and p95 of the wall time and the median CPU time
(`time.process_time`, which other processes do not inflate) of each, as a multiple of the
bare view's, and the page's query count. `--profile` then runs the page under pyinstrument
(`--cprofile`: cProfile in CPU time, sorted by own time) to show where the time goes;
`--sql` lists the queries of one request with their times.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django
from django.conf import settings

django.setup()
# A generate-load database without collectstatic's manifest: name the static files unhashed.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.pages import BARE  # noqa: E402
from benchmarks.tasks import discover  # noqa: E402
from sectorplan.accounts.models import User  # noqa: E402


def timed(client: Client, path: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if response.status_code != 200:
        raise SystemExit(f"{path}: status {response.status_code}")
    return wall * 1000, cpu * 1000


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", help="page names from benchmarks/pages.py")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime, cumulative")
    parser.add_argument("--sql", action="store_true", help="each query of one request, timed")
    parser.add_argument("--profile", action="store_true", help="pyinstrument the page after")
    parser.add_argument(
        "--cprofile", action="store_true", help="cProfile the page after, in CPU time"
    )
    options = parser.parse_args()
    spec = discover()
    clients = {}
    for role, username in spec["users"].items():
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(User.objects.get(username=username))
    pages = {page["name"]: page for page in spec["pages"] if "path" in page}
    bare = pages.pop(BARE.name)
    wanted = options.pages or list(pages)
    print(
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'p50×':>6} {'p95×':>6} "
        f"{'cpu×':>6} {'queries':>7}"
    )
    for name in wanted:
        page = pages[name]
        client = clients[page["user"]]
        for _ in range(3):  # warm: the rule set's caches, the template loader, cached tables
            timed(client, page["path"])
            timed(client, bare["path"])
        captured: list[tuple[float, str]] = []

        def record(run, sql, params, many, context, captured=captured):
            started = time.perf_counter()
            try:
                return run(sql, params, many, context)
            finally:
                captured.append(((time.perf_counter() - started) * 1000, sql))

        with connection.execute_wrapper(record):
            timed(client, page["path"])
        ours, floor = [], []
        for _ in range(options.rounds):
            floor.append(timed(client, bare["path"]))
            ours.append(timed(client, page["path"]))
        walls, cpus = [w for w, _c in ours], [c for _w, c in ours]
        bare_walls, bare_cpus = [w for w, _c in floor], [c for _w, c in floor]
        p50, p95, cpu = p(walls, 0.5), p(walls, 0.95), statistics.median(cpus)
        print(
            f"{name:28} {p50:8.1f} {p95:8.1f} {cpu:8.1f} {p50 / p(bare_walls, 0.5):6.1f} "
            f"{p95 / p(bare_walls, 0.95):6.1f} {cpu / statistics.median(bare_cpus):6.1f} "
            f"{len(captured):7}"
        )
        print(
            f"{'  (bare view)':28} {p(bare_walls, 0.5):8.1f} {p(bare_walls, 0.95):8.1f} "
            f"{statistics.median(bare_cpus):8.1f}",
            flush=True,
        )
        if options.sql:
            for ms, sql in captured:
                print(f"   {ms:7.1f} ms  {sql[:160]}")
        if options.profile:
            from pyinstrument import Profiler

            profiler = Profiler()
            with profiler:
                for _ in range(10):
                    client.get(page["path"])
            print(profiler.output_text(unicode=True, color=False))
        if options.cprofile:
            import cProfile
            import pstats

            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(10):
                client.get(page["path"])
            profile.disable()
            pstats.Stats(profile, stream=sys.stdout).sort_stats(options.sort).print_stats(40)


if __name__ == "__main__":
    main()
