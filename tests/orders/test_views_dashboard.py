"""The village side of buying: the order desk, its steps, who may use it, the village settings, the admin."""

import itertools
from dataclasses import replace

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import MemberProfile
from orders import views_dashboard
from orders.exceptions import OrderError
from orders.models import Order, OrderStatusChange
from orders.options import payments_offered
from orders.selectors import VILLAGE_ACTIONS, order_village_actions
from orders.services import (
    Actor,
    ShopChoice,
    order_open_complaint,
    order_place,
    order_transition,
    order_upload_receipt,
)
from products.models import Product
from shops.models import Shop
from shops.services import shop_update_settings
from tests.dashboard_access import FORBIDDEN, HOME, LOGIN, NOT_FOUND, OK, logged_in_as, outcome
from tests.factories import MemberFactory, ProductFactory, UserFactory, jpeg_bytes, village
from tests.orders import helpers
from tests.orders.helpers import configured_village

pytestmark = pytest.mark.django_db
S = Order.Status
D = Order.Delivery
P = Order.Payment

BUYER = replace(helpers.BUYER, note="Tolong dibungkus rapat.")


# ---------------------------------------------------------------------------------------------
# Given: villages that offer everything, their people, orders placed by the real service
# ---------------------------------------------------------------------------------------------
def configure(slug="sabrang", **overrides) -> Shop:
    """A village offering every option, QRIS included (tests/orders/helpers.py, plus QRIS)."""
    return configured_village(slug, **{"accepts_qris": True, "qris_image": "qris/contoh.jpg", **overrides})


def person(shop="sabrang", role="anggota", status="approved", handles_orders=False, name=None):
    user = UserFactory()
    return MemberFactory(
        user=user,
        shop=village(shop),
        role=role,
        status=status,
        handles_orders=handles_orders,
        display_name=name or f"{role.title()} {shop.title()} {user.pk}",
    )


def place(shop, *, delivery=D.COURIER, payment=P.TRANSFER, quantity=2, price=25000, maker_name="Siti Aminah"):
    """One order of `shop` for `quantity` units of a fresh product, placed by order_place."""
    maker = MemberFactory(shop=shop, display_name=maker_name)
    product = ProductFactory(shop=shop, made_by=maker, name="Jamu Kunyit Asam", price=price, stock=10)
    return helpers.place_order(product, quantity, delivery=delivery, payment=payment, buyer=BUYER)


def move(order, status, **fields) -> Order:
    """Put an order in `status` directly (test set-up only), with the dates that status implies."""
    now = timezone.now()
    if (
        status in (S.PAID, S.PACKED, S.SHIPPED, S.READY_FOR_PICKUP, S.COMPLETED, S.CANCELLED)
        and order.is_prepaid
    ):
        fields.setdefault("paid_at", now)
        fields.setdefault("counted_at", now)
    if status == S.SHIPPED:
        fields.setdefault("shipped_at", now)
    Order.objects.filter(pk=order.pk).update(status=status, **fields)
    return Order.objects.get(pk=order.pk)


def snapshot(order):
    """Everything a refused step must leave as it was."""
    fresh = Order.objects.get(pk=order.pk)
    return (
        fresh.status,
        fresh.paid_at,
        fresh.shipped_at,
        fresh.completed_at,
        fresh.cancelled_at,
        fresh.refunded_at,
        fresh.complaint_resolved_at,
        fresh.tracking_number,
        fresh.courier_name,
        fresh.cancel_reason,
        fresh.refund_due,
        fresh.counted_at,
        OrderStatusChange.objects.filter(order=fresh).count(),
        sorted(Product.objects.values_list("pk", "stock")),
    )


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(order, action=None):
    return f"/dasbor/pesanan/{order.pk}/{action}/" if action else f"/dasbor/pesanan/{order.pk}/"


@pytest.fixture
def sabrang():
    return configure("sabrang")


@pytest.fixture
def ketua(sabrang):
    return person(role="ketua", name="Bu Sulastri")


@pytest.fixture
def desk(client, ketua):
    client.force_login(ketua.user)
    return client


# ---------------------------------------------------------------------------------------------
# The whole flow, as the village works it
# ---------------------------------------------------------------------------------------------
def test_transfer_and_courier_order_confirmed_packed_shipped_then_completed_by_the_buyer(
    desk, sabrang, ketua
):
    order = place(sabrang)
    assert (order.status, order.items_total, order.delivery_fee) == (S.AWAITING_PAYMENT, 50000, 10000)

    # a transfer without a receipt does not need the village yet; with one, it does
    assert order.number not in desk.get("/dasbor/pesanan/").content.decode()
    order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(), name="bukti.jpg"))
    html = desk.get("/dasbor/pesanan/").content.decode()
    assert order.number in html and "Bukti transfer masuk" in html

    response = desk.get(url(order))
    assert response.status_code == 200
    assert response.context["actions"] == ["konfirmasi-bayar", "batalkan", "bukti-tidak-valid"]

    response = desk.post(url(order, "konfirmasi-bayar"))
    assert response.status_code == 302 and response["Location"] == url(order)
    assert said(response) == [f"Pembayaran pesanan {order.number} dikonfirmasi. Sekarang kemas pesanannya."]
    order.refresh_from_db()
    assert order.status == S.PAID
    assert order.paid_at is not None and order.counted_at == order.paid_at
    assert desk.get(url(order)).context["actions"] == ["kemas", "batalkan"]

    response = desk.post(url(order, "kemas"))
    assert said(response) == [f"Pesanan {order.number} ditandai Dikemas."]
    order.refresh_from_db()
    assert order.status == S.PACKED
    assert desk.get(url(order)).context["actions"] == ["kirim", "batalkan"]

    # shipping by courier needs the courier and the resi
    before = snapshot(order)
    response = desk.post(url(order, "kirim"), {"courier_name": "JNE", "tracking_number": "  "})
    assert response.status_code == 400
    assert said(response) == ["Pesanan belum diubah. Lihat pesan merah di bawah."]
    assert response.context["ship_form"].errors == {"tracking_number": ["Tulis nomor resi dari kurir."]}
    assert 'value="JNE"' in response.content.decode()
    assert snapshot(order) == before

    response = desk.post(url(order, "kirim"), {"courier_name": " JNE ", "tracking_number": "jp12 3456 789"})
    assert said(response) == [f"Pesanan {order.number} ditandai Dikirim."]
    order.refresh_from_db()
    assert (order.status, order.courier_name, order.tracking_number) == (S.SHIPPED, "JNE", "JP123456789")
    # a prepaid parcel is completed by the buyer: the village is not offered it
    assert desk.get(url(order)).context["actions"] == []

    order_transition(order=order, to=S.COMPLETED, actor=Actor("buyer", "Pembeli"))
    order.refresh_from_db()
    assert order.status == S.COMPLETED
    history = list(order.history.values_list("from_status", "to_status", "by_label", "by"))
    assert history == [
        ("", S.AWAITING_PAYMENT, "Pembeli", None),
        (S.AWAITING_PAYMENT, S.PAID, "Bu Sulastri", ketua.user_id),
        (S.PAID, S.PACKED, "Bu Sulastri", ketua.user_id),
        (S.PACKED, S.SHIPPED, "Bu Sulastri", ketua.user_id),
        (S.SHIPPED, S.COMPLETED, "Pembeli", None),
    ]
    html = desk.get(url(order)).content.decode()
    assert "Dikirim → <strong>Selesai</strong>" in html
    assert "JP123456789" in html


