"""The allocation rule of CONTRACTS §3, proven on generated inputs."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from sectorplan.programmes.allocation import AllocationError, allocate

CENT = Decimal("0.01")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


budgets = st.decimals(min_value="0.01", max_value="1000000000", places=2)
basis_values = st.decimals(min_value=0, max_value="100000", places=3)
bases = st.dictionaries(
    st.from_regex(r"R[0-9]{3}", fullmatch=True), basis_values, min_size=1, max_size=60
).filter(lambda basis: sum(basis.values()) > 0)
ratios = st.decimals(min_value=0, max_value=3, places=4)


@settings(max_examples=300, deadline=None)
@given(budget=budgets, basis=bases, ratio=ratios)
def test_shares_add_up_to_the_budget_and_stay_within_a_cent(budget, basis, ratio):
    shares = allocate(budget, basis, ratio)
    assert sum(share.subsidy for share in shares) == budget
    total = sum(basis.values())
    for share in shares:
        quota = Fraction(budget) * Fraction(share.basis) / Fraction(total)
        assert abs(Fraction(share.subsidy) - quota) < Fraction(1, 100)
        assert share.subsidy == share.subsidy.quantize(CENT)
        assert share.cofinancing == (share.subsidy * ratio).quantize(CENT, ROUND_HALF_UP)


@settings(max_examples=100, deadline=None)
@given(budget=budgets, basis=bases, data=st.data())
def test_result_does_not_depend_on_input_order(budget, basis, data):
    shuffled = dict(data.draw(st.permutations(list(basis.items()))))
    assert allocate(budget, basis) == allocate(budget, shuffled)
    assert [share.region_code for share in allocate(budget, basis)] == sorted(basis)


@settings(max_examples=100, deadline=None)
@given(budget=budgets, basis=bases)
def test_zero_basis_gets_zero(budget, basis):
    basis = {**basis, "ZERO": Decimal(0)}
    shares = {share.region_code: share for share in allocate(budget, basis)}
    assert shares["ZERO"].subsidy == 0
    assert shares["ZERO"].cofinancing == 0


def test_remaining_cents_go_to_the_largest_remainders_then_by_code():
    # 100.00 over three equal regions: 33.33 each plus one cent left, to the lowest code.
    shares = allocate(Decimal("100.00"), {"B": Decimal(1), "A": Decimal(1), "C": Decimal(1)})
    assert [(s.region_code, s.subsidy) for s in shares] == [
        ("A", Decimal("33.34")),
        ("B", Decimal("33.33")),
        ("C", Decimal("33.33")),
    ]
    # Quotas 0.666…, 0.333…: the larger remainder wins the cent over the lower code.
    shares = allocate(Decimal("0.01"), {"A": Decimal(1), "B": Decimal(2)})
    assert [(s.region_code, s.subsidy) for s in shares] == [
        ("A", Decimal("0.00")),
        ("B", Decimal("0.01")),
    ]


def test_cofinancing_rounds_half_up():
    # 0.05 × 0.5 = 0.025 → 0.03 (half up), not 0.02 (banker's rounding).
    (share,) = allocate(Decimal("0.05"), {"A": Decimal(1)}, Decimal("0.5"))
    assert share.cofinancing == Decimal("0.03")


@pytest.mark.parametrize(
    ("budget", "basis", "message"),
    [
        (Decimal("0"), {"A": Decimal(1)}, "more than 0"),
        (Decimal("-1"), {"A": Decimal(1)}, "more than 0"),
        (Decimal("10.001"), {"A": Decimal(1)}, "two decimals"),
        (Decimal("10"), {"A": Decimal(0), "B": Decimal(0)}, "every region is 0"),
        (Decimal("10"), {"A": Decimal(1), "B": Decimal(-1)}, "negative for: B"),
        (Decimal("10"), {}, "no regions"),
    ],
)
def test_bad_input_is_a_clear_error(budget, basis, message):
    with pytest.raises(AllocationError, match=message):
        allocate(budget, basis)


def test_ten_thousand_regions():
    basis = {f"R{i:05d}": Decimal(i % 97) for i in range(10_000)}
    shares = allocate(Decimal("123456789.01"), basis)
    assert len(shares) == 10_000
    assert sum(share.subsidy for share in shares) == Decimal("123456789.01")


def _by_fractions(budget, basis):
    """The rule written out with exact fractions: the reference the fast version must match."""
    cents_total = int(budget * 100)
    total = sum(basis.values())
    quotas = {c: Fraction(cents_total) * Fraction(v) / Fraction(total) for c, v in basis.items()}
    cents = {c: q.numerator // q.denominator for c, q in quotas.items()}
    order = sorted(quotas, key=lambda c: (-(quotas[c] - cents[c]), c))
    for code in order[: cents_total - sum(cents.values())]:
        cents[code] += 1
    return {code: Decimal(cents[code]) / 100 for code in sorted(basis)}


@given(
    budget=budgets,
    basis=st.dictionaries(
        st.from_regex(r"R[0-9]{3}", fullmatch=True),
        st.decimals(min_value=0, max_value="1E+12", places=4) | st.integers(0, 10**9).map(Decimal),
        min_size=1,
        max_size=60,
    ),
)
def test_integer_arithmetic_gives_what_exact_fractions_give(budget, basis):
    if sum(basis.values()) == 0:
        return
    assert {s.region_code: s.subsidy for s in allocate(budget, basis)} == _by_fractions(
        budget, basis
    )
