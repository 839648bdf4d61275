"""Denial of inventory and storage (item 8): bounded, explained in Indonesian, undone by staff."""

import time
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client

from core import ratelimit
from orders.exceptions import TooManyOpenOrders
from orders.models import Order
from products.models import Product, ProductImage
from products.services import photo_stage
from tests.factories import ProductFactory, jpeg_bytes, make_staff, member_with_account
from tests.orders.helpers import BUYER, configured_village, place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """The limits count in fixed windows (a minute, a day): a test that straddled a boundary on a
    slow machine would start counting again halfway. Their clock stands still for one test."""
    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def kunyit():
    return ProductFactory(shop=configured_village("sabrang"), stock=100, name="Jamu Kunyit")


def checkout_post(client, product, *, phone="081234567890", email="", address="10.0.0.1", name="Bu Rina"):
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": "1"}, REMOTE_ADDR=address)
    return client.post(
        "/checkout/",
        {
            "token": uuid.uuid4().hex,
            "seen": f"{product.pk}:{product.price}:1",  # what the checkout page showed her
            "name": name,
            "phone": phone,
            "email": email,
            "address_line": "Jl. Mawar 5",
            "address_city": "Kabupaten Jember",
            "address_province": "Jawa Timur",
            "address_postcode": "68121",
            f"delivery_{product.shop_id}": "courier",
            f"payment_{product.shop_id}": "transfer",
        },
        REMOTE_ADDR=address,
    )


def test_a_buyer_may_hold_only_so_many_unpaid_orders(kunyit, settings):
    settings.ORDER_MAX_OPEN_UNPAID_PER_BUYER = 3
    for _ in range(3):
        place({kunyit: 1})
    kunyit.refresh_from_db()
    assert kunyit.stock == 97
    # the fourth with the same phone is refused, nothing placed, nothing taken
    with pytest.raises(TooManyOpenOrders, match="Anda masih punya 3 pesanan yang belum dibayar"):
        place({kunyit: 1})
    # the same email with another phone too
    other_phone = BUYER.__class__(**{**BUYER.__dict__, "phone": "+6281299999999"})
    with pytest.raises(TooManyOpenOrders):
        place({kunyit: 1}, buyer=other_phone)
    kunyit.refresh_from_db()
    assert (kunyit.stock, Order.objects.count()) == (97, 3)
    # once one is paid for (no longer waiting), she may order again
    Order.objects.filter(pk=Order.objects.first().pk).update(status=Order.Status.PAID)
    place({kunyit: 1})
    assert Order.objects.count() == 4


def test_the_checkout_page_explains_the_open_orders_limit_and_keeps_what_she_typed(kunyit, settings, client):
    settings.ORDER_MAX_OPEN_UNPAID_PER_BUYER = 1
    assert checkout_post(client, kunyit).status_code == 302
    response = checkout_post(client, kunyit, name="Bu Rina Kedua")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Anda masih punya 1 pesanan yang belum dibayar." in html
    assert 'value="Bu Rina Kedua"' in html
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["too_many_open_orders"]
    assert Order.objects.count() == 1


def test_checkouts_per_address_per_minute_are_bounded_and_other_addresses_are_not(kunyit, settings):
    settings.CHECKOUTS_PER_ADDRESS_PER_MINUTE = 3
    for n in range(3):
        assert (
            checkout_post(Client(), kunyit, phone=f"08123400000{n}", address="36.80.0.9").status_code == 302
        )
    response = checkout_post(Client(), kunyit, phone="0812340000099", address="36.80.0.9", name="Bu Ketiga")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak pesanan dari jaringan Anda dalam satu menit." in html
    assert 'value="Bu Ketiga"' in html
    assert Order.objects.count() == 3
    kunyit.refresh_from_db()
    assert kunyit.stock == 97
    # another address is not affected
    assert checkout_post(Client(), kunyit, phone="081234000077", address="36.80.0.10").status_code == 302


def test_staged_photos_per_member_per_day_are_bounded(settings):
    settings.PHOTO_UPLOADS_PER_MEMBER_PER_DAY = 2
    member = member_with_account()
    for _ in range(2):
        photo_stage(member=member, uploaded=ContentFile(jpeg_bytes(), name="f.jpg"))
    with pytest.raises(ValidationError) as refused:
        photo_stage(member=member, uploaded=ContentFile(jpeg_bytes(), name="f.jpg"))
    assert refused.value.code == "too_many_photos"
    assert refused.value.messages == [
        "Anda sudah mengunggah 2 foto dalam 24 jam terakhir. Coba lagi besok, atau hubungi staf."
    ]
    assert ProductImage.objects.count() == 2
    # through the phone's upload endpoint: a 400 with the message, nothing stored
    client = Client()
    client.force_login(member.user)
    response = client.post("/dasbor/produk/foto/", {"photo": ContentFile(jpeg_bytes(), name="g.jpg")})
    assert response.status_code == 400
    assert response.json()["error"].startswith("Anda sudah mengunggah 2 foto")
    assert ProductImage.objects.count() == 2
    # another member of the village is not affected
    photo_stage(member=member_with_account(), uploaded=ContentFile(jpeg_bytes(), name="f.jpg"))


def test_staff_cancel_a_flood_of_unpaid_orders_in_one_action_and_the_stock_comes_back(kunyit, settings):
    settings.ORDER_MAX_OPEN_UNPAID_PER_BUYER = 100
    ambulu = ProductFactory(shop=configured_village("ambulu"), stock=50, name="Masker Ambulu")
    flood = [place({kunyit: 2}).orders.get() for _ in range(5)] + [place({ambulu: 3}).orders.get()]
    paid = place({kunyit: 1}).orders.get()
    Order.objects.filter(pk=paid.pk).update(status=Order.Status.PAID)
    honest_buyer = BUYER.__class__(
        **{**BUYER.__dict__, "phone": "+6281277777777", "email": "lain@contoh.test"}
    )
    honest = place({kunyit: 1}, buyer=honest_buyer).orders.get()
    kunyit.refresh_from_db()
    assert kunyit.stock == 100 - 10 - 1 - 1
    client = Client()
    client.force_login(make_staff())
    # staff select one of them; every unpaid order of that buyer goes, in every village
    response = client.post(
        "/admin/orders/order/",
        {"action": "cancel_unpaid_of_same_buyers", "_selected_action": [flood[0].pk]},
        follow=True,
    )
    assert response.status_code == 200
    statuses = dict(Order.objects.values_list("pk", "status"))
    assert all(statuses[o.pk] == Order.Status.CANCELLED for o in flood)
    assert statuses[paid.pk] == Order.Status.PAID
    assert statuses[honest.pk] == Order.Status.AWAITING_PAYMENT
    kunyit.refresh_from_db()
    ambulu.refresh_from_db()
    assert (kunyit.stock, ambulu.stock) == (98, 50)
    assert Product.objects.get(pk=kunyit.pk).stock == 98
