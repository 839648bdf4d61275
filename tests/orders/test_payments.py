"""Payments you can trust: exact amounts, receipts that pause the deadline, refunds, papers."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.money import rupiah
from notifications.models import Event
from orders.exceptions import InvalidTransition, PriceChanged
from orders.models import HeldAmount, Order
from orders.notifications import OrderKind
from orders.services import (
    Actor,
    ShopChoice,
    free_unique_codes,
    order_expire_unpaid,
    order_place,
    order_record_refund,
    order_reject_receipt,
    order_remind_unchecked_receipts,
    order_transition,
    order_upload_receipt,
)
from products.models import Product
from tests.factories import MemberFactory, UserFactory, jpeg_bytes
from tests.orders.helpers import BUYER, configured_village, place, product

pytestmark = pytest.mark.django_db
S = Order.Status
VILLAGE = Actor("village", "Bu Sulastri")


@pytest.fixture
def sabrang():
    shop = configured_village("sabrang", accepts_qris=True, qris_image="qris/contoh.jpg")
    ketua = MemberFactory(
        user=UserFactory(email="ketua@contoh.test"), shop=shop, role="ketua", display_name="Bu Sulastri"
    )
    return shop, ketua


def _order(shop, payment="transfer", price=12500, qty=2):
    item = product(shop, stock=50, price=price, name="Jamu Kunyit Asam")
    choice = {shop.pk: ShopChoice(Order.Delivery.COURIER, payment)}
    return place({item: qty}, choices=choice).orders.get()


def _receipt(order):
    return order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(), name="bukti.jpg"))


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _frozen(order) -> tuple:
    order.refresh_from_db()
    return (order.status, order.expires_at, order.receipt_uploaded_at, order.refund_due, order.refunded_at)


# ---------------------------------------------------------------------------------------------
# Exact amounts
# ---------------------------------------------------------------------------------------------
def test_the_database_refuses_two_open_orders_of_a_village_asking_the_same_amount(sabrang):
    shop, _ = sabrang
    a, b = _order(shop), _order(shop, payment="qris")
    assert a.total != b.total
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=b.pk).update(
            items_total=a.items_total, delivery_fee=a.delivery_fee, unique_code=a.unique_code, total=a.total
        )
    # once a is paid, its amount may be asked again
    order_transition(order=a, to=S.PAID, actor=VILLAGE)
    Order.objects.filter(pk=b.pk).update(
        items_total=a.items_total, delivery_fee=a.delivery_fee, unique_code=a.unique_code, total=a.total
    )


def test_an_amount_open_at_another_base_is_not_offered(sabrang):
    # Given Rp8.000 + courier + its code open, an order of Rp7.500 + courier may not reach the same
    # amount with another code (Rp8.000 + 480 = Rp7.500 + 980)
    shop, _ = sabrang
    first = _order(shop, price=4000, qty=2)
    other_base = 7500 + 10000
    clash = first.total - other_base
    free = free_unique_codes(shop=shop, base=other_base)
    if 1 <= clash <= 999:
        assert clash not in free
        assert len(free) == 998
    else:
        assert len(free) == 999


def test_an_expired_orders_amount_is_not_offered_again_within_the_quarantine(sabrang, settings):
    shop, _ = sabrang
    settings.ORDER_AMOUNT_HOLD_DAYS = 7
    expired = _order(shop)
    base = expired.items_total + expired.delivery_fee
    Order.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert order_expire_unpaid() == 1
    expired.refresh_from_db()
    assert expired.status == S.CANCELLED

    held = HeldAmount.objects.get(shop=shop)
    assert held.amount == expired.total
    now = timezone.now()
    assert expired.unique_code not in free_unique_codes(shop=shop, base=base, now=now)
    assert expired.unique_code not in free_unique_codes(shop=shop, base=base, now=now + timedelta(days=6))
    assert expired.unique_code in free_unique_codes(
        shop=shop, base=base, now=now + timedelta(days=7, hours=1)
    )
    # and 40 new orders of the same base never ask for it
    item = Product.objects.get(order_items__order=expired)
    Product.objects.filter(pk=item.pk).update(stock=100)
    totals = {place({item: 2}).orders.get().total for _ in range(40)}
    assert expired.total not in totals


def test_a_cancelled_orders_amount_is_held_too(sabrang):
    shop, _ = sabrang
    order = _order(shop, payment="qris")
    order_transition(order=order, to=S.CANCELLED, actor=Actor("buyer", "Pembeli"))
    assert list(HeldAmount.objects.values_list("amount", "order")) == [(order.total, order.pk)]


@pytest.mark.parametrize("payment", ["transfer", "qris"])
def test_the_page_and_the_message_say_the_exact_amount_with_its_kode_unik(client, sabrang, payment):
    shop, _ = sabrang
    order = _order(shop, payment=payment)
    assert order.unique_code > 0
    total, code = rupiah(order.total), rupiah(order.unique_code)
    page = _text(client.get(order.get_absolute_url()))
    if payment == "transfer":
        assert f"Transfer tepat {total} (sudah termasuk kode unik {code})" in page
    else:
        assert f"masukkan nominal tepat {total} (sudah termasuk kode unik {code})" in page
    assert "Tiga angka terakhir" not in page
    placed = Event.objects.get(kind=OrderKind.PLACED, subject_id=order.pk)
    assert placed.payload["number"] == order.number


# ---------------------------------------------------------------------------------------------
# Receipts: every path
# ---------------------------------------------------------------------------------------------
def test_a_receipt_waiting_past_the_deadline_is_never_cancelled_and_reminds_once_each(sabrang, settings):
    shop, _ = sabrang
    settings.ORDER_RECEIPT_REMIND_VILLAGE_HOURS = 24
    settings.ORDER_RECEIPT_REMIND_STAFF_HOURS = 72
    order = _receipt(_order(shop))
    uploaded = order.receipt_uploaded_at
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(days=2))

    # the deadline passes: not cancelled, stock not returned
    assert order_expire_unpaid() == 0
    assert order_expire_unpaid(now=timezone.now() + timedelta(days=10)) == 0
    order.refresh_from_db()
    assert order.status == S.AWAITING_PAYMENT
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=S.CANCELLED, actor=Actor.system())

    reminders = Event.objects.filter(kind=OrderKind.RECEIPT_UNCHECKED)
    assert order_remind_unchecked_receipts(now=uploaded + timedelta(hours=23)) == 0
    assert order_remind_unchecked_receipts(now=uploaded + timedelta(hours=25)) == 1
    assert order_remind_unchecked_receipts(now=uploaded + timedelta(hours=26)) == 0  # once
    assert list(reminders.values_list("payload__stage", flat=True)) == ["village"]
    assert order_remind_unchecked_receipts(now=uploaded + timedelta(hours=73)) == 1
    assert order_remind_unchecked_receipts(now=uploaded + timedelta(hours=80)) == 0  # once
    assert sorted(reminders.values_list("payload__stage", flat=True)) == ["staff", "village"]


def test_the_village_sees_a_waiting_receipt_in_perlu_dicek(client, sabrang):
    shop, ketua = sabrang
    waiting, plain = _receipt(_order(shop)), _order(shop)
    client.force_login(ketua.user)
    response = client.get("/dasbor/pesanan/?tab=perlu-dicek")
    assert [o.number for o in response.context["orders"]] == [waiting.number]
    assert plain.number not in response.content.decode()


def test_a_confirmed_receipt_makes_the_order_paid_and_nothing_waits(sabrang):
    shop, _ = sabrang
    order = _receipt(_order(shop))
    order = order_transition(order=order, to=S.PAID, actor=VILLAGE)
    assert order.status == S.PAID and order.paid_at is not None
    assert not Order.objects.receipt_waiting().exists()
    assert order_remind_unchecked_receipts(now=timezone.now() + timedelta(days=5)) == 0


def test_a_receipt_marked_invalid_restarts_the_deadline_tells_the_buyer_and_can_be_sent_again(
    client, sabrang, settings
):
    shop, ketua = sabrang
    settings.ORDER_RECEIPT_RETRY_HOURS = 24
    order = _receipt(_order(shop))
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    client.force_login(ketua.user)

    # without a reason: refused beside the field, nothing changed
    before = _frozen(order)
    response = client.post(f"/dasbor/pesanan/{order.pk}/bukti-tidak-valid/", {"reason": "  "})
    assert response.status_code == 400
    assert "Tulis alasan bukti tidak valid untuk pembeli." in response.content.decode()
    assert _frozen(order) == before

    response = client.post(f"/dasbor/pesanan/{order.pk}/bukti-tidak-valid/", {"reason": "Foto buram"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.receipt_uploaded_at, order.receipt_rejection_reason) == (
        S.AWAITING_PAYMENT,
        None,
        "Foto buram",
    )
    assert order.expires_at > timezone.now() + timedelta(hours=23)
    assert Event.objects.filter(kind=OrderKind.RECEIPT_REJECTED, subject_id=order.pk).count() == 1
    assert order.history.last().note == "Bukti transfer tidak valid: Foto buram"
    page = _text(client.get(order.get_absolute_url()))
    assert "Bukti transfer Anda tidak valid: Foto buram." in page

    # twice: refused, nothing changed
    before = _frozen(order)
    with pytest.raises(InvalidTransition):
        order_reject_receipt(order=order, actor=VILLAGE, reason="lagi")
    assert _frozen(order) == before

    # she sends a good one: waiting again, the deadline paused again
    _receipt(order)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert order_expire_unpaid() == 0
    order = order_transition(order=order, to=S.PAID, actor=VILLAGE)
    assert order.status == S.PAID


def test_the_buyer_cancelling_after_her_receipt_confirms_first_and_the_village_records_the_refund(
    client, sabrang
):
    shop, ketua = sabrang
    order = _receipt(_order(shop))
    item = Product.objects.get(order_items__order=order)
    stock = item.stock

    # one tap is not enough: she is sent to the confirmation page, nothing changed
    response = client.post(f"/pesanan/{order.access_token}/batalkan/")
    assert response["Location"] == f"/pesanan/{order.access_token}/batal/"
    assert _frozen(order)[0] == S.AWAITING_PAYMENT
    page = _text(client.get(response["Location"]))
    assert f"desa wajib mengembalikan {rupiah(order.total)}" in page

    # without her account: refused beside the field, nothing changed
    response = client.post(f"/pesanan/{order.access_token}/batal/", {"refund_account": " "})
    assert response.status_code == 400
    assert "Tulis rekening untuk pengembalian dana." in response.content.decode()
    assert _frozen(order)[0] == S.AWAITING_PAYMENT

    response = client.post(
        f"/pesanan/{order.access_token}/batal/",
        {"refund_account": "BRI 0123456789 a.n. Rina", "reason": "Salah pesan"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    item.refresh_from_db()
    assert (order.status, order.refund_due, order.refund_account, order.refunded_at) == (
        S.CANCELLED,
        order.total,
        "BRI 0123456789 a.n. Rina",
        None,
    )
    assert item.stock == stock + 2
    cancelled = Event.objects.get(kind=OrderKind.CANCELLED, subject_id=order.pk)
    assert cancelled.payload["by"] == "buyer"

    # the village records the refund with a proof photo kept private
    client.force_login(ketua.user)
    response = client.post(
        f"/dasbor/pesanan/{order.pk}/dana-kembali/",
        {
            "date": timezone.localdate().isoformat(),
            "method": "transfer",
            "account": "BRI 0123456789 a.n. Rina",
            "proof": SimpleUploadedFile("bukti.jpg", jpeg_bytes(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.refunded_at is not None and order.refund_method == "transfer"
    assert order.refund_proof.name.startswith("pengembalian/")
    assert Event.objects.filter(kind=OrderKind.REFUNDED, subject_id=order.pk).count() == 1
    assert client.get(f"/dasbor/pesanan/{order.pk}/bukti-pengembalian.jpg").status_code == 200

    # the buyer sees it on her order page and opens the proof through her link only
    client.logout()
    page = _text(client.get(order.get_absolute_url()))
    assert "Dana sudah dikembalikan" in page and "BRI 0123456789 a.n. Rina" in page
    assert client.get(f"/pesanan/{order.access_token}/bukti-pengembalian.jpg").status_code == 200
    assert client.get(f"/dasbor/pesanan/{order.pk}/bukti-pengembalian.jpg").status_code == 302  # login


def test_a_refund_form_with_a_bad_photo_or_a_future_date_records_nothing(client, sabrang):
    shop, ketua = sabrang
    order = _order(shop)
    order_transition(order=order, to=S.PAID, actor=VILLAGE)
    order_transition(order=order, to=S.CANCELLED, actor=VILLAGE, note="Bahan habis")
    client.force_login(ketua.user)
    before = _frozen(order)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(f"/dasbor/pesanan/{order.pk}/dana-kembali/", {"date": tomorrow, "method": "cash"})
    assert response.status_code == 400
    assert "Tanggal pengembalian tidak boleh di masa depan." in response.content.decode()
    response = client.post(
        f"/dasbor/pesanan/{order.pk}/dana-kembali/",
        {
            "date": timezone.localdate().isoformat(),
            "method": "cash",
            "proof": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 400
    assert "File ini bukan foto JPEG, PNG atau WebP." in response.content.decode()
    assert _frozen(order) == before
    assert not Event.objects.filter(kind=OrderKind.REFUNDED).exists()


def test_a_buyer_may_cancel_a_paid_order_before_packing_but_not_after(sabrang):
    shop, _ = sabrang
    buyer = Actor("buyer", "Pembeli")
    paid = order_transition(order=_order(shop), to=S.PAID, actor=VILLAGE)
    packed = order_transition(
        order=order_transition(order=_order(shop), to=S.PAID, actor=VILLAGE), to=S.PACKED, actor=VILLAGE
    )
    before = _frozen(packed)
    with pytest.raises(InvalidTransition):
        order_transition(order=packed, to=S.CANCELLED, actor=buyer)
    assert _frozen(packed) == before
    paid = order_transition(order=paid, to=S.CANCELLED, actor=buyer, refund_account="BRI 1")
    assert (paid.refund_due, paid.refund_account) == (paid.total, "BRI 1")


def test_staff_see_refunds_still_owed(admin_client, sabrang):
    shop, _ = sabrang
    owed = _order(shop)
    order_transition(order=owed, to=S.PAID, actor=VILLAGE)
    order_transition(order=owed, to=S.CANCELLED, actor=VILLAGE, note="Habis")
    settled = _order(shop)
    order_transition(order=settled, to=S.PAID, actor=VILLAGE)
    order_transition(order=settled, to=S.CANCELLED, actor=VILLAGE, note="Habis")
    order_record_refund(order=settled, actor=VILLAGE, date=timezone.localdate(), method="cash")
    response = admin_client.get("/admin/orders/order/?uang=refund")
    assert [o.number for o in response.context["cl"].result_list] == [owed.number]


# ---------------------------------------------------------------------------------------------
# No surprise at checkout
# ---------------------------------------------------------------------------------------------
def test_order_place_refuses_a_price_the_buyer_did_not_see_and_places_nothing(sabrang):
    shop, _ = sabrang
    item = product(shop, stock=10, price=12500)
    with pytest.raises(PriceChanged) as refused:
        order_place(
            token="t1",
            lines={item.pk: 2},
            buyer=BUYER,
            choices={shop.pk: ShopChoice(Order.Delivery.PICKUP, Order.Payment.COD)},
            prices={item.pk: 12000},
        )
    assert [(c.seen, c.now) for c in refused.value.changes] == [(12000, 12500)]
    item.refresh_from_db()
    assert item.stock == 10
    assert not Order.objects.exists()


def test_a_price_changed_since_the_checkout_was_shown_is_shown_and_confirmed_again(client, sabrang):
    shop, _ = sabrang
    item = product(shop, stock=10, price=12500, name="Jamu Kunyit Asam")
    client.post("/keranjang/tambah/", {"product": item.pk, "quantity": 2})
    shown = client.get("/checkout/")
    data = {
        "token": shown.context["form"].initial["token"],
        "seen": shown.context["seen"],
        "name": "Bu Rina",
        "phone": "0812-3456-7890",
        "address_line": "Jl. Mawar 5",
        "address_city": "Kabupaten Jember",
        "address_province": "Jawa Timur",
        f"delivery_{shop.pk}": "pickup",
        f"payment_{shop.pk}": "cod",
    }
    Product.objects.filter(pk=item.pk).update(price=13000)

    response = client.post("/checkout/", data)
    assert response.status_code == 409
    assert "Jamu Kunyit Asam: harga berubah dari Rp12.500 menjadi Rp13.000." in _text(response)
    assert not Order.objects.exists()

    response = client.post("/checkout/", {**data, "seen": response.context["seen"]})
    assert response.status_code == 302
    assert list(Order.objects.values_list("items__unit_price", "items_total")) == [(13000, 26000)]


# ---------------------------------------------------------------------------------------------
# Papers
# ---------------------------------------------------------------------------------------------
def test_the_kwitansi_is_for_paid_orders_with_lunas_and_the_meterai_place_above_five_million(client, sabrang):
    shop, _ = sabrang
    unpaid = _order(shop)
    response = client.get(f"/pesanan/{unpaid.access_token}/kwitansi/")
    assert response["Location"] == unpaid.get_absolute_url()

    paid = order_transition(order=_order(shop), to=S.PAID, actor=VILLAGE)
    page = _text(client.get(f"/pesanan/{paid.access_token}/kwitansi/"))
    assert f"Nomor: KW-{paid.number}" in page
    assert "LUNAS" in page and "Desa Sabrang" in page and "Bu Rina" in page
    assert rupiah(paid.total) in page
    assert "Meterai" not in page

    big = order_transition(order=_order(shop, price=2_600_000, qty=2), to=S.PAID, actor=VILLAGE)
    assert big.total > 5_000_000
    page = _text(client.get(f"/pesanan/{big.access_token}/kwitansi/"))
    assert "Meterai Rp10.000" in page
    assert f"Total {rupiah(big.total)}" in page
    assert "Lima juta dua ratus sepuluh ribu" in page  # the amount in words, as a kwitansi has it


def test_the_packing_slip_is_for_the_village_only(client, sabrang):
    shop, ketua = sabrang
    order = _order(shop)
    order_transition(order=order, to=S.PAID, actor=VILLAGE)
    assert client.get(f"/dasbor/pesanan/{order.pk}/slip/").status_code == 302  # login first
    client.force_login(ketua.user)
    page = _text(client.get(f"/dasbor/pesanan/{order.pk}/slip/"))
    assert "SLIP PENGEMASAN" in page and "Jamu Kunyit Asam" in page and "Jl. Mawar 5 RT 02/RW 03" in page
    other = configured_village("wonoasri")
    stranger = MemberFactory(user=UserFactory(email="k2@contoh.test"), shop=other, role="ketua")
    client.force_login(stranger.user)
    assert client.get(f"/dasbor/pesanan/{order.pk}/slip/").status_code == 404


@pytest.mark.parametrize("page", ["kwitansi", "slip"])
def test_paper_pages_cost_few_queries_whatever_the_lines(
    client, sabrang, django_assert_max_num_queries, page
):
    shop, ketua = sabrang
    items = [product(shop, stock=10, price=1000 + i) for i in range(8)]
    order = place({i: 1 for i in items}, choices={shop.pk: ShopChoice("courier", "transfer")}).orders.get()
    order_transition(order=order, to=S.PAID, actor=VILLAGE)
    if page == "slip":
        client.force_login(ketua.user)
        url, limit = f"/dasbor/pesanan/{order.pk}/slip/", 10
    else:
        url, limit = f"/pesanan/{order.access_token}/kwitansi/", 5
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