def test_cod_pickup_order_packed_ready_then_cash_received(desk, sabrang):
    order = place(sabrang, delivery=D.PICKUP, payment=P.COD, quantity=3, price=12000)
    assert (order.status, order.total, order.counted_at) == (S.PROCESSING, 36000, None)
    assert desk.get(url(order)).context["actions"] == ["kemas", "batalkan"]

    desk.post(url(order, "kemas"))
    order.refresh_from_db()
    assert order.status == S.PACKED
    # pickup: never shipped, made ready instead
    response = desk.get(url(order))
    assert response.context["actions"] == ["siap-diambil", "batalkan"]
    assert "Kirim pesanan" not in response.content.decode()

    response = desk.post(url(order, "siap-diambil"))
    assert said(response) == [f"Pesanan {order.number} ditandai Siap Diambil."]
    order.refresh_from_db()
    assert order.status == S.READY_FOR_PICKUP
    response = desk.get(url(order))
    assert response.context["actions"] == ["selesai"]
    assert ">Sudah diambil & dibayar<" in response.content.decode()

    response = desk.post(url(order, "selesai"))
    assert said(response) == [f"Pesanan {order.number} selesai."]
    order.refresh_from_db()
    assert order.status == S.COMPLETED
    assert order.counted_at is not None
    assert order.cash_received_at == order.counted_at == order.completed_at
    assert list(order.history.values_list("to_status", flat=True)) == [
        S.PROCESSING,
        S.PACKED,
        S.READY_FOR_PICKUP,
        S.COMPLETED,
    ]


def test_cod_local_delivery_is_shipped_without_a_resi_and_completed_when_the_cash_comes(desk, sabrang):
    order = move(place(sabrang, delivery=D.LOCAL, payment=P.COD), S.PACKED)
    response = desk.post(url(order, "kirim"), {"courier_name": "Pak Darto", "tracking_number": ""})
    assert said(response) == [f"Pesanan {order.number} ditandai Dikirim."]
    order.refresh_from_db()
    assert (order.status, order.courier_name, order.tracking_number) == (S.SHIPPED, "Pak Darto", "")
    response = desk.get(url(order))
    assert response.context["actions"] == ["selesai"]
    assert "Uang COD diterima" in response.content.decode()
    desk.post(url(order, "selesai"))
    order.refresh_from_db()
    assert order.status == S.COMPLETED and order.cash_received_at is not None


# ---------------------------------------------------------------------------------------------
# Steps skipped or twisted by URL: refused with the rule's message, nothing changed
# ---------------------------------------------------------------------------------------------
REFUSED = [
    # (delivery, payment, status, action, POST data, message; {number} is the order's)
    (D.COURIER, P.TRANSFER, S.AWAITING_PAYMENT, "kirim", {"courier_name": "JNE", "tracking_number": "R1"},
     "Pesanan {number} berstatus Belum Bayar: langkah ini tidak bisa dilakukan."),
    (D.COURIER, P.TRANSFER, S.AWAITING_PAYMENT, "kemas", {},
     "Pesanan {number} berstatus Belum Bayar: langkah ini tidak bisa dilakukan."),
    (D.COURIER, P.TRANSFER, S.PACKED, "siap-diambil", {},
     "Hanya pesanan ambil di desa yang bisa Siap Diambil."),
    (D.PICKUP, P.COD, S.PACKED, "kirim", {"courier_name": "JNE", "tracking_number": "R1"},
     "Pesanan ambil di desa tidak dikirim: tandai Siap Diambil."),
    (D.PICKUP, P.COD, S.PROCESSING, "konfirmasi-bayar", {},
     "Pesanan {number} berstatus Diproses: langkah ini tidak bisa dilakukan."),
    (D.COURIER, P.TRANSFER, S.SHIPPED, "selesai", {},
     "Pembeli yang menandai pesanan sudah diterima."),
    (D.COURIER, P.TRANSFER, S.PAID, "selesai", {},
     "Pesanan {number} berstatus Dibayar: langkah ini tidak bisa dilakukan."),
    (D.COURIER, P.TRANSFER, S.COMPLETED, "batalkan", {"reason": "Stok habis"},
     "Pesanan {number} berstatus Selesai: langkah ini tidak bisa dilakukan."),
    # the cancel form's reason is missing too, but the step itself is what is refused
    (D.COURIER, P.TRANSFER, S.SHIPPED, "batalkan", {},
     "Pesanan {number} berstatus Dikirim: langkah ini tidak bisa dilakukan."),
    (D.COURIER, P.TRANSFER, S.PAID, "dana-kembali", {},
     "Tidak ada dana yang perlu dikembalikan untuk pesanan ini."),
    (D.COURIER, P.TRANSFER, S.SHIPPED, "komplain-selesai", {"note": "sudah"},
     "Tidak ada komplain yang terbuka."),
]  # fmt: skip


