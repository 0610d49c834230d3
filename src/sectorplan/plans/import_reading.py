"""The checking pass of the plans import (plans/imports.py): how a row reads, the tally kept
per region (counts, subsidy, a digest of the activities it makes), duplicate titles and the
problems of regions whose plans cannot take the file. What it keeps is bounded by the
regions, not by the rows."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.bounds import parse_amount
from sectorplan.core.tabular import Problems, Progress, Row, parse_cell
from sectorplan.plans.models import Activity
from sectorplan.programmes.import_problems import activity_type_unknown, region_unknown
from sectorplan.programmes.models import Programme

#: Rows between two progress reports while checking.
BATCH = 5000


class Tally:
    """What the first pass keeps of a region's rows: counts, the subsidy asked, and a digest
    of the activities they make (to tell whether the plan has them already)."""

    __slots__ = ("_digest", "rows", "subsidy", "valid")

    def __init__(self):
        self.rows = self.valid = 0
        self.subsidy = Decimal(0)
        self._digest = hashlib.blake2b(digest_size=16)

    def add(self, activity: tuple) -> None:
        self._digest.update(repr(activity).encode())
        self.valid += 1

    def signature(self) -> "Signature":
        return Signature(self.valid, self._digest.digest())


@dataclass(frozen=True)
class Signature:
    count: int
    digest: bytes


EMPTY = Signature(0, hashlib.blake2b(digest_size=16).digest())


def activity_key(
    type_id, title, description, target, people, results, starts, ends, position, lines
):
    """The part of an activity the comparison looks at, as text (a Decimal read from the
    file and one read from the database compare equal as text too)."""
    return (
        type_id,
        title,
        description,
        target,
        people,
        results,
        audit.text(starts),
        audit.text(ends),
        position,
        [tuple(map(text, line)) for line in lines],
    )


def text(value) -> str:
    # 0.5 from the file and 0.50 from the database are the same amount
    return format(value.normalize(), "f") if isinstance(value, Decimal) else audit.text(value)


class Reading:
    """How a row reads, the same in every pass."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self.regions = {
            code.upper(): (pk, code)
            for pk, code in programme.participations.values_list("region_id", "region__code")
        }
        self.types = {
            code.lower(): pk for pk, code in programme.activity_types.values_list("pk", "code")
        }
        self.title_length = Activity._meta.get_field("title").max_length
        self.source = programme.default_cofinancing_source

    def region_of(self, row: Row) -> tuple[int, str] | None:
        return self.regions.get(row.values["region_code"].upper())

    def read(self, row: Row, problems: list[str]):
        """(region (pk, code), activity type pk, title, subsidy, cofinancing), the parts
        that could not be read as None with a message in `problems`."""
        values, line = row.values, row.line
        region = self.region_of(row)
        if not values["region_code"]:
            problems.append(_("line %(line)d: region_code is required") % {"line": line})
        elif region is None:
            problems.append(region_unknown(line, values["region_code"], self.programme))
        type_id = self.types.get(values["activity_type"].lower())
        if not values["activity_type"]:
            problems.append(_("line %(line)d: activity_type is required") % {"line": line})
        elif type_id is None:
            problems.append(activity_type_unknown(line, values["activity_type"], self.programme))
        title = values["title"]
        if not title:
            problems.append(_("line %(line)d: title is required") % {"line": line})
            title = None
        elif len(title) > self.title_length:
            problems.append(
                _("line %(line)d: title is longer than %(max)d characters")
                % {"line": line, "max": self.title_length}
            )
            title = None
        subsidy = parse_cell(row, "subsidy", amount, problems)
        cofinancing = parse_cell(row, "cofinancing", amount, problems)
        return region, type_id, title, subsidy, cofinancing


def amount(text: str) -> Decimal:
    if not text.strip():
        raise ValueError(_("is required"))
    return parse_amount(text)


def title_key(region_id: int, title: str) -> int:
    """A number for (region, title): a set of these stays small where the titles would not.
    Two titles may share a number; the pass that names duplicates compares the titles."""
    return hash((region_id, title))


