"""What the harness does inside Django, one subcommand per step; prints JSON on stdout.

    python -m benchmarks.tasks discover      what the pages of benchmarks.pages resolve to
    python -m benchmarks.tasks size          how much data the database holds
    python -m benchmarks.tasks timings       imports, final report and allocation, timed
    python -m benchmarks.tasks imports       the import timings alone
    python -m benchmarks.tasks big_import    a 500,000-row responses file: time, peak memory
    python -m benchmarks.tasks big_plans_import   the same for a plans file

Run with DJANGO_SETTINGS_MODULE=benchmarks.settings and the database of the run. Every write
a timing makes is rolled back, so the steps can be repeated at each scale.
"""

import csv
import functools
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.pages import PAGES  # noqa: E402
from sectorplan.accounts.constants import Role  # noqa: E402
from sectorplan.accounts.models import Membership  # noqa: E402
from sectorplan.cli.demo import PASSWORD, SLUG  # noqa: E402
from sectorplan.cli.load import wide_slug  # noqa: E402
from sectorplan.monitoring.answers import read  # noqa: E402
from sectorplan.monitoring.imports import responses_import_file  # noqa: E402
from sectorplan.monitoring.models import Answer, Report  # noqa: E402
from sectorplan.monitoring.selectors import blocks_of, questionnaire_with_questions  # noqa: E402
from sectorplan.plans.constants import EDITABLE_STATES  # noqa: E402
from sectorplan.plans.imports import plans_import_file  # noqa: E402
from sectorplan.plans.models import Activity, BudgetLine, Plan  # noqa: E402
from sectorplan.programmes.constants import ProgrammeStatus, QuestionKind  # noqa: E402
from sectorplan.programmes.models import Programme  # noqa: E402
from sectorplan.programmes.selectors import allocation_compute  # noqa: E402
from sectorplan.programmes.services import allocation_publish  # noqa: E402
from sectorplan.reporting import publication  # noqa: E402
from sectorplan.reporting.exports import About, all_tables, write_xlsx  # noqa: E402

#: The programmes the timings need (made by `generate-load --regions`).
WIDE_REGIONS = 350
ALLOCATION_REGIONS = 10_000
IMPORT_SIZES = tuple(
    int(n) for n in os.environ.get("BENCH_IMPORT_SIZES", "10000,100000").split(",") if n
)


class Rollback(Exception):
    pass


def timed(function, *, rollback: bool = True) -> float:
    """Seconds `function` takes, its writes undone afterwards."""
    return timed_with_cpu(function, rollback=rollback)[0]


