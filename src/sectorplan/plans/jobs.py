"""The plans import of the pages as a background job (core/jobs.py)."""

from django.utils.translation import gettext as _

from sectorplan.core.jobs import Job, job_task, upload_used
from sectorplan.plans.imports import plans_import_file
from sectorplan.programmes.models import Programme


@job_task
def plans_import_job(
    job: Job, *, programme_id: int, path: str, filename: str, back_url: str, state: str | None
) -> None:
    with upload_used(path) as source, job.back_on_refusal(back_url):
        result = plans_import_file(
            programme=Programme.objects.get(pk=programme_id),
            source=source,
            filename=filename,
            state=state or None,
            by=job.requested_by,
            progress=job.rows_progress,
        )
    job.finish(
        summary=_(
            "Imported %(activities)s activities for %(regions)s regions; %(replaced)s plans "
            "changed."
        )
        % {
            "activities": result.activities,
            "regions": result.regions,
            "replaced": result.replaced,
        }
    )
