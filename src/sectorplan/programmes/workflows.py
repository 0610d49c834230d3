"""A programme's workflows: the rows its template gave (or the defaults), as engine tables.

The rows are copied onto the programme when it is created (`Programme.workflows`), so a
later change to a template or to the defaults never changes a running programme. A
programme created before workflows were data has none copied and runs the defaults, which
are the steps it always had.
"""

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from sectorplan.accounts.constants import Role
from sectorplan.workflow import Workflow
from sectorplan.workflow.engine import kind_named
from sectorplan.workflow.tables import parse, problems

DEFAULTS = Path(__file__).resolve().with_name("workflows.toml")
KINDS = ("plan", "report", "practice")


@cache
def defaults() -> dict[str, list[dict[str, Any]]]:
    return tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))["workflows"]


def rows_for(given: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """Each kind's rows: the template's where it gives them, the defaults otherwise."""
    given = given or {}
    return {kind: given.get(kind) or defaults()[kind] for kind in KINDS}


def workflow_for(programme, kind: str) -> Workflow:
    return parse(kind, rows_for(programme.workflows)[kind])


def known_roles(template_roles: list[dict[str, Any]] | None = None) -> set[str]:
    return set(Role.values) | {str(role.get("code")) for role in template_roles or []}


def errors_in(given: Any, *, roles: set[str]) -> list[str]:
    """Every problem of the workflows a template gives (those it leaves out are the
    defaults, which are checked by the tests)."""
    if given is None:
        return []
    if not isinstance(given, dict):
        return ["workflows: must be a table with 'plan', 'report' or 'practice' rows"]
    errors = [f"workflows: unknown workflow '{name}'" for name in sorted(set(given) - set(KINDS))]
    for name in KINDS:
        if name not in given:
            continue
        kind = kind_named(name)
        states = kind.states if kind else frozenset()
        errors += problems(
            name,
            given[name],
            states=states,
            initial=kind.initial if kind else "",
            roles=roles,
            where=f"workflows.{name}",
            deadlines=kind.deadlines if kind else (),
        )
    return errors
