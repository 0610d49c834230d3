"""Long work in the background: a `Job` is what the user sees (what, how far, the file when
done), a task of django-tasks is what the worker runs (`sectorplan worker`, or `run_ready()`
in-process). See docs/decisions/0012-background-jobs.md.

    job = jobs.job_start(by=user, title="…", task=final_report_job, programme_id=…, fmt="docx")
    # in the task, which takes the job's id first:
    @jobs.job_task
    def final_report_job(job: Job, *, programme_id: int, fmt: str) -> None:
        job.progress(10, _("Computing the tables"))
        job.finish(content, filename="…", content_type="…")

A task that raises `Refused` fails the job with those messages for the user; any other error
fails it with a general message (the error itself goes to the log, never to the page).
"""

import contextlib
import contextvars
import functools
import json
import logging
import shutil
import tempfile
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sectorplan.core.errors import Refused

logger = logging.getLogger(__name__)


class JobState(models.TextChoices):
    QUEUED = "wachtrij", _("Waiting")
    RUNNING = "bezig", _("Running")
    DONE = "klaar", _("Done")
    FAILED = "mislukt", _("Failed")


FINISHED = (JobState.DONE, JobState.FAILED)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    #: The language the job writes in: the requester's at the time they asked.
    language = models.CharField(max_length=10, default="nl")
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=300, blank=True)
    #: What the user reads when the job failed, one problem a line.
    errors = models.JSONField(default=list)
    file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    #: Where the user goes on when the job is done (a page), when it has no file.
    next_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def progress(self, percent: int, step: str = "") -> None:
        """How far the job is, for its page at once. Outside a transaction it is written to
        the job's row; inside one (an import writes all-or-nothing) the row would show it
        only at the end, so it goes to a small file in the storage (the data dir, or the
        bucket the app servers share) that the page reads."""
        self.percent, self.step = max(0, min(100, percent)), str(step)[:300]
        if transaction.get_connection().in_atomic_block:
            name = _progress_name(self.pk)
            content = json.dumps({"percent": self.percent, "step": self.step}).encode()
            default_storage.delete(name)
            default_storage.save(name, ContentFile(content))
        else:
            Job.objects.filter(pk=self.pk).update(percent=self.percent, step=self.step)

    def rows_progress(self, done: int, total: int | None) -> None:
        """An import's progress: rows checked (`total` not known yet), then rows written."""
        if total is None:
            self.progress(5, gettext("Checking the file: %(rows)s rows read") % {"rows": _n(done)})
        else:
            self.progress(
                10 + 85 * done // max(total, 1),
                gettext("Importing: %(done)s of %(total)s rows")
                % {"done": _n(done), "total": _n(total)},
            )

    @contextlib.contextmanager
    def back_on_refusal(self, url: str):
        """Refused, the job's page links back to `url` (the form to try again) rather than on
        to its `next_url`."""
        try:
            yield
        except Refused:
            self.next_url = url
            Job.objects.filter(pk=self.pk).update(next_url=url)
            raise

    def live(self) -> "Job":
        """The job with the progress an import's transaction has not written yet."""
        if self.state == JobState.RUNNING:
            try:
                with default_storage.open(_progress_name(self.pk)) as handle:
                    ahead = json.loads(handle.read())
            except (OSError, ValueError):
                return self
            self.percent, self.step = ahead["percent"], ahead["step"]
        return self

    def finish(
        self, content: bytes = b"", *, name: str = "", content_type: str = "", summary: str = ""
    ) -> None:
        """Done: with the file it wrote, or with `summary`, what it did in a sentence."""
        if content:
            self.file.save(name, ContentFile(content), save=False)
        self.name, self.content_type, self.step = name, content_type, str(summary)[:300]
        self.state, self.percent, self.finished_at = JobState.DONE, 100, timezone.now()
        self.save()
        default_storage.delete(_progress_name(self.pk))

    def fail(self, errors: list[str]) -> None:
        self.state, self.errors, self.finished_at = JobState.FAILED, errors, timezone.now()
        self.save(update_fields=["state", "errors", "finished_at"])
        default_storage.delete(_progress_name(self.pk))


def _progress_name(pk) -> str:
    return f"jobs/progress/{pk}.json"


def _n(number: int) -> str:
    return number_format(number, force_grouping=True)


def upload_keep(upload) -> str:
    """An uploaded file kept in the storage (the data dir, or the bucket the app servers and
    workers share) for the job that reads it: an upload lasts only as long as its request.
    `upload_used` removes it when the job ends. Returns its name in the storage."""
    name = PurePath(upload.name).name or "upload"
    return default_storage.save(f"imports/{uuid.uuid4().hex}/{name}", upload)


@contextlib.contextmanager
def upload_used(name: str):
    """In a task: the kept upload as a local file (the imports read it more than once),
    removed from the storage when the task ends, whatever the end."""
    try:
        with (
            default_storage.open(name, "rb") as stored,
            tempfile.NamedTemporaryFile(suffix=PurePath(name).suffix) as local,
        ):
            shutil.copyfileobj(stored, local)
            local.flush()
            yield Path(local.name)
    finally:
        default_storage.delete(name)


#: True while a job's task runs: what it says is read on the job's page (a programme by its
#: name), not in a terminal (where CONTRACTS fixes the wording, with the programme's slug).
_ON_JOB_PAGE = contextvars.ContextVar("sectorplan_on_job_page", default=False)


def on_job_page() -> bool:
    """A message made now is shown on a job's page (see `_ON_JOB_PAGE`)."""
    return _ON_JOB_PAGE.get()


def job_task(function):
    """Turn `function(job, **kwargs)` into a task of django-tasks that takes the job's id:
    it marks the job running, runs in the job's language, and finishes or fails it."""
    from django_tasks import task

    @functools.wraps(function)
    def run(job_id: str, **kwargs):
        job = Job.objects.get(pk=job_id)
        job.state, job.started_at = JobState.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
        on_page = _ON_JOB_PAGE.set(True)
        try:
            with translation.override(job.language):
                function(job, **kwargs)
        except Refused as exc:
            job.fail([str(error) for error in exc.errors])
            return
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, function.__name__)
            with translation.override(job.language):
                job.fail([gettext("Something went wrong; the office has been told. Try again.")])
            raise
        finally:
            _ON_JOB_PAGE.reset(on_page)
        if not job.finished:
            job.finish()

    return task()(run)


def job_start(*, by, title: str, task, next_url: str = "", **kwargs) -> Job:
    """A new job for `by`, queued for the worker in the current transaction (the worker sees
    it when that commits; rolled back, neither job nor task is left)."""
    job = Job.objects.create(
        title=str(title)[:300],
        requested_by=by if by is not None and by.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        next_url=next_url,
    )
    task.enqueue(str(job.pk), **kwargs)
    return job


def job_for(user, pk) -> Job | None:
    """The job, if `user` asked for it (nobody sees another's job or file)."""
    return Job.objects.filter(pk=pk, requested_by=user).first() if user.is_authenticated else None


def run_ready(limit: int | None = None) -> int:
    """Run the queued tasks in this process, one after another, until none is left (or
    `limit` ran): for tests and for one-off use. `sectorplan worker` is the real worker."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    done = 0
    while limit is None or done < limit:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                break
            result.claim(worker.worker_id)
        worker.run_task(result)
        done += 1
    return done
