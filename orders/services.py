"""
Writes on orders: placing a checkout and every status change.

Locks: placing locks the products' rows in primary-key order, then each village's counter row
(in primary-key order); a status change locks the order's row, then (to return stock) the products'
rows in primary-key order. No path takes them the other way round, so none can deadlock.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.images import process_upload
from core.money import rupiah
from core.pagecache import catalog_changed
from core.text import one_line
from notifications.models import Event
from products.models import Product, ProductVariant
from products.notifications import notify_stock_taken
from products.services import product_sold_add, stock_alerts_release
from shops.models import Shop

from . import hooks
from . import notifications as notify
from .cart import key_product_id, line_key
from .exceptions import (
    EmptyCart,
    InsufficientStock,
    InvalidTransition,
    OrderError,
    PriceChange,
    PriceChanged,
    ProductExpired,
    Shortage,
    TooManyOpenOrders,
)
from .models import Checkout, HeldAmount, Order, OrderCounter, OrderItem, OrderStatusChange
from .options import check_options, delivery_fee, zone_for

S = Order.Status
PREPAID = [Order.Payment.TRANSFER, Order.Payment.QRIS]
# The order history is a record: written in the site's language (the Indonesian source text),
# whatever language the person acting reads; the pages translate it when they show it.
BUYER = gettext_noop("Pembeli")
SYSTEM = gettext_noop("Sistem")


@dataclass(frozen=True)
class Actor:
    """Who changes an order: the buyer, the village (ketua or a member handling orders), staff, system."""

    kind: str  # "buyer" | "village" | "staff" | "system"
    label: str
    user: object = None

    @classmethod
    def system(cls):
        return cls("system", SYSTEM)


@dataclass(frozen=True)
class ShopChoice:
    delivery: str
    payment: str


@dataclass(frozen=True)
class BuyerDetails:
    name: str
    phone: str
    email: str = ""
    address_line: str = ""
    address_village: str = ""
    address_district: str = ""
    address_city: str = ""
    address_province: str = ""
    address_postcode: str = ""
    note: str = ""


# ------------------------------------------------------------------------------------------------
# Placing
# ------------------------------------------------------------------------------------------------
def check_open_orders_limit(*, phone: str, email: str) -> None:
    """
    Raise TooManyOpenOrders when this phone or email already has ORDER_MAX_OPEN_UNPAID_PER_BUYER
    orders awaiting payment: each holds its stock for the payment window, so one person could
    otherwise empty every village's shelf.
    """
    limit = settings.ORDER_MAX_OPEN_UNPAID_PER_BUYER
    same_buyer = Q(buyer_phone=phone) if phone else Q(pk__in=[])
    if email:
        same_buyer |= Q(buyer_email__iexact=email)
    open_orders = Order.objects.filter(same_buyer, status=Order.Status.AWAITING_PAYMENT).count()
    if open_orders >= limit:
        raise TooManyOpenOrders(
            _(
                "Anda masih punya %(n)d pesanan yang belum dibayar. Bayar atau batalkan dulu pesanan itu "
                "(lihat Pesanan saya), lalu pesan lagi."
            )
            % {"n": open_orders}
        )


def order_place(
    *,
    token: str,
    lines: dict,
    buyer: BuyerDetails,
    choices: dict[int, ShopChoice],
    user=None,
    prices: dict | None = None,
) -> Checkout:
    """
    Place one order per village for `lines` ({line key: quantity}) in one transaction; a key is a
    product id, or (product id, variant id) for a product sold in sizes (orders.cart.line_key).

    `prices` ({line key: unit price}) are the prices the buyer saw: a product whose price is no
    longer that raises PriceChanged (nothing placed), so she is never charged a price she did not see.
    Idempotent: the same `token` returns the checkout placed first, never a second one.
    Raises InsufficientStock (nothing placed) listing what is left of each short product,
    OptionNotOffered for a delivery/payment the village does not offer, EmptyCart, ProductExpired
    (nothing placed) for a product past its best-before date, TooManyOpenOrders when the buyer
    already has ORDER_MAX_OPEN_UNPAID_PER_BUYER orders unpaid.
    Locks the products in pk order, then their variants in pk order, then the villages' counter rows
    in pk order.
    """
    existing = Checkout.objects.filter(token=token).first()
    if existing is not None:
        return existing
    # Keys: a product id, or (product id, variant id) for one of its sizes (orders.cart.line_key).
    lines = {_normal_key(key): int(qty) for key, qty in lines.items() if int(qty) > 0}
    if prices is not None:
        prices = {_normal_key(key): price for key, price in prices.items()}
    if not lines:
        raise EmptyCart(_("Keranjang Anda kosong."))
    check_open_orders_limit(phone=buyer.phone, email=buyer.email)
    try:
        with transaction.atomic():
            # The token row first: a second placing of the same checkout waits here, then fails
            # on the unique constraint and returns the first one (below), having changed nothing.
            checkout = Checkout.objects.create(
                token=token, reference=f"DM-{secrets.token_hex(4).upper()}", user=user
            )
            return _place(checkout, lines, buyer, choices, user, prices)
    except IntegrityError:
        existing = Checkout.objects.filter(token=token).first()
        if existing is None:
            raise
        return existing


def _normal_key(key):
    return (int(key[0]), int(key[1])) if isinstance(key, tuple) else int(key)


def _place(checkout, lines, buyer, choices, user, prices):
    product_ids = {key_product_id(key) for key in lines}
    products = list(
        Product.objects.select_for_update(of=("self",))
        .select_related("shop", "made_by")
        .filter(pk__in=product_ids)
        .order_by("pk")
    )
    found = {p.pk: p for p in products}
    # Variants only after their products, in pk order: every writer of a variant's stock holds its
    # product's row lock first, so carts with several sizes of several products never deadlock.
    variant_ids = sorted(key[1] for key in lines if isinstance(key, tuple))
    variants = (
        {
            v.pk: v
            for v in ProductVariant.objects.select_for_update().filter(pk__in=variant_ids).order_by("pk")
        }
        if variant_ids
        else {}
    )
    # Checked first, so a product past its best-before date is named as such (not as "out of
    # stock"), even from a cart filled before it expired.
    expired = [p for p in products if p.is_expired]
    if expired:
        raise ProductExpired(
            _("%(names)s sudah lewat tanggal kedaluwarsa, jadi tidak bisa dipesan lagi.")
            % {"names": ", ".join(p.name for p in expired)},
            [p.pk for p in expired],
        )
    bought = []  # (product, variant or None, quantity) in lock order
    shortages = []
    for key, quantity in sorted(lines.items(), key=lambda item: _key_order(item[0])):
        product = found.get(key_product_id(key))
        variant = variants.get(key[1]) if isinstance(key, tuple) else None
        if isinstance(key, tuple) and (
            variant is None or product is None or variant.product_id != product.pk
        ):
            sellable = None
        elif variant is None and product is not None and product.has_variants:
            sellable = None  # sizes were added since: she must pick one
        else:
            sellable = variant or product
        available = sellable.stock if sellable is not None and product.is_public else 0
        if available < quantity:
            name = _line_name(product, variant) if product else _("Produk yang sudah tidak dijual")
            shortages.append(Shortage(key_product_id(key), name, quantity, available, key=key))
        else:
            bought.append((product, variant, quantity))
    if shortages:
        raise InsufficientStock(shortages)
    if prices is not None:
        changes = []
        for product, variant, _quantity in bought:
            key = line_key(product.pk, variant.pk if variant else None)
            now = variant.price if variant else product.price
            if prices.get(key) != now:
                changes.append(PriceChange(product.pk, _line_name(product, variant), prices.get(key, 0), now))
        if changes:
            raise PriceChanged(changes)

    by_shop: dict[int, list[tuple]] = {}
    for line in bought:
        by_shop.setdefault(line[0].shop_id, []).append(line)
    zone = zone_for(province=buyer.address_province, city=buyer.address_city)
    for shop_id in by_shop:
        choice = choices.get(shop_id)
        if choice is None:
            raise OrderError(_("Pilih cara kirim dan cara bayar untuk setiap desa."))
        check_options(by_shop[shop_id][0][0].shop, delivery=choice.delivery, payment=choice.payment)

    taken: dict[int, int] = {}
    for product, variant, quantity in bought:
        # Conditional decrement: even under the lock, stock never goes below zero.
        if variant is not None:
            updated = ProductVariant.objects.filter(pk=variant.pk, stock__gte=quantity).update(
                stock=F("stock") - quantity
            )
            if not updated:
                raise InsufficientStock(
                    [
                        Shortage(
                            product.pk,
                            _line_name(product, variant),
                            quantity,
                            0,
                            key=(product.pk, variant.pk),
                        )
                    ]
                )
        # The product's stock: its own, or the total of its variants kept with them.
        updated = Product.objects.filter(pk=product.pk, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if not updated:
            raise InsufficientStock([Shortage(product.pk, product.name, quantity, 0, key=product.pk)])
        taken[product.pk] = taken.get(product.pk, 0) + quantity
    catalog_changed()  # the F() updates send no signal; cached public pages show the stock

    now = timezone.now()
    for shop_id in sorted(by_shop):
        shop = by_shop[shop_id][0][0].shop
        choice = choices[shop_id]
        number = _next_order_number(shop)
        items_total = sum((v.price if v else p.price) * q for p, v, q in by_shop[shop_id])
        fee = delivery_fee(shop, delivery=choice.delivery, zone=zone)
        prepaid = choice.payment in (Order.Payment.TRANSFER, Order.Payment.QRIS)
        code = _unique_code(shop, base=items_total + fee, now=now) if prepaid else 0
        order = Order.objects.create(
            checkout=checkout,
            shop=shop,
            number=number,
            user=user,
            status=S.AWAITING_PAYMENT if prepaid else S.PROCESSING,
            buyer_name=buyer.name,
            buyer_phone=buyer.phone,
            buyer_email=buyer.email,
            address_line=buyer.address_line,
            address_village=buyer.address_village,
            address_district=buyer.address_district,
            address_city=buyer.address_city,
            address_province=buyer.address_province,
            address_postcode=buyer.address_postcode,
            buyer_note=buyer.note,
            delivery_method=choice.delivery,
            delivery_zone=zone if choice.delivery == Order.Delivery.COURIER else "",
            payment_method=choice.payment,
            items_total=items_total,
            delivery_fee=fee,
            unique_code=code,
            total=items_total + fee + code,
            expires_at=now + timedelta(hours=settings.ORDER_PAYMENT_HOURS) if prepaid else None,
        )
        OrderItem.objects.bulk_create(
            OrderItem(
                order=order,
                product=p,
                variant=v,
                made_by=p.made_by,
                product_name=p.name,
                variant_label=v.label if v else "",
                unit_price=v.price if v else p.price,
                quantity=q,
                line_total=(v.price if v else p.price) * q,
            )
            for p, v, q in by_shop[shop_id]
        )
        OrderStatusChange.objects.create(
            order=order, from_status="", to_status=order.status, by=user, by_label=BUYER
        )
        notify.notify_order_placed(order=order)
        notify_stock_taken(
            products=list({p.pk: p for p, _v, _q in by_shop[shop_id]}.values()),
            quantities=taken,
            sizes=[(p, v, q) for p, v, q in by_shop[shop_id] if v is not None],
        )
    return checkout


def _key_order(key) -> tuple[int, int]:
    return (key[0], key[1]) if isinstance(key, tuple) else (key, 0)


def _line_name(product: Product, variant: ProductVariant | None) -> str:
    return f"{product.name} ({variant.label})" if variant else product.name


def _next_order_number(shop: Shop) -> str:
    # The UPDATE locks the village's counter row until commit: numbers never repeat, and this
    # also serialises the choice of kode unik within one village.
    counters = OrderCounter.objects.filter(shop=shop)
    if not counters.update(last_number=F("last_number") + 1):
        OrderCounter.objects.bulk_create([OrderCounter(shop=shop)], ignore_conflicts=True)
        counters.update(last_number=F("last_number") + 1)
    number = counters.values_list("last_number", flat=True).get()
    code = shop.order_code or shop.slug[:3].upper()
    return f"{code}-{number:05d}"


def free_unique_codes(*, shop: Shop, base: int, now=None) -> list[int]:
    """
    The kode unik (1–999) that make `base` + code an amount no open transfer/QRIS order of `shop`
    asks for and no expired or cancelled one freed within the quarantine (ORDER_AMOUNT_HOLD_DAYS).
    """
    now = now or timezone.now()
    low, high = base + 1, base + 999
    taken = set(
        Order.objects.filter(
            shop=shop,
            status=S.AWAITING_PAYMENT,
            payment_method__in=PREPAID,
            total__gte=low,
            total__lte=high,
        ).values_list("total", flat=True)
    )
    taken |= set(
        HeldAmount.objects.filter(
            shop=shop, amount__gte=low, amount__lte=high, held_until__gt=now
        ).values_list("amount", flat=True)
    )
    return [code for code in range(1, 1000) if base + code not in taken]


def _unique_code(shop: Shop, *, base: int, now) -> int:
    """
    A kode unik making the amount to pay unique in the village (see free_unique_codes).

    Call under the village's counter-row lock (_next_order_number): that serialises the choice;
    the order_amount_unique_per_shop_while_open constraint is the database's guarantee.
    """
    free = free_unique_codes(shop=shop, base=base, now=now)
    if not free:
        raise OrderError(_("Desa ini sedang menunggu terlalu banyak pembayaran. Coba lagi nanti."))
    return random.choice(free)


def _hold_amount(order: Order, now) -> None:
    """Keep an open order's amount out of use for a while: a late payment must not match a new order."""
    if not order.is_prepaid or not order.unique_code:
        return
    HeldAmount.objects.update_or_create(
        shop_id=order.shop_id,
        amount=order.total,
        defaults={"held_until": now + timedelta(days=settings.ORDER_AMOUNT_HOLD_DAYS), "order": order},
    )


