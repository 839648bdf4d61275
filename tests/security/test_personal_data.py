"""Personal data, complete (item 7): export everything about a member or a buyer; deletion scrubs it."""

import json

import pytest

from members import services as member_services
from members.models import User
from notifications.models import Delivery, Notification
from orders.models import Order, OrderStatusChange
from orders.services import Actor, order_transition
from tests.factories import ProductFactory, UserFactory, member_with_account, verified, village
from tests.orders.helpers import BUYER, configured_village, place

pytestmark = pytest.mark.django_db


def test_a_members_export_holds_her_purchases_her_sales_and_her_order_steps(
    django_capture_on_commit_callbacks,
):
    # Given a ketua who made a product, sold it, confirmed its payment, and bought something herself
    ketua = member_with_account(role="ketua", email="siti@contoh.test", display_name="Siti Rahayu")
    shop = configured_village("sabrang")
    kunyit = ProductFactory(shop=shop, made_by=ketua, name="Jamu Kunyit", price=12500, stock=10)
    sold = place({kunyit: 3}).orders.get()
    order_transition(order=sold, to=Order.Status.PAID, actor=Actor("village", "Siti Rahayu", ketua.user))
    bought = place({kunyit: 1}, user=ketua.user).orders.get()
    # When she downloads her data
    data = member_services.member_export_data(member=ketua)
    # Then her purchases (in full), her sales and the steps she took are there
    assert [o["number"] for o in data["orders"]["placed"]] == [bought.number]
    assert data["orders"]["placed"][0]["buyer_phone"] == BUYER.phone
    assert data["orders"]["placed"][0]["address"]["line"] == BUYER.address_line
    assert data["orders"]["sold"] == [
        {
            "order": sold.number,
            "product": "Jamu Kunyit",
            "quantity": 3,
            "unit_price": 12500,
            "status": "paid",
            "created_at": sold.created_at.isoformat(),
        },
        {
            "order": bought.number,
            "product": "Jamu Kunyit",
            "quantity": 1,
            "unit_price": 12500,
            "status": "awaiting_payment",
            "created_at": bought.created_at.isoformat(),
        },
    ]
    # confirming the payment as the village, and placing her own order
    assert [(s["order"], s["to"]) for s in data["orders"]["steps_taken"]] == [
        (sold.number, "paid"),
        (bought.number, "awaiting_payment"),
    ]


def test_deleting_a_member_scrubs_her_name_phone_and_story_from_stored_messages_and_order_history(
    django_capture_on_commit_callbacks,
):
    ketua = member_with_account(role="ketua")
    handler = member_with_account(email="siti@contoh.test", display_name="Siti Rahayu", handles_orders=True)
    # her join request reached the ketua with her name, phone and story
    with django_capture_on_commit_callbacks(execute=True):
        joiner = member_services.member_request_join(
            user=verified(UserFactory(email="dewi@contoh.test")),
            shop=village("sabrang"),
            display_name="Dewi Lestari",
            phone="0812-3456-7890",
            story="Tujuh tahun di Taiwan.",
        )
    shop = configured_village("sabrang")
    order = place({ProductFactory(shop=shop, stock=5): 1}).orders.get()
    order_transition(order=order, to=Order.Status.PAID, actor=Actor("village", "Siti Rahayu", handler.user))
    request = Notification.objects.get(user=ketua.user)
    assert "Dewi Lestari" in request.body or "Tujuh tahun di Taiwan." in request.body
    # When both delete their accounts
    member_services.member_delete_account(member=joiner)
    member_services.member_delete_account(member=handler)
    # Then no stored message or history label names them
    for text in ("Dewi Lestari", "6281234567890", "0812-3456-7890", "Tujuh tahun di Taiwan."):
        assert not Notification.objects.filter(body__contains=text).exists(), text
        assert not Delivery.objects.filter(body__contains=text).exists(), text
    assert not OrderStatusChange.objects.filter(by_label__contains="Siti Rahayu").exists()
    assert OrderStatusChange.objects.get(order=order, to_status="paid").by_label == "Pengguna (akun dihapus)"
    # the order itself, the village's record, is untouched
    order.refresh_from_db()
    assert (order.status, order.buyer_name) == (Order.Status.PAID, BUYER.name)


