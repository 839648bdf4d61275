"""
Orders' part of a person's data (UU PDP), registered with core.personal_data in ready().

Export: the orders she placed (with her account or her account's email as a guest) in full —
what she typed, the items, the history — the sales of the products she made, and the order steps
she took for her village. Erase: her orders stay as the villages' sales records (number, village,
items, totals, dates, status, the receipt as proof of payment) but lose her name, phone, email,
address and notes, and the messages rendered from them; her name leaves the order histories.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notifications.services import event_messages_erase

from . import hooks
from .models import Order, OrderItem, OrderStatusChange

ERASED_BUYER = gettext_noop("Pembeli (akun dihapus)")
ERASED_ACTOR = gettext_noop("Pengguna (akun dihapus)")
OPEN = [
    Order.Status.AWAITING_PAYMENT,
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.PACKED,
    Order.Status.SHIPPED,
    Order.Status.READY_FOR_PICKUP,
]


def _iso(value):
    return value.isoformat() if value is not None else None


def orders_placed_by(user):
    """Her orders: placed while signed in, or as a guest with her email address."""
    condition = Q(user=user)
    if user.email:
        condition |= Q(buyer_email__iexact=user.email)
    return Order.objects.filter(condition)


def export(user) -> dict:
    placed = (
        orders_placed_by(user)
        .select_related("shop")
        .prefetch_related("items", "history")
        .order_by("created_at", "pk")
    )
    sold = (
        OrderItem.objects.filter(product__made_by__user=user)
        .select_related("order")
        .order_by("order__created_at", "pk")
    )
    steps = OrderStatusChange.objects.filter(by=user).select_related("order").order_by("created_at", "pk")
    return {
        "placed": [
            {
                "number": o.number,
                "village": o.shop.name,
                "created_at": _iso(o.created_at),
                "status": o.status,
                "payment_method": o.payment_method,
                "delivery_method": o.delivery_method,
                "items_total": o.items_total,
                "delivery_fee": o.delivery_fee,
                "total": o.total,
                "buyer_name": o.buyer_name,
                "buyer_phone": o.buyer_phone,
                "buyer_email": o.buyer_email,
                "address": {
                    "line": o.address_line,
                    "village": o.address_village,
                    "district": o.address_district,
                    "city": o.address_city,
                    "province": o.address_province,
                    "postcode": o.address_postcode,
                },
                "note": o.buyer_note,
                "complaint": o.complaint,
                "receipt_uploaded_at": _iso(o.receipt_uploaded_at),
                "items": [
                    {"product": i.product_name, "quantity": i.quantity, "unit_price": i.unit_price}
                    for i in o.items.all()
                ],
                "history": [
                    {
                        "from": h.from_status,
                        "to": h.to_status,
                        "by": h.by_label,
                        "note": h.note,
                        "at": _iso(h.created_at),
                    }
                    for h in o.history.all()
                ],
            }
            for o in placed
        ],
        "sold": [
            {
                "order": i.order.number,
                "product": i.product_name,
                "quantity": i.quantity,
                "unit_price": i.unit_price,
                "status": i.order.status,
                "created_at": _iso(i.order.created_at),
            }
            for i in sold
        ],
        "steps_taken": [
            {
                "order": s.order.number,
                "from": s.from_status,
                "to": s.to_status,
                "note": s.note,
                "at": _iso(s.created_at),
            }
            for s in steps
        ],
    }


def blocker(user) -> str | None:
    """Her orders still on their way need her name and address: she deletes once they are done."""
    if orders_placed_by(user).filter(status__in=OPEN).exists():
        return _(
            "Masih ada pesanan Anda yang belum selesai. Tunggu sampai pesanan itu selesai atau "
            "dibatalkan, lalu hapus akun Anda."
        )
    return None


def erase(user) -> None:
    orders = list(orders_placed_by(user))
    hooks.buyer_erased(orders=orders)
    for order in orders:
        event_messages_erase(subject=order)
    orders_placed_by(user).update(
        user=None,
        buyer_name=ERASED_BUYER,
        buyer_phone="",
        buyer_email="",
        address_line="",
        address_village="",
        address_district="",
        address_city="",
        address_postcode="",
        buyer_note="",
        complaint="",
    )
    OrderStatusChange.objects.filter(order__in=orders).update(note="")
    OrderStatusChange.objects.filter(by=user).update(by=None, by_label=ERASED_ACTOR)
