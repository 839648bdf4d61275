"""Domain errors raised by product services and translated by views into messages."""

from django.core.exceptions import ValidationError


class ProductError(Exception):
    """Base class for product rule violations."""


class ProductNotPublishable(ProductError):
    """
    The product cannot be published as it is (a jamu past its expiry date, without its permits…).

    `problems` are ValidationErrors keyed by the form field that fixes each one
    (products.rules.publish_problems); the message joins them for a flash message.
    """

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [ValidationError(problems, code="not_publishable")]
        self.problems = list(problems)
        super().__init__(" ".join(message for problem in self.problems for message in problem.messages))


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


class StockAlertError(Exception):
    """An "Ingatkan saya" request the rules refuse (nothing stored)."""
