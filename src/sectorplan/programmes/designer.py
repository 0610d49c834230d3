"""Editing a questionnaire definition the way the designer does: one change at a time.

The designer works on the same definition as the TOML file (see `questionnaires`): a dict
`{"sections": [...]}`. Every function here takes a definition and changes it in place; it
raises `Refused` with a message the office can act on. Checking the whole definition
(conditions on later questions, duplicate codes, choice questions without choices) stays in
`questionnaires.errors_in`, so the designer, the file upload and the templates share one
set of rules.

Codes are made from the Dutch label when something is added and never change afterwards:
an answer, an import and the national tables refer to a question by its code. A new code
avoids every code used in the round's earlier versions, so an old code never comes back
with another meaning.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from sectorplan.core.errors import Refused
from sectorplan.programmes.constants import QuestionKind, YesNo
from sectorplan.programmes.models import in_active_language
from sectorplan.programmes.questionnaires import CHOICE_KINDS, CONDITION_KINDS

CODE_LENGTH = 50
QUESTION_FIELDS = ("label_nl", "label_en", "kind", "required", "help_nl", "help_en")


def code_from(label: str, taken: set[str], fallback: str = "vraag") -> str:
    """A code made from `label` (lowercase, underscores) that is not in `taken`."""
    # A leading number ("4. Werkgevers", "2016: resultaten") is a label's, not the code's.
    base = slugify(label).replace("-", "_").lstrip("0123456789_")[:CODE_LENGTH].strip("_")
    base = base or fallback
    code, number = base, 2
    while code in taken:
        suffix = f"_{number}"
        code = base[: CODE_LENGTH - len(suffix)] + suffix
        number += 1
    return code


def all_question_codes(definition: dict) -> set[str]:
    return {q.get("code") for s in definition.get("sections", []) for q in s.get("questions", [])}


def section_of(definition: dict, code: str) -> dict:
    for section in definition.get("sections", []):
        if section.get("code") == code:
            return section
    raise Refused(_("There is no section '%(code)s'.") % {"code": code})


def question_of(definition: dict, code: str) -> tuple[dict, dict]:
    """(section, question) of the question with this code."""
    for section in definition.get("sections", []):
        for question in section.get("questions", []):
            if question.get("code") == code:
                return section, question
    raise Refused(_("There is no question '%(code)s'.") % {"code": code})


def questions_before(definition: dict, code: str | None, section_code: str) -> list[dict]:
    """The questions a question may depend on: those before it (all of its section's when
    the question is new), only its own section's when the section is per theme."""
    section = section_of(definition, section_code)
    earlier = []
    for other in definition.get("sections", []):
        for question in other.get("questions", []):
            if code is not None and question.get("code") == code:
                return earlier
            if not section.get("per_theme") or other is section:
                earlier.append(question)
        if other is section:
            return earlier
    return earlier


# --- Sections ---------------------------------------------------------------------------------


def section_add(definition: dict, *, labels: dict, per_theme: bool, taken: set[str]) -> str:
    codes = {s.get("code") for s in definition.setdefault("sections", [])}
    code = code_from(labels["label_nl"], codes | taken, fallback="onderdeel")
    definition["sections"].append({"code": code, **labels, "per_theme": per_theme, "questions": []})
    return code


def section_change(definition: dict, code: str, *, labels: dict, per_theme: bool) -> None:
    section = section_of(definition, code)
    if per_theme and not section.get("per_theme"):
        tabled = [q for q in section.get("questions", []) if "table" in q]
        if tabled:
            raise Refused(
                _("Questions of a per-theme section cannot fill a table: first take %(q)s off it.")
                % {"q": _quoted(tabled[0])}
            )
    section.update(labels)
    section["per_theme"] = per_theme


def section_delete(definition: dict, code: str) -> None:
    section = section_of(definition, code)
    if section.get("questions"):
        raise Refused(
            _("The section '%(label)s' still has questions: delete or move them first.")
            % {"label": section.get("label_nl")}
        )
    definition["sections"].remove(section)


