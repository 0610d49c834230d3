"""A deadline as the pages show it: the date, and the days left or the days late, so that a
list of tasks can be sorted by urgency and every page says it the same way
(`templates/core/_due.html`)."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Due:
    deadline: date
    today: date

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def is_late(self) -> bool:
        return self.days_left < 0

    @property
    def is_soon(self) -> bool:
        return 0 <= self.days_left <= 7


def due(deadline: date | None, today: date) -> Due | None:
    return Due(deadline, today) if deadline else None
