"""Buying: cart, checkout, placing, totals, the status rules and expiry."""

import io
import itertools
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orders.exceptions import InsufficientStock, InvalidTransition, OptionNotOffered
from orders.models import Checkout, Order, OrderStatusChange
from orders.services import Actor, ShopChoice, order_expire_unpaid, order_transition
from orders.tasks import autocomplete_shipped_orders, expire_unpaid_orders
from products.models import Product
from tests.factories import UserFactory, category, jpeg_bytes
from tests.orders.helpers import BUYER, checkout_data, configured_village, place, product

pytestmark = pytest.mark.django_db
S = Order.Status
VILLAGE = Actor("village", "Ketua Sabrang")
BUYER_ACTOR = Actor("buyer", "Pembeli")


@pytest.fixture
def two_villages():
    sabrang, wonoasri = configured_village("sabrang"), configured_village("wonoasri")
    kunyit = product(sabrang, name="Kunyit Asam", price=12500, stock=10, category=category("jamu"))
    masker = product(wonoasri, name="Masker Kain", price=8000, stock=20, category=category("masker"))
    return sabrang, wonoasri, kunyit, masker


# ---------------------------------------------------------------------------------------------
# Placing
# ---------------------------------------------------------------------------------------------
def test_one_checkout_makes_one_order_per_village_with_its_own_number_and_total(two_villages):
    _sabrang, _wonoasri, kunyit, masker = two_villages
    checkout = place({kunyit: 2, masker: 3})
    orders = {o.shop.slug: o for o in checkout.orders.all()}
    assert set(orders) == {"sabrang", "wonoasri"}
    a, b = orders["sabrang"], orders["wonoasri"]
    assert a.number == "SAB-00001" and b.number == "WON-00001"
    assert (a.items_total, a.delivery_fee) == (25000, 10000)  # courier to Jember
    assert (b.items_total, b.delivery_fee) == (24000, 10000)
    assert 1 <= a.unique_code <= 999
    assert a.total == 25000 + 10000 + a.unique_code
    assert a.status == b.status == S.AWAITING_PAYMENT
    assert a.expires_at - a.created_at == pytest.approx(timedelta(hours=48), abs=timedelta(seconds=5))
    kunyit.refresh_from_db()
    masker.refresh_from_db()
    assert (kunyit.stock, masker.stock) == (8, 17)
    assert [(i.product_name, i.unit_price, i.quantity, i.made_by) for i in a.items.all()] == [
        ("Kunyit Asam", 12500, 2, kunyit.made_by)
    ]
    assert list(a.history.values_list("from_status", "to_status")) == [("", S.AWAITING_PAYMENT)]


def test_order_numbers_count_up_per_village(two_villages):
    _, _, kunyit, masker = two_villages
    place({kunyit: 1})
    place({kunyit: 1, masker: 1})
    assert sorted(Order.objects.values_list("number", flat=True)) == ["SAB-00001", "SAB-00002", "WON-00001"]


def test_placing_twice_with_the_same_token_gives_the_same_orders(two_villages):
    _, _, kunyit, _ = two_villages
    first = place({kunyit: 2}, token="sama")
    second = place({kunyit: 2}, token="sama")
    assert first.pk == second.pk
    assert Order.objects.count() == 1
    kunyit.refresh_from_db()
    assert kunyit.stock == 8


def test_out_of_stock_places_nothing_and_says_what_is_left(two_villages):
    _, _, kunyit, masker = two_villages
    with pytest.raises(InsufficientStock) as excinfo:
        place({kunyit: 11, masker: 2})
    assert [(s.name, s.requested, s.available) for s in excinfo.value.shortages] == [("Kunyit Asam", 11, 10)]
    assert (Order.objects.count(), Checkout.objects.count()) == (0, 0)
    masker.refresh_from_db()
    assert masker.stock == 20


