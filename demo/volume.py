"""
`seed_demo --products N --orders M`: the demo marketplace at benchmark size.

Tops up the totals: afterwards there are at least N products and M orders in the database (the
demo's own 120 products count), so a second run with the same numbers adds nothing and a run with
bigger numbers adds the difference. Rows go in with bulk_create, a few thousand at a time.

Products are drawn from the demo catalogue (demo/catalogue.py) for the four villages, made by their
approved members, with the same rules as the demo's own: unique slugs, prices in steps of Rp500,
permit numbers where a listing needs them, jamu with production and expiry dates (none expired),
`published_at` spread over the last six months. Three photos per category are drawn and processed
by the first top-up; every other volume product's photo row points at those same files.

Orders are spread over the last six months; each follows the order flow (orders/services.py) as far
as its dates reach today: unpaid transfers expire after ORDER_PAYMENT_HOURS, shipped prepaid orders
complete by themselves after ORDER_AUTOCOMPLETE_DAYS, COD is counted as a sale when completed. Each
has its checkout, items, kode unik (the amount unique among a village's open transfer/QRIS orders)
and status history, and its number comes from the village's counter (orders.OrderCounter), as
order_place numbers them.

Simplified, on purpose: ordering does not take stock (a product's stock is simply its stock today),
no notification is sent or recorded, no transfer receipt photo is attached, and the numbers of a
later top-up follow the counter, not the dates. Deleting the photo of one volume product deletes
the file the others share: volume data is for benchmarks, not for editing.
"""

import random
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from demo import images as demo_images
from demo.catalogue import VILLAGES, item_pools, permit_fields
from ledger.services import ledger_backfill
from members.models import MemberProfile
from orders.models import Checkout, Order, OrderCounter, OrderItem, OrderStatusChange
from orders.options import deliveries_offered, delivery_fee, payments_offered, zone_for
from products.models import Category, Product, ProductImage
from products.services import product_image_add
from shops.models import Shop

BATCH = 2000
MONTHS = timedelta(days=183)
PHOTOS_PER_CATEGORY = 3
# In every volume product's name: how a later top-up finds the photos an earlier one drew.
SERIES = " – Seri "
# Share of each category among new products (the demo's own 12 masker, 8 APD, 10 jamu per village).
KIND_WEIGHTS = {"masker": 12, "apd": 8, "jamu": 10}

S = Order.Status
BUYER, SYSTEM = "Pembeli", "Sistem"  # the labels order history stores (orders/services.py)
EXPIRED = "Batas waktu pembayaran lewat."

BUYER_NAMES = [
    "Rina Wulandari", "Agus Santoso", "Dewi Lestari", "Bambang Prasetyo", "Yuliana Putri",
    "Hendra Wijaya", "Puskesmas Ambulu", "SDN Sabrang 02", "Kantor Desa Kesilir", "Fitri Handayani",
    "Eko Saputro", "Ratna Sari", "Joko Susilo", "Wulan Maharani", "Klinik Pratama Sehat",
    "Indah Permatasari", "Budi Hartono", "Lestari Ningsih", "Posyandu Melati", "Anton Kurniawan",
]  # fmt: skip
# (city, province): the courier zones of orders/options.py, Jember most of all.
CITIES = [
    ("Kab. Jember", "Jawa Timur"), ("Kab. Jember", "Jawa Timur"), ("Kab. Jember", "Jawa Timur"),
    ("Kota Surabaya", "Jawa Timur"), ("Kota Malang", "Jawa Timur"), ("Kab. Banyuwangi", "Jawa Timur"),
    ("Kota Jakarta Selatan", "DKI Jakarta"), ("Kota Bandung", "Jawa Barat"),
    ("Kota Semarang", "Jawa Tengah"), ("Kota Denpasar", "Bali"), ("Kota Makassar", "Sulawesi Selatan"),
    ("Kota Medan", "Sumatera Utara"),
]  # fmt: skip
COURIERS = ["JNE", "J&T", "SiCepat", "POS Indonesia"]


