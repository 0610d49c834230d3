"""The one workflow engine: plans, reports and good practices move through it.

A workflow is a table of steps (from, action, to, who, guards, effects) that comes from the
programme template as data; guards and effects are named Python functions in a registry
(`guard`, `effect`), so a template composes them without code. `transition` is the only
place that changes a workflow object's state.
"""

from sectorplan.workflow.engine import (
    Conflict,
    Step,
    Workflow,
    effect,
    guard,
    lock,
    register,
    registered_effects,
    registered_guards,
    steps_for,
    transition,
    workflow_of,
)

__all__ = [
    "Conflict",
    "Step",
    "Workflow",
    "effect",
    "guard",
    "lock",
    "register",
    "registered_effects",
    "registered_guards",
    "steps_for",
    "transition",
    "workflow_of",
]
