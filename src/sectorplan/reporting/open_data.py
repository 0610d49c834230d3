"""Open data (Woo): what a programme has published, for anyone, without logging in.

The published allocation, the national tables as the office last published them
(a frozen copy, reporting.models.TablePublication), and the good practices published for
everyone (without their contact's e-mail address). Values are written as the CSV writes
them (amounts as text with a dot, so no precision is lost in JSON); whole numbers stay
numbers. Licence: CC0 1.0.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sectorplan.core.numbers import format_decimal_plain
from sectorplan.knowledge.selectors import public_practices
from sectorplan.programmes.models import Programme
from sectorplan.programmes.selectors import allocation_latest_publication
from sectorplan.reporting.models import TablePublication
from sectorplan.reporting.tables import Table, allocation_table

LICENCE = "CC0-1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"


@dataclass(frozen=True)
class Dataset:
    code: str
    title: str
    columns: list[str]
    rows: list[list]
    published_at: datetime


def frozen(table: Table) -> dict:
    """A table as a publication keeps it. Compute the table in the site's language
    (`translation.override(settings.LANGUAGE_CODE)`): its title is published as it is."""
    return {
        "code": table.code,
        "title": str(table.title),
        "columns": table.columns,
        "rows": [
            [_value(v, column in table.money) for column, v in zip(table.columns, row, strict=True)]
            for row in table.rows
        ],
    }


def _value(value, money: bool):
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return format_decimal_plain(value, 2 if money else None)
    return str(value)


def latest_publication(programme: Programme) -> TablePublication | None:
    return programme.table_publications.order_by("-published_at", "-pk").first()


def datasets(programme: Programme) -> list[Dataset]:
    """Everything published of `programme`: the allocation once published, the tables once
    the office published them."""
    result = []
    allocation = allocation_latest_publication(programme)
    if allocation is not None:
        with translation.override(settings.LANGUAGE_CODE):
            table = frozen(allocation_table(programme))
        result.append(
            Dataset(
                "allocation",
                table["title"],
                table["columns"],
                table["rows"],
                allocation.published_at,
            )
        )
    publication = latest_publication(programme)
    if publication is not None:
        result += [
            Dataset(t["code"], t["title"], t["columns"], t["rows"], publication.published_at)
            for t in publication.tables
        ]
    practices = _practices(programme)
    if practices is not None:
        result.append(practices)
    return result


PRACTICE_COLUMNS = [
    "id",
    "title",
    "region_code",
    "region_name",
    "theme",
    "summary",
    "target_group",
    "results",
    "people_reached",
    "cost",
    "watch_out",
    "contact_name",
    "instruments",
    "published_at",
    "url",
]


def _practices(programme: Programme) -> Dataset | None:
    practices = list(public_practices(programme))
    if not practices:
        return None
    base = settings.SECTORPLAN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            [
                p.pk,
                p.title,
                p.region.code if p.region else "",
                p.region.name if p.region else "",
                p.theme.code if p.theme else "",
                p.summary,
                p.target_group,
                p.results,
                p.people_reached,
                _value(p.cost, True) if p.cost is not None else None,
                p.watch_out,
                p.contact_name,
                "; ".join(i.name for i in p.instruments.all()),
                p.published_at.isoformat(),
                base + reverse("practice-detail", args=[programme.slug, p.pk]),
            ]
            for p in practices
        ]
        title = _("Good practices")
    return Dataset(
        "practices", str(title), PRACTICE_COLUMNS, rows, max(p.published_at for p in practices)
    )


def as_records(dataset: Dataset) -> list[dict]:
    return [dict(zip(dataset.columns, row, strict=True)) for row in dataset.rows]
