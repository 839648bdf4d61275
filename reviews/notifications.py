"""
What reviews tells through the notifications engine: a reminder, once per order, some days after it
was completed without any review. A buyer may turn it off (/akun/notifikasi/, or the email's link).

Declares its kind and topic, who hears of it and in what words (templates/reviews/notifications/),
and registers them from ReviewsConfig.ready().
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy

from notifications import registry
from notifications.messages import compose
from notifications.services import event_record
from orders.models import Order
from orders.notifications import buyer, load_order


class ReviewKind(models.TextChoices):
    REMINDER = "review_reminder", gettext_lazy("Pengingat ulasan")


def notify_review_reminder(*, order_id: int, number: str):
    """
    Remind the buyer of a completed order to review it, at most once per order (its unique key):
    raises IntegrityError when already recorded — call it in a transaction (or savepoint) of its own.
    """
    return event_record(
        ReviewKind.REMINDER,
        subject=Order(pk=order_id),
        payload={"number": number},
        key=f"review_reminder:{order_id}",
    )


def _recipients(event, order: Order):
    return buyer(order)


def _message(event, order: Order, recipient):
    return compose(
        f"reviews/notifications/{event.kind}.txt",
        {"order": order, "shop": order.shop, "items": list(order.items.all())},
        subject=str(gettext_lazy("Bagaimana pesanan %(number)s? Beri ulasan")) % {"number": order.number},
        path=reverse("reviews:order", kwargs={"token": order.access_token}),
    )


def register() -> None:
    """Called from ReviewsConfig.ready()."""
    registry.register(ReviewKind, recipients=_recipients, message=_message, load=load_order)
    registry.register_topic(
        "review_reminders",
        label=gettext_lazy("Pengingat ulasan"),
        help=gettext_lazy(
            "Satu pengingat beberapa hari setelah pesanan selesai, bila Anda belum memberi ulasan."
        ),
        kinds=[ReviewKind.REMINDER],
    )
