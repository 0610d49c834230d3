"""`make bench`: the scale dataset, the app under gunicorn on loopback, and every measurement
as a ratio to its floor, in one run. Prints a table and writes JSON to benchmarks/results/.

    python -m benchmarks.run [--databases postgres,sqlite] [--scales 1,10,100] …

Per database: `sectorplan generate-load` builds scale 1×, 10×, 100× of the demo in turn
(plus a 350-region and a 10,000-region programme for the report and allocation timings);
at each scale the load client (`benchmarks.client`, other processes) requests the pages of
`benchmarks/pages.py` through gunicorn, and `benchmarks.tasks timings` times the imports,
the final report and the allocation. Never part of `make test`: timings are not assertions.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
PG_DATABASE = "sectorplan_bench"
PG_URL = os.environ.get(
    "BENCH_POSTGRES_URL", f"postgres://sectorplan:sectorplan@127.0.0.1:5432/{PG_DATABASE}"
)
NAMES = {"postgres": "PostgreSQL", "sqlite": "SQLite"}

#: Targets of issue 11.
PAGE_RATIO_MAX = 5.0
FLAT_MAX = 1.5  # (p50 ÷ bare p50) at the largest scale over that at 1×
IMPORT_RATIO_MAX = 3.0
REPORT_35_MAX_S = 2.0
ALLOCATION_MAX_S = 1.0
#: Issue 19: how often the CLI start is timed (the median counts); a command that touches no
#: API, spreadsheet or document code should load none of HEAVY_MODULES.
CLI_STARTS = 7
HEAVY_MODULES = ("rest_framework", "drf_spectacular", "openpyxl", "docx", "matplotlib")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    def __init__(self, kind: str, workdir: Path):
        self.kind = kind
        self.workdir = workdir / kind
        self.workdir.mkdir(parents=True)
        if kind == "postgres":
            self._recreate_postgres()
            self.url = PG_URL
        else:
            self.url = f"sqlite:///{self.workdir / 'bench.sqlite3'}"
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
            "SECTORPLAN_DATA_DIR": str(self.workdir),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            # The load logs in as the office: no authenticator app in a benchmark, and no
            # per-user API rate limit (2000/hour) cutting the measurement short.
            "SECTORPLAN_TWO_FACTOR": "0",
            "SECTORPLAN_API_THROTTLE": "10000000/hour",
            "EMAIL_URL": "dummymail://",
        }

    def _recreate_postgres(self) -> None:
        import psycopg

        name = PG_URL.rsplit("/", 1)[1]
        if name == "sectorplan":
            raise SystemExit("the benchmark never uses (or drops) the database 'sectorplan'")
        admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def run(self, *args: str, timeout: int = 1800, stderr: bool = False) -> str:
        done = subprocess.run(
            list(args), cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stderr if stderr else done.stdout

    def sectorplan(self, *args: str) -> str:
        return self.run(str(BIN / "sectorplan"), *args)

    def task(self, name: str) -> dict:
        return json.loads(self.run(sys.executable, "-m", "benchmarks.tasks", name))

    def version(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]


class Server:
    """gunicorn on loopback with the production settings, one sync worker per core."""

    def __init__(self, database: Database, workers: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (database.workdir / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "sectorplan.conf.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--pythonpath",
                str(ROOT),
            ],
            cwd=ROOT,
            env=database.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        import httpx

        for _ in range(120):
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.5)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def bench_database(kind: str, workdir: Path, options) -> dict:
    database = Database(kind, workdir)
    result = {"database": NAMES[kind], "scales": {}}
    log(f"{NAMES[kind]}: migrate and the wide programmes")
    started = time.perf_counter()
    database.sectorplan("migrate", "--verbosity", "0")
    if not (workdir / "static").exists():
        database.sectorplan("collectstatic", "--noinput", "--verbosity", "0")
    database.sectorplan("generate-load", "--scale", "1", "--regions", "350")
    database.sectorplan("generate-load", "--regions", "10000", "--empty")
    result["setup_s"] = time.perf_counter() - started
    result["version"] = database.version()
    log(f"{NAMES[kind]}: CLI start")
    result["cli_start"] = cli_start(database)
    server = None
    try:
        for scale in options.scales:
            log(f"{NAMES[kind]}: generate-load --scale {scale}")
            started = time.perf_counter()
            database.sectorplan("generate-load", "--scale", str(scale))
            entry = {"generate_s": time.perf_counter() - started, "size": database.task("size")}
            log(f"{NAMES[kind]} {scale}×: {entry['size']}")
            if server is None:
                server = Server(database, options.workers)
                spec = database.task("discover")
                pages_file = database.workdir / "pages.json"
                pages_file.write_text(json.dumps(spec), encoding="utf-8")
                result["pages"] = spec["pages"]
            log(f"{NAMES[kind]} {scale}×: pages")
            entry["pages"] = json.loads(
                database.run(
                    sys.executable,
                    "-m",
                    "benchmarks.client",
                    server.base,
                    str(pages_file),
                    "--concurrency",
                    str(options.concurrency),
                    "--requests",
                    str(options.requests),
                )
            )
            if scale in options.timing_scales.get(kind, options.scales):
                log(f"{NAMES[kind]} {scale}×: imports, final report, allocation")
                entry["timings"] = database.task("timings")
            result["scales"][str(scale)] = entry
    finally:
        if server is not None:
            server.stop()
    if os.environ.get("BENCH_BIG_IMPORT", "500000") != "0":
        log(f"{NAMES[kind]}: the big import (BENCH_BIG_IMPORT rows, peak memory)")
        result["big_import"] = database.task("big_import")
        log(f"{NAMES[kind]}: the big plans import (BENCH_BIG_IMPORT rows, peak memory)")
        result["big_plans_import"] = database.task("big_plans_import")
    return result


def cli_start(database: Database) -> dict:
    """Wall time of `sectorplan allocate SLUG` (the median of CLI_STARTS runs) against a bare
    interpreter start, and which heavy modules such a command loads (none, we hope)."""

    def median_s(*args: str) -> float:
        times = []
        for _ in range(CLI_STARTS):
            started = time.perf_counter()
            database.run(*args)
            times.append(time.perf_counter() - started)
        return sorted(times)[len(times) // 2]

    slug = "sw-2015"
    command = [str(BIN / "sectorplan"), "allocate", slug]
    loaded = database.run(
        sys.executable,
        "-X",
        "importtime",
        "-c",
        "import sys; from sectorplan.cli.main import main; sys.argv = ['sectorplan', 'allocate',"
        f" '{slug}']; main()",
        stderr=True,
    )
    # `-X importtime` writes "import time: SELF | CUMULATIVE | [indent]MODULE" per module.
    modules = {line.rsplit("|", 1)[-1].strip() for line in loaded.splitlines()}
    return {
        "allocate_s": median_s(*command),
        "python_s": median_s(sys.executable, "-c", "pass"),
        "heavy_modules": sorted(modules & set(HEAVY_MODULES)),
    }


# --- the report -----------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        memory = meminfo.read_text().splitlines()[0].split(":", 1)[1].strip()
    return {
        # Other work on the machine shows in every number; the ratios cancel much of it.
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "hostname": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": memory,
    }


def git_commit() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def ratio(value: float, floor: float) -> float:
    return value / floor if floor else float("inf")


def mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(results: dict) -> str:
    lines = []
    add = lines.append
    add(f"sectorplan benchmark  {results['started']}  commit {results['git']['commit'][:10]}")
    m = results["machine"]
    add(f"machine: {m['cpu']} × {m['cpus']}, {m['memory']}, Python {m['python']}")
    loads = [m.get("load_average"), results.get("load_average_end")]
    if all(loads):
        add(
            "load average (1, 5, 15 min) at start "
            + ", ".join(f"{x:.1f}" for x in loads[0])
            + "; at end "
            + ", ".join(f"{x:.1f}" for x in loads[1])
        )
    add(
        f"load: {results['options']['concurrency']} concurrent clients, "
        f"{results['options']['requests']} requests per page, gunicorn "
        f"{results['options']['workers']} sync workers"
    )
    targets = []
    for db in results["databases"]:
        name, scales = db["database"], db["scales"]
        keys = list(scales)
        add("")
        add(f"== {name} {db['version']}")
        if "cli_start" in db:
            start = db["cli_start"]
            add(
                f"   CLI start: `sectorplan allocate` {start['allocate_s']:.2f} s (median of "
                f"{CLI_STARTS}; a bare Python start {start['python_s']:.2f} s); heavy modules "
                f"loaded: {', '.join(start['heavy_modules']) or 'none'}"
            )
        for key in keys:
            size = scales[key]["size"]
            add(
                f"   {key:>4}×: {size['programmes']} programmes, {size['plans']} plans, "
                f"{size['reports']} reports, {size['answers']} answers "
                f"(generated in {scales[key]['generate_s']:.0f} s)"
            )
        add("")
        header = f"{'page (p50 / p95 ms, p95 ÷ bare p95, req/s)':44}"
        add(header + "".join(f"{key + '×':>30}" for key in keys))
        bare = {key: scales[key]["pages"]["bare view"] for key in keys}
        for page in db["pages"]:
            name_ = page["name"]
            if "skipped" in page:
                add(f"{name_:44}skipped: {page['skipped']}")
                continue
            cells = []
            for key in keys:
                p = scales[key]["pages"][name_]
                r = ratio(p["p95_ms"], bare[key]["p95_ms"])
                bad = [s for s in p["statuses"] if s != 200]
                cells.append(
                    f"{p['p50_ms']:6.1f} /{p['p95_ms']:6.1f} {r:5.1f}× {p['throughput_rps']:5.0f}"
                    + ("!" if bad else " ")
                )
                if name_ != "bare view":
                    targets.append(
                        (
                            f"{name} {key}× {name_}: p95 within {PAGE_RATIO_MAX:g}× bare",
                            f"{r:.1f}×",
                            r <= PAGE_RATIO_MAX,
                        )
                    )
                if bad:
                    targets.append((f"{name} {key}× {name_}: status 200", str(bad), False))
            add(f"{name_:44}" + "".join(f"{c:>30}" for c in cells))
            if len(keys) > 1 and name_ != "bare view":
                # Growth with the data, judged on the median as a multiple of the bare view's
                # median at the same scale: other load on the machine between two scales
                # moves both and cancels out (the p95 of 40 requests is too noisy for it).
                first, last = scales[keys[0]]["pages"][name_], scales[keys[-1]]["pages"][name_]
                before = ratio(first["p50_ms"], bare[keys[0]]["p50_ms"])
                after = ratio(last["p50_ms"], bare[keys[-1]]["p50_ms"])
                growth = ratio(after, before)
                targets.append(
                    (
                        f"{name} {name_}: flat {keys[0]}× → {keys[-1]}× (p50 ÷ bare p50 grows "
                        f"≤ {FLAT_MAX:g}×)",
                        f"{before:.1f} → {after:.1f}, {growth:.2f}× "
                        f"({first['p50_ms']:.0f} → {last['p50_ms']:.0f} ms)",
                        growth <= FLAT_MAX,
                    )
                )
        for key in keys:
            timings = scales[key].get("timings")
            if not timings:
                continue
            add("")
            add(
                f"   {key}×  imports: kind, rows, import s, raw bulk_create s, ratio; "
                "CPU s (this process and the database server's), CPU ratio"
            )
            for item in timings["imports"]:
                kind = item.get("kind", "responses")
                cpu = (
                    f"   {item['import_cpu_s']:7.2f}  {item['bulk_create_cpu_s']:7.2f}  "
                    f"{item['cpu_ratio']:5.1f}×"
                    if "cpu_ratio" in item
                    else ""
                )
                add(
                    f"      {kind:<9} {item['rows']:>7}  {item['import_s']:7.2f}  "
                    f"{item['bulk_create_s']:7.2f}  {item['ratio']:5.1f}×{cpu}"
                )
                targets.append(
                    (
                        f"{name} {key}× {kind} import {item['rows']} rows within "
                        f"{IMPORT_RATIO_MAX:g}× bulk_create",
                        f"{item['ratio']:.1f}×",
                        item["ratio"] <= IMPORT_RATIO_MAX,
                    )
                )
            add(f"   {key}×  final report: format, regions, median s")
            by = {}
            for item in timings["final_report"]:
                by[(item["format"], item["regions"])] = item["median_s"]
                add(f"      {item['format']:5} {item['regions']:>5}  {item['median_s']:7.2f}")
            for fmt in ("docx", "xlsx"):
                small = [v for (f, n), v in by.items() if f == fmt and n < 100]
                large = [(n, v) for (f, n), v in by.items() if f == fmt and n >= 100]
                if small:
                    targets.append(
                        (
                            f"{name} {key}× {fmt} 35 regions under {REPORT_35_MAX_S:g} s",
                            f"{small[0]:.2f} s",
                            small[0] < REPORT_35_MAX_S,
                        )
                    )
                if small and large:
                    n, v = large[0]
                    growth = ratio(v, small[0])
                    targets.append(
                        (
                            f"{name} {key}× {fmt} {n} regions at most linear (≤ {n / 35:g}× of 35)",
                            f"{growth:.1f}×",
                            growth <= n / 35,
                        )
                    )
            job = timings.get("report_job")
            if job:
                add(
                    f"   {key}×  final report as a background job, {job['regions']} regions: "
                    f"{job['median_s']:.2f} s from the click to the file's first byte (median)"
                )
            a = timings["allocation"]
            add(
                f"   {key}×  allocation of {a['regions']} regions: compute "
                f"{a['compute_median_s']:.3f} s, publish (compute + write) {a['publish_s']:.3f} s"
            )
            targets.append(
                (
                    f"{name} {key}× allocation {a['regions']} regions under {ALLOCATION_MAX_S:g} s",
                    f"{a['compute_median_s']:.2f} s",
                    a["compute_median_s"] < ALLOCATION_MAX_S,
                )
            )
        for kind, big in (
            ("responses", db.get("big_import")),
            ("plans", db.get("big_plans_import")),
        ):
            if big:
                add("")
                add(
                    f"   big {kind} import: {big['rows']} rows ({big['file_mb']:.0f} MB) in "
                    f"{big['import_s']:.0f} s ({big.get('cpu_s', 0):.0f} s CPU), "
                    f"{big['rows_per_s']:.0f} rows/s; peak RSS {big['rss_peak_mb']:.0f} MB "
                    f"(before the import {big['rss_before_mb']:.0f} MB)"
                )
    add("")
    add("== targets")
    for label, value, ok in targets:
        add(f"   {mark(ok):7} {label}: {value}")
    add("")
    add(f"total {results['duration_s'] / 60:.1f} min")
    return "\n".join(lines)


def parse_scales(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", default=os.environ.get("BENCH_DATABASES", "postgres,sqlite"))
    parser.add_argument("--scales", default=os.environ.get("BENCH_SCALES", "1,10,100"))
    parser.add_argument(
        "--sqlite-timing-scales",
        default=os.environ.get("BENCH_SQLITE_TIMING_SCALES", "1"),
        help="the scales at which the imports, report and allocation are timed on SQLite",
    )
    parser.add_argument(
        "--postgres-timing-scales",
        default=os.environ.get("BENCH_POSTGRES_TIMING_SCALES"),
        help="the same for PostgreSQL (default: every scale; empty: none, pages only)",
    )
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 40)))
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--report", type=Path, help="print the table of a results file again")
    options = parser.parse_args()
    if options.report:
        print(report(json.loads(options.report.read_text(encoding="utf-8"))))
        return
    options.scales = parse_scales(options.scales)
    options.timing_scales = {"sqlite": parse_scales(options.sqlite_timing_scales)}
    if options.postgres_timing_scales is not None:
        options.timing_scales["postgres"] = parse_scales(options.postgres_timing_scales)
    started = time.perf_counter()
    results = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "git": git_commit(),
        "options": {
            "databases": options.databases,
            "scales": options.scales,
            "requests": options.requests,
            "concurrency": options.concurrency,
            "workers": options.workers,
        },
        "databases": [],
    }
    workdir = Path(tempfile.mkdtemp(prefix="sectorplan-bench-"))
    try:
        for kind in options.databases.split(","):
            results["databases"].append(bench_database(kind.strip(), workdir, options))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["duration_s"] = time.perf_counter() - started
    results["load_average_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    text = report(results)
    results["table"] = text
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{results['git']['commit'][:10]}.json"
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(text)
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
