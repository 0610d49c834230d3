"""The pages that take an import file (basis, plans, responses): one form, and the import started as
a background job (core/jobs.py) whose page shows the progress and then the problems, each
with its line, or the way on. What the page can tell at once (no CSV/XLSX by its name, too
large) it shows on the form itself."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from sectorplan.core.errors import Refused
from sectorplan.core.jobs import job_start, upload_keep
from sectorplan.core.tabular import check_file


class ImportForm(forms.Form):
    """A file and, where the import offers one, the state to bring what it imports to."""

    file = forms.FileField(label=_("File"))
    state = forms.ChoiceField(label=_("Afterwards"), required=False)

    def __init__(self, *args, columns: str, states: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (comma or semicolon) or XLSX with the columns %(columns)s. Nothing is "
            "imported when the file has an error."
        ) % {"columns": columns}
        if states:
            self.fields["state"].choices = states
        else:
            del self.fields["state"]


def import_start(
    request, form: ImportForm, *, title: str, task, next_url: str, back_url: str, **kwargs
):
    """The import of the form's file as a job, and the way to its page; None (with the
    problem on the form) when the file is refused by its name or size."""
    upload = form.cleaned_data["file"]
    try:
        check_file(upload, upload.name)
    except Refused as exc:
        for error in exc.errors:
            form.add_error("file", error)
        return None
    job = job_start(
        by=request.user,
        title=title,
        task=task,
        next_url=next_url,
        path=upload_keep(upload),
        filename=upload.name,
        back_url=back_url,
        **kwargs,
    )
    return redirect("job", pk=job.pk)


def import_page(
    request,
    *,
    columns,
    states: list[tuple[str, str]],
    heading: str,
    intro: str,
    title: str,
    task,
    next_url: str,
    back_url: str,
    job_kwargs,
    cancel_url: str | None = None,
):
    """The import form, and on a good file the import started as a job. `job_kwargs(state)`
    gives the task's arguments for the state chosen on the form ("" for none); the form's
    way back is `cancel_url` (the page the job leads on to, `next_url`, when none)."""
    options = {"columns": ", ".join(columns), "states": states}
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, **options)
        if form.is_valid():
            started = import_start(
                request,
                form,
                title=title,
                task=task,
                next_url=next_url,
                back_url=back_url,
                **job_kwargs(form.cleaned_data.get("state") or ""),
            )
            if started:
                return started
    else:
        form = ImportForm(**options)
    return render(
        request,
        "core/import_form.html",
        {"form": form, "heading": heading, "intro": intro, "cancel_url": cancel_url or next_url},
    )