@pytest.mark.parametrize(("delivery", "payment", "status", "action", "data", "message"), REFUSED)
def test_a_step_the_rules_refuse_is_refused_by_url_and_changes_nothing(
    desk, sabrang, delivery, payment, status, action, data, message
):
    order = move(place(sabrang, delivery=delivery, payment=payment), status)
    assert action not in order_village_actions(order=order)
    before = snapshot(order)
    response = desk.post(url(order, action), data)
    assert response.status_code == 302 and response["Location"] == url(order)
    assert said(response) == [message.format(number=order.number)]
    assert snapshot(order) == before


def test_missing_cancel_reason_is_asked_for_and_nothing_changes(desk, sabrang):
    order = place(sabrang)
    before = snapshot(order)
    response = desk.post(url(order, "batalkan"), {"reason": "   "})
    assert response.status_code == 400
    assert response.context["cancel_form"].errors == {"reason": ["Tulis alasan pembatalan untuk pembeli."]}
    assert '<details class="reject" open>' in response.content.decode()
    assert snapshot(order) == before


def test_an_unknown_action_is_a_404_and_a_get_is_refused(desk, sabrang):
    order = place(sabrang)
    before = snapshot(order)
    assert desk.post(url(order, "hapus")).status_code == 404
    assert desk.get("/dasbor/pesanan/99999999999999999999999/").status_code == 404
    assert desk.post("/dasbor/pesanan/99999999999999999999999/kemas/").status_code == 404
    assert desk.get(url(order, "konfirmasi-bayar")).status_code == 405
    assert snapshot(order) == before


# ---------------------------------------------------------------------------------------------
# Cancelling, refunds, complaints
# ---------------------------------------------------------------------------------------------
def test_cancelling_a_paid_order_returns_stock_and_records_the_refund(desk, sabrang, ketua):
    order = place(sabrang, quantity=4)
    product = Product.objects.get(order_items__order=order)
    assert product.stock == 6
    desk.post(url(order, "konfirmasi-bayar"), follow=True)

    response = desk.post(url(order, "batalkan"), {"reason": "  Bahan   jamu  habis. "})
    order.refresh_from_db()
    product.refresh_from_db()
    amount = f"Rp{order.total:,}".replace(",", ".")
    assert said(response) == [
        f"Pesanan {order.number} dibatalkan dan stoknya dikembalikan. Kembalikan {amount} ke pembeli, "
        "lalu tekan “Dana sudah dikembalikan”."
    ]
    assert (order.status, order.cancel_reason, order.refund_due) == (
        S.CANCELLED,
        "Bahan jamu habis.",
        order.total,
    )
    assert product.stock == 10
    assert desk.get(url(order)).context["actions"] == ["dana-kembali"]
    assert order.number in desk.get("/dasbor/pesanan/").content.decode()  # money still to give back

    refund = {"date": timezone.localdate().isoformat(), "method": "transfer", "account": "BRI 0123 a.n. Rina"}
    response = desk.post(url(order, "dana-kembali"), refund)
    order.refresh_from_db()
    assert order.refunded_at is not None
    assert (order.refund_date, order.refund_method, order.refund_account) == (
        timezone.localdate(),
        "transfer",
        "BRI 0123 a.n. Rina",
    )
    assert said(response) == [f"Pengembalian dana {amount} untuk pesanan {order.number} sudah dicatat."]
    assert order.history.last().note == f"Dana {amount} dikembalikan."
    assert order.history.last().by_label == "Bu Sulastri"
    assert desk.get(url(order)).context["actions"] == []
    assert order.number not in desk.get("/dasbor/pesanan/").content.decode()

    # twice is refused, stock is not returned twice
    before = snapshot(order)
    response = desk.post(url(order, "dana-kembali"), refund)
    assert said(response) == ["Tidak ada dana yang perlu dikembalikan untuk pesanan ini."]
    assert snapshot(order) == before


def test_cancelling_an_unpaid_order_returns_stock_without_a_refund(desk, sabrang):
    order = place(sabrang, delivery=D.PICKUP, payment=P.COD, quantity=3)
    response = desk.post(url(order, "batalkan"), {"reason": "Pembeli minta batal lewat WA"})
    assert said(response) == [f"Pesanan {order.number} dibatalkan dan stoknya dikembalikan."]
    order.refresh_from_db()
    assert (order.status, order.refund_due, order.stock_returned) == (S.CANCELLED, 0, True)
    assert Product.objects.get(order_items__order=order).stock == 10


def test_a_complaint_is_shown_and_resolved_by_the_village(desk, sabrang):
    order = move(place(sabrang), S.SHIPPED, courier_name="JNE", tracking_number="JP1")
    order_open_complaint(order=order, text="Satu botol bocor.")
    html = desk.get("/dasbor/pesanan/").content.decode()
    assert order.number in html and '<span class="badge badge--warn">Komplain</span>' in html
    response = desk.get(url(order))
    assert response.context["actions"] == ["komplain-selesai"]
    assert "Satu botol bocor." in response.content.decode()

    response = desk.post(url(order, "komplain-selesai"), {"note": "Diganti satu botol baru."})
    assert said(response) == [f"Komplain pesanan {order.number} ditandai selesai."]
    order.refresh_from_db()
    assert order.complaint_resolved_at is not None and not order.has_open_complaint
    assert order.status == S.SHIPPED
    assert order.history.last().note == "Komplain selesai. Diganti satu botol baru."


