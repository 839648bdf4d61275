"""Domain errors raised by product services and translated by views into messages."""


class ProductError(Exception):
    """Base class for product rule violations."""


class ProductNotPublishable(ProductError):
    """
    The product cannot be published as it is (no photo, a jamu past its expiry date).

    `field` names the form field the message belongs beside, `code` says which rule it broke.
    """

    def __init__(self, message, *, field=None, code=None):
        super().__init__(message)
        self.field, self.code = field, code


class ProductModerationError(ProductError):
    """A moderation step that does not apply (hiding a product already hidden, showing a visible one)."""


class StockAlertError(Exception):
    """An "Ingatkan saya" request the rules refuse (nothing stored)."""
