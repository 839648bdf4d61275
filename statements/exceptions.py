class StatementLineError(Exception):
    """A statement line that cannot be confirmed; the message is for the person who asked."""