@pytest.mark.parametrize("change", ["draft", "suspended_maker", "inactive_village"])
def test_a_product_that_left_the_catalog_cannot_be_ordered(two_villages, change):
    sabrang, _, kunyit, _ = two_villages
    if change == "draft":
        Product.objects.filter(pk=kunyit.pk).update(status="draft")
    elif change == "suspended_maker":
        kunyit.made_by.status = "suspended"
        kunyit.made_by.save()
    else:
        sabrang.is_active = False
        sabrang.save()
    with pytest.raises(InsufficientStock) as excinfo:
        place({kunyit: 1})
    assert excinfo.value.shortages[0].available == 0
    assert Order.objects.count() == 0


def test_cod_with_a_courier_is_refused(two_villages):
    sabrang, _, kunyit, _ = two_villages
    with pytest.raises(OptionNotOffered):
        place({kunyit: 1}, choices={sabrang.pk: ShopChoice(Order.Delivery.COURIER, Order.Payment.COD)})
    assert Order.objects.count() == 0
    kunyit.refresh_from_db()
    assert kunyit.stock == 10


def test_an_option_the_village_does_not_offer_is_refused(two_villages):
    sabrang, _, kunyit, _ = two_villages
    sabrang.offers_local_delivery = False
    sabrang.save()
    with pytest.raises(OptionNotOffered):
        place({kunyit: 1}, choices={sabrang.pk: ShopChoice(Order.Delivery.LOCAL, Order.Payment.TRANSFER)})


def test_kode_unik_is_unique_among_a_villages_unpaid_transfers(two_villages, monkeypatch):
    _, _, kunyit, _ = two_villages
    # make the random choice collide on purpose: it must still pick a free code
    monkeypatch.setattr("orders.services.random.choice", lambda free: free[0])
    a = place({kunyit: 1}).orders.get()
    b = place({kunyit: 1}).orders.get()
    assert (a.unique_code, b.unique_code) == (1, 2)


@pytest.mark.parametrize(
    ("delivery", "payment", "province", "city"),
    [
        (d, p, prov, city)
        for (d, p), (prov, city) in itertools.product(
            [
                ("pickup", "transfer"),
                ("pickup", "cod"),
                ("local", "transfer"),
                ("local", "cod"),
                ("courier", "transfer"),
                ("pickup", "qris"),
                ("courier", "qris"),
            ],
            [
                ("Jawa Timur", "Kabupaten Jember"),
                ("Jawa Timur", "Kota Surabaya"),
                ("Jawa Barat", "Bandung"),
                ("Bali", "Denpasar"),
            ],
        )
    ],
)
def test_total_is_items_plus_delivery_plus_kode_unik_for_every_combination(
    two_villages, delivery, payment, province, city, client
):
    from core.money import rupiah

    sabrang, _, kunyit, _ = two_villages
    sabrang.accepts_qris = True
    sabrang.qris_image = "qris/contoh.jpg"
    sabrang.save()
    buyer = BUYER.__class__(**{**BUYER.__dict__, "address_province": province, "address_city": city})
    order = place({kunyit: 3}, choices={sabrang.pk: ShopChoice(delivery, payment)}, buyer=buyer).orders.get()
    zone_fee = {"Kabupaten Jember": 10000, "Kota Surabaya": 18000, "Bandung": 25000, "Denpasar": 45000}[city]
    fee = {"pickup": 0, "local": 5000, "courier": zone_fee}[delivery]
    assert order.items_total == 37500
    assert order.delivery_fee == fee
    # transfer and QRIS both carry a kode unik: the amount tells open orders apart
    assert (order.unique_code > 0) == (payment != "cod")
    assert order.total == 37500 + fee + order.unique_code
    assert order.status == (S.PROCESSING if payment == "cod" else S.AWAITING_PAYMENT)
    # and that exact amount is what the page asks her to pay
    html = client.get(order.get_absolute_url()).content.decode()
    assert rupiah(order.total) in html


# ---------------------------------------------------------------------------------------------
# Status rules
# ---------------------------------------------------------------------------------------------
def _order(two_villages, delivery="courier", payment="transfer", qty=2):
    sabrang, _, kunyit, _ = two_villages
    return place({kunyit: qty}, choices={sabrang.pk: ShopChoice(delivery, payment)}).orders.get()


