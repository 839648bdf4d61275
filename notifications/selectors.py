"""Reads of the in-app inbox, and of a person's notifications for her data export."""

from django.db.models import QuerySet

from .models import Delivery, Notification


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


def _iso(value):
    return value.isoformat() if value is not None else None


def personal_data_export(user) -> dict:
    """`user`'s part of her data export (UU PDP): her inbox and every message sent to her."""
    inbox = Notification.objects.filter(user=user).order_by("created_at", "pk")
    deliveries = Delivery.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "inbox": [
            {
                "title": n.title,
                "body": n.body,
                "path": n.path,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in inbox
        ],
        "deliveries": [
            {
                "channel": d.channel,
                "address": d.address,
                "subject": d.subject,
                "status": d.status,
                "created_at": _iso(d.created_at),
                "sent_at": _iso(d.sent_at),
            }
            for d in deliveries
        ],
    }