def check_rows(
    reading: Reading, rows: Iterable[Row], progress: Progress
) -> tuple[dict[int, Tally], Problems]:
    """The first pass: {region pk: tally} and the problems of the rows."""
    tallies: dict[int, Tally] = {}
    titles: set[int] = set()
    twice: set[int] = set()
    problems = Problems()
    for count, row in enumerate(rows, 1):
        if not count % BATCH:
            progress(count, None)
        row_problems: list[str] = []
        region, type_id, title, subsidy, cofinancing = reading.read(row, row_problems)
        if region is not None:
            tally = tallies.get(region[0])
            if tally is None:
                tally = tallies[region[0]] = Tally()
            tally.rows += 1
            if title is not None:
                key = title_key(region[0], title)
                if key in titles:
                    twice.add(key)  # named, with its first line, in name_duplicates
                titles.add(key)
        for problem in row_problems:
            problems.add(row.line, problem)
        if not row_problems:
            tally.add(
                activity_key(
                    type_id,
                    title,
                    "",
                    "",
                    None,
                    "",
                    None,
                    None,
                    tally.valid,
                    [("", subsidy, cofinancing, reading.source)],
                )
            )
            tally.subsidy += subsidy
    if twice:
        name_duplicates(reading, rows, twice, problems)
    return tallies, problems


def name_duplicates(reading: Reading, rows: Iterable[Row], twice: set[int], problems) -> None:
    """A pass for a file whose first pass saw a title twice in a region (rare): each repeat
    names the line of the first. Two titles that share a number are no problem."""
    first: dict[tuple[int, str], int] = {}
    for row in rows:
        row_problems: list[str] = []
        region, _type_id, title, _subsidy, _cofinancing = reading.read(row, row_problems)
        if region is None or title is None or title_key(region[0], title) not in twice:
            continue
        line = first.setdefault((region[0], title), row.line)
        if line == row.line:
            continue
        problems.add(
            row.line,
            _(
                "line %(line)d: title '%(title)s' appears twice for %(code)s "
                "(first on line %(first)d)"
            )
            % {"line": row.line, "title": title, "code": region[1], "first": line},
        )


def refuse_regions(reading: Reading, rows: Iterable[Row], refused: dict, problems) -> None:
    """A pass for a file with regions whose plans cannot take it: a problem on each of their
    lines."""
    for row in rows:
        region = reading.region_of(row)
        if region is not None and region[0] in refused:
            problems.add(row.line, refused[region[0]](row.line))


def not_draft(code: str, state: str, line: int) -> str:
    return _("line %(line)d: plan of %(code)s is '%(state)s'; only draft plans can be replaced") % {
        "line": line,
        "code": code,
        "state": state,
    }


def no_subsidy(code: str, line: int) -> str:
    return _(
        "line %(line)d: the plan of %(code)s asks no subsidy; it cannot be imported as granted"
    ) % {"line": line, "code": code}


def activities_of(plans) -> dict[int, Signature]:
    """{plan pk: signature of its activities}, read as a stream."""
    tallies: dict[int, Tally] = {}
    activities = (
        Activity.objects.filter(plan__in=[plan.pk for plan in plans])
        .prefetch_related("budget_lines")
        .order_by("plan_id", "position", "id")
    )
    for activity in activities.iterator(chunk_size=2000):
        tally = tallies.get(activity.plan_id)
        if tally is None:
            tally = tallies[activity.plan_id] = Tally()
        tally.add(
            activity_key(
                activity.activity_type_id,
                activity.title,
                activity.description,
                activity.target_group,
                activity.people_per_year,
                activity.planned_results,
                activity.starts_on,
                activity.ends_on,
                activity.position,
                [
                    (line.description, line.subsidy, line.cofinancing, line.cofinancing_source)
                    for line in activity.budget_lines.all()
                ],
            )
        )
    return {pk: tally.signature() for pk, tally in tallies.items()}
