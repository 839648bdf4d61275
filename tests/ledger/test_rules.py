"""
The ledger's rules as pure functions, for any sequence of sales, cancellations, refunds, kas
changes, payouts and cancelled payouts (Hypothesis): each member's balance is her credits −
reversals − payouts (a cancelled payout counts as none), and per village the members' credits
+ kas equal the counted item totals.
"""

from hypothesis import given
from hypothesis import strategies as st

from ledger import rules

MAKERS = [1, 2, 3, None]  # None: a village product, or a maker since deleted

lines = st.lists(
    st.builds(
        rules.Line,
        maker=st.sampled_from(MAKERS),
        line_total=st.integers(min_value=0, max_value=50_000_000),
        quantity=st.integers(min_value=1, max_value=500),
    ),
    min_size=1,
    max_size=4,
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("sale"), lines),
        st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=100)),
        st.tuples(st.just("refund"), st.integers(min_value=0, max_value=100)),
        st.tuples(st.just("kas"), st.integers(min_value=0, max_value=100)),
        st.tuples(st.just("payout"), st.tuples(st.sampled_from([1, 2, 3]), st.integers(1, 10_000_000))),
        st.tuples(st.just("cancel_payout"), st.integers(min_value=0, max_value=100)),
    ),
    max_size=40,
)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=100))
def test_the_two_parts_of_a_line_add_up_and_the_kas_takes_the_rounding(total, percent):
    kas = rules.kas_share(total, percent)
    maker = total - kas
    assert maker == total * (100 - percent) // 100
    assert 0 <= kas <= total
    # the kas is never less than the exact percentage: the rounding goes to it
    assert kas * 100 >= total * percent


def test_examples_of_the_rounding():
    assert rules.kas_share(25_000, 10) == 2_500
    assert rules.kas_share(999, 10) == 100  # the maker gets 899 (floor of 899.1)
    assert rules.kas_share(1, 1) == 1
    assert rules.kas_share(12_345, 0) == 0
    assert rules.kas_share(12_345, 100) == 12_345
    assert rules.split_line(rules.Line(None, 7_000), 10).kas == 7_000


@given(steps)
def test_any_sequence_keeps_balances_and_village_totals(sequence):
    percent = 0
    postings: list[rules.Posting] = []
    orders: list[list[rules.Posting]] = []  # each counted order's postings, while not reversed
    paid: list[rules.Posting] = []  # payouts not cancelled
    counted_total = 0  # the item totals of orders counted and still counted
    credits, reversals, payouts = {}, {}, {}

    def add(book, maker, value):
        book[maker] = book.get(maker, 0) + value

    for kind, value in sequence:
        if kind == "kas":
            percent = value
        elif kind == "sale":
            order = [rules.split_line(line, percent) for line in value]
            orders.append(order)
            postings.extend(order)
            counted_total += sum(line.line_total for line in value)
            for p in order:
                add(credits, p.maker, p.amount)
        elif kind in ("cancel", "refund") and orders:
            order = orders.pop(value % len(orders))
            mirrored = [rules.reverse(p) for p in order]
            postings.extend(mirrored)
            counted_total -= sum(p.line_total for p in order)
            for p, r in zip(order, mirrored, strict=True):
                assert (r.amount, r.kas, r.percent) == (-p.amount, -p.kas, p.percent)
                add(reversals, p.maker, p.amount)
        elif kind == "payout":
            maker, amount = value
            postings.append(rules.payout(maker, amount))
            paid.append(postings[-1])
            add(payouts, maker, amount)
        elif kind == "cancel_payout" and paid:
            # a payout recorded by mistake: undone by a new entry, the original stays
            original = paid.pop(value % len(paid))
            undo = rules.payout_cancelled(original)
            assert (undo.maker, undo.amount, undo.kas) == (original.maker, -original.amount, 0)
            postings.append(undo)
            add(payouts, original.maker, original.amount)  # original.amount < 0: paid out less

    balances = rules.balances(postings)
    for maker in (1, 2, 3):
        expected = credits.get(maker, 0) - reversals.get(maker, 0) - payouts.get(maker, 0)
        assert balances.get(maker, 0) == expected
    # sale lines and their reversals carry a quantity; payouts do not
    member_credits = sum(p.amount for p in postings if p.quantity != 0)
    assert member_credits + rules.kas_total(postings) == counted_total
    assert sum(p.amount for p in postings if p.maker is None) == 0


def test_a_payout_is_more_than_zero():
    for amount in (0, -5):
        try:
            rules.payout(1, amount)
        except ValueError:
            continue
        raise AssertionError("a payout of nothing was accepted")