def test_transfer_courier_flow_and_history(two_villages):
    order = _order(two_villages)
    order = order_transition(order=order, to=S.PAID, actor=VILLAGE)
    assert order.counted_at is not None
    order = order_transition(order=order, to=S.PACKED, actor=VILLAGE)
    with pytest.raises(InvalidTransition, match="nomor resi"):
        order_transition(order=order, to=S.SHIPPED, actor=VILLAGE)
    order = order_transition(
        order=order, to=S.SHIPPED, actor=VILLAGE, tracking_number="JNE123", courier_name="JNE"
    )
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=S.COMPLETED, actor=VILLAGE)  # the buyer confirms
    order = order_transition(order=order, to=S.COMPLETED, actor=BUYER_ACTOR)
    assert list(order.history.values_list("from_status", "to_status", "by_label")) == [
        ("", S.AWAITING_PAYMENT, "Pembeli"),
        (S.AWAITING_PAYMENT, S.PAID, "Ketua Sabrang"),
        (S.PAID, S.PACKED, "Ketua Sabrang"),
        (S.PACKED, S.SHIPPED, "Ketua Sabrang"),
        (S.SHIPPED, S.COMPLETED, "Pembeli"),
    ]
    assert order.tracking_number == "JNE123"


def test_cod_pickup_flow_counts_the_sale_when_completed(two_villages):
    order = _order(two_villages, "pickup", "cod")
    assert order.status == S.PROCESSING and order.unique_code == 0 and order.expires_at is None
    order = order_transition(order=order, to=S.PACKED, actor=VILLAGE)
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=S.SHIPPED, actor=VILLAGE)
    order = order_transition(order=order, to=S.READY_FOR_PICKUP, actor=VILLAGE)
    assert order.counted_at is None
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=S.COMPLETED, actor=BUYER_ACTOR)
    order = order_transition(order=order, to=S.COMPLETED, actor=VILLAGE)
    assert order.counted_at is not None and order.cash_received_at is not None


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.AWAITING_PAYMENT, S.PACKED),
        (S.AWAITING_PAYMENT, S.SHIPPED),
        (S.AWAITING_PAYMENT, S.COMPLETED),
        (S.PAID, S.SHIPPED),
        (S.PAID, S.COMPLETED),
    ],
)
def test_skipped_steps_are_refused_and_nothing_changes(two_villages, start, to):
    order = _order(two_villages)
    if start == S.PAID:
        order = order_transition(order=order, to=S.PAID, actor=VILLAGE)
    history = order.history.count()
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=to, actor=VILLAGE, tracking_number="X")
    order.refresh_from_db()
    assert order.status == start
    assert order.history.count() == history


def test_the_buyer_cannot_confirm_payment_herself(two_villages):
    order = _order(two_villages)
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=S.PAID, actor=BUYER_ACTOR)
    order.refresh_from_db()
    assert order.status == S.AWAITING_PAYMENT


def test_buyer_cancels_before_payment_and_stock_returns(two_villages):
    _, _, kunyit, _ = two_villages
    order = _order(two_villages, qty=4)
    order_transition(order=order, to=S.CANCELLED, actor=BUYER_ACTOR)
    kunyit.refresh_from_db()
    assert kunyit.stock == 10


def test_village_cancels_a_paid_order_with_reason_and_a_refund_is_due(two_villages):
    order = _order(two_villages)
    order = order_transition(order=order, to=S.PAID, actor=VILLAGE)
    with pytest.raises(InvalidTransition, match="alasan"):
        order_transition(order=order, to=S.CANCELLED, actor=VILLAGE)
    order = order_transition(order=order, to=S.CANCELLED, actor=VILLAGE, note="Bahan habis")
    assert (order.refund_due, order.cancel_reason) == (order.total, "Bahan habis")
    assert not Order.objects.counted_as_sales().filter(pk=order.pk).exists()


