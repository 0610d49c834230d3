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

from sectorplan.programmes import questionnaires

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
    if not isinstance(data.get("region_results_open", True), bool):
        errors.append(_("'region_results_open' must be true or false"))
    for key in ("starts_on", "ends_on", "plan_deadline", "review_deadline", "execution_ends_on"):
        if key in data and not isinstance(data[key], date):
            errors.append(_("'%(key)s' must be a date (YYYY-MM-DD)") % {"key": key})

    themes = data.get("themes") or []
    if not themes:
        errors.append(_("at least one theme is required"))
    questionnaires.check_codes(errors, "themes", themes)
    activity_types = [at for theme in themes for at in theme.get("activity_types", [])]
    questionnaires.check_codes(errors, "activity_types", activity_types)

    tables = data.get("tables", [])
    questionnaires.check_codes(errors, "tables", tables)
    cells = {}
    for table in tables:
        questionnaires.check_codes(
            errors, f"tables.{table.get('code')}.rows", table.get("rows", [])
        )
        questionnaires.check_codes(
            errors, f"tables.{table.get('code')}.columns", table.get("columns", [])
        )
        for row in table.get("rows", []):
            for column in table.get("columns", []):
                cells[(table.get("code"), row.get("code"), column.get("code"))] = False

    indicators = data.get("indicators", [])
    questionnaires.check_codes(errors, "indicators", indicators)
    theme_codes = {theme.get("code") for theme in themes}
    for indicator in indicators:
        if not indicator.get("unit_nl"):
            errors.append(
                _("indicators.%(code)s: 'unit_nl' is required") % {"code": indicator.get("code")}
            )
        if "theme" in indicator and indicator["theme"] not in theme_codes:
            errors.append(
                _("indicators.%(code)s: no theme '%(theme)s'")
                % {"code": indicator.get("code"), "theme": indicator["theme"]}
            )

    rounds = data.get("rounds", [])
    questionnaires.check_codes(errors, "rounds", rounds)
    for round_ in rounds:
        where = f"rounds.{round_.get('code')}"
        for key in ("opens_on", "deadline", "period_starts_on", "period_ends_on"):
            if key in round_ and not isinstance(round_[key], date):
                errors.append(
                    _("%(where)s: '%(key)s' must be a date (YYYY-MM-DD)")
                    % {"where": where, "key": key}
                )
        days = round_.get("reminder_days", data.get("reminder_days", []))
        if not isinstance(days, list) or not all(isinstance(day, int) for day in days):
            errors.append(
                _("%(where)s: 'reminder_days' must be a list of whole numbers") % {"where": where}
            )
        errors.extend(
            questionnaires.errors_in(questionnaires.normalise(round_), where=where, cells=cells)
        )
    return errors
