from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse


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