# ---------------------------------------------------------------------------------------------
# The page offers exactly what the rules allow
# ---------------------------------------------------------------------------------------------
COMBINATIONS = [
    (D.PICKUP, P.TRANSFER),
    (D.PICKUP, P.COD),
    (D.PICKUP, P.QRIS),
    (D.LOCAL, P.COD),
    (D.LOCAL, P.TRANSFER),
    (D.COURIER, P.TRANSFER),
    (D.COURIER, P.QRIS),
]
FULL_DATA = {
    "courier_name": "JNE",
    "tracking_number": "JP1",
    "reason": "Alasan",
    "note": "",
    "date": timezone.localdate(),
    "method": "transfer",
    "account": "BRI 1",
}


class _Undo(Exception):
    pass


@pytest.mark.parametrize(("delivery", "payment"), COMBINATIONS)
def test_offered_actions_are_exactly_those_the_services_accept(sabrang, ketua, delivery, payment):
    actor = Actor("village", ketua.display_name, ketua.user)
    base = place(sabrang, delivery=delivery, payment=payment)
    statuses = list(S) if base.is_prepaid else [s for s in S if s not in (S.AWAITING_PAYMENT, S.PAID)]
    checked = 0
    for status, complaint, refund in itertools.product(statuses, (False, True), (False, True)):
        fields = {"refund_due": base.total if refund else 0, "refunded_at": None}
        if complaint:
            fields.update(complaint="Rusak", complaint_opened_at=timezone.now(), complaint_resolved_at=None)
        else:
            fields.update(complaint="", complaint_opened_at=None)
        order = move(base, status, **fields)
        offered = order_village_actions(order=order)
        for action in VILLAGE_ACTIONS:
            try:
                with transaction.atomic():
                    views_dashboard._perform(action, order, actor, FULL_DATA)
                    raise _Undo
            except _Undo:
                accepted = True
            except OrderError:
                accepted = False
            assert (action in offered) == accepted, (status, complaint, refund, action)
            checked += 1
    assert checked == len(statuses) * 4 * len(VILLAGE_ACTIONS)


# ---------------------------------------------------------------------------------------------
# The list: tabs, newest first, pages of 20, flat query count
# ---------------------------------------------------------------------------------------------
def test_tabs_sort_orders_and_needs_action_holds_what_the_village_must_do(desk, sabrang):
    waiting = place(sabrang)
    with_receipt = place(sabrang)
    order_upload_receipt(order=with_receipt, uploaded=ContentFile(jpeg_bytes(), name="b.jpg"))
    processing = place(sabrang, delivery=D.PICKUP, payment=P.COD)
    paid = move(place(sabrang), S.PAID)
    packed = move(place(sabrang), S.PACKED)
    shipped = move(place(sabrang), S.SHIPPED)
    complained = move(place(sabrang), S.SHIPPED)
    order_open_complaint(order=complained, text="Belum sampai")
    done = move(place(sabrang), S.COMPLETED)
    refund = move(place(sabrang), S.CANCELLED, refund_due=60000)
    refunded = move(place(sabrang), S.CANCELLED, refund_due=60000, refunded_at=timezone.now())

    response = desk.get("/dasbor/pesanan/")
    assert response.context["tab"] == "perlu-tindakan"
    assert [o.number for o in response.context["orders"]] == [
        o.number for o in (refund, complained, packed, paid, processing, with_receipt)
    ]
    assert {slug: count for slug, _label, count in response.context["tabs"]} == {
        "perlu-tindakan": 6,
        "perlu-dicek": 1,
        "awaiting_payment": 2,
        "paid": 1,
        "processing": 1,
        "packed": 1,
        "shipped": 2,
        "ready_for_pickup": 0,
        "completed": 1,
        "cancelled": 2,
        "semua": 10,
    }
    html = response.content.decode()
    assert 'Perlu tindakan <span class="order-tabs__count">(6)</span>' in html
    row = html[html.index(with_receipt.number) :][:1200]
    assert "Bu Rina" in row and "2 barang" in row and "Rp60." in row and "Transfer bank · Kurir" in row

    def numbers(tab):
        return [o.number for o in desk.get(f"/dasbor/pesanan/?tab={tab}").context["orders"]]

    assert numbers("awaiting_payment") == [with_receipt.number, waiting.number]
    assert numbers("shipped") == [complained.number, shipped.number]
    assert numbers("completed") == [done.number]
    assert numbers("cancelled") == [refunded.number, refund.number]
    assert len(numbers("semua")) == 10
    assert desk.get("/dasbor/pesanan/?tab=rahasia").context["tab"] == "perlu-tindakan"
    assert desk.get("/dasbor/pesanan/?tab=semua&page=abc").status_code == 200


def test_rows_show_number_buyer_count_total_payment_delivery_and_receipt(desk, sabrang):
    order = place(sabrang, quantity=3, price=12500)
    order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(), name="b.jpg"))
    html = desk.get("/dasbor/pesanan/").content.decode()
    total = f"Rp{order.total:,}".replace(",", ".")
    assert f'<a class="order-row__number" href="/dasbor/pesanan/{order.pk}/">{order.number}</a>' in html
    assert f"Bu Rina · 3 barang · <strong>{total}</strong>" in html
    assert "Transfer bank · Kurir ·" in html
    assert '<span class="status status--awaiting_payment">Belum Bayar</span>' in html
    assert '<span class="badge badge--ok">Bukti transfer masuk</span>' in html


def test_the_list_is_paginated_by_20(desk, sabrang):
    orders = [place(sabrang, delivery=D.PICKUP, payment=P.COD, quantity=1) for _ in range(21)]
    first = desk.get("/dasbor/pesanan/?tab=semua")
    assert [o.number for o in first.context["orders"]] == [o.number for o in reversed(orders)][:20]
    second = desk.get("/dasbor/pesanan/?tab=semua&page=2")
    assert [o.number for o in second.context["orders"]] == [orders[0].number]
    assert 'href="?tab=semua&amp;page=2"' in first.content.decode()


