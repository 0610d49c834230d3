"""The report form's guidance beside its questions: the sections with how far each is
answered (the side navigation), and, when a region submits too early, what is still open per
section with an error at each field (the error-summary pattern of the NL Design System and
GOV.UK).

Everything here is read from `Contents.required()`, the one statement of what a report needs
before it can be submitted, so the navigation, the summary and the submit guard agree.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sectorplan.monitoring.answers import Value
from sectorplan.monitoring.selectors import Contents

ACTIVITIES_ANCHOR = "activities-title"
INDICATORS_ANCHOR = "indicators-title"


@dataclass
class Section:
    """One section of the form as the navigation shows it."""

    anchor: str
    label: str
    answered: int = 0
    total: int = 0
    open_keys: list[str] = field(default_factory=list)

    @property
    def first_open(self) -> str:
        return self.open_keys[0] if self.open_keys else ""

    def as_json(self) -> dict:
        return {
            "anchor": self.anchor,
            "answered": self.answered,
            "total": self.total,
            "open": len(self.open_keys),
            "first_open": self.first_open,
        }


def sections_of(contents: Contents) -> list[Section]:
    """The sections in the order of the page: the questionnaire's blocks, then the plan's
    activities and its indicators when there are any."""
    missing = {key for _text, key in contents.missing()}
    sections = []
    for number, block in enumerate(contents.blocks, start=1):
        label = block.section_label + (f": {block.theme.label}" if block.theme else "")
        section = Section(f"section-{number}", label)
        for item in block.items:
            if not contents.shown(item):
                continue
            section.total += 1
            if not contents.values.get(item.slot, Value()).is_empty:
                section.answered += 1
            if item.key in missing:
                section.open_keys.append(item.key)
        sections.append(section)
    if contents.activities:
        section = Section(ACTIVITIES_ANCHOR, _("Activities of the plan"))
        for activity in contents.activities:
            progress = contents.progress.get(activity.pk)
            section.total += 1
            section.answered += bool(progress and progress.status)
            if f"a{activity.pk}" in missing:
                section.open_keys.append(f"a{activity.pk}_status")
        sections.append(section)
    if contents.indicators:
        section = Section(INDICATORS_ANCHOR, _("Indicators"))
        for indicator in contents.indicators:
            section.total += 1
            section.answered += indicator.pk in contents.indicator_values
            if f"i{indicator.pk}" in missing:
                section.open_keys.append(f"i{indicator.pk}")
        sections.append(section)
    return sections


def open_errors(sections: list[Section]) -> dict[str, str]:
    """The error shown at each field still open, by field name."""
    errors = {}
    for section in sections:
        for key in section.open_keys:
            if key.startswith("a"):
                errors[key] = _("Choose the status of this activity before you submit.")
            elif key.startswith("i"):
                errors[key] = _("Fill in what was realised before you submit.")
            else:
                errors[key] = _("Answer this question before you submit.")
    return errors