# --- Questions --------------------------------------------------------------------------------


def question_add(definition: dict, section_code: str, data: dict, *, taken: set[str]) -> str:
    section = section_of(definition, section_code)
    code = code_from(data["label_nl"], all_question_codes(definition) | taken)
    question = {"code": code}
    _apply(definition, section, question, data)
    section.setdefault("questions", []).append(question)
    return code


def question_change(definition: dict, code: str, data: dict) -> None:
    section, question = question_of(definition, code)
    dependents = [q for q in _all_questions(definition) if _condition_on(q) == code]
    new_kind = data["kind"]
    if dependents and new_kind not in CONDITION_KINDS:
        raise Refused(
            _(
                "%(question)s decides whether %(other)s is asked, so it stays a yes/no or choice "
                "question."
            )
            % {"question": _quoted(question), "other": _quoted(dependents[0])}
        )
    _apply(definition, section, question, data)
    answers = answer_codes(question)
    for other in dependents:
        if other["shown_if"]["equals"] not in answers:
            raise Refused(
                _(
                    "%(other)s is asked only after the answer '%(value)s', which %(question)s no "
                    "longer has. Change that condition first."
                )
                % {
                    "other": _quoted(other),
                    "value": other["shown_if"]["equals"],
                    "question": _quoted(question),
                }
            )


def question_delete(definition: dict, code: str) -> None:
    section, question = question_of(definition, code)
    dependents = [q for q in _all_questions(definition) if _condition_on(q) == code]
    if dependents:
        raise Refused(
            _(
                "%(other)s is asked only depending on %(question)s: change or delete that "
                "question first."
            )
            % {"other": _quoted(dependents[0]), "question": _quoted(question)}
        )
    section["questions"].remove(question)


def question_move(definition: dict, code: str, direction: str) -> None:
    """One place up or down; at the edge of a section, into the section before or after."""
    section, question = question_of(definition, code)
    sections = definition["sections"]
    questions = section["questions"]
    index = questions.index(question)
    step = -1 if direction == "up" else 1
    if 0 <= index + step < len(questions):
        questions[index], questions[index + step] = questions[index + step], question
    else:
        target_index = sections.index(section) + step
        if not 0 <= target_index < len(sections):
            return
        target = sections[target_index]
        if target.get("per_theme") and "table" in question:
            raise Refused(_("A question that fills a table cannot go into a per-theme section."))
        questions.remove(question)
        target.setdefault("questions", [])
        if step < 0:
            target["questions"].append(question)
        else:
            target["questions"].insert(0, question)


def questions_order(definition: dict, section_code: str, codes: list[str]) -> None:
    """Put the section's questions in the order given (drag and drop sends it)."""
    section = section_of(definition, section_code)
    by_code = {q["code"]: q for q in section.get("questions", [])}
    if sorted(codes) != sorted(by_code):
        raise Refused(_("The page was out of date: reload it and move the question again."))
    section["questions"] = [by_code[code] for code in codes]


def section_move(definition: dict, code: str, direction: str) -> None:
    sections = definition["sections"]
    section = section_of(definition, code)
    index = sections.index(section)
    other = index + (-1 if direction == "up" else 1)
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], section


# --- Yes/no tables ----------------------------------------------------------------------------


def table_cells_set(definition: dict, table: str, cells: dict[tuple[str, str], str]) -> None:
    """The questions that fill the table's cells: (row, column) → question code ("" none).
    A question fills at most one cell; only yes/no questions outside per-theme sections."""
    for _section, question in _questions_with_section(definition):
        if question.get("table") == table:
            for key in ("table", "row", "column"):
                question.pop(key, None)
    used: dict[str, tuple[str, str]] = {}
    for (row, column), code in cells.items():
        if not code:
            continue
        section, question = question_of(definition, code)
        if question.get("kind") != QuestionKind.YES_NO or section.get("per_theme"):
            raise Refused(
                _(
                    "%(question)s cannot fill a cell: only yes/no questions outside per-theme "
                    "sections can."
                )
                % {"question": _quoted(question)}
            )
        if code in used or "table" in question:
            raise Refused(
                _("%(question)s is picked for two cells; a question fills one cell.")
                % {"question": _quoted(question)}
            )
        used[code] = (row, column)
        question.update({"table": table, "row": row, "column": column})


