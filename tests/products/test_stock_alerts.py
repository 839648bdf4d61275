"""'Ingatkan saya': confirmed once by a link, told once on restock, never an unconfirmed address."""

import re

import pytest
from django.conf import settings
from django.test import Client

from orders.models import Order
from orders.services import Actor, ShopChoice, order_transition
from products.exceptions import StockAlertError
from products.models import StockAlert
from products.services import (
    product_set_stock,
    stock_alert_confirm,
    stock_alert_subscribe,
    stock_alerts_release,
)
from tests.factories import ProductFactory, UserFactory, member_with_account, verified
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold_out():
    maker = member_with_account(shop="sabrang")
    return ProductFactory(shop=maker.shop, made_by=maker, name="Jamu Temulawak", stock=0)


def _to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def test_a_typed_address_gets_a_confirmation_link_and_only_then_the_restock(run, sold_out, mailoutbox):
    alert = run(stock_alert_subscribe, product=sold_out, email="Rina@Contoh.test")

    assert (alert.email, alert.confirmed_at) == ("rina@contoh.test", None)
    [confirm] = _to(mailoutbox, "rina@contoh.test")
    assert confirm.subject == "[Desbumi Market] Konfirmasi: ingatkan saya saat Jamu Temulawak tersedia"
    link = re.search(r"https?://\S+/ingatkan/(\S+)/", confirm.body)
    assert link and link.group(1) == alert.token

    run(stock_alert_confirm, token=alert.token)
    run(product_set_stock, product=sold_out, stock=5, by=sold_out.made_by)

    back = [m for m in _to(mailoutbox, "rina@contoh.test") if m is not confirm]
    assert [m.subject for m in back] == ["[Desbumi Market] Jamu Temulawak tersedia lagi"]
    assert settings.SITE_URL.rstrip("/") + sold_out.get_absolute_url() in back[0].body
    # told once: another restock, another release, send nothing more
    run(product_set_stock, product=sold_out, stock=0, by=sold_out.made_by)
    run(product_set_stock, product=sold_out, stock=3, by=sold_out.made_by)
    assert run(stock_alerts_release, product_ids=[sold_out.pk]) == 0
    assert len(_to(mailoutbox, "rina@contoh.test")) == 2


def test_an_unconfirmed_address_is_never_told(run, sold_out, mailoutbox):
    alert = run(stock_alert_subscribe, product=sold_out, email="korban@contoh.test")
    mailoutbox.clear()

    run(product_set_stock, product=sold_out, stock=5, by=sold_out.made_by)

    assert mailoutbox == []
    alert.refresh_from_db()
    assert alert.notified_at is None


def test_confirming_after_the_restock_tells_her_at_once(run, sold_out, mailoutbox):
    alert = run(stock_alert_subscribe, product=sold_out, email="rina@contoh.test")
    run(product_set_stock, product=sold_out, stock=5, by=sold_out.made_by)
    mailoutbox.clear()

    run(stock_alert_confirm, token=alert.token)

    assert [m.subject for m in mailoutbox] == ["[Desbumi Market] Jamu Temulawak tersedia lagi"]


def test_a_logged_in_buyer_is_confirmed_at_once_and_told_in_her_inbox_too(run, sold_out, mailoutbox):
    buyer = verified(UserFactory(email="sari@contoh.test"))

    alert = run(stock_alert_subscribe, product=sold_out, user=buyer)

    assert alert.confirmed_at is not None and alert.user == buyer
    assert mailoutbox == []
    run(product_set_stock, product=sold_out, stock=2, by=sold_out.made_by)
    assert [m.subject for m in _to(mailoutbox, "sari@contoh.test")] == [
        "[Desbumi Market] Jamu Temulawak tersedia lagi"
    ]


def test_asking_twice_keeps_one_request_and_a_product_in_stock_is_refused(run, sold_out):
    run(stock_alert_subscribe, product=sold_out, email="rina@contoh.test")
    run(stock_alert_subscribe, product=sold_out, email="rina@contoh.test")
    assert StockAlert.objects.count() == 1

    in_stock = ProductFactory(stock=4)
    with pytest.raises(StockAlertError, match="masih ada stoknya"):
        stock_alert_subscribe(product=in_stock, email="rina@contoh.test")
    assert StockAlert.objects.filter(product=in_stock).count() == 0


def test_a_cancelled_order_giving_stock_back_tells_who_waits(run, mailoutbox):
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, name="Masker Batik", stock=1)
    order = place(
        {product: 1}, choices={shop.pk: ShopChoice(Order.Delivery.PICKUP, Order.Payment.COD)}
    ).orders.get()
    product.refresh_from_db()
    assert product.stock == 0
    alert = run(stock_alert_subscribe, product=product, email="wati@contoh.test")
    run(stock_alert_confirm, token=alert.token)
    mailoutbox.clear()

    run(
        order_transition,
        order=order,
        to=Order.Status.CANCELLED,
        actor=Actor("village", "Bu Ketua"),
        note="Batal",
    )

    assert [m.subject for m in _to(mailoutbox, "wati@contoh.test")] == [
        "[Desbumi Market] Masker Batik tersedia lagi"
    ]


def test_the_sold_out_page_offers_the_form_and_refuses_an_empty_email_with_a_code(sold_out):
    client = Client()
    html = client.get(sold_out.get_absolute_url()).content.decode()
    assert "Ingatkan saya" in html

    response = client.post(f"/produk/{sold_out.slug}/ingatkan/", {"email": ""})

    assert response.status_code == 400
    assert response.context["alert_form"].errors.as_data()["email"][0].code == "required"
    assert "Tulis alamat email Anda." in response.content.decode()
    assert StockAlert.objects.count() == 0
    assert Client().get("/ingatkan/bukan-token/").status_code == 404
