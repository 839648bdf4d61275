"""Reads of the in-app inbox, a person's choices and unsubscribe links, and her data export."""

from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from . import registry, unsubscribe
from .exceptions import BadUnsubscribeLink
from .models import Delivery, Notification, OptOut


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


def opted_out(*, recipient_keys, topic: str) -> set[tuple[str, str]]:
    """(recipient key, channel) pairs among `recipient_keys` that turned `topic` off."""
    if not recipient_keys:
        return set()
    return set(
        OptOut.objects.filter(recipient_key__in=recipient_keys, topic=topic).values_list(
            "recipient_key", "channel"
        )
    )


def preferences_for(*, user, channels) -> list[dict]:
    """
    Every topic with, per enabled channel, whether `user` gets it: what her preference page shows.
    One query.
    """
    off = set(OptOut.objects.filter(recipient_key=f"user:{user.pk}").values_list("topic", "channel"))
    return [
        {
            "topic": topic,
            "channels": [
                {"channel": channel, "on": topic.mandatory or (topic.name, channel.name) not in off}
                for channel in channels
            ],
        }
        # What is always sent first, so she reads why before she chooses the rest.
        for topic in sorted(registry.topics(), key=lambda t: not t.mandatory)
    ]


def unsubscribe_link_read(*, token: str) -> tuple[str, registry.Topic]:
    """
    (recipient key, optional topic) an email's unsubscribe link names; BadUnsubscribeLink for a
    forged or damaged token, or one whose topic is gone or always sent.
    """
    try:
        recipient_key, name = unsubscribe.read_token(token)
    except signing.BadSignature:
        raise BadUnsubscribeLink(_("Tautan berhenti berlangganan ini tidak valid atau rusak.")) from None
    topic = registry.topic(name)
    if topic is None or topic.mandatory:
        raise BadUnsubscribeLink(_("Jenis pesan ini tidak bisa dihentikan lewat tautan."))
    return recipient_key, topic


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
        "turned_off": [
            {"topic": o.topic, "channel": o.channel, "since": _iso(o.created_at)}
            for o in OptOut.objects.filter(recipient_key=f"user:{user.pk}").order_by("topic", "channel")
        ],
    }