def yes_no_questions(definition: dict) -> list[dict]:
    """The questions that may fill a cell of a yes/no table."""
    return [
        q
        for section, q in _questions_with_section(definition)
        if q.get("kind") == QuestionKind.YES_NO and not section.get("per_theme")
    ]


# --- Reading ----------------------------------------------------------------------------------


def answer_codes(question: dict) -> list[str]:
    if question.get("kind") == QuestionKind.YES_NO:
        return list(YesNo.values)
    return [str(choice.get("code")) for choice in question.get("choices", [])]


def answer_labels(question: dict) -> list[tuple[str, str]]:
    """(code, label in the active language) of each answer a condition may name."""
    if question.get("kind") == QuestionKind.YES_NO:
        return [(code, str(label)) for code, label in YesNo.choices]
    return [(str(c.get("code")), label_of(c)) for c in question.get("choices", [])]


def label_of(item: dict) -> str:
    return in_active_language(item.get("label_nl", ""), item.get("label_en", ""))


def condition_sentence(definition: dict, question: dict) -> str:
    """The question's condition as the office reads it: "Only asked when … is answered …"."""
    condition = question.get("shown_if")
    if not condition:
        return ""
    try:
        _section, other = question_of(definition, condition.get("question"))
    except Refused:
        return _("Only asked depending on a question that is not there (%(code)s).") % {
            "code": condition.get("question")
        }
    answers = dict(answer_labels(other))
    value = answers.get(str(condition.get("equals")), str(condition.get("equals")))
    if other.get("kind") == QuestionKind.MULTIPLE_CHOICE:
        return _("Only asked when ‘%(value)s’ is ticked at ‘%(question)s’.") % {
            "value": value,
            "question": label_of(other),
        }
    return _("Only asked when ‘%(question)s’ is answered with ‘%(value)s’.") % {
        "question": label_of(other),
        "value": value,
    }


def condition_sentences(definition: dict) -> dict[str, str]:
    """Question code → its condition as a sentence, for the questions that have one."""
    return {
        q["code"]: condition_sentence(definition, q)
        for q in _all_questions(definition)
        if q.get("shown_if")
    }


def condition_options(definition: dict, code: str | None, section_code: str) -> list:
    """(value, sentence) for every condition a question may have: an answer of an earlier
    yes/no or choice question. The value is `question=answer`."""
    options = []
    for other in questions_before(definition, code, section_code):
        if other.get("kind") not in CONDITION_KINDS:
            continue
        for answer, _label in answer_labels(other):
            options.append(
                (
                    f"{other['code']}={answer}",
                    condition_sentence(
                        definition, {"shown_if": {"question": other["code"], "equals": answer}}
                    ),
                )
            )
    return options


# --- Inside -----------------------------------------------------------------------------------


def _apply(definition: dict, section: dict, question: dict, data: dict) -> None:
    for field in QUESTION_FIELDS:
        if data.get(field) in ("", False, None) and field not in ("label_nl", "kind"):
            question.pop(field, None)
        else:
            question[field] = data[field]
    if question["kind"] in CHOICE_KINDS:
        question["choices"] = _choices(question.get("choices", []), data.get("choices", []))
    else:
        question.pop("choices", None)
    if "table" in question and (
        question["kind"] != QuestionKind.YES_NO or section.get("per_theme")
    ):
        for key in ("table", "row", "column"):
            question.pop(key, None)
    condition = data.get("shown_if") or ""
    if condition:
        other, _sep, value = condition.partition("=")
        allowed = {
            value
            for value, _sentence in condition_options(
                definition, question.get("code"), section["code"]
            )
        }
        if condition not in allowed:
            raise Refused(
                _(
                    "A question can only depend on an answer to a yes/no or choice question "
                    "before it."
                )
            )
        question["shown_if"] = {"question": other, "equals": value}
    else:
        question.pop("shown_if", None)


