"""Programme templates: TOML files that describe a programme's taxonomy, rounds, workflows
and wording (docs/programme-templates.md has every key).

A template names its region set, themes with activity types, national tables built from
paired questions, reporting rounds with their questionnaires, and the workflows of plans,
reports and practices. `extends = "<code>"` starts from another template; top-level keys
given here replace the parent's. Templates are found by their code among the shipped ones
and the `*.toml` files in `<data dir>/templates/`, or given as a file.
"""

import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from sectorplan.accounts.constants import Role
from sectorplan.programmes import questionnaires, workflows
from sectorplan.programmes.constants import OrganisationKind
from sectorplan.programmes.region_sets import RegionSetError, find_region_set

TEMPLATE_DIR = Path(__file__).resolve().parent
DEFAULT_TEMPLATE = "sw-sectorplannen-2015"


class TemplateError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def data_dir() -> Path:
    return Path(settings.DATA_DIR) / "templates"


def template_files() -> dict[str, Path]:
    """{code: file} of every template found: the shipped ones, and the `*.toml` files in
    `<data dir>/templates/` by the code they declare (a shipped code wins)."""
    found: dict[str, Path] = {}
    for path in sorted(data_dir().glob("*.toml")):
        try:
            code = tomllib.loads(path.read_text(encoding="utf-8")).get("code") or path.stem
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            code = path.stem  # listed, so `templates validate` can say what is wrong
        found[str(code)] = path
    found.update({path.stem: path for path in TEMPLATE_DIR.glob("*.toml")})
    return dict(sorted(found.items()))


def available_templates() -> list[str]:
    return list(template_files())


def load_template(name_or_path: str) -> dict[str, Any]:
    """Load a template by code (shipped or in `<data dir>/templates/`), or a template file
    by path, validated; TemplateError lists every problem."""
    data = _read(name_or_path, seen=())
    errors = _checked(data)
    if errors:
        raise TemplateError([f"template '{name_or_path}': {error}" for error in errors])
    return data


def template_problems(path: str) -> list[str]:
    """Every problem of one template file (empty when it is fine); never raises."""
    try:
        data = _read(path, seen=())
    except TemplateError as exc:
        return exc.errors
    return _checked(data)


def _checked(data: dict[str, Any]) -> list[str]:
    """`_validate`, with a value of the wrong kind (a text where a list belongs) reported
    instead of raised."""
    try:
        return _validate(data)
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        return [
            _("a value has the wrong form (a text where a table or list belongs?): %(error)s")
            % {"error": exc}
        ]


def _read(name_or_path: str, *, seen: tuple[str, ...]) -> dict[str, Any]:
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = template_files().get(name_or_path, TEMPLATE_DIR / f"{name_or_path}.toml")
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
    if not isinstance(data, dict):
        raise TemplateError([f"{path.name}: not a table"])
    parent = data.pop("extends", None)
    # Files a template names (region set, letters) are found next to the template that
    # names them, also when another template extends it.
    here = str(path.resolve().parent)
    dirs = {key: here for key in ("region_set", "letters") if key in data}
    if parent:
        if parent in seen:
            raise TemplateError([_("template '%(name)s' extends itself") % {"name": parent}])
        parent_data = _read(parent, seen=(*seen, parent))
        dirs = {**parent_data.get("_dirs", {}), **dirs}
        data = {**parent_data, **data}
    data["_dirs"] = dirs
    return data


#: Where co-financing may come from when a template names no sources of its own.
DEFAULT_COFINANCING_SOURCES = [{"code": "overig", "label_nl": "Overig", "label_en": "Other"}]


def cofinancing_sources_of(data: dict[str, Any]) -> list[dict[str, str]]:
    return data.get("cofinancing_sources") or DEFAULT_COFINANCING_SOURCES


def _plan_data_errors(data: dict[str, Any]) -> list[str]:
    """The keys about plans: sources of co-financing, the default one, participants."""
    errors = []
    sources = data.get("cofinancing_sources", DEFAULT_COFINANCING_SOURCES)
    if not (
        isinstance(sources, list)
        and sources
        and all(
            isinstance(source, dict)
            and all(isinstance(source.get(key), str) for key in ("code", "label_nl"))
            and source["code"].strip()
            and source["label_nl"].strip()
            for source in sources
        )
    ):
        errors.append(_("'cofinancing_sources' must list tables with a 'code' and a 'label_nl'"))
    else:
        codes = [source["code"] for source in sources]
        default = data.get("default_cofinancing_source", codes[0])
        if default not in codes:
            errors.append(
                _("'default_cofinancing_source' must be one of: %(codes)s")
                % {"codes": ", ".join(codes)}
            )
    kinds = data.get("plan_participant_kinds", [])
    if not isinstance(kinds, list) or any(kind not in OrganisationKind.values for kind in kinds):
        errors.append(
            _("'plan_participant_kinds' must list organisation kinds (%(kinds)s)")
            % {"kinds": ", ".join(OrganisationKind.values)}
        )
    return errors