# ------------------------------------------------------------------------------------------------
# Status changes: one function knows the rules
# ------------------------------------------------------------------------------------------------
ALLOWED = {
    S.AWAITING_PAYMENT: {S.PAID, S.CANCELLED},
    S.PROCESSING: {S.PACKED, S.CANCELLED},
    S.PAID: {S.PACKED, S.CANCELLED},
    S.PACKED: {S.SHIPPED, S.READY_FOR_PICKUP, S.CANCELLED},
    S.SHIPPED: {S.COMPLETED},
    S.READY_FOR_PICKUP: {S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}
# Who may take each step (the village's ketua and order handlers; staff may do what a village may).
MAY = {
    S.PAID: {"village", "staff"},
    S.PACKED: {"village", "staff"},
    S.SHIPPED: {"village", "staff"},
    S.READY_FOR_PICKUP: {"village", "staff"},
    S.COMPLETED: {"buyer", "village", "staff", "system"},
    S.CANCELLED: {"buyer", "village", "staff", "system"},
}


def order_transition(*, order: Order, to: str, actor: Actor, note: str = "", **data) -> Order:
    """
    Move an order to status `to` if the rules allow it, record who/when/from/to/note.

    `data` carries what a step needs: tracking_number and courier_name for shipping.
    Raises InvalidTransition (nothing changed). Locks the order's row, then product rows.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        _check(order, to, actor, note, data)
        now = timezone.now()
        frm = order.status
        owes_refund = to == S.CANCELLED and buyer_cancel_needs_refund(order)
        counted_before = _is_counted(order)
        order.status = to
        if to == S.PAID:
            order.paid_at = now
            order.counted_at = now
        elif to == S.SHIPPED:
            order.shipped_at = now
            order.tracking_number = data.get("tracking_number", "").strip()
            order.courier_name = data.get("courier_name", "").strip()
        elif to == S.COMPLETED:
            order.completed_at = now
            if not order.is_prepaid:
                order.cash_received_at = now
                order.counted_at = now
        elif to == S.CANCELLED:
            order.cancelled_at = now
            order.cancel_reason = note
            # Money may be with the village: confirmed, or a receipt sent that nobody checked yet.
            if owes_refund:
                order.refund_due = order.total
                order.refund_account = data.get("refund_account", "").strip()[:200]
            if frm == S.AWAITING_PAYMENT:
                _hold_amount(order, now)
            _return_stock(order)
        order.save()
        _update_sold(order, counted_before=counted_before)
        _tell_counting(order, counted_before=counted_before, at=now)
        OrderStatusChange.objects.create(
            order=order, from_status=frm, to_status=to, by=actor.user, by_label=actor.label, note=note
        )
        notify.notify_order_status_changed(order=order, from_status=frm, actor=actor, note=note)
    if to == S.CANCELLED:
        # Stock came back: whoever asked "Ingatkan saya" for these products is told (once).
        stock_alerts_release(
            product_ids=order.items.exclude(product=None).values_list("product_id", flat=True)
        )
    return order


# The buyer may cancel until the village packs; with money paid (or a receipt sent) she confirms
# first and the village gives it back (buyer_cancel_needs_refund).
BUYER_MAY_CANCEL = (S.AWAITING_PAYMENT, S.PROCESSING, S.PAID)


def buyer_cancel_needs_refund(order: Order) -> bool:
    """Whether cancelling now makes the village owe the buyer her money (so she confirms first)."""
    return bool(order.paid_at) or order.status == S.PAID or order.receipt_is_waiting


def _is_counted(order: Order) -> bool:
    """The rule of OrderQuerySet.counted_as_sales, for one loaded order."""
    return order.counted_at is not None and order.status != S.CANCELLED


def _update_sold(order: Order, *, counted_before: bool) -> None:
    """Keep the products' "Terjual" figure equal to their quantities in orders counted as sales."""
    counted_now = _is_counted(order)
    if counted_now == counted_before:
        return
    sign = 1 if counted_now else -1
    product_sold_add(
        quantities={
            product_id: sign * quantity
            for product_id, quantity in order.items.exclude(product=None).values_list(
                "product_id", "quantity"
            )
        }
    )


def _tell_counting(order: Order, *, counted_before: bool, at) -> None:
    """Tell the registered receivers (the ledger) when the order starts or stops counting as a sale."""
    counted_now = _is_counted(order)
    if counted_now and not counted_before:
        hooks.counted(order=order, at=at)
    elif counted_before and not counted_now:
        hooks.uncounted(order=order, at=at)


def order_step_allowed(*, order: Order, to: str, actor: Actor) -> bool:
    """Whether the rules let `actor` take `order` to `to` now (given the step's required input)."""
    try:
        _check(order, to, actor, note="-", data={"tracking_number": "-"})
    except InvalidTransition:
        return False
    return True


def _check(order, to, actor, note, data):
    if to not in ALLOWED[order.status]:
        raise InvalidTransition(
            _("Pesanan %(number)s berstatus %(status)s: langkah ini tidak bisa dilakukan.")
            % {"number": order.number, "status": order.get_status_display()}
        )
    if actor.kind not in MAY[to]:
        raise InvalidTransition(_("Anda tidak berwenang melakukan langkah ini."))
    if to == S.SHIPPED:
        if order.delivery_method == Order.Delivery.PICKUP:
            raise InvalidTransition(_("Pesanan ambil di desa tidak dikirim: tandai Siap Diambil."))
        if order.delivery_method == Order.Delivery.COURIER and not data.get("tracking_number", "").strip():
            raise InvalidTransition(_("Tulis nomor resi untuk pengiriman lewat kurir."))
    if to == S.READY_FOR_PICKUP and order.delivery_method != Order.Delivery.PICKUP:
        raise InvalidTransition(_("Hanya pesanan ambil di desa yang bisa Siap Diambil."))
    if to == S.COMPLETED:
        if actor.kind == "buyer" and not order.is_prepaid:
            raise InvalidTransition(_("Desa mencatat pembayaran saat Anda menerima pesanan."))
        if actor.kind == "buyer" and order.status != S.SHIPPED:
            raise InvalidTransition(_("Desa menandai pesanan selesai saat Anda mengambilnya."))
        if actor.kind == "village" and order.is_prepaid and order.status == S.SHIPPED:
            raise InvalidTransition(_("Pembeli yang menandai pesanan sudah diterima."))
        if actor.kind == "system" and (not order.is_prepaid or order.has_open_complaint):
            raise InvalidTransition("auto-completion does not apply")
    if to == S.CANCELLED:
        if actor.kind == "buyer" and order.status not in BUYER_MAY_CANCEL:
            raise InvalidTransition(
                _("Pesanan yang sudah dikemas hanya bisa dibatalkan oleh desa. Hubungi desa.")
            )
        if actor.kind in ("village", "staff") and not note.strip():
            raise InvalidTransition(_("Tulis alasan pembatalan untuk pembeli."))
        if actor.kind == "system" and order.status != S.AWAITING_PAYMENT:
            raise InvalidTransition("only unpaid orders expire")
        if actor.kind == "system" and order.receipt_uploaded_at:
            raise InvalidTransition("a receipt waits for the village's check: the deadline is paused")


def _return_stock(order: Order) -> None:
    """Give the items back to stock, once (flag set in the same transaction)."""
    if order.stock_returned:
        return
    # Products in pk order, each product's row before its variant's (the order placing locks them in).
    items = sorted(
        (product_id, variant_id or 0, quantity, has_variants)
        for product_id, variant_id, quantity, has_variants in order.items.exclude(product=None).values_list(
            "product_id", "variant_id", "quantity", Q(product__option1_name__gt="")
        )
    )
    for product_id, variant_id, quantity, has_variants in items:
        if variant_id:
            Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
            ProductVariant.objects.filter(pk=variant_id).update(stock=F("stock") + quantity)
        elif not has_variants:
            Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
        # else: the size it was bought in was removed since; a product's stock is its sizes' total.
    catalog_changed()  # as in order_place: no signal from update()
    order.stock_returned = True


def order_expire_unpaid(*, now=None) -> int:
    """Cancel unpaid transfer/QRIS orders past their deadline, returning stock; returns how many."""
    now = now or timezone.now()
    expired = 0
    # An order whose receipt waits for the village's check never expires: its deadline is paused.
    for pk in Order.objects.filter(
        status=S.AWAITING_PAYMENT, expires_at__lt=now, receipt_uploaded_at__isnull=True
    ).values_list("pk", flat=True):
        try:
            order_transition(
                order=Order(pk=pk),
                to=S.CANCELLED,
                actor=Actor.system(),
                note=gettext_noop("Batas waktu pembayaran lewat."),
            )
            expired += 1
        except InvalidTransition:
            continue  # paid or cancelled meanwhile: nothing to do
    return expired


def order_remind_expiring(*, now=None) -> int:
    """
    Remind the buyer, once per order, before an unpaid order expires
    (NOTIFICATION_EXPIRY_REMINDER_HOURS). An order whose receipt waits does not expire (the village
    is reminded by order_remind_unchecked_receipts instead). Returns how many were reminded; the
    event's unique key keeps a reminder once even when two runs overlap.
    """
    now = now or timezone.now()
    window = timedelta(hours=settings.NOTIFICATION_EXPIRY_REMINDER_HOURS)
    reminded_already = Event.objects.about(Order).filter(
        kind=notify.OrderKind.EXPIRING, subject_id=OuterRef("pk")
    )
    due = (
        Order.objects.filter(
            status=S.AWAITING_PAYMENT,
            expires_at__gt=now,
            expires_at__lte=now + window,
            # An order placed moments ago needs no reminder (a short payment window).
            created_at__lte=now - timedelta(hours=1),
            receipt_uploaded_at__isnull=True,
        )
        .exclude(Exists(reminded_already))
        .order_by("pk")
        .values_list("pk", "number", "receipt_uploaded_at")
    )
    reminded = 0
    for pk, number, receipt_at in due:
        try:
            with transaction.atomic():
                notify.notify_order_expiring(order_id=pk, number=number, receipt=receipt_at is not None)
        except IntegrityError:
            continue  # another run reminded it meanwhile: the unique key keeps it once
        reminded += 1
    return reminded


def order_autocomplete_shipped(*, now=None) -> int:
    """Complete prepaid orders shipped N days ago without an open complaint; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ORDER_AUTOCOMPLETE_DAYS)
    done = 0
    candidates = Order.objects.filter(
        status=S.SHIPPED,
        shipped_at__lt=cutoff,
        payment_method__in=[Order.Payment.TRANSFER, Order.Payment.QRIS],
    ).values_list("pk", flat=True)
    for pk in candidates:
        try:
            order_transition(order=Order(pk=pk), to=S.COMPLETED, actor=Actor.system())
            done += 1
        except InvalidTransition:
            continue
    return done


# ------------------------------------------------------------------------------------------------
# Receipts, refunds, complaints
# ------------------------------------------------------------------------------------------------
def order_upload_receipt(*, order: Order, uploaded) -> Order:
    """
    Attach a photo of the transfer receipt (same image checks as product photos).

    A receipt already waiting may be replaced after the deadline (the deadline is paused meanwhile).
    Raises InvalidTransition when the order no longer waits for payment; ValidationError for a bad file.
    """
    past_deadline = order.expires_at and order.expires_at < timezone.now() and not order.receipt_is_waiting
    if order.status != S.AWAITING_PAYMENT or past_deadline:
        raise InvalidTransition(
            _("Pesanan ini tidak lagi menunggu pembayaran, bukti transfer tidak diperlukan.")
        )
    processed = process_upload(uploaded, thumb_sizes=())
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != S.AWAITING_PAYMENT:
            raise InvalidTransition(
                _("Pesanan ini tidak lagi menunggu pembayaran, bukti transfer tidak diperlukan.")
            )
        old = locked.receipt.name
        locked.receipt.save(processed.original.name, processed.original, save=False)
        locked.receipt_uploaded_at = timezone.now()
        locked.save(update_fields=["receipt", "receipt_uploaded_at", "updated_at"])
        if old:
            transaction.on_commit(lambda: locked.receipt.storage.delete(old))
        notify.notify_receipt_uploaded(order=locked)
    return locked


def _note(order: Order, *, by, label: str, text: str) -> None:
    """A line in the order's history that records an event without a status change."""
    OrderStatusChange.objects.create(
        order=order, from_status=order.status, to_status=order.status, by=by, by_label=label, note=text
    )


def order_reject_receipt(*, order: Order, actor: Actor, reason: str) -> Order:
    """
    The village marks the waiting receipt "bukti tidak valid" with a reason for the buyer: the
    deadline runs again (at least ORDER_RECEIPT_RETRY_HOURS from now) and she is told what to do.
    Raises InvalidTransition (nothing changed). Locks the order's row.
    """
    reason = one_line(reason)
    if actor.kind not in ("village", "staff"):
        raise InvalidTransition(_("Anda tidak berwenang melakukan langkah ini."))
    if not reason:
        raise InvalidTransition(_("Tulis alasan bukti tidak valid untuk pembeli."))
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.receipt_is_waiting:
            raise InvalidTransition(_("Tidak ada bukti transfer yang menunggu dicek di pesanan ini."))
        now = timezone.now()
        order.receipt_uploaded_at = None
        order.receipt_rejected_at = now
        order.receipt_rejection_reason = reason[:300]
        retry = now + timedelta(hours=settings.ORDER_RECEIPT_RETRY_HOURS)
        order.expires_at = max(order.expires_at or retry, retry)
        order.save(
            update_fields=[
                "receipt_uploaded_at",
                "receipt_rejected_at",
                "receipt_rejection_reason",
                "expires_at",
                "updated_at",
            ]
        )
        _note(
            order,
            by=actor.user,
            label=actor.label,
            text=gettext_noop("Bukti transfer tidak valid: %(reason)s") % {"reason": reason[:250]},
        )
        notify.notify_receipt_rejected(order=order)
    return order


def order_record_refund(
    *, order: Order, actor: Actor, date, method: str, account: str = "", proof=None
) -> Order:
    """
    Record that a cancelled order's money went back to the buyer: on `date`, by `method`, to
    `account`, with an optional photo of the proof (kept private, like the receipt).

    Raises InvalidTransition when nothing is owed or the actor may not; ValidationError for a bad
    photo (nothing changed). Locks the order's row.
    """
    if actor.kind not in ("village", "staff"):
        raise InvalidTransition(_("Anda tidak berwenang melakukan langkah ini."))
    if method not in Order.RefundMethod.values:
        raise InvalidTransition(_("Pilih cara pengembalian dana."))
    if date > timezone.localdate():
        raise InvalidTransition(_("Tanggal pengembalian tidak boleh di masa depan."))
    processed = process_upload(proof, thumb_sizes=()) if proof else None
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.refund_is_owed:
            raise InvalidTransition(_("Tidak ada dana yang perlu dikembalikan untuk pesanan ini."))
        order.refunded_at = timezone.now()
        order.refund_date = date
        order.refund_method = method
        order.refund_account = one_line(account)[:200]
        if processed is not None:
            order.refund_proof.save(processed.original.name, processed.original, save=False)
        order.save(
            update_fields=[
                "refunded_at",
                "refund_date",
                "refund_method",
                "refund_account",
                "refund_proof",
                "updated_at",
            ]
        )
        _note(
            order,
            by=actor.user,
            label=actor.label,
            text=gettext_noop("Dana %(amount)s dikembalikan.") % {"amount": rupiah(order.refund_due)},
        )
        notify.notify_order_refunded(order=order)
    return order


def order_remind_unchecked_receipts(*, now=None) -> int:
    """
    Remind about receipts nobody checked: the village after ORDER_RECEIPT_REMIND_VILLAGE_HOURS,
    Migrant CARE staff after ORDER_RECEIPT_REMIND_STAFF_HOURS; each once per receipt (the event's
    unique key holds even when two runs overlap). Returns how many reminders were recorded.
    """
    now = now or timezone.now()
    stages = [
        ("village", settings.ORDER_RECEIPT_REMIND_VILLAGE_HOURS),
        ("staff", settings.ORDER_RECEIPT_REMIND_STAFF_HOURS),
    ]
    reminded = 0
    for stage, hours in stages:
        due = (
            Order.objects.receipt_waiting()
            .filter(receipt_uploaded_at__lte=now - timedelta(hours=hours))
            .order_by("pk")
            .values_list("pk", "number", "receipt_uploaded_at")
        )
        for pk, number, uploaded_at in due:
            try:
                with transaction.atomic():
                    notify.notify_receipt_unchecked(
                        order_id=pk, number=number, stage=stage, uploaded_at=uploaded_at
                    )
            except IntegrityError:
                continue  # reminded already for this receipt
            reminded += 1
    return reminded


# While these, the buyer may report a problem (and auto-completion waits for its resolution).
COMPLAINT_STATUSES = (S.PAID, S.PROCESSING, S.PACKED, S.SHIPPED, S.READY_FOR_PICKUP)


def buyer_steps(*, order: Order) -> dict[str, bool]:
    """What the buyer may do with `order` now, by the same rules order_transition applies."""
    buyer = Actor("buyer", BUYER, order.user)
    return {
        "can_cancel": order_step_allowed(order=order, to=S.CANCELLED, actor=buyer),
        "cancel_needs_refund": buyer_cancel_needs_refund(order),
        "can_confirm": order_step_allowed(order=order, to=S.COMPLETED, actor=buyer),
        "can_complain": order.status in COMPLAINT_STATUSES,
    }


def order_open_complaint(*, order: Order, text: str) -> Order:
    """The buyer reports a problem; auto-completion waits until the village or staff resolves it."""
    text = text.strip()
    if not text:
        raise InvalidTransition(_("Tulis apa masalahnya."))
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status not in COMPLAINT_STATUSES:
            raise InvalidTransition(_("Komplain bisa dibuat selama pesanan belum selesai."))
        order.complaint = text[:1000]
        order.complaint_opened_at = timezone.now()
        order.complaint_resolved_at = None
        order.save(update_fields=["complaint", "complaint_opened_at", "complaint_resolved_at", "updated_at"])
        _note(
            order, by=order.user, label=BUYER, text=gettext_noop("Komplain: %(text)s") % {"text": text[:250]}
        )
        notify.notify_complaint_opened(order=order)
    return order


def order_resolve_complaint(*, order: Order, actor: Actor, note: str = "") -> Order:
    """The village or staff closes the buyer's complaint; auto-completion may go on."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.has_open_complaint:
            raise InvalidTransition(_("Tidak ada komplain yang terbuka."))
        if actor.kind not in ("village", "staff"):
            raise InvalidTransition(_("Anda tidak berwenang melakukan langkah ini."))
        order.complaint_resolved_at = timezone.now()
        order.save(update_fields=["complaint_resolved_at", "updated_at"])
        _note(
            order,
            by=actor.user,
            label=actor.label,
            text=gettext_noop("Komplain selesai. %(note)s") % {"note": note},
        )
    return order


# ------------------------------------------------------------------------------------------------
# The buyer's account: reorder
# ------------------------------------------------------------------------------------------------
def order_reorder(*, order: Order, cart) -> list[str]:
    """
    Put the items of `order` back in `cart` (orders.cart.Cart) at today's price and stock.

    Returns what changed, one sentence each (a product no longer sold, a new price, less stock);
    an empty list when everything is as it was. Places nothing and reserves no stock.
    """
    changes = []
    items = list(order.items.all())
    products = Product.objects.published().in_bulk([item.product_id for item in items if item.product_id])
    variant_ids = [item.variant_id for item in items if item.variant_id]
    variants = ProductVariant.objects.in_bulk(variant_ids) if variant_ids else {}
    for item in items:
        product = products.get(item.product_id)
        variant = variants.get(item.variant_id) if item.variant_id else None
        if product is not None and (variant is not None) != product.has_variants:
            product = None  # its size was removed, or sizes were added: she picks one on its page
        sellable = variant or product
        if product is None or sellable.stock <= 0:
            changes.append(
                _("%(name)s sedang tidak tersedia, tidak dimasukkan ke keranjang.") % {"name": item.full_name}
            )
            continue
        if sellable.price != item.unit_price:
            changes.append(
                _("Harga %(name)s sekarang %(now)s (dulu %(then)s).")
                % {
                    "name": _line_name(product, variant),
                    "now": rupiah(sellable.price),
                    "then": rupiah(item.unit_price),
                }
            )
        warning = cart.add(product, item.quantity, variant=variant)
        if warning:
            changes.append(warning)
    return changes
