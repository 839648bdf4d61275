"""Domain errors raised by product services and translated by views into messages."""


class ProductError(Exception):
    """Base class for product rule violations."""


class ProductNotPublishable(ProductError):
    """The product cannot be published as it is (e.g. a jamu past its expiry date)."""


class ProductModerationError(ProductError):
    """A moderation step that does not apply (hiding a product already hidden, showing a visible one)."""
