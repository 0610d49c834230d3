"""Programme templates: TOML files that describe a programme's taxonomy and rounds.

A template names its region set, themes with activity types, national tables built from
paired questions, and reporting rounds with their questionnaires. `extends = "<code>"`
starts from another template; top-level keys given here replace the parent's.
"""

import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sectorplan.programmes.constants import QuestionKind

TEMPLATE_DIR = Path(__file__).resolve().parent
DEFAULT_TEMPLATE = "sw-sectorplannen-2015"


class TemplateError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def available_templates() -> list[str]:
    return sorted(path.stem for path in TEMPLATE_DIR.glob("*.toml"))


def load_template(name_or_path: str) -> dict[str, Any]:
    """Load a shipped template by code, or a template file by path, validated."""
    data = _read(name_or_path, seen=())
    errors = _validate(data)
    if errors:
        raise TemplateError([f"template '{name_or_path}': {error}" for error in errors])
    return data


def _read(name_or_path: str, *, seen: tuple[str, ...]) -> dict[str, Any]:
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = TEMPLATE_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        raise TemplateError(
            [
                _("unknown template '%(name)s' (available: %(available)s)")
                % {"name": name_or_path, "available": ", ".join(available_templates())}
            ]
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError([f"{path.name}: {exc}"]) from exc
    parent = data.pop("extends", None)
    if parent:
        if parent in seen:
            raise TemplateError([_("template '%(name)s' extends itself") % {"name": parent}])
        data = {**_read(parent, seen=(*seen, parent)), **data}
    return data


def _validate(data: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    for key in ("code", "name", "region_set", "basis_label_nl"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(_("'%(key)s' is required") % {"key": key})
    try:
        if Decimal(str(data.get("cofinancing_ratio", "1"))) < 0:
            errors.append(_("'cofinancing_ratio' must be 0 or more"))
    except InvalidOperation:
        errors.append(_("'cofinancing_ratio' is not a number"))
    for key in ("starts_on", "ends_on", "plan_deadline", "review_deadline", "execution_ends_on"):
        if key in data and not isinstance(data[key], date):
            errors.append(_("'%(key)s' must be a date (YYYY-MM-DD)") % {"key": key})

    themes = data.get("themes") or []
    if not themes:
        errors.append(_("at least one theme is required"))
    _check_codes(errors, "themes", themes)
    activity_types = [at for theme in themes for at in theme.get("activity_types", [])]
    _check_codes(errors, "activity_types", activity_types)

    tables = data.get("tables", [])
    _check_codes(errors, "tables", tables)
    cells = {}
    for table in tables:
        _check_codes(errors, f"tables.{table.get('code')}.rows", table.get("rows", []))
        _check_codes(errors, f"tables.{table.get('code')}.columns", table.get("columns", []))
        for row in table.get("rows", []):
            for column in table.get("columns", []):
                cells[(table.get("code"), row.get("code"), column.get("code"))] = False

    rounds = data.get("rounds", [])
    _check_codes(errors, "rounds", rounds)
    kinds = set(QuestionKind.values)
    for round_ in rounds:
        questions = round_.get("questions", [])
        _check_codes(errors, f"rounds.{round_.get('code')}.questions", questions)
        for question in questions:
            where = f"rounds.{round_.get('code')}.questions.{question.get('code')}"
            if question.get("kind") not in kinds:
                errors.append(
                    _("%(where)s: kind must be one of %(kinds)s")
                    % {"where": where, "kinds": ", ".join(sorted(kinds))}
                )
            if "table" in question:
                cell = (question["table"], question.get("row"), question.get("column"))
                if cell not in cells:
                    errors.append(
                        _("%(where)s: no table cell %(cell)s")
                        % {"where": where, "cell": "/".join(map(str, cell))}
                    )
                elif question.get("kind") != QuestionKind.YES_NO:
                    errors.append(_("%(where)s: table questions are yes/no") % {"where": where})
    return errors


def _check_codes(errors: list[str], where: str, items: list[dict[str, Any]]) -> None:
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
