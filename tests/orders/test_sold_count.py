"""'Terjual N': the stored figure equals the quantities in orders counted as sales, at every step."""

import pytest
from django.db.models import Sum

from orders.models import Order, OrderItem
from orders.services import Actor, ShopChoice, order_transition
from products.models import Product
from tests.factories import ProductFactory
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db

VILLAGE = Actor("village", "Bu Ketua")


def _sold(product):
    return Product.objects.get(pk=product.pk).sold_count


def _counted(product):
    counted = Order.objects.counted_as_sales()
    return OrderItem.objects.filter(order__in=counted, product=product).aggregate(n=Sum("quantity"))["n"] or 0


def test_a_transfer_counts_when_paid_and_uncounts_when_cancelled():
    shop = configured_village("sabrang")
    kunyit, beras = ProductFactory(shop=shop, stock=20), ProductFactory(shop=shop, stock=20)
    order = place({kunyit: 3, beras: 1}).orders.get()
    assert (_sold(kunyit), _sold(beras)) == (0, 0)

    order = order_transition(order=order, to=Order.Status.PAID, actor=VILLAGE)
    assert (_sold(kunyit), _sold(beras)) == (3, 1) == (_counted(kunyit), _counted(beras))

    order = order_transition(order=order, to=Order.Status.PACKED, actor=VILLAGE)
    assert _sold(kunyit) == 3

    order_transition(order=order, to=Order.Status.CANCELLED, actor=VILLAGE, note="Stok rusak")
    assert (_sold(kunyit), _sold(beras)) == (0, 0) == (_counted(kunyit), _counted(beras))


def test_cod_counts_only_when_completed_and_an_unpaid_cancel_changes_nothing():
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, stock=20)
    cod = place(
        {product: 2}, choices={shop.pk: ShopChoice(Order.Delivery.PICKUP, Order.Payment.COD)}
    ).orders.get()
    unpaid = place({product: 5}).orders.get()

    order_transition(order=unpaid, to=Order.Status.CANCELLED, actor=VILLAGE, note="Tidak jadi")
    for step in (Order.Status.PACKED, Order.Status.READY_FOR_PICKUP):
        cod = order_transition(order=cod, to=step, actor=VILLAGE)
        assert _sold(product) == 0
    order_transition(order=cod, to=Order.Status.COMPLETED, actor=VILLAGE)

    assert _sold(product) == 2 == _counted(product)
