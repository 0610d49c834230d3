"""Frozen copies of a plan's content, and what changed between two of them."""

from sectorplan.plans.models import Plan


def plan_snapshot(plan: Plan) -> dict:
    activities = plan.activities.select_related("activity_type").prefetch_related("budget_lines")
    return {
        "title": plan.title,
        "summary": plan.summary,
        "contact_name": plan.contact_name,
        "contact_email": plan.contact_email,
        "companies": sorted(plan.companies.values_list("name", flat=True)),
        "ends_on": plan.ends_on.isoformat() if plan.ends_on else None,
        "activities": [
            {
                "activity_type": a.activity_type.code,
                "title": a.title,
                "description": a.description,
                "target_group": a.target_group,
                "people_per_year": a.people_per_year,
                "planned_results": a.planned_results,
                "subsidy": str(sum((line.subsidy for line in a.budget_lines.all()), 0)),
                "cofinancing": str(sum((line.cofinancing for line in a.budget_lines.all()), 0)),
            }
            for a in activities
        ],
    }


def snapshot_changes(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(field, before, after) for every difference; activities are matched by title."""
    changes = []
    for key in ("title", "summary", "contact_name", "contact_email", "companies", "ends_on"):
        if old.get(key) != new.get(key):
            changes.append((key, old.get(key), new.get(key)))
    before = {a["title"]: a for a in old.get("activities", [])}
    after = {a["title"]: a for a in new.get("activities", [])}
    for title in sorted(before.keys() | after.keys()):
        a, b = before.get(title), after.get(title)
        if a is None:
            changes.append((f"activity: {title}", None, "added"))
        elif b is None:
            changes.append((f"activity: {title}", "removed", None))
        else:
            for key in a:
                if a[key] != b.get(key):
                    changes.append((f"{title}: {key}", a[key], b.get(key)))
    return changes
