"""The national tables as a page shows them: a title for every table, a label for every
column, and the label of every state or theme a cell holds. The tables themselves
(reporting/tables.py) keep their codes, which the CSV, the API and scripts rely on
(CONTRACTS §5); nothing on a Dutch page shows them."""

from django.utils.translation import gettext_lazy as _

from sectorplan.monitoring.constants import NOT_STARTED, NOT_STARTED_LABEL, ReportState
from sectorplan.plans.constants import PlanState
from sectorplan.programmes.models import Programme
from sectorplan.reporting.tables import FIXED_AFTER, FIXED_BEFORE, NO_PLAN

TITLES = {
    "allocation": _("Allocation"),
    "coverage": _("Coverage of the themes"),
    "regions": _("Regions"),
}

COLUMNS = {
    "region_code": _("Region"),
    "region_name": _("Name"),
    "basis": _("Basis"),
    "subsidy": _("Subsidy"),
    "cofinancing": _("Co-financing"),
    "theme": _("Theme"),
    "activity_type": _("Activity type"),
    "plans": _("Plans"),
    "total": _("of"),
    "plan_status": _("Plan"),
    "spent": _("Spent"),
    "round_status": _("Report"),
}

#: Columns a page leaves out because another column shows the same thing in words
#: (coverage: the activity type column shows its label).
HIDDEN = {"coverage": {"label"}}

STATES = {
    "plan_status": {**dict(PlanState.choices), NO_PLAN: _("No plan")},
    "round_status": {**dict(ReportState.choices), NOT_STARTED: NOT_STARTED_LABEL},
}


def table_titles(programme: Programme) -> list[tuple[str, str]]:
    """(code, title) of every table of the programme, in the order of `table_codes`."""
    answers = [(t.code, t.label) for t in programme.report_tables.all()]
    return [
        *((code, TITLES[code]) for code in FIXED_BEFORE),
        *answers,
        *((code, TITLES[code]) for code in FIXED_AFTER),
    ]


def column_label(column: str) -> str:
    return str(COLUMNS.get(column, column))


def value_labels(programme: Programme) -> dict[str, dict[str, str]]:
    """Per column that holds codes: code → label."""
    return {
        **STATES,
        "theme": {theme.code: theme.label for theme in programme.themes.all()},
        "activity_type": {t.code: t.label for t in programme.activity_types.all()},
    }
