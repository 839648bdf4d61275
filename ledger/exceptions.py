"""Domain errors of the ledger, which views turn into messages."""


class PayoutError(Exception):
    """A payout or kas setting refused; the message is for the person (Bahasa Indonesia)."""