def test_expiry_returns_stock_exactly_once_even_if_the_task_runs_twice(two_villages):
    _, _, kunyit, _ = two_villages
    order = _order(two_villages, qty=3)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert expire_unpaid_orders.delay().get() == 1
    assert expire_unpaid_orders.delay().get() == 0
    assert order_expire_unpaid() == 0
    kunyit.refresh_from_db()
    order.refresh_from_db()
    assert kunyit.stock == 10
    assert order.status == S.CANCELLED
    assert OrderStatusChange.objects.filter(order=order, to_status=S.CANCELLED).count() == 1


def test_an_order_not_yet_due_does_not_expire(two_villages):
    order = _order(two_villages)
    assert order_expire_unpaid() == 0
    order.refresh_from_db()
    assert order.status == S.AWAITING_PAYMENT


def test_auto_completion_waits_for_an_open_complaint(two_villages):
    from orders.services import order_open_complaint, order_resolve_complaint

    a = _order(two_villages)
    b = _order(two_villages)
    for order in (a, b):
        order_transition(order=order, to=S.PAID, actor=VILLAGE)
        order_transition(order=order, to=S.PACKED, actor=VILLAGE)
        order_transition(order=order, to=S.SHIPPED, actor=VILLAGE, tracking_number="R1", courier_name="JNE")
    order_open_complaint(order=b, text="Botol pecah")
    Order.objects.update(shipped_at=timezone.now() - timedelta(days=8))
    assert autocomplete_shipped_orders.delay().get() == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (S.COMPLETED, S.SHIPPED)
    order_resolve_complaint(order=b, actor=VILLAGE, note="Diganti")
    assert autocomplete_shipped_orders.delay().get() == 1


# ---------------------------------------------------------------------------------------------
# Through the pages
# ---------------------------------------------------------------------------------------------
def test_cart_is_grouped_by_village_with_subtotals(client, two_villages):
    _, _, kunyit, masker = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    client.post("/keranjang/tambah/", {"product": masker.pk, "quantity": 1})
    response = client.get("/keranjang/")
    groups = response.context["groups"]
    assert [(g.shop.name, g.subtotal) for g in groups] == [("Sabrang", 25000), ("Wonoasri", 8000)]
    assert response.context["total"] == 33000
    assert "Rp33.000" in response.content.decode()


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "", "99999999999"])
def test_bad_quantities_are_refused_with_a_message(client, two_villages, quantity):
    _, _, kunyit, _ = two_villages
    response = client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": quantity}, follow=True)
    assert response.status_code == 200
    assert client.session.get("cart", {}) == {}
    assert response.context["messages"]


def test_adding_more_than_the_stock_is_limited_with_a_clear_message(client, two_villages):
    _, _, kunyit, _ = two_villages
    response = client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 50}, follow=True)
    assert client.session["cart"] == {str(kunyit.pk): 10}
    assert "Stok Kunyit Asam tinggal 10, jadi keranjang berisi 10." in response.content.decode()


def test_the_cart_is_kept_when_a_buyer_logs_in(client, two_villages):
    _, _, kunyit, _ = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    user = UserFactory()
    client.force_login(user)
    assert client.session["cart"] == {str(kunyit.pk): 2}


def test_guest_checkout_places_orders_and_shows_the_confirmation(client, two_villages):
    _, _, kunyit, masker = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    client.post("/keranjang/tambah/", {"product": masker.pk, "quantity": 1})
    response = client.post("/checkout/", checkout_data(client, price="1", shop="999"), follow=True)
    assert response.status_code == 200
    orders = list(Order.objects.order_by("number"))
    assert [o.number for o in orders] == ["SAB-00001", "WON-00001"]
    assert orders[0].buyer_phone == "+6281234567890"
    assert orders[0].items_total == 25000  # the tampered price in the POST changed nothing
    html = response.content.decode()
    for order in orders:
        assert order.number in html
        assert f"Rp{order.total:,}".replace(",", ".") in html
    assert "0123-01-000123-50-1" in html
    assert client.session["cart"] == {}
    # "Pesanan saya" finds them in this browser
    my = client.get("/pesanan/").content.decode()
    assert "SAB-00001" in my and "WON-00001" in my


