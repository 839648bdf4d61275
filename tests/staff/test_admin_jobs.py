"""A staff user (not a superuser) does each of her jobs in the admin, through the same services."""

import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import MemberProfile
from orders.models import Order
from orders.services import Actor, ShopChoice, order_place, order_step_allowed, order_transition
from products.models import Product
from shops.models import Shop
from tests.factories import MemberFactory, ProductFactory, category, member_with_account
from tests.orders.helpers import BUYER, configured_village, place_order

pytestmark = pytest.mark.django_db
S = Order.Status
D = Order.Delivery
P = Order.Payment
VILLAGE = Actor("village", "Bu Ketua")


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def act(client, path, action, objects, **data):
    return client.post(
        path, {"action": action, "_selected_action": [o.pk for o in objects], **data}, follow=True
    )


# ------------------------------------------------------------------------------------------------
# Members
# ------------------------------------------------------------------------------------------------
def test_staff_approve_reject_with_a_reason_and_suspend_members(staff_client):
    staff = staff_client.staff
    waiting = member_with_account(
        shop="wonoasri", status=MemberProfile.Status.PENDING, display_name="Bu Rukmini"
    )
    other = member_with_account(shop="ambulu", status=MemberProfile.Status.PENDING, display_name="Bu Tini")
    seller = member_with_account(shop="sabrang", display_name="Bu Sri")
    product = ProductFactory(shop=seller.shop, made_by=seller, name="Masker Batik")
    url = "/admin/members/memberprofile/"

    response = act(staff_client, url, "approve", [waiting])
    assert messages_of(response) == [("success", "1 anggota disetujui.")]

    # rejecting with a reason: first the reason's page, then the decision
    response = staff_client.post(url, {"action": "reject_with_reason", "_selected_action": [other.pk]})
    assert response.status_code == 200
    assert (
        "Tolak permintaan bergabung" in response.content.decode() and "Bu Tini" in response.content.decode()
    )
    response = act(
        staff_client, url, "reject_with_reason", [other], apply="1", reason="Belum tinggal di desa ini."
    )
    assert messages_of(response) == [("success", "1 permintaan ditolak.")]

    assert Client().get(product.get_absolute_url()).status_code == 200
    response = act(staff_client, url, "suspend", [seller])
    assert messages_of(response) == [("success", "1 anggota dibekukan.")]

    waiting.refresh_from_db(), other.refresh_from_db(), seller.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == (MemberProfile.Status.APPROVED, staff)
    assert (other.status, other.rejection_reason) == (
        MemberProfile.Status.REJECTED,
        "Belum tinggal di desa ini.",
    )
    assert seller.status == MemberProfile.Status.SUSPENDED
    assert Client().get(product.get_absolute_url()).status_code == 404


def test_the_member_list_filters_by_village_and_status_and_searches_name_phone_email(staff_client):
    a = member_with_account(
        shop="sabrang", status="pending", display_name="Siti Aminah", phone="+6281200001111"
    )
    member_with_account(shop="sabrang", display_name="Sri Utami")
    member_with_account(shop="ambulu", status="pending", display_name="Siti Khotimah")
    shop = Shop.objects.get(slug="sabrang")

    def names(query):
        response = staff_client.get(f"/admin/members/memberprofile/?{query}")
        assert response.status_code == 200
        return sorted(m.display_name for m in response.context["cl"].result_list)

    assert names(f"shop__id__exact={shop.pk}&status__exact=pending") == ["Siti Aminah"]
    assert names("q=Siti") == ["Siti Aminah", "Siti Khotimah"]
    assert names("q=081200001111") == [] and names("q=6281200001111") == ["Siti Aminah"]
    assert names(f"q={a.user.email}") == ["Siti Aminah"]