def _choices(old: list[dict], labels: list[tuple[str, str]]) -> list[dict]:
    """The new choices, keeping the code of a choice whose Dutch label stays the same, then
    the code of the choice that was in the same place (a label corrected in place)."""
    by_label = {c.get("label_nl"): c.get("code") for c in old}
    claimed = {by_label[nl] for nl, _en in labels if nl in by_label}
    codes: list[str | None] = [by_label.get(nl) for nl, _en in labels]
    for index, code in enumerate(codes):
        if code is None and index < len(old) and old[index].get("code") not in claimed:
            codes[index] = old[index].get("code")
            claimed.add(codes[index])
    choices = []
    for (nl, en), code in zip(labels, codes, strict=True):
        if code is None:
            code = code_from(nl, claimed | {c["code"] for c in choices}, fallback="keuze")
            claimed.add(code)
        choice = {"code": code, "label_nl": nl}
        if en:
            choice["label_en"] = en
        choices.append(choice)
    return choices


def _all_questions(definition: dict) -> list[dict]:
    return [q for _s, q in _questions_with_section(definition)]


def _questions_with_section(definition: dict):
    for section in definition.get("sections", []):
        for question in section.get("questions", []):
            yield section, question


def _condition_on(question: dict) -> str | None:
    return (question.get("shown_if") or {}).get("question")


def _quoted(question: dict) -> str:
    return f"‘{label_of(question)}’"


# --- Differences between versions ------------------------------------------------------------


def differences(old: dict, new: dict) -> list[dict]:
    """What changed from `old` to `new`, question by question (by code): added, deleted,
    changed (with the fields) and moved. Sections likewise."""
    changes = []
    old_sections = {s.get("code"): s for s in old.get("sections", [])}
    new_sections = {s.get("code"): s for s in new.get("sections", [])}
    for code, section in new_sections.items():
        if code not in old_sections:
            changes.append({"what": "section", "change": "added", "item": section})
        else:
            fields = _changed_fields(old_sections[code], section, skip={"questions"})
            if fields:
                changes.append(
                    {
                        "what": "section",
                        "change": "changed",
                        "item": section,
                        "fields": fields,
                        "before": old_sections[code],
                    }
                )
    for code, section in old_sections.items():
        if code not in new_sections:
            changes.append({"what": "section", "change": "deleted", "item": section})
    old_questions = {q["code"]: (s, i, q) for s, i, q in _positions(old)}
    new_questions = {q["code"]: (s, i, q) for s, i, q in _positions(new)}
    for code, (section, _index, question) in new_questions.items():
        if code not in old_questions:
            changes.append(
                {"what": "question", "change": "added", "item": question, "section": section}
            )
            continue
        old_section, _old_index, before = old_questions[code]
        fields = _changed_fields(before, question)
        if fields:
            changes.append(
                {
                    "what": "question",
                    "change": "changed",
                    "item": question,
                    "fields": fields,
                    "before": before,
                    "section": section,
                }
            )
        if old_section.get("code") != section.get("code"):
            changes.append(
                {
                    "what": "question",
                    "change": "moved",
                    "item": question,
                    "section": section,
                    "from_section": old_section,
                }
            )
    for code, (section, _index, question) in old_questions.items():
        if code not in new_questions:
            changes.append(
                {"what": "question", "change": "deleted", "item": question, "section": section}
            )
    return changes


def _positions(definition: dict):
    for section in definition.get("sections", []):
        for index, question in enumerate(section.get("questions", [])):
            yield section, index, question


def _changed_fields(before: dict, after: dict, skip: frozenset | set = frozenset()) -> list[str]:
    keys = (before.keys() | after.keys()) - set(skip) - {"code"}
    empty = ("", None, False, [])
    return sorted(
        key
        for key in keys
        if (before.get(key) or None) != (after.get(key) or None)
        and not (before.get(key) in empty and after.get(key) in empty)
    )