@pytest.fixture
def buyer():
    return verified(UserFactory(email="rina@contoh.test"))


def test_a_buyer_downloads_everything_held_about_her(buyer, client):
    order = place({ProductFactory(shop=configured_village("sabrang"), stock=5): 2}, user=buyer).orders.get()
    client.force_login(buyer)
    response = client.get("/akun/data/?unduh=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="data-saya-desbumi-')
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "rina@contoh.test"
    [placed] = data["orders"]["placed"]
    assert (placed["number"], placed["buyer_name"], placed["address"]["postcode"]) == (
        order.number,
        "Bu Rina",
        "68121",
    )
    assert set(data) >= {"account", "orders", "notifications"}


def test_a_buyer_cannot_delete_while_an_order_is_on_its_way_and_nothing_changes(buyer, client):
    order = place({ProductFactory(shop=configured_village("sabrang"), stock=5): 1}, user=buyer).orders.get()
    client.force_login(buyer)
    response = client.post("/akun/data/", {"confirm": "on"})
    assert response.status_code == 400
    assert "Masih ada pesanan Anda yang belum selesai." in response.content.decode()
    assert User.objects.filter(pk=buyer.pk).exists()
    order.refresh_from_db()
    assert (order.user_id, order.buyer_name) == (buyer.pk, "Bu Rina")


def test_a_buyer_deletes_her_account_and_her_orders_stay_anonymised(
    buyer, client, django_capture_on_commit_callbacks
):
    shop = configured_village("sabrang")
    member_with_account(role="ketua")  # the village is told: her name, phone and address
    product = ProductFactory(shop=shop, stock=5)
    with django_capture_on_commit_callbacks(execute=True):
        order = place({product: 1}, user=buyer).orders.get()
        order_transition(order=order, to=Order.Status.CANCELLED, actor=Actor("buyer", "Pembeli", buyer))
    assert Delivery.objects.filter(body__contains="Jl. Mawar 5").exists()
    client.force_login(buyer)
    response = client.post("/akun/data/", {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=buyer.pk).exists()
    order.refresh_from_db()
    assert (order.user_id, order.buyer_name, order.buyer_phone, order.buyer_email, order.address_line) == (
        None,
        "Pembeli (akun dihapus)",
        "",
        "",
        "",
    )
    assert (order.number, order.total, order.status) == (order.number, order.total, Order.Status.CANCELLED)
    assert order.items.count() == 1
    for text in ("Bu Rina", "Jl. Mawar 5", "6281234567890", "rina@contoh.test"):
        assert not Delivery.objects.filter(body__contains=text).exists(), text
        assert not Notification.objects.filter(body__contains=text).exists(), text


def test_a_member_is_sent_to_her_own_deletion_page(client):
    member = member_with_account()
    client.force_login(member.user)
    html = client.get("/akun/data/").content.decode()
    assert 'href="/dasbor/profil/hapus/"' in html
    assert client.post("/akun/data/", {"confirm": "on"}).status_code == 200
    assert User.objects.filter(pk=member.user_id).exists()


def test_a_member_cannot_delete_while_an_order_she_placed_is_on_its_way():
    from members.exceptions import AccountNotDeletable
    from members.models import MemberProfile

    member = member_with_account(display_name="Siti Rahayu")
    order = place(
        {ProductFactory(shop=configured_village("sabrang"), stock=5): 1}, user=member.user
    ).orders.get()
    with pytest.raises(AccountNotDeletable, match=r"Masih ada pesanan Anda yang belum selesai\."):
        member_services.member_delete_account(member=member)
    member.refresh_from_db()
    order.refresh_from_db()
    assert (member.status, member.display_name) == (MemberProfile.Status.APPROVED, "Siti Rahayu")
    assert order.user_id == member.user_id
