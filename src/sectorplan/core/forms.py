"""What every page's forms share."""

from django.utils.translation import gettext as _


def error_summary(errors, form=None, shown=True, anchor=None) -> list[tuple[str, str | None]]:
    """(message, anchor) for the error summary: service refusals (linking to `anchor`, the
    form they came from), then the form's own errors, each linking to its field."""
    items = [(str(error), anchor) for error in errors]
    if form is not None and form.is_bound:
        items += [(str(error), None) for error in form.non_field_errors()]
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            if name == "lock_version":
                items += [(_("The form is incomplete; reload the page and try again."), None)]
                continue
            anchor = f"#{form[name].auto_id}" if shown else None
            items += [(f"{form[name].label}: {error}", anchor) for error in field_errors]
    return items
