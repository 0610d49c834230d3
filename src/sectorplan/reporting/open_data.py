"""Open data (Woo): what a programme has published, for anyone, without logging in.

The published allocation, and the national tables as the office last published them
(a frozen copy, reporting.models.TablePublication). Values are written as the CSV writes
them (amounts as text with a dot, so no precision is lost in JSON); whole numbers stay
numbers. Licence: CC0 1.0.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from sectorplan.core.numbers import format_decimal_plain
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
    return result


def as_records(dataset: Dataset) -> list[dict]:
    return [dict(zip(dataset.columns, row, strict=True)) for row in dataset.rows]
