"""
What higher apps do when an order starts or stops counting as a sale, or when its buyer's data is
erased, without orders importing them.

A higher app (the ledger) registers a receiver from its AppConfig.ready(); order_transition calls
each inside the transition's transaction, with the order's row locked, so what the receiver
writes commits or rolls back with the status change. `at` is the moment of the change.
"""

from collections.abc import Callable

_counted: list[Callable] = []
_uncounted: list[Callable] = []
_erased: list[Callable] = []


def register(*, on_counted: Callable, on_uncounted: Callable) -> None:
    """`on_counted(order=, at=)` when an order becomes a sale; `on_uncounted(order=, at=)` when it stops."""
    if on_counted not in _counted:
        _counted.append(on_counted)
    if on_uncounted not in _uncounted:
        _uncounted.append(on_uncounted)


def counted(*, order, at) -> None:
    for receiver in _counted:
        receiver(order=order, at=at)


def uncounted(*, order, at) -> None:
    for receiver in _uncounted:
        receiver(order=order, at=at)


def register_erasure(receiver: Callable) -> None:
    """
    `receiver(orders=)` when a buyer's account is deleted, before her orders are anonymised (in
    the deletion's transaction): what a higher app keeps of her for those orders goes too.
    """
    if receiver not in _erased:
        _erased.append(receiver)


def buyer_erased(*, orders) -> None:
    for receiver in _erased:
        receiver(orders=orders)
