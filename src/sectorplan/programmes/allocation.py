"""The allocation rule of CONTRACTS §3, as a pure function.

Each region's quota is budget × basis / Σbasis. Amounts are whole cents by the
largest-remainder method: floor every quota to the cent, then give the remaining cents
one each to the largest remainders, ties broken by region code. Quotas are computed in
exact integer arithmetic, so the result does not depend on decimal precision or input order.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
    # Exact integer arithmetic: every basis as a whole number over one power of ten, so each
    # quota is budget_cents × basis / Σbasis with a whole remainder over the same Σbasis,
    # and remainders compare as integers (Fractions took ~1 s over 10,000 regions).
    places = max(0, *(-value.as_tuple().exponent for value in basis.values()))
    whole = {code: _whole(value, places) for code, value in basis.items()}
    whole_total = sum(whole.values())
    cents, remainders = {}, {}
    for code, value in whole.items():
        cents[code], remainders[code] = divmod(budget_cents * value, whole_total)
    left = budget_cents - sum(cents.values())
    by_remainder = sorted(whole, key=lambda code: (-remainders[code], code))
    for code in by_remainder[:left]:
        cents[code] += 1

    shares = []
    for code in sorted(basis):
        subsidy = Decimal(cents[code]) * CENT
        cofinancing = (subsidy * cofinancing_ratio).quantize(CENT, rounding=ROUND_HALF_UP)
        shares.append(Share(code, basis[code], subsidy, cofinancing))
    return shares


def _whole(value: Decimal, places: int) -> int:
    """`value` × 10^places as an exact integer (no rounding context involved)."""
    sign, digits, exponent = value.as_tuple()
    number = int("".join(map(str, digits)) or "0") * 10 ** (exponent + places)
    return -number if sign else number
