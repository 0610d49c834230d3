"""What stops a draft questionnaire from being published, in the office's words.

`questionnaires.errors_in` stays the rule for every definition (it also checks uploads and
templates, and names codes); this lists the same problems by the questions' texts, each
once, so the designer can show them all at once.
"""

from django.utils.translation import gettext as _

from sectorplan.programmes.constants import QuestionKind
from sectorplan.programmes.designer import all_question_codes, answer_codes, label_of
from sectorplan.programmes.questionnaires import CHOICE_KINDS, CONDITION_KINDS


def problems(definition: dict) -> list[str]:
    found: list[str] = []
    sections = definition.get("sections") or []
    if not sections:
        return [_("Add a section with at least one question.")]
    seen: dict[str, tuple[dict, dict]] = {}
    everywhere = all_question_codes(definition)
    codes: dict[str, dict] = {}
    for section in sections:
        questions = section.get("questions") or []
        if not questions:
            found.append(
                _("The section ‘%(section)s’ has no questions yet.")
                % {"section": label_of(section)}
            )
        for question in questions:
            name = _("‘%(question)s’") % {"question": label_of(question) or question.get("code")}
            code = question.get("code")
            if code in codes:
                found.append(
                    _("%(question)s and ‘%(other)s’ have the same code ‘%(code)s’.")
                    % {"question": name, "other": label_of(codes[code]), "code": code}
                )
            codes[code] = question
            if not question.get("label_nl"):
                found.append(
                    _("A question in ‘%(section)s’ has no Dutch text.")
                    % {"section": label_of(section)}
                )
            if question.get("kind") not in QuestionKind.values:
                found.append(_("%(question)s has no kind of answer.") % {"question": name})
            if question.get("kind") in CHOICE_KINDS and len(question.get("choices") or []) < 2:
                found.append(
                    _("%(question)s is a choice question: give it at least two choices.")
                    % {"question": name}
                )
            found.extend(_condition_problems(question, name, section, seen, everywhere))
            seen[code] = (question, section)
    return found


def _condition_problems(question, name, section, seen, everywhere) -> list[str]:
    condition = question.get("shown_if")
    if not condition:
        return []
    other_code = condition.get("question")
    if other_code not in seen:
        if other_code in everywhere:
            return [
                _(
                    "%(question)s depends on an answer to a question that comes after it: move "
                    "that question above it, or change the condition."
                )
                % {"question": name}
            ]
        return [
            _("%(question)s depends on a question that is no longer there: change the condition.")
            % {"question": name}
        ]
    other, other_section = seen[other_code]
    if other.get("kind") not in CONDITION_KINDS:
        return [
            _("%(question)s depends on ‘%(other)s’, which is not a yes/no or choice question.")
            % {"question": name, "other": label_of(other)}
        ]
    if str(condition.get("equals")) not in answer_codes(other):
        return [
            _(
                "%(question)s depends on an answer that ‘%(other)s’ no longer has: change the "
                "condition."
            )
            % {"question": name, "other": label_of(other)}
        ]
    if section.get("per_theme") and other_section is not section:
        return [
            _(
                "%(question)s is asked per theme, so it can only depend on a question of its "
                "own section."
            )
            % {"question": name}
        ]
    return []