# ------------------------------------------------------------------------------------------------
# Villages
# ------------------------------------------------------------------------------------------------
def test_staff_set_up_a_village_delivery_and_payment_options_under_the_ketua_rules(staff_client):
    shop = configured_village("dukuhdempok")
    path = f"/admin/shops/shop/{shop.pk}/change/"
    response = staff_client.get(path)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False, "")}
    data.pop("qris_image", None), data.pop("photo", None)

    # transfer without a bank account is refused, as on the ketua's page
    response = staff_client.post(path, {**data, "bank_account_number": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["bank_account_number"] == ["Tulis nomor rekening desa."]

    response = staff_client.post(
        path, {**data, "offers_courier": "", "local_delivery_fee": "7500", "accepts_cod": "on"}, follow=True
    )
    assert response.status_code == 200, response.context["adminform"].form.errors
    shop.refresh_from_db()
    assert (shop.offers_courier, shop.local_delivery_fee, shop.accepts_cod) == (False, 7500, True)
    # the members of the village are listed on its page, each a link to her own
    ketua = MemberFactory(shop=shop, role="ketua", display_name="Bu Sri Suharti")
    html = staff_client.get(path).content.decode()
    assert f'href="/admin/members/memberprofile/{ketua.pk}/change/"' in html


# ------------------------------------------------------------------------------------------------
# Products: moderation
# ------------------------------------------------------------------------------------------------
def test_staff_hide_a_product_with_a_reason_it_leaves_the_catalog_and_the_member_sees_why(staff_client):
    member = member_with_account(shop="sabrang", display_name="Bu Sri")
    product = ProductFactory(
        shop=member.shop, made_by=member, name="Masker Medis Super", category=category("masker")
    )
    url = "/admin/products/product/"
    assert Client().get(product.get_absolute_url()).status_code == 200

    # the action asks for the reason first; without one, nothing happens
    response = staff_client.post(url, {"action": "hide_products", "_selected_action": [product.pk]})
    assert response.status_code == 200 and "Masker Medis Super" in response.content.decode()
    response = staff_client.post(
        url, {"action": "hide_products", "_selected_action": [product.pk], "apply": "1"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["Tulis alasan untuk anggota."]}
    assert Product.objects.get(pk=product.pk).hidden_by_staff_at is None

    reason = "Masker kain tidak boleh disebut masker medis tanpa izin edar Kemenkes."
    response = act(staff_client, url, "hide_products", [product], apply="1", reason=reason)
    assert messages_of(response) == [
        ("success", "1 produk disembunyikan; anggota melihat alasannya di dasbornya.")
    ]
    product.refresh_from_db()
    assert (product.hidden_reason, product.hidden_by, product.status) == (
        reason,
        staff_client.staff,
        Product.Status.PUBLISHED,
    )

    # gone from the catalog: its page, the search, the village
    visitor = Client()
    assert visitor.get(product.get_absolute_url()).status_code == 404
    assert product not in visitor.get("/cari/?q=masker").context["products"]
    assert product not in list(visitor.get(member.shop.get_absolute_url()).context["products"])

    # the member sees the reason on her dashboard and on the product's page, and cannot publish it back
    her = Client()
    her.force_login(member.user)
    for path in ("/dasbor/produk/", f"/dasbor/produk/{product.pk}/"):
        html = her.get(path).content.decode()
        assert "Disembunyikan oleh Migrant CARE" in html and reason in html, path
    her.post(f"/dasbor/produk/{product.pk}/terbitkan/")
    assert visitor.get(product.get_absolute_url()).status_code == 404

    if apps.is_installed("notifications"):
        from notifications.models import Event

        assert Event.objects.about(product).filter(kind="product_hidden").count() == 1

    # hiding twice is refused with a message; showing it again brings it back
    response = act(staff_client, url, "hide_products", [product], apply="1", reason="lagi")
    assert messages_of(response) == [
        ("warning", "Tidak disembunyikan: Masker Medis Super: Masker Medis Super sudah disembunyikan.")
    ]
    response = act(staff_client, url, "unhide_products", [product])
    assert messages_of(response) == [("success", "1 produk ditampilkan lagi.")]
    assert visitor.get(product.get_absolute_url()).status_code == 200
    assert "Disembunyikan oleh Migrant CARE" not in her.get("/dasbor/produk/").content.decode()


def test_the_product_filters_find_missing_permits_medical_claims_and_expiring_jamu(staff_client):
    today = timezone.localdate()
    jamu, masker = category("jamu"), category("masker")
    no_permit = ProductFactory(category=jamu, name="Jamu Tanpa Izin", halal_status="self_declare")
    no_halal = ProductFactory(category=jamu, name="Jamu Belum Halal", pirt_number="123456789012345")
    complete = ProductFactory(
        category=jamu,
        name="Jamu Lengkap",
        pirt_number="123456789012345",
        halal_status="certified",
        production_date=today - timedelta(days=3),
        expiry_date=today + timedelta(days=200),
    )
    expiring = ProductFactory(
        category=jamu,
        name="Jamu Hampir Kedaluwarsa",
        bpom_number="POM TR123456789",
        halal_status="certified",
        production_date=today - timedelta(days=60),
        expiry_date=today + timedelta(days=10),
    )
    claim = ProductFactory(category=masker, name="Masker Medis 3 Ply")
    ProductFactory(category=masker, name="Masker Kain Non-Medis", description="Bukan masker non medis")
    ProductFactory(category=masker, name="Masker Bedah", kemenkes_permit="KEMENKES RI AKD 21603020123")

    def names(query):
        response = staff_client.get(f"/admin/products/product/?{query}")
        assert response.status_code == 200
        return sorted(p.name for p in response.context["cl"].result_list)

    assert names("izin=jamu_tanpa_izin") == ["Jamu Tanpa Izin"]
    assert names("izin=jamu_tanpa_halal") == ["Jamu Belum Halal"]
    assert names("izin=jamu_tanpa_tanggal") == ["Jamu Belum Halal", "Jamu Tanpa Izin"]
    assert names("izin=klaim_medis") == ["Masker Medis 3 Ply"]
    assert names("kedaluwarsa=segera") == ["Jamu Hampir Kedaluwarsa"]
    assert names(f"category__id__exact={masker.pk}&q=masker") == [
        "Masker Bedah",
        "Masker Kain Non-Medis",
        "Masker Medis 3 Ply",
    ]
    assert {no_permit, no_halal, complete, expiring, claim} <= set(Product.objects.all())


def test_the_list_pages_cost_the_same_queries_for_few_or_many_rows(staff_client):
    lists = ["/admin/products/product/", "/admin/orders/order/", "/admin/members/memberprofile/"]

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(path).status_code == 200
        return len(ctx.captured_queries)

    def add(n, slug):
        shop = configured_village(slug)
        for _ in range(n):
            member = member_with_account(shop=slug)
            _order(shop)
            ProductFactory(shop=shop, made_by=member)

    add(2, "sabrang")
    few = [count(path) for path in lists]
    add(6, "wonoasri")
    assert [count(path) for path in lists] == few


# ------------------------------------------------------------------------------------------------
# Orders
# ------------------------------------------------------------------------------------------------
def _order(shop, delivery=D.COURIER, payment=P.TRANSFER, quantity=1):
    product = ProductFactory(shop=shop, price=20000, stock=100)
    return place_order(product, quantity, delivery=delivery, payment=payment)


def _through(order, *steps, **data):
    for to in steps:
        order = order_transition(order=order, to=to, actor=VILLAGE, note="-", **data)
    return order


def test_staff_follow_orders_of_every_village_with_filters(staff_client):
    sabrang, wonoasri = configured_village("sabrang"), configured_village("wonoasri")
    paid_sabrang = _through(_order(sabrang), S.PAID)
    unpaid_sabrang = _order(sabrang)
    cod_wonoasri = _order(wonoasri, D.PICKUP, P.COD)
    old = _through(_order(wonoasri), S.PAID)
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))

    def numbers(query):
        response = staff_client.get(f"/admin/orders/order/?{query}")
        assert response.status_code == 200
        return sorted(o.number for o in response.context["cl"].result_list)

    assert numbers("") == sorted(o.number for o in (paid_sabrang, unpaid_sabrang, cod_wonoasri, old))
    assert numbers(f"shop__id__exact={sabrang.pk}") == sorted([paid_sabrang.number, unpaid_sabrang.number])
    assert numbers("status__exact=paid") == sorted([paid_sabrang.number, old.number])
    assert numbers("payment_method__exact=cod") == [cod_wonoasri.number]
    # the date filter as the admin's "Tahun ini" link writes it
    year_start = timezone.localtime().replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    assert old.number not in numbers(urlencode({"created_at__gte": str(year_start)}))
    assert numbers(f"shop__id__exact={wonoasri.pk}&status__exact=paid") == [old.number]


def test_staff_ship_with_tracking_numbers_and_cancel_with_a_reason_through_the_rules(staff_client):
    shop = configured_village("sabrang")
    courier = _through(_order(shop), S.PAID, S.PACKED)
    local = _through(_order(shop, D.LOCAL, P.COD), S.PACKED)
    url = "/admin/orders/order/"

    response = staff_client.post(url, {"action": "ship_orders", "_selected_action": [courier.pk, local.pk]})
    assert response.status_code == 200
    assert f"Nomor resi {courier.number}" in response.content.decode()
    response = act(
        staff_client, url, "ship_orders", [courier, local], apply="1", **{f"kurir_{courier.pk}": "JNE"}
    )
    assert messages_of(response) == [
        ("success", "1 pesanan ditandai Dikirim."),
        (
            "warning",
            f"Ditolak, tidak diubah: {courier.number}: Tulis nomor resi untuk pengiriman lewat kurir.",
        ),
    ]
    response = act(
        staff_client,
        url,
        "ship_orders",
        [courier],
        apply="1",
        **{f"kurir_{courier.pk}": "JNE", f"resi_{courier.pk}": "JNE123456789"},
    )
    courier.refresh_from_db()
    assert (courier.status, courier.courier_name, courier.tracking_number) == (
        S.SHIPPED,
        "JNE",
        "JNE123456789",
    )

    paid = _through(_order(shop, quantity=3), S.PAID)
    stock_before = Product.objects.get(order_items__order=paid).stock
    response = act(
        staff_client, url, "cancel_with_reason", [paid], apply="1", reason="Stok rusak kena banjir."
    )
    assert messages_of(response) == [("success", "1 pesanan dibatalkan; stoknya dikembalikan.")]
    paid.refresh_from_db()
    assert (paid.status, paid.cancel_reason, paid.refund_due) == (
        S.CANCELLED,
        "Stok rusak kena banjir.",
        paid.total,
    )
    assert Product.objects.get(order_items__order=paid).stock == stock_before + 3
    # the refund asks when and how the money went back; a future date is refused, nothing recorded
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = act(staff_client, url, "mark_refunded", [paid], apply="1", date=tomorrow, method="transfer")
    assert messages_of(response) == [
        ("warning", f"Ditolak, tidak diubah: {paid.number}: Tanggal pengembalian tidak boleh di masa depan.")
    ]
    paid.refresh_from_db()
    assert paid.refunded_at is None
    today = timezone.localdate()
    response = act(
        staff_client, url, "mark_refunded", [paid], apply="1", date=today.isoformat(), method="cash"
    )
    assert messages_of(response) == [("success", "Pengembalian dana 1 pesanan dicatat.")]
    paid.refresh_from_db()
    assert paid.refunded_at is not None
    assert (paid.refund_date, paid.refund_method) == (today, "cash")
    last = paid.history.last()
    assert (last.by, last.by_label) == (staff_client.staff, f"Migrant CARE: {staff_client.staff.email}")


# Every start (payment, delivery, path taken) × every step: the admin and the village dashboard
# both go through order_transition, so each takes exactly the steps its rules allow and records
# the same history. The rules differ in one place only, on purpose: a prepaid order that was
# shipped is completed by the buyer (or automatically), and staff may complete it, the village not.
STARTS = {
    "transfer unpaid": (D.COURIER, P.TRANSFER, []),
    "transfer paid": (D.COURIER, P.TRANSFER, [S.PAID]),
    "transfer packed, courier": (D.COURIER, P.TRANSFER, [S.PAID, S.PACKED]),
    "transfer shipped": (D.COURIER, P.TRANSFER, [S.PAID, S.PACKED, S.SHIPPED]),
    "cod processing, pickup": (D.PICKUP, P.COD, []),
    "cod packed, pickup": (D.PICKUP, P.COD, [S.PACKED]),
    "cod ready, pickup": (D.PICKUP, P.COD, [S.PACKED, S.READY_FOR_PICKUP]),
    "cod shipped, local": (D.LOCAL, P.COD, [S.PACKED, S.SHIPPED]),
    "cancelled": (D.COURIER, P.TRANSFER, [S.CANCELLED]),
}
STEPS = {  # admin action → (dashboard action slug, status)
    "confirm_payment": ("konfirmasi-bayar", S.PAID),
    "mark_packed": ("kemas", S.PACKED),
    "mark_ready_for_pickup": ("siap-diambil", S.READY_FOR_PICKUP),
    "mark_completed": ("selesai", S.COMPLETED),
}


@pytest.mark.parametrize("start", list(STARTS))
def test_an_order_status_changed_in_the_admin_follows_the_dashboard_rules_and_history(staff_client, start):
    shop = configured_village("sabrang")
    ketua = member_with_account(shop="sabrang", role=MemberProfile.Role.KETUA, display_name="Bu Ketua")
    village = Client()
    village.force_login(ketua.user)
    delivery, payment, path = STARTS[start]

    for action, (slug, to) in STEPS.items():
        twins = [_through(_order(shop, delivery, payment), *path, tracking_number="R1") for _ in range(2)]
        allowed = {
            kind: order_step_allowed(order=twins[0], to=to, actor=Actor(kind, "-"))
            for kind in ("staff", "village")
        }
        before = twins[0].history.count()

        staff_client.post("/admin/orders/order/", {"action": action, "_selected_action": [twins[0].pk]})
        village.post(f"/dasbor/pesanan/{twins[1].pk}/{slug}/")

        by_admin, by_village = (Order.objects.get(pk=o.pk) for o in twins)
        changed = {"staff": by_admin.history.count() > before, "village": by_village.history.count() > before}
        assert changed == allowed, (start, action)
        assert by_admin.status == (to if allowed["staff"] else twins[0].status), (start, action)
        if allowed == {"staff": True, "village": True}:
            assert [(h.from_status, h.to_status, h.note) for h in by_admin.history.all()] == [
                (h.from_status, h.to_status, h.note) for h in by_village.history.all()
            ], (start, action)
            assert (by_admin.counted_at is None) == (by_village.counted_at is None), (start, action)
        if allowed["staff"]:
            last = by_admin.history.last()
            assert (last.from_status, last.to_status, last.by, last.by_label) == (
                twins[0].status,
                to,
                staff_client.staff,
                f"Migrant CARE: {staff_client.staff.email}",
            )
        elif allowed["village"]:
            pytest.fail(f"the village may, staff may not: {start}, {action}")


def test_only_completing_a_shipped_prepaid_order_differs_between_staff_and_village():
    shop = configured_village("sabrang")
    differences = set()
    for start, (delivery, payment, path) in STARTS.items():
        order = _through(_order(shop, delivery, payment), *path, tracking_number="R1")
        for action, (_slug, to) in STEPS.items():
            staff_may = order_step_allowed(order=order, to=to, actor=Actor("staff", "-"))
            if staff_may != order_step_allowed(order=order, to=to, actor=VILLAGE):
                differences.add((start, action))
    assert differences == {("transfer shipped", "mark_completed")}


def test_a_product_hidden_while_in_a_cart_cannot_be_bought(staff):
    from orders.exceptions import InsufficientStock
    from products.services import product_hide

    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, stock=5)
    product_hide(product=product, reason="Klaim medis tanpa izin.", by=staff)
    with pytest.raises(InsufficientStock):
        order_place(
            token=uuid.uuid4().hex,
            lines={product.pk: 1},
            buyer=BUYER,
            choices={shop.pk: ShopChoice(D.PICKUP, P.COD)},
        )
