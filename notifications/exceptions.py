"""Domain errors of notifications; the admin turns them into messages."""


class NotificationError(Exception):
    """Base class; the message is fit to show to staff."""


class NotResendable(NotificationError):
    """Only a failed or uncertain delivery may be sent again, and only by staff."""
