"""The basis import of the pages as a background job (core/jobs.py)."""

from django.utils.translation import ngettext

from sectorplan.core.jobs import Job, job_task, upload_used
from sectorplan.programmes import services
from sectorplan.programmes.models import Programme


@job_task
def basis_import_job(
    job: Job, *, programme_id: int, path: str, filename: str, back_url: str
) -> None:
    """On success the job goes on to `next_url` (the allocation); when the file is refused,
    back to `back_url` (the import page), with the problems on the job's page."""
    with upload_used(path) as source, job.back_on_refusal(back_url):
        count = services.basis_import_file(
            programme=Programme.objects.get(pk=programme_id),
            source=source,
            filename=filename,
            by=job.requested_by,
            progress=job.rows_progress,
        )
    job.finish(
        summary=ngettext(
            "Imported the basis of %(count)d region. Check and publish the allocation.",
            "Imported the basis of %(count)d regions. Check and publish the allocation.",
            count,
        )
        % {"count": count}
    )