def timed_with_cpu(function, *, rollback: bool = True) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `function`, its writes undone afterwards. The CPU time
    is this process's plus, on a local PostgreSQL, that of the server process serving this
    connection: on a shared machine it moves far less than the wall time does."""
    server = _server_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        with transaction.atomic():
            function()
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu + server()
            if rollback:
                raise Rollback
    except Rollback:
        pass
    return elapsed, cpu


def _server_cpu():
    """A function giving the CPU seconds the database server spent on this connection since
    this call (0 where that cannot be read: SQLite, whose work is this process's, or a
    server on another machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")

    def seconds() -> float:
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    start = seconds()
    return lambda: seconds() - start


# --- discover -------------------------------------------------------------------------------


def discover() -> dict:
    programme = Programme.objects.get(slug=SLUG)
    # The demo programme is closed once its history is written (nothing in it can be edited):
    # the plan edit page is measured on the first plan being written in an open programme.
    plan = (
        Plan.objects.filter(state__in=EDITABLE_STATES)
        .exclude(programme__status=ProgrammeStatus.CLOSED)
        .select_related("region", "programme")
        .order_by("programme__pk", "region__code")
        .first()
    )
    contact = Membership.objects.filter(region=plan.region, role=Role.REGION_CONTACT).first()
    office = programme.allocation_publications.order_by("pk").first().published_by
    theme = programme.themes.order_by("position").first()
    table = programme.report_tables.order_by("pk").first()
    context = {
        "programme": programme.slug,
        "round": programme.rounds.order_by("-position").first().code,
        "region": plan.region.code,
        "plan_programme": plan.programme.slug,
        "report_table": table.code if table else "",
        "search_term": (theme.label_nl.split()[-1] if theme else programme.name.split()[0]),
        "activity_type": programme.activity_types.order_by("theme__position", "position")
        .values_list("code", flat=True)
        .first()
        or "",
    }
    pages = []
    for page in PAGES:
        kwargs = {key: value.format(**context) for key, value in page.kwargs.items()}
        entry = {"name": page.name, "url_name": page.url_name, "user": page.user}
        try:
            path = reverse(page.url_name, kwargs=kwargs)
        except NoReverseMatch:
            entry["skipped"] = f"URL name '{page.url_name}' does not resolve (not built yet)"
        else:
            entry["path"] = path + ("?" + page.query.format(**context) if page.query else "")
        pages.append(entry)
    return {
        "context": context,
        "users": {"office": office.username, "region": contact.user.username},
        "password": PASSWORD,
        "pages": pages,
    }


# --- size -----------------------------------------------------------------------------------


def size() -> dict:
    return {
        "programmes": Programme.objects.count(),
        "plans": Plan.objects.count(),
        "reports": Report.objects.count(),
        "answers": Answer.objects.count(),
    }


# --- timings --------------------------------------------------------------------------------


def _sample_answer(item) -> str | None:
    """An answer the import accepts for the item's question (None: not importable)."""
    kind = item.question.kind
    if kind == QuestionKind.FILE:
        return None
    if kind == QuestionKind.YES_NO:
        return "ja"
    if kind in (QuestionKind.NUMBER, QuestionKind.AMOUNT, QuestionKind.PERCENTAGE):
        return "42"
    if kind == QuestionKind.CHOICE:
        return item.choice_codes[0]
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return ";".join(item.choice_codes[:2])
    return "Voorbeeldantwoord"


def _import_rows(programme: Programme, count: int):
    """`count` answer rows over the programme's regions: every importable question of its
    last round, region after region. Returns the round, the rows, and what they mean as
    (region, item, value) for the raw insert."""
    round_ = programme.rounds.order_by("-position").first()
    questionnaire = round_.questionnaires.order_by("-version").first()
    themes = list(programme.themes.all())
    items = []
    for block in blocks_of(questionnaire_with_questions(questionnaire.pk), themes):
        for item in block.items:
            answer = _sample_answer(item)
            if answer is not None:
                code = item.question.code
                items.append((f"{item.theme.code}.{code}" if item.theme else code, item, answer))
    rows, meant = [], []
    regions = [p.region for p in programme.participations.select_related("region")]
    for region in sorted(regions, key=lambda r: r.code):
        for code, item, answer in items:
            if len(rows) == count:
                return round_, questionnaire, rows, meant
            rows.append((region.code, code, answer))
            meant.append((region, item, read(item.question, answer, item.choice_codes)))
    if len(rows) < count:
        raise SystemExit(f"{programme.slug} has room for {len(rows)} answer rows, not {count}")
    return round_, questionnaire, rows, meant


def _raw_insert(round_, questionnaire, meant) -> None:
    """The floor: the same reports and answers written with bulk_create, nothing else."""
    regions = {region.pk: region for region, _item, _value in meant}
    reports = Report.objects.bulk_create(
        Report(round=round_, region=region, questionnaire=questionnaire)
        for region in regions.values()
    )
    by_region = {report.region_id: report for report in reports}
    answers = Answer.objects.bulk_create(
        (
            Answer(
                report=by_region[region.pk],
                question=item.question,
                theme=item.theme,
                code=value.code,
                number=value.number,
                text=value.text,
            )
            for region, item, value in meant
        ),
        batch_size=2000,
    )
    through = Answer.choices.through
    choices = {
        (item.question.pk, choice.code): choice.pk
        for _r, item, _v in meant[:500]
        for choice in item.question.choices.all()
    }
    through.objects.bulk_create(
        (
            through(answer_id=answer.pk, questionchoice_id=choices[(item.question.pk, code)])
            for answer, (_region, item, value) in zip(answers, meant, strict=True)
            for code in value.choices
        ),
        batch_size=2000,
    )


#: A plan has at least this many activities in the benchmark's files (the demo's have 2 to
#: 5; a file of one activity per plan times mostly the plans, not the rows).
ACTIVITIES_PER_PLAN = 10


def _plan_rows(programme: Programme, count: int) -> Iterator[tuple]:
    """`count` plan rows, region after region: ACTIVITIES_PER_PLAN per region, or more when
    `count` needs more to fit the programme's regions."""
    types = list(programme.activity_types.values_list("code", flat=True))
    codes = sorted(programme.participations.values_list("region__code", flat=True))
    per_region = max(ACTIVITIES_PER_PLAN, -(-count // len(codes)))
    rows = (
        (code, types[n % len(types)], f"Activiteit {n + 1}", f"{1000 + n}", f"{500 + n}")
        for code in codes
        for n in range(per_region)
    )
    return itertools.islice(rows, count)  # a stream: the big file is written, not held


def _write_plans_file(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["region_code", "activity_type", "title", "subsidy", "cofinancing"])
        writer.writerows(rows)


def _raw_plans(programme: Programme, rows: list[tuple]) -> None:
    """The floor: the same plans, activities and budget lines written with bulk_create."""
    regions = dict(programme.participations.values_list("region__code", "region_id"))
    types = dict(programme.activity_types.values_list("code", "pk"))
    plans = {
        plan.region_id: plan
        for plan in Plan.objects.bulk_create(
            Plan(programme=programme, region_id=regions[code], title=code)
            for code in dict.fromkeys(row[0] for row in rows)
        )
    }
    activities = Activity.objects.bulk_create(
        (
            Activity(
                plan=plans[regions[code]], activity_type_id=types[kind], title=title, position=n
            )
            for n, (code, kind, title, _subsidy, _cofinancing) in enumerate(rows)
        ),
        batch_size=2000,
    )
    BudgetLine.objects.bulk_create(
        (
            BudgetLine(activity=activity, subsidy=row[3], cofinancing=row[4])
            for activity, row in zip(activities, rows, strict=True)
        ),
        batch_size=2000,
    )


def time_imports(workdir: Path) -> list[dict]:
    programme = Programme.objects.get(slug=wide_slug_for(ALLOCATION_REGIONS, empty=True))
    results = []
    for count in IMPORT_SIZES:
        rows = list(_plan_rows(programme, count))
        path = workdir / f"plans-{count}.csv"
        _write_plans_file(path, rows)
        results.append(
            _compared(
                "plans",
                rows,
                functools.partial(_raw_plans, programme, rows),
                functools.partial(plans_import_file, programme=programme, source=path),
            )
        )
    for count in IMPORT_SIZES:
        round_, questionnaire, rows, meant = _import_rows(programme, count)
        path = workdir / f"responses-{count}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["region_code", "question_code", "answer"])
            writer.writerows(rows)
        results.append(
            _compared(
                "responses",
                rows,
                functools.partial(_raw_insert, round_, questionnaire, meant),
                functools.partial(responses_import_file, round_=round_, source=path),
            )
        )
    return results


#: How often each import and its bulk_create are timed (alternating); the median counts.
IMPORT_REPEAT = int(os.environ.get("BENCH_IMPORT_REPEAT", "1"))


def _compared(kind: str, rows: list[tuple], raw, imported) -> dict:
    """The import against raw bulk_create of the same rows, timed in turn IMPORT_REPEAT
    times, each rolled back: wall and CPU seconds (medians) and their ratios."""
    raws, imports = [], []
    for _ in range(IMPORT_REPEAT):
        raws.append(timed_with_cpu(raw))
        imports.append(timed_with_cpu(imported))
    raw_s, raw_cpu = (statistics.median(run[n] for run in raws) for n in (0, 1))
    import_s, import_cpu = (statistics.median(run[n] for run in imports) for n in (0, 1))
    return {
        "kind": kind,
        "rows": len(rows),
        "regions": len({row[0] for row in rows}),
        "import_s": import_s,
        "bulk_create_s": raw_s,
        "ratio": import_s / raw_s,
        "import_cpu_s": import_cpu,
        "bulk_create_cpu_s": raw_cpu,
        "cpu_ratio": import_cpu / raw_cpu,
        "runs": {"import": imports, "bulk_create": raws},
    }


def wide_slug_for(regions: int, *, empty: bool) -> str:
    return wide_slug(Programme.objects.get(slug=SLUG), regions, empty)


def time_final_report(workdir: Path, repeat: int = 3) -> list[dict]:
    results = []
    for slug in (SLUG, wide_slug_for(WIDE_REGIONS, empty=False)):
        programme = Programme.objects.get(slug=slug)
        now, by = timezone.localtime(), "benchmark"

        def docx(programme=programme, now=now):
            content = publication.render(programme, None, "docx", settings.LANGUAGE_CODE, now)
            (workdir / "report.docx").write_bytes(content)

        def pdf(programme=programme, now=now):
            content = publication.render(programme, None, "pdf", settings.LANGUAGE_CODE, now)
            (workdir / "report.pdf").write_bytes(content)

        def xlsx(programme=programme, now=now, by=by):
            write_xlsx(About(programme, None, now, by), all_tables(programme), workdir / "t.xlsx")

        formats = [("docx", docx), ("xlsx", xlsx)]
        if publication.pdf.available():
            formats.append(("pdf", pdf))
        for fmt, function in formats:
            runs = [timed(function, rollback=False) for _ in range(repeat)]
            results.append(
                {
                    "format": fmt,
                    "regions": programme.participations.count(),
                    "median_s": statistics.median(runs),
                    "runs_s": runs,
                }
            )
    return results


def time_allocation(repeat: int = 3) -> dict:
    programme = Programme.objects.get(slug=wide_slug_for(ALLOCATION_REGIONS, empty=True))
    office = Programme.objects.get(slug=SLUG).allocation_publications.first().published_by
    compute = [timed(lambda: allocation_compute(programme), rollback=False) for _ in range(repeat)]
    publish = timed(lambda: allocation_publish(programme=programme, by=office))
    return {
        "regions": programme.participations.count(),
        "compute_median_s": statistics.median(compute),
        "compute_runs_s": compute,
        "publish_s": publish,
    }


def time_report_job(repeat: int = 3) -> dict:
    """Seconds from the office's click (the job queued and committed) until the final report's
    first byte can be read, with a worker already running as its own process (`sectorplan
    worker`, polling every 0.1 s), for the 350-region programme: what the office waits."""
    import subprocess

    from sectorplan.core.jobs import Job, JobState, job_start
    from sectorplan.reporting.jobs import national_report_job

    programme = Programme.objects.get(slug=wide_slug_for(WIDE_REGIONS, empty=False))
    office = Programme.objects.get(slug=SLUG).allocation_publications.first().published_by
    worker = subprocess.Popen(
        [sys.executable, "-m", "sectorplan", "worker", "--interval", "0.1", "-v", "0"]
    )
    runs = []
    try:
        time.sleep(3)  # the worker's start is not part of the wait
        for _ in range(repeat):
            started = time.perf_counter()
            job = job_start(
                by=office,
                title="benchmark",
                task=national_report_job,
                programme_id=programme.pk,
                round_id=None,
                fmt="docx",
                language="nl",
                generated_by="benchmark",
            )
            while True:
                job.refresh_from_db()
                if job.state in (JobState.DONE, JobState.FAILED):
                    break
                time.sleep(0.02)
            if job.state != JobState.DONE:
                raise SystemExit(f"the report job failed: {job.errors}")
            with job.file.open("rb") as handle:
                handle.read(1)
            runs.append(time.perf_counter() - started)
            job.file.delete(save=False)
            Job.objects.filter(pk=job.pk).delete()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return {
        "regions": programme.participations.count(),
        "median_s": statistics.median(runs),
        "runs_s": runs,
    }


def timings() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        return {
            "allocation": time_allocation(),
            "final_report": time_final_report(workdir),
            "report_job": time_report_job(),
            "imports": time_imports(workdir),
        }


def big_import() -> dict:
    """A valid responses file of BENCH_BIG_IMPORT rows (default 500,000) imported into a
    programme of the load template over the 10,000 regions, with the file-size limit raised
    for it: seconds, rows per second and the process's peak memory (RSS) before and after,
    in its own process so the peak is the import's. Rolled back afterwards."""

    count = int(os.environ.get("BENCH_BIG_IMPORT", "500000"))
    settings.SECTORPLAN_IMPORT_MAX_BYTES = 1 << 40
    with transaction.atomic():
        result = _big_import(count)
        transaction.set_rollback(True)
    return result


def _big_import(count: int) -> dict:
    """In a transaction the caller rolls back: a programme made from the load template (the
    demo's questionnaire plus `EXTRA_QUESTIONS` per round) over the 10,000 regions of the
    wide programme, and the import into its last round."""

    from sectorplan.cli.load import load_template_file
    from sectorplan.programmes.models import Participation
    from sectorplan.programmes.services import programme_create

    demo = Programme.objects.get(slug=SLUG)
    wide = Programme.objects.get(slug=wide_slug_for(ALLOCATION_REGIONS, empty=True))
    programme = programme_create(
        slug="bench-big-import",
        name="Benchmark: big import",
        budget=demo.budget,
        template=load_template_file(demo.template),
    )
    Programme.objects.filter(pk=programme.pk).update(region_set=wide.region_set)
    programme.participations.all().delete()
    Participation.objects.bulk_create(
        (
            Participation(programme=programme, region_id=region_id)
            for region_id in wide.participations.values_list("region_id", flat=True)
        ),
        batch_size=2000,
    )
    programme = Programme.objects.get(pk=programme.pk)
    round_ = programme.rounds.order_by("-position").first()
    questionnaire = round_.questionnaires.order_by("-version").first()
    themes = list(programme.themes.all())
    items = []
    for block in blocks_of(questionnaire_with_questions(questionnaire.pk), themes):
        for item in block.items:
            answer = _sample_answer(item)
            if answer is not None:
                code = item.question.code
                items.append((f"{item.theme.code}.{code}" if item.theme else code, answer))
    codes = sorted(
        programme.participations.values_list("region__code", flat=True).iterator(chunk_size=5000)
    )
    if len(codes) * len(items) < count:
        raise SystemExit(f"room for {len(codes) * len(items)} rows, not {count}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses-big.csv"
        written = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["region_code", "question_code", "answer"])
            for code in codes:
                for question, answer in items:
                    if written == count:
                        break
                    writer.writerow([code, question, answer])
                    written += 1
        return _measured(count, path, lambda: responses_import_file(round_=round_, source=path))


def _measured(count: int, path: Path, run) -> dict:
    """Run one big import of `count` rows from `path`: its wall and CPU time and the
    process's peak memory before and after."""
    import resource

    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": count,
        "file_mb": path.stat().st_size / 1e6,
        "import_s": seconds,
        "cpu_s": cpu,
        "rows_per_s": count / seconds,
        "rss_before_mb": before_kb / 1024,
        "rss_peak_mb": peak_kb / 1024,
    }


def big_plans_import() -> dict:
    """A valid plans file of BENCH_BIG_IMPORT rows (default 500,000) over the 10,000 regions
    of the empty wide programme, as `big_import` measures the responses file."""

    count = int(os.environ.get("BENCH_BIG_IMPORT", "500000"))
    settings.SECTORPLAN_IMPORT_MAX_BYTES = 1 << 40
    programme = Programme.objects.get(slug=wide_slug_for(ALLOCATION_REGIONS, empty=True))
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        path = Path(tmp) / "plans-big.csv"
        _write_plans_file(path, _plan_rows(programme, count))
        measured = _measured(
            count, path, lambda: plans_import_file(programme=programme, source=path)
        )
        transaction.set_rollback(True)
    return measured


def imports() -> dict:
    """Only the import timings (plans and responses against bulk_create)."""
    with tempfile.TemporaryDirectory() as tmp:
        return {"imports": time_imports(Path(tmp))}


TASKS = {
    "imports": imports,
    "discover": discover,
    "size": size,
    "timings": timings,
    "report_job": time_report_job,
    "big_import": big_import,
    "big_plans_import": big_plans_import,
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in TASKS:
        raise SystemExit(f"usage: python -m benchmarks.tasks {{{','.join(TASKS)}}}")
    json.dump(TASKS[sys.argv[1]](), sys.stdout, default=str)
