"""Reads of the in-app inbox."""

from django.db.models import QuerySet

from .models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    """`user`'s notifications, newest first (unread and read together)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_unread_count(*, user, request=None) -> int:
    """
    How many of `user`'s notifications are unread: one COUNT on a partial index, once per request
    (the dashboard menu and the inbox share it).
    """
    if not user.is_authenticated:
        return 0
    cached = getattr(request, "_unread_notifications", None)
    if cached is not None:
        return cached
    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if request is not None:
        request._unread_notifications = count
    return count
