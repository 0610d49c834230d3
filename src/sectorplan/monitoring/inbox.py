"""The start page's inbox: every task waiting for the user, in one verb style (what to do,
as the workflow tables name their steps: "Advies geven", "Rapportage invullen"), with its
deadline and the days left, sorted by urgency: late first, then the nearest deadline, then
tasks without a deadline (the oldest first).

A plan's task works to the programme's plan or decision deadline (plans/deadlines.py), a
report to fill in to its round's deadline; a report to review has no deadline and is sorted
by when it came in.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sectorplan.core.deadlines import Due, due
from sectorplan.monitoring import selectors
from sectorplan.monitoring.constants import NOT_STARTED_LABEL
from sectorplan.plans.deadlines import plan_deadline
from sectorplan.plans.selectors import plan_tasks

#: At most this many tasks are listed; the overviews show the rest.
INBOX_LIMIT = 50

FILL_IN = gettext_lazy("Fill in the report")
REVIEW = gettext_lazy("Review the report")


@dataclass
class Task:
    action: str  # what to do, in the workflow's verb style
    subject: str  # what it is about
    url: str
    programme: str
    state: str
    due: Due | None = None
    since: datetime | None = None  # when it started waiting (no deadline)

    def urgency(self) -> tuple:
        if self.due:
            return (0, self.due.days_left, self.subject)
        since = self.since.timestamp() if self.since else 0
        return (1, since, self.subject)


def tasks_for(user, *, today: date | None = None) -> tuple[list[Task], int]:
    """(the most urgent tasks, how many more there are)."""
    today = today or timezone.localdate()
    tasks = []
    for plan, labels in plan_tasks(user):
        tasks.append(
            Task(
                action=" / ".join(str(label) for label in labels),
                subject=_("Plan %(region)s (%(code)s)")
                % {"region": plan.region.name, "code": plan.region.code},
                url=reverse("plan-detail", args=[plan.programme.slug, plan.region.code]),
                programme=plan.programme.name,
                state=plan.get_state_display(),
                due=due(plan_deadline(plan.programme, plan.state), today),
                since=plan.updated_at,
            )
        )
    for round_, region, report in selectors.open_rounds_for(user):
        tasks.append(
            Task(
                action=str(FILL_IN),
                subject=f"{round_.label}: {region.name}",
                url=reverse(
                    "report-detail", args=[round_.programme.slug, round_.code, region.code]
                ),
                programme=round_.programme.name,
                state=report.get_state_display() if report else str(NOT_STARTED_LABEL),
                due=due(round_.deadline, today),
            )
        )
    for report in selectors.reports_to_review(user).order_by("submitted_at")[: INBOX_LIMIT + 1]:
        tasks.append(
            Task(
                action=str(REVIEW),
                subject=f"{report.round.label}: {report.region.name} ({report.region.code})",
                url=reverse(
                    "report-detail",
                    args=[report.round.programme.slug, report.round.code, report.region.code],
                ),
                programme=report.round.programme.name,
                state=report.get_state_display(),
                since=report.submitted_at,
            )
        )
    tasks.sort(key=Task.urgency)
    return tasks[:INBOX_LIMIT], max(0, len(tasks) - INBOX_LIMIT)
