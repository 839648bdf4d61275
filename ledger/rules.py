"""
The ledger's rules as pure functions (no database): what each counted order line is worth to its
maker and to the village's kas, how a reversal mirrors what it reverses, and what a balance is.

Rounding: kas = line total − floor(line total × (100 − kas %) / 100). The maker gets the floor,
so the kas takes the rounding and the two parts always add up to the line total exactly.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace


def kas_share(line_total: int, percent: int) -> int:
    """The village's kas share of one line (whole rupiah); the kas takes the rounding."""
    if not 0 <= percent <= 100:
        raise ValueError("kas percent must be 0–100")
    if line_total < 0:
        raise ValueError("a line total is never negative")
    return line_total - (line_total * (100 - percent)) // 100


@dataclass(frozen=True)
class Line:
    """One counted order line: who made it (None: the village, or a maker since deleted)."""

    maker: int | None
    line_total: int
    quantity: int = 1


@dataclass(frozen=True)
class Posting:
    """What one entry adds: to a maker (`amount`, only with a maker) and to the village's kas."""

    maker: int | None
    amount: int
    kas: int
    line_total: int
    quantity: int
    percent: int


def split_line(line: Line, percent: int) -> Posting:
    """The entry a counted line makes: maker's part and kas part; no maker → all of it to kas."""
    kas = kas_share(line.line_total, percent) if line.maker is not None else line.line_total
    return Posting(
        maker=line.maker,
        amount=line.line_total - kas,
        kas=kas,
        line_total=line.line_total,
        quantity=line.quantity,
        percent=percent,
    )


def reverse(posting: Posting) -> Posting:
    """The reversal of an entry: every figure negated, the original percentage kept."""
    return replace(
        posting,
        amount=-posting.amount,
        kas=-posting.kas,
        line_total=-posting.line_total,
        quantity=-posting.quantity,
    )


def payout(maker: int, amount: int) -> Posting:
    """A payout to a maker: her balance goes down by `amount` (always more than zero)."""
    if amount <= 0:
        raise ValueError("a payout is more than zero")
    return Posting(maker=maker, amount=-amount, kas=0, line_total=0, quantity=0, percent=0)


def payout_cancelled(original: Posting) -> Posting:
    """A payout recorded by mistake, undone: her balance goes back up by exactly what it took."""
    if original.amount >= 0 or original.kas or original.line_total:
        raise ValueError("only a payout can be cancelled")
    return Posting(maker=original.maker, amount=-original.amount, kas=0, line_total=0, quantity=0, percent=0)


def balances(postings: Iterable[Posting]) -> dict[int, int]:
    """Each maker's balance: credits − reversals − payouts, i.e. the sum of her amounts."""
    result: dict[int, int] = {}
    for posting in postings:
        if posting.maker is not None:
            result[posting.maker] = result.get(posting.maker, 0) + posting.amount
    return result


def kas_total(postings: Iterable[Posting]) -> int:
    return sum(posting.kas for posting in postings)
