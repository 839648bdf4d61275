"""Domain errors of notifications; the admin turns them into messages."""


class NotificationError(Exception):
    """Base class; the message is fit to show to staff."""


class NotResendable(NotificationError):
    """Only a failed or uncertain delivery may be sent again, and only by staff."""


class BadUnsubscribeLink(NotificationError):
    """An unsubscribe link that was not made here, was damaged, or names a topic that is gone."""