def region_set_of(data: dict[str, Any]):
    """The region set a loaded template names (RegionSetError when it cannot be found)."""
    base = data.get("_dirs", {}).get("region_set")
    return find_region_set(str(data["region_set"]), base=Path(base) if base else None)


def _validate(data: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    for key in ("code", "name", "region_set", "basis_label_nl"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(_("'%(key)s' is required") % {"key": key})
    if isinstance(data.get("region_set"), str) and data["region_set"].strip():
        try:
            region_set_of(data)
        except RegionSetError as exc:
            errors.extend(exc.errors)
    errors.extend(_roles_and_parties_errors(data))
    try:
        letters_of(data)
    except TemplateError as exc:
        errors.extend(exc.errors)
    errors.extend(_plan_data_errors(data))
    wording = data.get("wording", {})
    if not isinstance(wording, dict) or not all(isinstance(v, str) for v in wording.values()):
        errors.append(_("'wording' must be a table of texts"))
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
    errors.extend(
        workflows.errors_in(data.get("workflows"), roles=workflows.known_roles(data.get("roles")))
    )
    errors.extend(_report_sections_errors(data.get("report_sections", [])))
    return errors


def _report_sections_errors(sections) -> list[str]:
    """`report_sections` (optional): regions the final report describes in one section, as
    the 2017 report did; each `{regions = [code, code, …], label_nl = …, label_en = …}`."""
    if not isinstance(sections, list):
        return [_("'report_sections' must be a list")]
    errors, seen = [], set()
    for index, section in enumerate(sections, 1):
        where = f"report_sections[{index}]"
        regions = section.get("regions") if isinstance(section, dict) else None
        if not isinstance(regions, list) or len(regions) < 2:
            errors.append(
                _("%(where)s: 'regions' must list two or more region codes") % {"where": where}
            )
            continue
        if not isinstance(section.get("label_nl"), str) or not section["label_nl"].strip():
            errors.append(_("%(where)s: 'label_nl' is required") % {"where": where})
        for code in regions:
            if str(code).upper() in seen:
                errors.append(
                    _("%(where)s: region '%(code)s' is in more than one section")
                    % {"where": where, "code": code}
                )
            seen.add(str(code).upper())
    return errors


def _roles_and_parties_errors(data: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    roles = data.get("roles", [])
    questionnaires.check_codes(errors, "roles", roles)
    for role in roles:
        where = f"roles.{role.get('code')}"
        if role.get("code") in Role.values:
            errors.append(
                _("%(where)s: '%(code)s' is a built-in role; give the new role its own code")
                % {"where": where, "code": role.get("code")}
            )
        if role.get("acts_as") not in Role.values:
            errors.append(
                _("%(where)s: 'acts_as' must be one of %(roles)s")
                % {"where": where, "roles": ", ".join(Role.values)}
            )
    for number, party in enumerate(data.get("parties", []), start=1):
        if not isinstance(party, dict) or not str(party.get("name") or "").strip():
            errors.append(_("parties[%(number)d]: 'name' is required") % {"number": number})
        elif party.get("kind", OrganisationKind.PARTY) not in OrganisationKind.values:
            errors.append(
                _("parties[%(number)d]: 'kind' must be one of %(kinds)s")
                % {"number": number, "kinds": ", ".join(OrganisationKind.values)}
            )
    return errors


LETTERS = ("decision",)


def letters_of(data: dict[str, Any]) -> dict[str, str]:
    """{letter: text} of the letter files the template names (`[letters] decision = "file"`,
    relative to the template); TemplateError when one cannot be read."""
    letters = data.get("letters", {})
    if not isinstance(letters, dict):
        raise TemplateError([_("'letters' must be a table of file names")])
    texts, errors = {}, []
    base = Path(data.get("_dirs", {}).get("letters") or TEMPLATE_DIR)
    for name, file in letters.items():
        if name not in LETTERS:
            errors.append(
                _("letters: unknown letter '%(name)s' (known: %(known)s)")
                % {"name": name, "known": ", ".join(LETTERS)}
            )
            continue
        path = base / str(file)
        try:
            texts[name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            errors.append(
                _("letters.%(name)s: cannot read the file %(file)s") % {"name": name, "file": path}
            )
    if errors:
        raise TemplateError(errors)
    return texts
