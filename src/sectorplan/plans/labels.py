"""How a plan's history names what its trail keeps in plain, language-free text: the parts a
comment is about, the activities by their titles, what each workflow step was given (by the
labels of the step's form), and the values as a page shows them (euros, Dutch dates, labels).
"""

from django.utils.translation import gettext_lazy as _

from sectorplan.accounts.history import amount, long_date, yes_no
from sectorplan.plans.constants import Verdict
from sectorplan.plans.forms import GENERAL_SECTION, ActionForm, AmountField, DateField
from sectorplan.plans.models import Plan

#: The parts of a plan a review comment can be about (else it names an activity's title).
SECTIONS = {
    GENERAL_SECTION: _("The plan in general"),
    "companies": _("Participating SW companies"),
    "contact": _("Contact person"),
    "activities": _("Activities"),
    "budget": _("Budget"),
}


def section_label(section: str) -> str:
    """A comment's section: a known part of the plan by its key, else an activity's title."""
    return str(SECTIONS.get(section, section))


def _step_forms() -> list[type[ActionForm]]:
    found, todo = [], list(ActionForm.__subclasses__())
    while todo:
        form = todo.pop()
        found.append(form)
        todo += form.__subclasses__()
    return found


def history_names(plan: Plan) -> dict[str, str]:
    """Trail keys → labels: comment sections, activities (by id) and the steps' fields."""
    names = {key: str(label) for key, label in SECTIONS.items()}
    names.update(
        {str(pk): f"‘{title}’" for pk, title in plan.activities.values_list("pk", "title")}
    )
    for form in _step_forms():
        for name, field in form.base_fields.items():
            if name != "lock_version" and field.label:
                names.setdefault(name, str(field.label))
    names.update({"amount": str(_("Amount")), "organisation": str(_("Organisation"))})
    return names


def budget_lines(value: str, sources: dict[str, str]) -> str:
    """The budget lines as the trail keeps them (`description | subsidy | co-financing |
    source; …`), one line each: "Projectleiding: subsidie € 1.000,00, cofinanciering
    € 1.000,00 (Centrumgemeente)"."""
    lines = []
    for line in value.split("; "):
        description, subsidy, cofinancing, source = line.rsplit(" | ", 3)
        lines.append(
            _("%(description)s: subsidy %(subsidy)s, co-financing %(cofinancing)s (%(source)s)")
            % {
                "description": description,
                "subsidy": amount(subsidy),
                "cofinancing": amount(cofinancing),
                "source": sources.get(source, source),
            }
        )
    return "\n".join(lines)


def history_values(programme) -> dict:
    """Trail keys → how their values read: labels of codes, euros, Dutch dates."""
    sources = dict(programme.cofinancing_source_choices())
    values: dict = {
        "activity_type": {t.code: t.label for t in programme.activity_types.all()},
        "cofinancing_source": sources,
        "verdict": dict(Verdict.choices),
        "budget": lambda value: budget_lines(value, sources),
        "grant": yes_no,
    }
    for form in _step_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, AmountField):
                values[name] = amount
            elif isinstance(field, DateField):
                values[name] = long_date
    return values
