"""The allocation rule of CONTRACTS §3, as a pure function.

Each region's quota is budget × basis / Σbasis. Amounts are whole cents by the
largest-remainder method: floor every quota to the cent, then give the remaining cents
one each to the largest remainders, ties broken by region code. Quotas are computed with
exact fractions, so the result does not depend on decimal precision or input order.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


class AllocationError(ValueError):
    pass


@dataclass(frozen=True)
class Share:
    region_code: str
    basis: Decimal
    subsidy: Decimal
    cofinancing: Decimal


def check_budget(budget: Decimal) -> None:
    if not budget.is_finite() or budget <= 0:
        raise AllocationError(
            _("the budget must be more than 0, got %(budget)s") % {"budget": budget}
        )
    if budget != budget.quantize(CENT):
        raise AllocationError(
            _("the budget %(budget)s has more than two decimals (whole cents only)")
            % {"budget": budget}
        )


def allocate(
    budget: Decimal, basis: Mapping[str, Decimal], cofinancing_ratio: Decimal = Decimal(1)
) -> list[Share]:
    """Split `budget` over regions pro rata `basis`; returns shares ordered by region code."""
    check_budget(budget)
    if cofinancing_ratio < 0:
        raise AllocationError(_("the co-financing ratio must be 0 or more"))
    if not basis:
        raise AllocationError(_("there are no regions to allocate to"))
    negative = sorted(code for code, value in basis.items() if value < 0)
    if negative:
        raise AllocationError(
            _("the basis must be 0 or more; negative for: %(codes)s")
            % {"codes": ", ".join(negative)}
        )
    total = sum(basis.values(), Decimal(0))
    if total == 0:
        raise AllocationError(_("the basis of every region is 0: nothing to divide by"))

    budget_cents = int(budget / CENT)
    quotas = {
        code: Fraction(budget_cents) * Fraction(value) / Fraction(total)
        for code, value in basis.items()
    }
    cents = {code: quota.numerator // quota.denominator for code, quota in quotas.items()}
    left = budget_cents - sum(cents.values())
    by_remainder = sorted(quotas, key=lambda code: (-(quotas[code] - cents[code]), code))
    for code in by_remainder[:left]:
        cents[code] += 1

    shares = []
    for code in sorted(basis):
        subsidy = Decimal(cents[code]) * CENT
        cofinancing = (subsidy * cofinancing_ratio).quantize(CENT, rounding=ROUND_HALF_UP)
        shares.append(Share(code, basis[code], subsidy, cofinancing))
    return shares
