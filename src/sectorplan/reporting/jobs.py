"""The final report and the workbook as background jobs (core/jobs.py): for a big programme
they take seconds, which the office now waits for on a page with a progress bar instead of in
a request."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.core.jobs import Job, job_task
from sectorplan.programmes.models import Programme
from sectorplan.reporting import publication
from sectorplan.reporting.exports import About, all_tables, write_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The formats a job writes: the final report (DOCX, PDF) and the workbook of all tables.
FORMATS = {
    "docx": publication.CONTENT_TYPES["docx"],
    "pdf": publication.CONTENT_TYPES["pdf"],
    "xlsx": XLSX_TYPE,
}


def file_name(programme: Programme, fmt: str) -> str:
    return f"{programme.slug}-{'tabellen' if fmt == 'xlsx' else 'eindrapportage'}.{fmt}"


@job_task
def national_report_job(
    job: Job,
    *,
    programme_id: int,
    round_id: int | None,
    fmt: str,
    language: str,
    generated_by: str,
) -> None:
    programme = Programme.objects.get(pk=programme_id)
    round_ = programme.rounds.filter(pk=round_id).first() if round_id else None
    now = timezone.localtime()
    job.progress(10, _("Computing the national tables"))
    if fmt == "xlsx":
        buffer = BytesIO()
        write_xlsx(
            About(programme, round_, now, generated_by), all_tables(programme, round_), buffer
        )
        content = buffer.getvalue()
    else:
        job.progress(30, _("Writing the document"))
        content = publication.render(programme, round_, fmt, language, now)
    job.finish(content, name=file_name(programme, fmt), content_type=FORMATS[fmt])
