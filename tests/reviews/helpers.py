"""A completed order to review: COD + pickup at Sabrang, taken through the village's steps."""

from orders.models import Order
from orders.services import Actor, ShopChoice, order_transition
from tests.factories import MemberFactory, ProductFactory
from tests.orders.helpers import configured_village, place

VILLAGE = Actor("village", "Bu Ketua")


def completed_order(*products_and_quantities, shop=None, user=None):
    """Place (COD, pickup), pack, ready, complete: an order counted as a sale and open to reviews."""
    shop = shop or configured_village("sabrang")
    if not products_and_quantities:
        products_and_quantities = ((ProductFactory(shop=shop, name="Jamu Kunyit Asam", price=12500), 2),)
    checkout = place(
        dict(products_and_quantities),
        choices={shop.pk: ShopChoice(Order.Delivery.PICKUP, Order.Payment.COD)},
        user=user,
    )
    order = checkout.orders.get()
    for step in (Order.Status.PACKED, Order.Status.READY_FOR_PICKUP, Order.Status.COMPLETED):
        order = order_transition(order=order, to=step, actor=VILLAGE)
    return order


def ketua(shop):
    from tests.factories import member_with_account

    return member_with_account(shop=shop.slug, role="ketua", display_name="Bu Sulastri")


__all__ = ["MemberFactory", "completed_order", "ketua"]