@contextmanager
def _given_timestamps(*models):
    """Let bulk_create keep the created_at/updated_at the rows are given (old orders are old)."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _villages() -> list[Shop]:
    return list(Shop.objects.filter(slug__in=[v.slug for v in VILLAGES]).order_by("pk"))


# ------------------------------------------------------------------------------------------------
# Products
# ------------------------------------------------------------------------------------------------
def products_top_up(*, total: int) -> int:
    """Add products until there are `total`; returns how many were added."""
    missing = total - Product.objects.count()
    if missing <= 0:
        return 0
    shops = _villages()
    categories = {c.slug: c for c in Category.objects.filter(slug__in=KIND_WEIGHTS)}
    makers = {
        shop.pk: list(
            MemberProfile.objects.filter(shop=shop, status=MemberProfile.Status.APPROVED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for shop in shops
    }
    pools = item_pools()
    # Numbers above every pk so far: names and slugs never meet an earlier top-up's.
    first = (Product.objects.aggregate(n=Max("pk"))["n"] or 0) + 1
    rng = random.Random(f"desbumi-demo:volume:products:{first}")
    now = timezone.now()
    today = timezone.localdate()
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())

    products = []
    for number in range(first, first + missing):
        shop = shops[number % len(shops)]
        kind = rng.choices(kinds, weights)[0]
        item = rng.choice(pools[kind])
        name = f"{item.name}{SERIES}{number}"
        roll = rng.random()
        status = (
            Product.Status.PUBLISHED
            if roll < 0.92
            else Product.Status.DRAFT
            if roll < 0.97
            else Product.Status.ARCHIVED
        )
        created = now - timedelta(seconds=rng.uniform(0, MONTHS.total_seconds()))
        published = created + timedelta(hours=rng.uniform(0.1, 24))
        fields = permit_fields(rng, item)
        if kind == "jamu":
            fields["production_date"] = today - timedelta(days=rng.randint(1, 28))
            fields["expiry_date"] = today + timedelta(days=rng.randint(*item.shelf_life))
        products.append(
            Product(
                shop=shop,
                made_by_id=rng.choice(makers[shop.pk]),
                category=categories[kind],
                name=name,
                slug=slugify(name)[:140],
                description=item.description,
                price=max(500, round(rng.randint(*item.price) / 500) * 500),
                stock=0 if rng.random() < 0.05 else rng.randint(2, 60),
                unit=item.unit,
                weight_grams=item.weight,
                status=status,
                material=item.material,
                size=item.size,
                published_at=None if status == Product.Status.DRAFT else min(published, now),
                created_at=created,
                updated_at=min(published, now),
                **fields,
            )
        )
        products[-1].item = item  # for the photo below; not a model field
    with transaction.atomic():
        with _given_timestamps(Product):
            Product.objects.bulk_create(products, batch_size=BATCH)
        _photos(products, rng)
    return missing


def _photos(products: list[Product], rng) -> None:
    """A few photos per category through the real pipeline, drawn once; the other products share them."""
    drawn = {
        kind: list(
            ProductImage.objects.filter(
                product__category__slug=kind, product__name__contains=SERIES
            ).order_by("pk")[:PHOTOS_PER_CATEGORY]
        )
        for kind in KIND_WEIGHTS
    }
    shared = []
    for product in products:
        kind = product.item.kind
        templates = drawn[kind]
        if len(templates) < PHOTOS_PER_CATEGORY:
            options = dict(product.item.photo)
            if options.get("pattern", "plain") != "plain" and "colour" not in options:
                options.setdefault("palette", rng.choice(sorted(demo_images.BATIK_PALETTES)))
            jpeg = demo_images.product_photo(kind, f"volume:{product.slug}", **options)
            templates.append(
                product_image_add(
                    product=product, uploaded=ContentFile(jpeg, name="demo.jpg"), alt_text=product.name
                )
            )
            continue
        template = templates[product.pk % len(templates)]
        shared.append(
            ProductImage(
                product=product,
                shop_id=product.shop_id,
                image=template.image.name,
                thumb_320=template.thumb_320.name,
                thumb_640=template.thumb_640.name,
                width=template.width,
                height=template.height,
                alt_text=product.name,
                position=0,
            )
        )
    ProductImage.objects.bulk_create(shared, batch_size=BATCH)


# ------------------------------------------------------------------------------------------------
# Orders
# ------------------------------------------------------------------------------------------------
@dataclass
class _Draft:
    """One order being drawn: its row, its lines and its history (status changes with times)."""

    order: Order
    lines: list[OrderItem]
    steps: list[tuple] = field(default_factory=list)  # (time, to_status, by_label, note)


def orders_top_up(*, total: int) -> int:
    """Add orders until there are `total`; returns how many were added."""
    missing = total - Order.objects.count()
    if missing <= 0:
        return 0
    options = {
        shop.pk: [(d, p) for d in deliveries_offered(shop) for p in payments_offered(shop, d)]
        for shop in _villages()
    }
    shops = [shop for shop in _villages() if options[shop.pk]]
    catalogue = {
        shop.pk: list(
            Product.objects.filter(shop=shop, status=Product.Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", "name", "price", "made_by_id")
        )
        for shop in shops
    }
    shops = [shop for shop in shops if catalogue[shop.pk]]
    ketua = dict(
        MemberProfile.objects.filter(shop__in=shops, role=MemberProfile.Role.KETUA).values_list(
            "shop_id", "display_name"
        )
    )
    now = timezone.now()
    rng = random.Random(f"desbumi-demo:volume:orders:{Order.objects.count()}")
    drafts = [
        _draw(rng, shop, options[shop.pk], catalogue[shop.pk], ketua.get(shop.pk, shop.name), now)
        for shop in (rng.choice(shops) for _ in range(missing))
    ]
    with transaction.atomic():
        _number(drafts)
        _kode_unik(drafts, rng)
        checkouts = [
            Checkout(
                token=secrets.token_urlsafe(24),
                reference=f"DM-{secrets.token_hex(6).upper()}",
                created_at=d.order.created_at,
            )
            for d in drafts
        ]
        with _given_timestamps(Checkout, Order, OrderStatusChange):
            Checkout.objects.bulk_create(checkouts, batch_size=BATCH)
            for draft, checkout in zip(drafts, checkouts, strict=True):
                draft.order.checkout = checkout
            Order.objects.bulk_create([d.order for d in drafts], batch_size=BATCH)
            items, history = [], []
            for draft in drafts:
                for line in draft.lines:
                    line.order = draft.order
                    items.append(line)
                previous = ""
                for time, status, label, note in draft.steps:
                    history.append(
                        OrderStatusChange(
                            order=draft.order,
                            from_status=previous,
                            to_status=status,
                            by_label=label,
                            note=note,
                            created_at=time,
                        )
                    )
                    previous = status
            OrderItem.objects.bulk_create(items, batch_size=BATCH)
            OrderStatusChange.objects.bulk_create(history, batch_size=BATCH)
        # The orders skipped order_transition: the ledger credits those counted, at their counted_at.
        ledger_backfill(orders=Order.objects.filter(pk__in=[d.order.pk for d in drafts]))
    return missing


def _draw(rng, shop: Shop, options: list[tuple], products: list[tuple], ketua: str, now) -> _Draft:
    created = now - timedelta(seconds=rng.uniform(0, MONTHS.total_seconds()))
    delivery, payment = rng.choice(options)
    city, province = (
        rng.choice(CITIES) if delivery == Order.Delivery.COURIER else ("Kab. Jember", "Jawa Timur")
    )
    zone = zone_for(province=province, city=city)
    lines = []
    for pk, name, price, made_by in rng.sample(products, min(len(products), rng.choice((1, 1, 1, 2, 2, 3)))):
        quantity = rng.choice((1, 1, 2, 3, 5, 10))
        lines.append(
            OrderItem(
                product_id=pk,
                made_by_id=made_by,
                product_name=name,
                unit_price=price,
                quantity=quantity,
                line_total=price * quantity,
            )
        )
    items_total = sum(line.line_total for line in lines)
    fee = delivery_fee(shop, delivery=delivery, zone=zone)
    prepaid = payment in (Order.Payment.TRANSFER, Order.Payment.QRIS)
    order = Order(
        shop=shop,
        status=S.AWAITING_PAYMENT if prepaid else S.PROCESSING,
        buyer_name=rng.choice(BUYER_NAMES),
        buyer_phone=f"+628{rng.randint(1100000000, 1999999999)}",
        address_line="" if delivery == Order.Delivery.PICKUP else f"Jl. Mawar No. {rng.randint(1, 120)}",
        address_district="" if delivery == Order.Delivery.PICKUP else shop.kecamatan,
        address_city=city,
        address_province=province,
        delivery_method=delivery,
        delivery_zone=zone if delivery == Order.Delivery.COURIER else "",
        payment_method=payment,
        items_total=items_total,
        delivery_fee=fee,
        unique_code=0,
        total=items_total + fee,
        expires_at=created + timedelta(hours=settings.ORDER_PAYMENT_HOURS) if prepaid else None,
        created_at=created,
    )
    draft = _Draft(order, lines, [(created, order.status, BUYER, "")])
    _follow(draft, rng, now, ketua)
    return draft


def _follow(draft: _Draft, rng, now, village: str) -> None:
    """Take the order through the flow, one step at a time, as far as the dates reach `now`."""
    order = draft.order
    t = order.created_at

    def step(low, high, to, by, note="", stamp=()) -> bool:
        """The next status change, `low`–`high` hours after the last one, unless that is after now."""
        nonlocal t
        at = t + timedelta(hours=rng.uniform(low, high))
        if at > now:
            return False
        t = order.updated_at = at
        order.status = to
        for name in stamp:
            setattr(order, name, at)
        if to == S.CANCELLED:
            order.cancel_reason, order.stock_returned = note, True
        draft.steps.append((at, to, by, note))
        return True

    order.updated_at = t
    fate = rng.random()
    if order.is_prepaid:
        if fate < 0.12:  # never paid: expires when the deadline passes
            hours = settings.ORDER_PAYMENT_HOURS
            step(hours, hours + 0.1, S.CANCELLED, SYSTEM, EXPIRED, stamp=("cancelled_at",))
            return
        if fate < 0.15:
            step(0.2, 20, S.CANCELLED, BUYER, stamp=("cancelled_at",))
            return
        if not step(0.3, 30, S.PAID, village, stamp=("paid_at", "counted_at")):
            return
        if fate < 0.18:  # the village cannot deliver after all: cancelled, the money goes back
            if step(1, 24, S.CANCELLED, village, "Stok habis, mohon maaf.", stamp=("cancelled_at",)):
                order.refund_due = order.total
                refunded = t + timedelta(hours=rng.uniform(4, 48))
                if refunded <= now:
                    order.refunded_at = order.updated_at = refunded
            return
    elif fate < 0.06:
        step(0.2, 12, S.CANCELLED, BUYER, stamp=("cancelled_at",))
        return
    if not step(2, 24, S.PACKED, village):
        return
    if order.delivery_method == Order.Delivery.PICKUP:
        if step(1, 12, S.READY_FOR_PICKUP, village) and step(
            2, 72, S.COMPLETED, village, stamp=("completed_at",)
        ):
            _completed(order)
        return
    if not step(2, 36, S.SHIPPED, village, stamp=("shipped_at",)):
        return
    if order.delivery_method == Order.Delivery.COURIER:
        order.courier_name = rng.choice(COURIERS)
        order.tracking_number = f"JB{rng.randint(10**10, 10**11 - 1)}"
    if not order.is_prepaid:
        done = step(2, 30, S.COMPLETED, village, stamp=("completed_at",))
    else:
        # The buyer confirms, or the system completes it when ORDER_AUTOCOMPLETE_DAYS have passed.
        hours = settings.ORDER_AUTOCOMPLETE_DAYS * 24
        if rng.random() < 0.7:
            done = step(24, hours, S.COMPLETED, BUYER, stamp=("completed_at",))
        else:
            done = step(hours, hours + 1, S.COMPLETED, SYSTEM, stamp=("completed_at",))
    if done:
        _completed(order)


def _completed(order: Order) -> None:
    # COD and pay-at-pickup become a sale when the cash changes hands (order_transition does the same).
    if not order.is_prepaid:
        order.cash_received_at = order.counted_at = order.completed_at


def _number(drafts: list[_Draft]) -> None:
    """Number the orders from each village's counter, in date order, as order_place does one by one."""
    by_shop: dict[int, list[Order]] = {}
    for draft in drafts:
        by_shop.setdefault(draft.order.shop_id, []).append(draft.order)
    for shop_id in sorted(by_shop):
        orders = sorted(by_shop[shop_id], key=lambda o: o.created_at)
        OrderCounter.objects.bulk_create([OrderCounter(shop_id=shop_id)], ignore_conflicts=True)
        counter = OrderCounter.objects.select_for_update().get(shop_id=shop_id)
        shop = orders[0].shop
        code = shop.order_code or shop.slug[:3].upper()
        for n, order in enumerate(orders, start=counter.last_number + 1):
            order.number = f"{code}-{n:05d}"
        counter.last_number += len(orders)
        counter.save(update_fields=["last_number"])


def _kode_unik(drafts: list[_Draft], rng) -> None:
    """
    A 3-digit code on every transfer and QRIS order, so that the amount to pay is unique within a
    village among its open ones (the rule orders.services applies, and the database enforces).
    """
    taken: dict[int, set[int]] = {}
    open_prepaid = Order.objects.filter(
        status=S.AWAITING_PAYMENT, payment_method__in=[Order.Payment.TRANSFER, Order.Payment.QRIS]
    )
    for shop_id, total in open_prepaid.values_list("shop_id", "total"):
        taken.setdefault(shop_id, set()).add(total)
    for draft in drafts:
        order = draft.order
        if not order.is_prepaid:
            continue
        if order.status == S.AWAITING_PAYMENT:
            used = taken.setdefault(order.shop_id, set())
            free = [code for code in range(1, 1000) if order.total + code not in used]
            if not free:
                raise ValueError("more than 999 open payments in one village: ask for fewer orders")
            order.unique_code = rng.choice(free)
            used.add(order.total + order.unique_code)
        else:
            order.unique_code = rng.randint(1, 999)
        order.total += order.unique_code