def test_a_double_submit_makes_one_order_set(client, two_villages):
    _, _, kunyit, _ = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    data = checkout_data(client)
    first = client.post("/checkout/", data)
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})  # back button, same form
    second = client.post("/checkout/", data)
    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1


def test_stock_short_since_the_page_was_shown_asks_her_to_confirm_the_new_quantity(client, two_villages):
    # Given a checkout page showing 5 × Kunyit Asam, then the stock drops to 2
    _, _, kunyit, _ = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 5})
    data = checkout_data(client)
    Product.objects.filter(pk=kunyit.pk).update(stock=2)
    # When she presses "Buat pesanan"
    response = client.post("/checkout/", data)
    # Then nothing is placed: the checkout shows what changed, her details kept, the cart cut to 2
    assert response.status_code == 409
    html = response.content.decode()
    assert "Kunyit Asam: Anda minta 5, tersisa 2. Jumlahnya sudah disesuaikan." in html
    assert 'value="Jl. Mawar 5"' in html
    assert Order.objects.count() == 0
    assert client.session["cart"] == {str(kunyit.pk): 2}
    kunyit.refresh_from_db()
    assert kunyit.stock == 2
    # And confirming again places the 2 she now saw
    response = client.post("/checkout/", {**data, "seen": response.context["seen"]})
    assert response.status_code == 302
    assert list(Order.objects.values_list("items__quantity", "items_total")) == [(2, 25000)]


