"""Questionnaire definitions: read, checked and turned into rows.

A definition is data, written in a programme template (`[[rounds]]`) or in a file the
office uploads for one round:

    [[sections]]
    code = "algemeen"
    label_nl = "Algemeen"
    per_theme = false            # true: the questions are asked once per theme
    questions = [
      { code = "klaar", kind = "yes_no", required = true, label_nl = "Klaar?" },
      { code = "wanneer", kind = "short_text", label_nl = "Wanneer dan?",
        shown_if = { question = "klaar", equals = "no" } },
      { code = "soort", kind = "choice", label_nl = "Soort",
        choices = [{ code = "a", label_nl = "A" }, { code = "b", label_nl = "B" }] },
    ]

A definition with `questions` and no `sections` is one section. Yes/no answers are coded
`yes`, `no`, `unknown`.
"""

import tomllib
from typing import Any

import tomli_w
from django.utils.translation import gettext as _

from sectorplan.programmes.constants import QuestionKind, YesNo

CHOICE_KINDS = frozenset({QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE})
CONDITION_KINDS = CHOICE_KINDS | {QuestionKind.YES_NO}
DEFAULT_SECTION = {"code": "vragen", "label_nl": "Vragen", "label_en": "Questions"}


class DefinitionError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """The definition as `{"sections": [...]}`, whichever way it was written."""
    if "sections" in data:
        return {"sections": data["sections"]}
    return {"sections": [{**DEFAULT_SECTION, "questions": data.get("questions", [])}]}


def parse_file(content: bytes) -> dict[str, Any]:
    """An uploaded questionnaire file (TOML), normalised; DefinitionError when unreadable."""
    try:
        data = tomllib.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DefinitionError([_("The file is not UTF-8 text.")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(
            [_("The file is not valid TOML: %(error)s") % {"error": exc}]
        ) from None
    return normalise(data)


def to_toml(definition: dict[str, Any]) -> str:
    return tomli_w.dumps(definition)


def codes_of(question: dict[str, Any]) -> set[str]:
    """The answer codes a question with coded answers accepts."""
    if question.get("kind") == QuestionKind.YES_NO:
        return set(YesNo.values)
    return {str(choice.get("code")) for choice in question.get("choices", [])}


def errors_in(definition: dict[str, Any], *, where: str, cells: dict | None = None) -> list[str]:
    """Every problem in a normalised definition. `cells` maps (table, row, column) of the
    programme's national tables; a question may fill one such cell."""
    errors: list[str] = []
    cells = cells or {}
    sections = definition.get("sections")
    if not isinstance(sections, list) or not sections:
        return [_("%(where)s: at least one section with questions is required") % {"where": where}]
    check_codes(errors, f"{where}.sections", sections)
    kinds = set(QuestionKind.values)
    seen: dict[str, tuple[dict, str]] = {}
    for section in sections:
        questions = section.get("questions", [])
        if not questions:
            errors.append(
                _("%(where)s: section '%(code)s' has no questions")
                % {"where": where, "code": section.get("code")}
            )
        for question in questions:
            code = question.get("code")
            at = f"{where}.{code}"
            if code in seen:
                errors.append(
                    _("%(where)s: duplicate code '%(code)s'") % {"where": where, "code": code}
                )
            if not isinstance(code, str) or not code.strip():
                errors.append(_("%(where)s: every question needs a 'code'") % {"where": where})
            if not question.get("label_nl"):
                errors.append(_("%(where)s: 'label_nl' is required") % {"where": at})
            kind = question.get("kind")
            if kind not in kinds:
                errors.append(
                    _("%(where)s: kind must be one of %(kinds)s")
                    % {"where": at, "kinds": ", ".join(sorted(kinds))}
                )
            if kind in CHOICE_KINDS:
                choices = question.get("choices", [])
                if len(choices) < 2:
                    errors.append(_("%(where)s: give at least two choices") % {"where": at})
                check_codes(errors, f"{at}.choices", choices)
            elif "choices" in question:
                errors.append(_("%(where)s: only choice questions have choices") % {"where": at})
            errors.extend(_condition_errors(question, at, section, seen))
            if "table" in question:
                cell = (question["table"], question.get("row"), question.get("column"))
                if cell not in cells:
                    errors.append(
                        _("%(where)s: no table cell %(cell)s")
                        % {"where": at, "cell": "/".join(map(str, cell))}
                    )
                elif kind != QuestionKind.YES_NO or section.get("per_theme"):
                    errors.append(
                        _("%(where)s: table questions are yes/no, outside per-theme sections")
                        % {"where": at}
                    )
            seen[code] = (question, section.get("code"))
    return errors


def _condition_errors(question: dict, at: str, section: dict, seen: dict) -> list[str]:
    condition = question.get("shown_if")
    if condition is None:
        return []
    if not isinstance(condition, dict) or set(condition) != {"question", "equals"}:
        return [_("%(where)s: shown_if needs 'question' and 'equals'") % {"where": at}]
    earlier = seen.get(condition["question"])
    if earlier is None:
        return [
            _("%(where)s: shown_if names '%(code)s', which is not an earlier question")
            % {"where": at, "code": condition["question"]}
        ]
    other, other_section = earlier
    if other.get("kind") not in CONDITION_KINDS:
        return [_("%(where)s: shown_if must name a yes/no or choice question") % {"where": at}]
    if str(condition["equals"]) not in codes_of(other):
        return [
            _("%(where)s: '%(value)s' is not an answer of '%(code)s' (%(codes)s)")
            % {
                "where": at,
                "value": condition["equals"],
                "code": condition["question"],
                "codes": ", ".join(sorted(codes_of(other))),
            }
        ]
    if section.get("per_theme") and other_section != section.get("code"):
        return [
            _("%(where)s: a per-theme question depends only on its own section") % {"where": at}
        ]
    return []


def check_codes(errors: list[str], where: str, items: list[dict[str, Any]]) -> None:
    seen = set()
    for item in items:
        code = item.get("code")
        if not isinstance(code, str) or not code.strip():
            errors.append(_("%(where)s: every entry needs a 'code'") % {"where": where})
        elif code in seen:
            errors.append(
                _("%(where)s: duplicate code '%(code)s'") % {"where": where, "code": code}
            )
        seen.add(code)
        if not item.get("label_nl"):
            errors.append(
                _("%(where)s.%(code)s: 'label_nl' is required") % {"where": where, "code": code}
            )