def test_list_query_count_does_not_grow_with_orders(desk, sabrang):
    counts = []
    for n in (3, 30):
        for i in range(n - Order.objects.count()):
            place(sabrang, delivery=D.PICKUP if i % 2 else D.COURIER, payment=P.COD if i % 2 else P.TRANSFER)
        assert Order.objects.count() == n
        desk.get("/dasbor/pesanan/?tab=semua")
        with CaptureQueriesContext(connection) as ctx:
            response = desk.get("/dasbor/pesanan/?tab=semua")
        assert response.status_code == 200
        assert len(response.context["orders"]) == min(n, 20)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 10, counts


def test_detail_query_count_does_not_grow_with_items_or_history(desk, sabrang):
    makers = [MemberFactory(shop=sabrang, display_name=f"Pembuat {i}") for i in range(4)]
    products = [ProductFactory(shop=sabrang, made_by=m, price=10000, stock=10) for m in makers]
    checkout = order_place(
        token="detail-count",
        lines={p.pk: 1 for p in products},
        buyer=BUYER,
        choices={sabrang.pk: ShopChoice(D.COURIER, P.TRANSFER)},
    )
    order = checkout.orders.get()
    desk.post(url(order, "konfirmasi-bayar"))
    desk.post(url(order, "kemas"))
    desk.get(url(order))
    with CaptureQueriesContext(connection) as ctx:
        response = desk.get(url(order))
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 10, len(ctx.captured_queries)
    html = response.content.decode()
    for maker in makers:
        assert f"Dibuat oleh {maker.display_name}" in html


# ---------------------------------------------------------------------------------------------
# The detail page: what the village needs to fulfil the order
# ---------------------------------------------------------------------------------------------
def test_detail_shows_items_totals_buyer_whatsapp_address_receipt_and_history(desk, sabrang):
    order = place(sabrang, quantity=2, price=25000)
    order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(), name="bukti.jpg"))
    order.refresh_from_db()
    html = desk.get(url(order)).content.decode()
    assert "<strong>2 × Jamu Kunyit Asam</strong>" in html
    assert "Rp25.000 per barang · Rp50.000" in html
    assert "Dibuat oleh Siti Aminah" in html
    assert "<dt>Total barang</dt><dd>Rp50.000</dd>" in html
    assert "<dt>Ongkos kirim</dt><dd>Rp10.000</dd>" in html
    assert f"<dt>Kode unik</dt><dd>Rp{order.unique_code}</dd>" in html
    assert f"<dt>Total bayar</dt><dd><strong>Rp{order.total:,}</strong></dd>".replace(",", ".") in html
    assert (
        f'href="https://wa.me/6281234567890?text=Halo%20Bu%20Rina%2C%20kami%20dari%20Desa%20Sabrang%20'
        f'tentang%20pesanan%20Anda%20{order.number}%20di%20Desbumi%20Market."'
    ) in html
    assert '<a href="tel:+6281234567890">+6281234567890</a>' in html
    assert "Jl. Mawar 5 RT 02/RW 03" in html and "Kabupaten Jember, Jawa Timur 68121" in html
    assert "Tolong dibungkus rapat." in html
    assert f'<img src="/dasbor/pesanan/{order.pk}/bukti.jpg" width="240"' in html
    assert order.receipt.name not in html  # the stored file's address is never handed out
    assert desk.get(f"/dasbor/pesanan/{order.pk}/bukti.jpg").status_code == 200
    assert "Pesanan dibuat (Belum Bayar)" in html and "· Pembeli" in html


# ---------------------------------------------------------------------------------------------
# Who may do what: every village URL and action
# ---------------------------------------------------------------------------------------------
ACTORS = [
    "anonymous",
    "pending",
    "anggota_sabrang",
    "pengurus_sabrang",
    "ketua_sabrang",
    "ketua_wonoasri",
    "suspended",
    "staff",
]
EXPECTED_PAGES = {
    # actor: (order list, a Sabrang order, village settings)
    "anonymous": (LOGIN, LOGIN, LOGIN),
    "pending": (HOME, HOME, HOME),
    "anggota_sabrang": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "pengurus_sabrang": (OK, OK, FORBIDDEN),
    "ketua_sabrang": (OK, OK, OK),
    "ketua_wonoasri": (OK, NOT_FOUND, OK),
    "suspended": (HOME, HOME, HOME),
    "staff": (HOME, HOME, HOME),
}
ALLOWED_TO_ACT = {"pengurus_sabrang", "ketua_sabrang"}