def test_cod_with_courier_through_the_form_is_answered_beside_the_field(client, two_villages):
    sabrang, _, kunyit, _ = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 1})
    response = client.post("/checkout/", checkout_data(client, **{f"payment_{sabrang.pk}": "cod"}))
    assert response.status_code == 400
    assert "Bayar di tempat (COD) hanya untuk ambil di desa atau antar lokal." in response.content.decode()
    assert 'value="Bu Rina"' in response.content.decode()
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Nomor HP tidak dikenali"),
        ("address_province", "Atlantis", "Pilih provinsi dari daftar."),
        ("address_line", "", "Tulis alamat lengkap untuk pengiriman."),
        ("name", "", "Tulis nama Anda."),
    ],
)
def test_checkout_bad_input_keeps_the_form(client, two_villages, field, value, message):
    _, _, kunyit, _ = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 1})
    response = client.post("/checkout/", checkout_data(client, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Order.objects.count() == 0


def test_receipt_upload_and_its_refusals(client, two_villages):
    order = _order(two_villages)
    fake = SimpleUploadedFile("bukti.jpg", b"<html>bukan</html>", content_type="image/jpeg")
    response = client.post(f"/pesanan/{order.access_token}/bukti/", {"receipt": fake}, follow=True)
    assert "File ini bukan foto JPEG, PNG atau WebP." in response.content.decode()
    order.refresh_from_db()
    assert not order.receipt
    good = SimpleUploadedFile("bukti.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(f"/pesanan/{order.access_token}/bukti/", {"receipt": good}, follow=True)
    assert "Bukti transfer terkirim." in response.content.decode()
    order.refresh_from_db()
    assert order.receipt.name.startswith("bukti/") and order.receipt_uploaded_at
    # past the deadline, a receipt still waiting (the deadline is paused) may be replaced
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    again = SimpleUploadedFile("bukti2.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(f"/pesanan/{order.access_token}/bukti/", {"receipt": again}, follow=True)
    assert "Bukti transfer terkirim." in response.content.decode()
    # an order past its deadline with no receipt waiting takes none
    Order.objects.filter(pk=order.pk).update(receipt_uploaded_at=None)
    before = Order.objects.get(pk=order.pk).receipt.name
    late = SimpleUploadedFile("bukti3.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(f"/pesanan/{order.access_token}/bukti/", {"receipt": late}, follow=True)
    assert "tidak lagi menunggu pembayaran" in response.content.decode()
    order.refresh_from_db()
    assert (order.receipt.name, order.receipt_uploaded_at) == (before, None)


def test_buyer_actions_by_url_follow_the_rules(client, two_villages):
    order = _order(two_villages)
    response = client.post(f"/pesanan/{order.access_token}/diterima/", follow=True)
    assert "langkah ini tidak bisa dilakukan" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.AWAITING_PAYMENT
    assert client.post(f"/pesanan/{order.access_token}/hapus/").status_code == 404
    assert client.get(f"/pesanan/{order.access_token}/batalkan/").status_code == 405
    client.post(f"/pesanan/{order.access_token}/batalkan/")
    order.refresh_from_db()
    assert order.status == S.CANCELLED


def test_order_pages_are_404_for_a_wrong_token(client):
    assert client.get("/pesanan/bukan-token/").status_code == 404
    assert client.get("/checkout/selesai/bukan-token/").status_code == 404


def test_empty_cart_checkout_redirects_to_the_cart(client):
    response = client.get("/checkout/")
    assert response["Location"] == "/keranjang/"


def test_receipt_image_is_stripped_of_exif(two_villages):
    from PIL import Image

    from orders.services import order_upload_receipt

    order = _order(two_villages)
    exif = Image.Exif()
    exif[0x010F] = "HP"
    order = order_upload_receipt(order=order, uploaded=io.BytesIO(jpeg_bytes(exif=exif.tobytes())))
    with order.receipt.open("rb") as f:
        assert dict(Image.open(io.BytesIO(f.read())).getexif()) == {}


def test_the_receipt_photo_is_only_served_to_the_buyer_link_and_her_village(client, two_villages):
    from tests.factories import MemberFactory, UserFactory

    order = _order(two_villages)
    good = SimpleUploadedFile("bukti.jpg", jpeg_bytes(), content_type="image/jpeg")
    client.post(f"/pesanan/{order.access_token}/bukti/", {"receipt": good})
    response = client.get(f"/pesanan/{order.access_token}/bukti.jpg")
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert response["Cache-Control"] == "private, no-store"
    assert client.get("/pesanan/salah-token/bukti.jpg").status_code == 404

    handler = MemberFactory(user=UserFactory(), shop=order.shop, handles_orders=True)
    stranger = MemberFactory(user=UserFactory(), shop=configured_village("ambulu"), role="ketua")
    client.force_login(handler.user)
    assert client.get(f"/dasbor/pesanan/{order.pk}/bukti.jpg").status_code == 200
    client.force_login(stranger.user)
    assert client.get(f"/dasbor/pesanan/{order.pk}/bukti.jpg").status_code == 404


def test_a_cart_quantity_over_the_limit_gets_the_limit_message_and_changes_nothing(
    client, two_villages, settings
):
    _, _, kunyit, _ = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    client.get("/keranjang/")  # shows (and clears) "masuk keranjang"

    response = client.post("/keranjang/ubah/", {f"qty_{kunyit.pk}": "10000"}, follow=True)

    said = [str(m) for m in response.context["messages"]]
    assert said == [f"Jumlah terlalu banyak (paling banyak {settings.CART_MAX_QUANTITY})."]
    assert client.session["cart"] == {str(kunyit.pk): 2}


def test_an_app_server_dying_after_placing_leaves_no_cart_to_order_twice(client, two_villages, monkeypatch):
    # Given a buyer with Kunyit Asam in her cart
    _, _, kunyit, _ = two_villages
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    data = checkout_data(client)
    client.raise_request_exception = False

    # When the app server fails after the orders are committed, before it answers (a 500: Django
    # then never saves the session, as when gunicorn dies)
    def dies(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr("orders.views.redirect", dies)
    assert client.post("/checkout/", data).status_code == 500
    monkeypatch.undo()

    # Then the order exists, her cart is empty (nothing to place twice) and "Pesanan saya" lists it
    order = Order.objects.get()
    assert client.session["cart"] == {}
    assert order.number in client.get("/pesanan/").content.decode()
    assert client.get("/checkout/")["Location"] == "/keranjang/"
    assert Order.objects.count() == 1
