"""Domain errors of reviews; views turn them into messages in Bahasa Indonesia."""


class ReviewError(Exception):
    """A review, reply or moderation step the rules refuse (nothing changed)."""
