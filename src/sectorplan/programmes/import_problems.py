"""Problems an import finds that name the programme. The CLI's wording is fixed by the
contract (section 2: the line, the region code and the programme's slug, as the command was
given it); on a job's page (an import started from the pages) the programme is named as the
user knows it, by its name."""

from django.utils.translation import gettext as _

from sectorplan.core.jobs import on_job_page


def region_unknown(line: int, code: str, programme) -> str:
    """The row's `region_code` is not one of the programme's regions."""
    values = {"line": line, "code": code, "slug": programme.slug, "name": programme.name}
    if on_job_page():
        return (
            _("line %(line)d: region_code '%(code)s' is not a region of the programme %(name)s")
            % values
        )
    return (
        _("line %(line)d: region_code '%(code)s' is not a region of programme '%(slug)s'") % values
    )


def activity_type_unknown(line: int, code: str, programme) -> str:
    """The row's `activity_type` is not one of the programme's activity types."""
    values = {"line": line, "code": code, "slug": programme.slug, "name": programme.name}
    if on_job_page():
        return (
            _(
                "line %(line)d: activity_type '%(code)s' is not an activity type of the "
                "programme %(name)s"
            )
            % values
        )
    return (
        _("line %(line)d: activity_type '%(code)s' is not an activity type of programme '%(slug)s'")
        % values
    )
