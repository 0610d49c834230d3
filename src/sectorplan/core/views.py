from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render

from sectorplan.core import jobs


def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def stored_file_response(document):
    """An uploaded file (a model with `file`, `name` and `content_type`) as a download under
    its own name; 404 when the file is gone from the storage."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )


@login_required
def job_page(request, pk):
    """A background job as its requester follows it: a progress bar that a small script
    updates (`?format=json`), and without script the page reloading itself; the file or the
    next page when it is done, the problems when it failed."""
    job = jobs.job_for(request.user, pk)
    if job is None:
        raise Http404
    job.live()
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "state": job.state,
                "state_label": job.get_state_display(),
                "percent": job.percent,
                "step": job.step,
                "finished": job.finished,
            }
        )
    return render(request, "core/job.html", {"job": job, "refresh_seconds": REFRESH_SECONDS})


#: How often the page without script reloads itself while the job runs.
REFRESH_SECONDS = 2


@login_required
def job_file(request, pk):
    job = jobs.job_for(request.user, pk)
    if job is None or job.state != jobs.JobState.DONE or not job.file:
        raise Http404
    return stored_file_response(job)
