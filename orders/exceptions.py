"""Domain errors of buying; views turn them into clear messages in Bahasa Indonesia."""

from dataclasses import dataclass


class OrderError(Exception):
    """Base class; the message is fit to show to the person."""


@dataclass(frozen=True)
class Shortage:
    product_id: int
    name: str
    requested: int
    available: int
    key: object = None  # the cart line's key (orders.cart.line_key); the product id when None


class InsufficientStock(OrderError):
    """Some products no longer have the quantity asked; nothing was placed."""

    def __init__(self, shortages: list[Shortage]):
        super().__init__("insufficient stock")
        self.shortages = shortages


class ProductExpired(OrderError):
    """Some products in the cart are past their best-before date; nothing was placed."""

    def __init__(self, message: str, product_ids: list[int]):
        super().__init__(message)
        self.product_ids = product_ids


@dataclass(frozen=True)
class PriceChange:
    product_id: int
    name: str
    seen: int
    now: int


class PriceChanged(OrderError):
    """A price is no longer the one the buyer saw; nothing was placed."""

    def __init__(self, changes: list[PriceChange]):
        super().__init__("price changed")
        self.changes = changes


class InvalidTransition(OrderError):
    """This status change is not allowed from the order's status, or not for this person."""


class OptionNotOffered(OrderError):
    """A delivery or payment option the village does not offer (e.g. COD with a courier)."""


class EmptyCart(OrderError):
    """Nothing to order."""


class TooManyOpenOrders(OrderError):
    """The buyer (phone or email) already has as many unpaid orders waiting as allowed."""
