"""Non-trivial reads of programmes and allocations."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import ngettext

from sectorplan.accounts.models import Membership
from sectorplan.core.errors import Refused
from sectorplan.programmes.allocation import AllocationError, allocate
from sectorplan.programmes.models import (
    AllocationLine,
    AllocationPublication,
    Organisation,
    Programme,
    Region,
)


@dataclass(frozen=True)
class AllocationRow:
    region: Region
    basis: Decimal
    subsidy: Decimal
    cofinancing: Decimal
    share: Decimal  # fraction of the total basis, 0..1


@dataclass(frozen=True)
class Allocation:
    rows: list[AllocationRow]
    publication: AllocationPublication | None  # None: computed now, not published

    @property
    def total_basis(self) -> Decimal:
        return sum((row.basis for row in self.rows), Decimal(0))

    @property
    def basis_places(self) -> int:
        """Decimals to show every basis with, so the column lines up."""
        return max(
            (max(0, -row.basis.normalize().as_tuple().exponent) for row in self.rows), default=0
        )

    @property
    def total_subsidy(self) -> Decimal:
        return sum((row.subsidy for row in self.rows), Decimal(0))

    @property
    def total_cofinancing(self) -> Decimal:
        return sum((row.cofinancing for row in self.rows), Decimal(0))


def _rows(items: list[tuple[Region, Decimal, Decimal, Decimal]]) -> list[AllocationRow]:
    total = sum((basis for _r, basis, _s, _c in items), Decimal(0))
    return [
        AllocationRow(region, basis, subsidy, cofinancing, basis / total if total else Decimal(0))
        for region, basis, subsidy, cofinancing in sorted(items, key=lambda item: item[0].code)
    ]


def allocation_compute(programme: Programme) -> list[AllocationRow]:
    """The allocation from the current basis; Refused when it cannot be computed."""
    participations = list(programme.participations.select_related("region"))
    missing = sorted(p.region.code for p in participations if p.basis is None)
    if missing:
        raise Refused(
            ngettext(
                "no basis for %(count)d region: %(codes)s",
                "no basis for %(count)d regions: %(codes)s",
                len(missing),
            )
            % {"count": len(missing), "codes": ", ".join(missing)}
        )
    regions = {p.region.code: p.region for p in participations}
    try:
        shares = allocate(
            programme.budget,
            {p.region.code: p.basis for p in participations},
            programme.cofinancing_ratio,
        )
    except AllocationError as exc:
        raise Refused(str(exc)) from exc
    return _rows([(regions[s.region_code], s.basis, s.subsidy, s.cofinancing) for s in shares])


def allocation_latest_publication(programme: Programme) -> AllocationPublication | None:
    return (
        programme.allocation_publications.select_related("published_by")
        .prefetch_related(
            Prefetch("lines", queryset=AllocationLine.objects.select_related("region"))
        )
        .first()
    )


def allocation_published(programme: Programme) -> Allocation | None:
    publication = allocation_latest_publication(programme)
    if publication is None:
        return None
    return Allocation(
        rows=_rows(
            [(ln.region, ln.basis, ln.subsidy, ln.cofinancing) for ln in publication.lines.all()]
        ),
        publication=publication,
    )


@dataclass(frozen=True)
class AllocationChange:
    region: Region
    old_basis: Decimal | None
    new_basis: Decimal
    old_subsidy: Decimal | None
    new_subsidy: Decimal


def allocation_changes(programme: Programme) -> list[AllocationChange]:
    """What publishing now would change against the last publication (all rows if none)."""
    computed = allocation_compute(programme)
    published = allocation_published(programme)
    before = {row.region.code: row for row in published.rows} if published else {}
    changes = []
    for row in computed:
        old = before.get(row.region.code)
        if old is None or (old.basis, old.subsidy, old.cofinancing) != (
            row.basis,
            row.subsidy,
            row.cofinancing,
        ):
            changes.append(
                AllocationChange(
                    region=row.region,
                    old_basis=old.basis if old else None,
                    new_basis=row.basis,
                    old_subsidy=old.subsidy if old else None,
                    new_subsidy=row.subsidy,
                )
            )
    return changes


def participations_with_basis(programme: Programme):
    return programme.participations.select_related("region").order_by("region__code")


def region_organisations(region: Region):
    return Organisation.objects.filter(regions=region).order_by("kind", "name")


def region_contacts(region: Region):
    return (
        Membership.objects.filter(region=region, is_active=True, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name", "user__username")
    )
