"""
What orders tells through the notifications engine: a new order, each step the buyer (or the
village) must hear of, and the reminder before an unpaid order expires.

Declares its kinds, who hears of each and in what words (templates/orders/notifications/), and
registers them from OrdersConfig.ready(). The `notify_*` are called by orders' services inside the
transaction of the change, so the event (the outbox row) commits with it or not at all.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import rupiah
from core.phone import whatsapp_link
from members.notifications import STAFF, VILLAGE, village_team
from notifications import registry
from notifications.messages import compose, message_context, subject_for
from notifications.recipients import Recipient, staff_with_permission
from notifications.services import event_record

from .models import Order

BUYER = "buyer"


class OrderKind(models.TextChoices):
    PLACED = "order_placed", gettext_lazy("Pesanan baru")
    RECEIPT_UPLOADED = "receipt_uploaded", gettext_lazy("Bukti transfer masuk")
    RECEIPT_REJECTED = "receipt_rejected", gettext_lazy("Bukti transfer tidak valid")
    RECEIPT_UNCHECKED = "receipt_unchecked", gettext_lazy("Bukti transfer belum dicek")
    COMPLAINT_OPENED = "complaint_opened", gettext_lazy("Komplain pembeli")
    PAID = "order_paid", gettext_lazy("Pembayaran dikonfirmasi")
    SHIPPED = "order_shipped", gettext_lazy("Pesanan dikirim")
    READY = "order_ready", gettext_lazy("Pesanan siap diambil")
    COMPLETED = "order_completed", gettext_lazy("Pesanan selesai")
    CANCELLED = "order_cancelled", gettext_lazy("Pesanan dibatalkan")
    REFUNDED = "order_refunded", gettext_lazy("Dana dikembalikan")
    EXPIRING = "order_expiring", gettext_lazy("Batas bayar hampir habis")


# Order steps the buyer (or the village) hears about; packing is seen on the order page only.
STATUS_KINDS = {
    Order.Status.PAID: OrderKind.PAID,
    Order.Status.SHIPPED: OrderKind.SHIPPED,
    Order.Status.READY_FOR_PICKUP: OrderKind.READY,
    Order.Status.COMPLETED: OrderKind.COMPLETED,
    Order.Status.CANCELLED: OrderKind.CANCELLED,
}


# ------------------------------------------------------------------------------------------------
# Recording (inside the change's transaction)
# ------------------------------------------------------------------------------------------------
def notify_order_placed(*, order: Order):
    """The village's ketua and order handlers get the new order; the buyer her confirmation."""
    return event_record(OrderKind.PLACED, subject=order, payload={"number": order.number})


def notify_order_status_changed(*, order: Order, from_status: str, actor, note: str = ""):
    """The buyer hears of payment, shipping (with the resi), pickup, completion, cancellation."""
    kind = STATUS_KINDS.get(order.status)
    if kind is None:
        return None
    payload = {"number": order.number, "from": from_status, "to": order.status, "by": actor.kind}
    if note:
        payload["note"] = str(note)
    if order.status == Order.Status.SHIPPED:
        payload.update(tracking_number=order.tracking_number, courier_name=order.courier_name)
    return event_record(kind, subject=order, payload=payload)


def notify_receipt_uploaded(*, order: Order):
    return event_record(OrderKind.RECEIPT_UPLOADED, subject=order, payload={"number": order.number})


def notify_receipt_rejected(*, order: Order):
    """The buyer hears why her receipt was not accepted and until when she can send a good one."""
    return event_record(
        OrderKind.RECEIPT_REJECTED,
        subject=order,
        payload={"number": order.number, "reason": order.receipt_rejection_reason},
    )


def notify_receipt_unchecked(*, order_id: int, number: str, stage: str, uploaded_at):
    """
    A receipt waits unchecked: `stage` "village" reminds the village team, "staff" Migrant CARE.
    Once per receipt and stage (its unique key): raises IntegrityError when already recorded —
    call it in a transaction (or savepoint) of its own.
    """
    return event_record(
        OrderKind.RECEIPT_UNCHECKED,
        subject=Order(pk=order_id),
        payload={"number": number, "stage": stage},
        key=f"receipt_unchecked:{order_id}:{stage}:{int(uploaded_at.timestamp())}",
    )


