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


class ProductChangedMeanwhile(ProductError):
    """
    The product changed while the form was open (a sale took stock, another member edited it), in
    a field she changed too. Nothing was saved. `changes` is [(field, value she saw, value now)];
    `snapshot` is the product as it is now, for the form's next attempt.
    """

    def __init__(self, changes, *, snapshot):
        super().__init__("product changed meanwhile")
        self.changes, self.snapshot = changes, snapshot
