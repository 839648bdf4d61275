"""The buyer's own account: where she lands, her orders and addresses, reorder, prefilled checkout."""

from dataclasses import replace

import pytest
from django.test import Client

from orders.models import Order
from products.models import Product
from tests.factories import ProductFactory, UserFactory, member_with_account, verified
from tests.orders.helpers import BUYER, configured_village, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return verified(UserFactory(email="rina@contoh.test", password="rahasia-123"))


def test_a_buyer_lands_on_her_account_after_login_and_a_member_on_her_dashboard(buyer):
    client = Client()
    response = client.post("/akun/login/", {"login": "rina@contoh.test", "password": "rahasia-123"})
    assert response.status_code == 302 and response.url == "/akun/saya/"
    assert "Akun saya" in client.get("/akun/saya/").content.decode()

    member = member_with_account(shop="sabrang")
    them = Client()
    them.force_login(member.user)
    response = them.get("/akun/saya/")
    assert response.status_code == 302 and response.url == "/dasbor/"


def test_account_lists_her_orders_and_addresses_once_each(client, buyer):
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, stock=20)
    first = place({product: 1}, user=buyer).orders.get()
    place({product: 2}, user=buyer)  # same address again
    other = place({product: 1}).orders.get()  # someone else's
    client.force_login(buyer)

    html = client.get("/akun/saya/").content.decode()

    assert first.number in html and other.number not in html
    assert html.count("Jl. Mawar 5 RT 02/RW 03") == 1
    assert "Ganti kata sandi" in html and 'id="data-saya"' in html
    assert Client().get("/akun/saya/").status_code == 302  # login first


def test_reorder_puts_the_items_back_and_says_what_changed(client, buyer):
    shop = configured_village("sabrang")
    kunyit = ProductFactory(shop=shop, name="Jamu Kunyit", price=12500, stock=20)
    masker = ProductFactory(shop=shop, name="Masker Batik", price=8000, stock=20)
    gone = ProductFactory(shop=shop, name="Jamu Lama", price=5000, stock=20)
    order = place({kunyit: 2, masker: 5, gone: 1}, user=buyer).orders.get()
    Product.objects.filter(pk=kunyit.pk).update(price=14000)
    Product.objects.filter(pk=masker.pk).update(stock=3)
    Product.objects.filter(pk=gone.pk).update(status=Product.Status.ARCHIVED)
    client.force_login(buyer)

    response = client.post(f"/akun/saya/pesan-lagi/{order.access_token}/", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Harga Jamu Kunyit sekarang Rp14.000 (dulu Rp12.500).",
        "Stok Masker Batik tinggal 3, jadi keranjang berisi 3.",
        "Jamu Lama sedang tidak tersedia, tidak dimasukkan ke keranjang.",
    ]
    assert client.session["cart"] == {str(kunyit.pk): 2, str(masker.pk): 3}
    assert Order.objects.count() == 1  # nothing placed


def test_reorder_of_someone_elses_order_is_404_and_changes_no_cart(client, buyer):
    shop = configured_village("sabrang")
    theirs = place({ProductFactory(shop=shop): 1}).orders.get()
    client.force_login(buyer)

    assert client.post(f"/akun/saya/pesan-lagi/{theirs.access_token}/").status_code == 404
    assert client.session.get("cart") in (None, {})


def test_checkout_is_prefilled_with_her_latest_address_and_she_can_choose_another(client, buyer):
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, stock=20)
    place(
        {product: 1},
        user=buyer,
        buyer=replace(BUYER, address_line="Jl. Lama 1", address_city="Kabupaten Jember"),
    )
    place(
        {product: 1},
        user=buyer,
        buyer=replace(BUYER, address_line="Jl. Baru 2", address_city="Kota Surabaya"),
    )
    client.force_login(buyer)
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1})

    form = client.get("/checkout/").context["form"]
    assert (form.initial["address_line"], form.initial["address_city"], form.initial["name"]) == (
        "Jl. Baru 2",
        "Kota Surabaya",
        "Bu Rina",
    )
    form = client.get("/checkout/?alamat=1").context["form"]
    assert form.initial["address_line"] == "Jl. Lama 1"
    assert client.get("/checkout/?alamat=99").context["form"].initial["address_line"] == "Jl. Baru 2"