def notify_complaint_opened(*, order: Order):
    return event_record(OrderKind.COMPLAINT_OPENED, subject=order, payload={"number": order.number})


def notify_order_refunded(*, order: Order):
    return event_record(OrderKind.REFUNDED, subject=order, payload={"number": order.number})


def notify_order_expiring(*, order_id: int, number: str, receipt: bool):
    """
    The reminder before an unpaid order expires, at most once per order (its unique key): raises
    IntegrityError when it was already recorded — call it in a transaction (or savepoint) of its own.
    """
    return event_record(
        OrderKind.EXPIRING,
        subject=Order(pk=order_id),
        payload={"number": number, "receipt": receipt},
        key=f"order_expiring:{order_id}",
    )


# ------------------------------------------------------------------------------------------------
# Recipients
# ------------------------------------------------------------------------------------------------
def buyer(order: Order) -> list[Recipient]:
    """The buyer: her account if she has one, else the email she gave (a guest), else only her phone."""
    email = order.buyer_email
    if order.user_id and order.user.is_active:
        return [
            Recipient.account(
                order.user, audience=BUYER, name=order.buyer_name, email=email, phone=order.buyer_phone
            )
        ]
    key = f"email:{email.lower()}" if email else f"phone:{order.buyer_phone}"
    return [Recipient(key=key, audience=BUYER, name=order.buyer_name, email=email, phone=order.buyer_phone)]


def order_staff() -> list[Recipient]:
    """Migrant CARE staff who follow orders (may change them in the admin)."""
    return staff_with_permission("change_order", audience=STAFF)


def load_order(pk: int) -> Order | None:
    """The order an event is about, with what its recipients and messages need (also for reviews)."""
    return Order.objects.select_related("shop", "user").filter(pk=pk).first()


def _recipients(event, order: Order) -> list[Recipient]:
    kind, payload = event.kind, event.payload
    if kind == OrderKind.PLACED:
        return village_team(order.shop) + buyer(order)
    if kind in (OrderKind.RECEIPT_UPLOADED, OrderKind.COMPLAINT_OPENED):
        return village_team(order.shop)
    if kind == OrderKind.CANCELLED:
        # A buyer who cancels is told too (her confirmation); the village must stop packing.
        return buyer(order) + (village_team(order.shop) if payload.get("by") == "buyer" else [])
    if kind == OrderKind.RECEIPT_UNCHECKED:
        return order_staff() if payload.get("stage") == "staff" else village_team(order.shop)
    if kind == OrderKind.RECEIPT_REJECTED:
        return buyer(order)
    if kind == OrderKind.EXPIRING:
        # With a receipt uploaded, it is the village that must confirm the payment in time.
        return village_team(order.shop) if payload.get("receipt") else buyer(order)
    if kind in (OrderKind.PAID, OrderKind.SHIPPED, OrderKind.READY, OrderKind.COMPLETED, OrderKind.REFUNDED):
        return buyer(order)
    return []


# ------------------------------------------------------------------------------------------------
# Words: what the person needs to act without opening the site — the items, the total, how to pay
# (buyer) or where to send it (village), and a wa.me click-to-chat link to the other side.
# ------------------------------------------------------------------------------------------------
# Subjects by (kind, audience); the audience is None when only one kind of person gets it.
SUBJECTS = {
    (OrderKind.PLACED, VILLAGE): gettext_lazy("Pesanan baru %(number)s untuk Desa %(shop)s"),
    (OrderKind.PLACED, BUYER): gettext_lazy("Pesanan %(number)s sudah dibuat"),
    (OrderKind.RECEIPT_UPLOADED, None): gettext_lazy("Bukti transfer masuk untuk pesanan %(number)s"),
    (OrderKind.RECEIPT_REJECTED, None): gettext_lazy("Bukti transfer pesanan %(number)s tidak valid"),
    (OrderKind.RECEIPT_UNCHECKED, VILLAGE): gettext_lazy("Bukti transfer pesanan %(number)s belum dicek"),
    (OrderKind.RECEIPT_UNCHECKED, STAFF): gettext_lazy(
        "Bukti transfer pesanan %(number)s (Desa %(shop)s) belum dicek 3 hari"
    ),
    (OrderKind.COMPLAINT_OPENED, None): gettext_lazy("Komplain pembeli untuk pesanan %(number)s"),
    (OrderKind.PAID, None): gettext_lazy("Pembayaran pesanan %(number)s sudah dikonfirmasi"),
    (OrderKind.SHIPPED, None): gettext_lazy("Pesanan %(number)s sudah dikirim"),
    (OrderKind.READY, None): gettext_lazy("Pesanan %(number)s siap diambil"),
    (OrderKind.COMPLETED, None): gettext_lazy("Pesanan %(number)s selesai"),
    (OrderKind.CANCELLED, BUYER): gettext_lazy("Pesanan %(number)s dibatalkan"),
    (OrderKind.CANCELLED, VILLAGE): gettext_lazy("Pembeli membatalkan pesanan %(number)s"),
    (OrderKind.REFUNDED, None): gettext_lazy("Dana pesanan %(number)s sudah dikembalikan"),
    (OrderKind.EXPIRING, BUYER): gettext_lazy("Segera bayar pesanan %(number)s"),
    (OrderKind.EXPIRING, VILLAGE): gettext_lazy("Konfirmasi pembayaran pesanan %(number)s sebelum batas"),
}