@pytest.fixture
def world(sabrang):
    configure("wonoasri")
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="orders"))
    return {
        "anonymous": None,
        "pending": person(status=MemberProfile.Status.PENDING),
        "anggota_sabrang": person(),
        "pengurus_sabrang": person(handles_orders=True),
        "ketua_sabrang": person(role="ketua"),
        "ketua_wonoasri": person("wonoasri", role="ketua"),
        "suspended": person(role="ketua", status=MemberProfile.Status.SUSPENDED),
        "staff": staff,
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix_for_pages(client, world, sabrang, actor):
    order = place(sabrang, delivery=D.PICKUP, payment=P.COD)
    c = logged_in_as(client, world[actor])
    responses = [c.get("/dasbor/pesanan/?tab=semua"), c.get(url(order)), c.get("/dasbor/desa/")]
    assert tuple(outcome(r) for r in responses) == EXPECTED_PAGES[actor]
    if actor == "ketua_wonoasri":
        # her own village's desk: never a Sabrang order
        assert list(responses[0].context["orders"]) == []
        assert order.number not in responses[0].content.decode()


# action: (delivery, payment, status before, extra set-up, POST data, effect)
ACTION_CASES = {
    "konfirmasi-bayar": (D.COURIER, P.TRANSFER, S.AWAITING_PAYMENT, {}, {}, lambda o: o.status == S.PAID),
    "kemas": (D.COURIER, P.TRANSFER, S.PAID, {}, {}, lambda o: o.status == S.PACKED),
    "kirim": (
        D.COURIER, P.TRANSFER, S.PACKED, {}, {"courier_name": "JNE", "tracking_number": "JP9"},
        lambda o: o.status == S.SHIPPED and o.tracking_number == "JP9",
    ),
    "siap-diambil": (D.PICKUP, P.COD, S.PACKED, {}, {}, lambda o: o.status == S.READY_FOR_PICKUP),
    "selesai": (D.PICKUP, P.COD, S.READY_FOR_PICKUP, {}, {}, lambda o: o.status == S.COMPLETED),
    "batalkan": (
        D.COURIER, P.TRANSFER, S.AWAITING_PAYMENT, {}, {"reason": "Habis"}, lambda o: o.status == S.CANCELLED,
    ),
    "dana-kembali": (
        D.COURIER, P.TRANSFER, S.CANCELLED, {"refund_due": 60000},
        {"date": timezone.localdate().isoformat(), "method": "cash"}, lambda o: o.refunded_at is not None,
    ),
    "bukti-tidak-valid": (
        D.COURIER, P.TRANSFER, S.AWAITING_PAYMENT, {"receipt_uploaded_at": timezone.now()},
        {"reason": "Foto buram"}, lambda o: o.receipt_rejected_at is not None,
    ),
    "komplain-selesai": (
        D.COURIER, P.TRANSFER, S.SHIPPED,
        {"complaint": "Bocor", "complaint_opened_at": timezone.now()}, {"note": "Diganti"},
        lambda o: o.complaint_resolved_at is not None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(ACTION_CASES))
def test_permission_matrix_for_actions(client, world, sabrang, actor, action):
    delivery, payment, status, extra, data, effect = ACTION_CASES[action]
    order = move(place(sabrang, delivery=delivery, payment=payment), status, **extra)
    assert action in order_village_actions(order=order)
    before = snapshot(order)
    response = logged_in_as(client, world[actor]).post(url(order, action), data)
    order.refresh_from_db()
    if actor in ALLOWED_TO_ACT:
        assert outcome(response) == f"302 {url(order)}"
        assert effect(order)
        assert order.history.last().by_label == world[actor].display_name
    else:
        expected = {"anggota_sabrang": FORBIDDEN, "ketua_wonoasri": NOT_FOUND}
        assert outcome(response) == expected.get(actor, EXPECTED_PAGES[actor][1])
        assert snapshot(order) == before
        assert not effect(order)


@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix_for_saving_village_settings(client, world, sabrang, actor):
    data = settings_data(story="Diubah oleh orang lain")
    response = logged_in_as(client, world[actor]).post("/dasbor/desa/", data)
    expected = {
        "ketua_sabrang": "302 /dasbor/desa/",
        "ketua_wonoasri": "302 /dasbor/desa/",
        "pengurus_sabrang": FORBIDDEN,
    }
    assert outcome(response) == expected.get(actor, EXPECTED_PAGES[actor][2])
    stories = dict(Shop.objects.filter(slug__in=["sabrang", "wonoasri"]).values_list("slug", "story"))
    assert stories["sabrang"] == ("Diubah oleh orang lain" if actor == "ketua_sabrang" else sabrang.story)
    assert (stories["wonoasri"] == "Diubah oleh orang lain") == (actor == "ketua_wonoasri")


# ---------------------------------------------------------------------------------------------
# The ketua's village settings
# ---------------------------------------------------------------------------------------------
def settings_data(**overrides):
    data = {
        "offers_pickup": "on",
        "pickup_address": "Balai Desa Sabrang",
        "offers_local_delivery": "on",
        "local_delivery_fee": "7.500",
        "local_delivery_area": "Kec. Ambulu",
        "offers_courier": "on",
        "courier_fee_jember": "Rp 12.000",
        "courier_fee_jatim": "20000",
        "courier_fee_jawa": "27.500",
        "courier_fee_luar_jawa": "50.000",
        "accepts_transfer": "on",
        "bank_name": "Bank Jatim",
        "bank_account_number": "0011 2233 44",
        "bank_account_name": "Kelompok Desbumi Sabrang",
        "accepts_cod": "on",
        "whatsapp": "0812-3456-7890",
        "story": "Desa Sabrang membuat jamu sejak 2019.",
    }
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


SETTING_NAMES = [
    "offers_pickup", "pickup_address", "offers_local_delivery", "local_delivery_fee", "local_delivery_area",
    "offers_courier", "courier_fee_jember", "courier_fee_jatim", "courier_fee_jawa", "courier_fee_luar_jawa",
    "accepts_transfer", "bank_name", "bank_account_number", "bank_account_name", "accepts_cod",
    "accepts_qris", "qris_image", "whatsapp", "story",
]  # fmt: skip


def shop_state(shop):
    return Shop.objects.filter(pk=shop.pk).values(*SETTING_NAMES).get()


def test_the_ketua_sees_her_settings_and_saves_them_typed_the_indonesian_way(desk, sabrang):
    response = desk.get("/dasbor/desa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="courier_fee_jatim" value="18.000"' in html
    assert '<label for="id_bank_account_number">Nomor rekening</label>' in html

    response = desk.post("/dasbor/desa/", settings_data())
    assert response.status_code == 302 and response["Location"] == "/dasbor/desa/"
    assert said(response) == ["Pengaturan Desa Sabrang disimpan."]
    state = shop_state(sabrang)
    assert state == {
        "offers_pickup": True,
        "pickup_address": "Balai Desa Sabrang",
        "offers_local_delivery": True,
        "local_delivery_fee": 7500,
        "local_delivery_area": "Kec. Ambulu",
        "offers_courier": True,
        "courier_fee_jember": 12000,
        "courier_fee_jatim": 20000,
        "courier_fee_jawa": 27500,
        "courier_fee_luar_jawa": 50000,
        "accepts_transfer": True,
        "bank_name": "Bank Jatim",
        "bank_account_number": "0011 2233 44",
        "bank_account_name": "Kelompok Desbumi Sabrang",
        "accepts_cod": True,
        "accepts_qris": False,
        "qris_image": "qris/contoh.jpg",
        "whatsapp": "+6281234567890",
        "story": "Desa Sabrang membuat jamu sejak 2019.",
    }


def test_turning_an_option_off_keeps_its_fees_and_free_delivery_is_allowed(desk, sabrang):
    response = desk.post(
        "/dasbor/desa/",
        settings_data(
            offers_courier=None, courier_fee_jember="", courier_fee_jatim="", local_delivery_fee="0"
        ),
    )
    assert response.status_code == 302
    state = shop_state(sabrang)
    assert (state["offers_courier"], state["courier_fee_jember"], state["courier_fee_jatim"]) == (
        False,
        10000,
        18000,
    )
    assert state["local_delivery_fee"] == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"offers_pickup": None, "offers_local_delivery": None, "offers_courier": None}, "__all__",
         "Pilih minimal satu cara pengiriman: ambil di desa, antar lokal, atau kurir."),
        ({"accepts_transfer": None, "accepts_cod": None}, "__all__",
         "Pilih minimal satu cara pembayaran: transfer bank, bayar di tempat (COD), atau QRIS."),
        ({"offers_pickup": None, "offers_local_delivery": None, "accepts_transfer": None}, "__all__",
         "Bayar di tempat (COD) hanya untuk ambil di desa atau antar lokal. "
         "Untuk kurir, terima juga transfer atau QRIS."),
        ({"bank_name": ""}, "bank_name", "Tulis nama bank, misalnya BRI."),
        ({"bank_account_number": " "}, "bank_account_number", "Tulis nomor rekening desa."),
        ({"bank_account_name": ""}, "bank_account_name", "Tulis nama pemilik rekening (atas nama)."),
        ({"bank_account_number": "rek-BRI"}, "bank_account_number",
         "Nomor rekening hanya berisi angka (boleh dengan titik, strip atau spasi)."),
        ({"local_delivery_fee": "-5.000"}, "local_delivery_fee",
         "Tulis harga dalam rupiah tanpa sen, misalnya 25.000."),
        ({"courier_fee_jawa": "dua puluh ribu"}, "courier_fee_jawa",
         "Tulis harga dalam rupiah tanpa sen, misalnya 25.000."),
        ({"courier_fee_jawa": "12.500,50"}, "courier_fee_jawa",
         "Tulis harga dalam rupiah tanpa sen, misalnya 25.000."),
        ({"courier_fee_luar_jawa": "99.000.000"}, "courier_fee_luar_jawa",
         "Harga terlalu besar. Periksa lagi angkanya."),
        ({"local_delivery_fee": ""}, "local_delivery_fee", "Tulis ongkosnya (0 jika gratis)."),
        ({"accepts_qris": "on"}, "qris_image", "Unggah gambar QRIS desa untuk menerima pembayaran QRIS."),
        ({"whatsapp": "12345"}, "whatsapp",
         "Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."),
        ({"pickup_address": "x" * 201}, "pickup_address", "Terlalu panjang (paling banyak 200 huruf)."),
    ],
)  # fmt: skip
def test_bad_settings_are_answered_in_indonesian_and_nothing_is_saved(desk, overrides, field, message):
    sabrang = configure("sabrang", qris_image="", accepts_qris=False)
    before = shop_state(sabrang)
    response = desk.post("/dasbor/desa/", settings_data(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert "Pengaturan belum disimpan." in html
    assert 'value="Kelompok Desbumi Sabrang"' in html or field == "bank_account_name"
    assert shop_state(sabrang) == before


def test_a_qris_image_is_uploaded_re_encoded_and_then_offered(desk):
    sabrang = configure("sabrang", qris_image="", accepts_qris=False)
    qris = SimpleUploadedFile("QRIS desa.png", jpeg_bytes(600, 600), content_type="image/png")
    response = desk.post("/dasbor/desa/", {**settings_data(accepts_qris="on"), "qris_image": qris})
    assert response.status_code == 302
    sabrang.refresh_from_db()
    assert sabrang.accepts_qris is True
    assert sabrang.qris_image.name.startswith("qris/") and sabrang.qris_image.name.endswith(".jpg")
    assert "QRIS desa" not in sabrang.qris_image.name
    assert P.QRIS in payments_offered(sabrang)
    assert desk.get(sabrang.qris_image.url).status_code == 200


def test_a_bad_qris_upload_is_told_beside_the_field_and_everything_typed_is_kept(desk):
    sabrang = configure("sabrang", qris_image="", accepts_qris=False)
    before = shop_state(sabrang)
    fake = SimpleUploadedFile("qris.jpg", b"%PDF-1.7 bukan gambar", content_type="image/jpeg")
    data = {
        **settings_data(accepts_qris="on", bank_name="Bank Baru", story="Cerita baru"),
        "qris_image": fake,
    }
    response = desk.post("/dasbor/desa/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"qris_image": ["File ini bukan foto JPEG, PNG atau WebP."]}
    html = response.content.decode()
    assert 'value="Bank Baru"' in html and "Cerita baru" in html and 'value="7.500"' in html
    assert shop_state(sabrang) == before


def test_saving_a_stale_village_never_rewinds_its_order_numbers(sabrang, ketua):
    stale = Shop.objects.get(pk=sabrang.pk)
    place(sabrang)
    place(sabrang)
    shop_update_settings(shop=stale, by=ketua.user, story="Baru")
    assert Shop.objects.get(pk=sabrang.pk).story == "Baru"
    stale.save()  # even a full save of an old copy: the counter is not on the Shop row
    assert place(sabrang).number.endswith("-00003")


def test_only_her_ketua_or_staff_may_change_a_village(sabrang, ketua):
    before = shop_state(sabrang)
    for outsider in (person(handles_orders=True).user, person("wonoasri", role="ketua").user, UserFactory()):
        with pytest.raises(PermissionDenied):
            shop_update_settings(shop=sabrang, by=outsider, story="X")
    assert shop_state(sabrang) == before
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_shop"))
    shop_update_settings(shop=Shop.objects.get(pk=sabrang.pk), by=staff, story="Oleh staf")
    assert Shop.objects.get(pk=sabrang.pk).story == "Oleh staf"


def test_the_service_refuses_unknown_fields_and_reports_every_problem_at_once(sabrang, ketua):
    with pytest.raises(TypeError):
        shop_update_settings(shop=sabrang, by=ketua.user, is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        shop_update_settings(
            shop=sabrang,
            by=ketua.user,
            accepts_transfer=True,
            bank_name="",
            courier_fee_jawa=-1,
            whatsapp="123",
        )
    codes = {field: [e.code for e in errors] for field, errors in excinfo.value.error_dict.items()}
    assert codes == {
        "bank_name": ["required_for_transfer"],
        "courier_fee_jawa": ["invalid_fee"],
        "whatsapp": ["invalid_phone"],
    }


# ---------------------------------------------------------------------------------------------
# Migrant CARE in the admin: the same rules
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def staff_client(client):
    user = UserFactory(email="staf@migrantcare.test", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="orders", codename__in=["view_order", "change_order"]
        )
    )
    client.force_login(user)
    client.staff = user
    return client


def test_staff_confirm_payment_with_the_admin_action_and_the_history_records_it(staff_client, sabrang):
    order = place(sabrang)
    response = staff_client.post(
        "/admin/orders/order/", {"action": "confirm_payment", "_selected_action": [order.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "Pembayaran 1 pesanan dikonfirmasi." in [str(m) for m in response.context["messages"]]
    order.refresh_from_db()
    assert order.status == S.PAID and order.counted_at is not None
    last = order.history.last()
    assert (last.from_status, last.to_status, last.by_label, last.by) == (
        S.AWAITING_PAYMENT,
        S.PAID,
        "Migrant CARE: staf@migrantcare.test",
        staff_client.staff,
    )


def test_an_illegal_step_in_the_admin_is_refused_with_a_warning_and_changes_nothing(staff_client, sabrang):
    unpaid = place(sabrang)
    paid = move(place(sabrang), S.PAID)
    before = snapshot(unpaid)
    response = staff_client.post(
        "/admin/orders/order/",
        {"action": "mark_packed", "_selected_action": [unpaid.pk, paid.pk]},
        follow=True,
    )
    texts = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert texts == [
        ("success", "1 pesanan ditandai Dikemas."),
        (
            "warning",
            f"Ditolak, tidak diubah: {unpaid.number}: Pesanan {unpaid.number} berstatus Belum Bayar: "
            "langkah ini tidak bisa dilakukan.",
        ),
    ]
    assert snapshot(unpaid) == before
    paid.refresh_from_db()
    assert paid.status == S.PACKED


def test_staff_cancel_with_the_fixed_reason_and_stock_comes_back(staff_client, sabrang):
    order = place(sabrang, quantity=4)
    staff_client.post("/admin/orders/order/", {"action": "cancel_orders", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == (S.CANCELLED, "Dibatalkan oleh staf Migrant CARE")
    assert Product.objects.get(order_items__order=order).stock == 10
    assert order.history.last().by_label == "Migrant CARE: staf@migrantcare.test"


def test_admin_change_form_has_status_read_only_and_saves_only_what_staff_changed(staff_client, sabrang):
    order = place(sabrang)
    response = staff_client.get(f"/admin/orders/order/{order.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "status" not in form.fields and "total" not in form.fields
    assert "buyer_phone" in form.fields
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        {
            "buyer_phone": "0812 1111 2222",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "history-TOTAL_FORMS": "1",
            "history-INITIAL_FORMS": "1",
        }
    )
    # the village confirms payment while the form is open
    order_transition(order=order, to=S.PAID, actor=Actor("village", "Bu Sulastri"))
    response = staff_client.post(f"/admin/orders/order/{order.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    order.refresh_from_db()
    assert (order.buyer_phone, order.status) == ("+6281211112222", S.PAID)


def test_admin_lists_and_searches_orders_without_add_or_delete(staff_client, sabrang):
    order = place(sabrang)
    response = staff_client.get("/admin/orders/order/?q=Rina")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [order]
    assert staff_client.get("/admin/orders/order/add/").status_code == 403
    assert staff_client.get(f"/admin/orders/order/{order.pk}/delete/").status_code == 403


def test_shop_admin_shows_the_options_and_holds_staff_to_the_same_rules(client, sabrang):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.get(f"/admin/shops/shop/{sabrang.pk}/change/")
    assert response.status_code == 200
    legends = [name for name, _opts in response.context["adminform"].fieldsets]
    assert [str(x) for x in legends[1:3]] == ["Pengiriman", "Pembayaran"]
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False, "")}
    data.pop("qris_image", None)
    data.pop("photo", None)

    response = client.post(f"/admin/shops/shop/{sabrang.pk}/change/", {**data, "bank_name": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["bank_name"] == ["Tulis nama bank, misalnya BRI."]

    response = client.post(f"/admin/shops/shop/{sabrang.pk}/change/", {**data, "whatsapp": "0813 9999 0000"})
    assert response.status_code == 302
    fresh = Shop.objects.get(pk=sabrang.pk)
    assert fresh.whatsapp == "+6281399990000"
