"""The responses import of the pages as a background job (core/jobs.py)."""

from django.utils.translation import gettext as _

from sectorplan.core.jobs import Job, job_task, upload_used
from sectorplan.monitoring.imports import responses_import_file
from sectorplan.programmes.models import Round


@job_task
def responses_import_job(
    job: Job, *, round_id: int, path: str, filename: str, back_url: str, state: str
) -> None:
    with upload_used(path) as source, job.back_on_refusal(back_url):
        result = responses_import_file(
            round_=Round.objects.select_related("programme").get(pk=round_id),
            source=source,
            filename=filename,
            state=state,
            by=job.requested_by,
            progress=job.rows_progress,
        )
    job.finish(
        summary=_("Imported %(answers)s answers for %(regions)s regions.")
        % {"answers": result.answers, "regions": result.regions}
    )