def _message(event, order: Order, recipient: Recipient):
    shop = order.shop
    address = [
        order.address_line,
        order.address_village,
        order.address_district,
        order.address_city,
        order.address_province,
        order.address_postcode,
    ]
    context = message_context(
        event,
        recipient,
        order=order,
        shop=shop,
        items=list(order.items.select_related("made_by")),
        address=", ".join(part for part in address if part),
        whatsapp="",
    )
    if recipient.audience == BUYER:
        path = order.get_absolute_url()
        if shop.whatsapp:
            text = _("Halo Desa %(name)s, saya menanyakan pesanan %(number)s (total %(total)s):") % {
                "name": shop.name,
                "number": order.number,
                "total": rupiah(order.total),
            }
            context["whatsapp"] = whatsapp_link(shop.whatsapp, text)
    elif recipient.audience == STAFF:
        path = reverse("admin:orders_order_change", args=[order.pk])
    else:
        path = reverse("orders:dashboard_detail", kwargs={"pk": order.pk})
        text = _(
            "Halo %(name)s, kami dari Desa %(shop)s tentang pesanan Anda %(number)s di Desbumi Market."
        ) % {"name": order.buyer_name, "shop": shop.name, "number": order.number}
        context["whatsapp"] = whatsapp_link(order.buyer_phone, text)
    subject = subject_for(SUBJECTS, event.kind, recipient.audience)
    return compose(
        f"orders/notifications/{event.kind}.txt",
        context,
        subject=str(subject) % {"number": order.number, "shop": shop.name},
        path=path,
    )


def register() -> None:
    """Called from OrdersConfig.ready()."""
    registry.register(OrderKind, recipients=_recipients, message=_message, load=load_order)
    # What a buyer may choose about (/akun/notifikasi/). Money and obligations cannot be turned
    # off: the confirmation holds how to pay, the reminder and a rejected receipt stand between her
    # and a cancelled order, and payment, cancellation and refund settle what she paid.
    registry.register_topic(
        "order_money",
        label=gettext_lazy("Pembayaran dan pembatalan pesanan"),
        help=gettext_lazy(
            "Konfirmasi pesanan dengan cara membayar, pengingat batas bayar, bukti transfer ditolak, "
            "pembayaran diterima, pesanan dibatalkan dan dana dikembalikan: pesan ini menyangkut uang "
            "Anda, jadi tidak bisa dimatikan."
        ),
        kinds=[
            OrderKind.PLACED,
            OrderKind.EXPIRING,
            OrderKind.RECEIPT_REJECTED,
            OrderKind.PAID,
            OrderKind.CANCELLED,
            OrderKind.REFUNDED,
        ],
        mandatory=True,
    )
    registry.register_topic(
        "order_progress",
        label=gettext_lazy("Perjalanan pesanan"),
        help=gettext_lazy(
            "Pesanan dikirim (dengan nomor resi), siap diambil, dan selesai. Statusnya selalu terlihat "
            "di halaman pesanan."
        ),
        kinds=[OrderKind.SHIPPED, OrderKind.READY, OrderKind.COMPLETED],
    )
