"""The buyer's steps come from the order rules that order_transition applies."""

import pytest

from orders import services
from orders.models import Order
from orders.services import ShopChoice
from tests.factories import ProductFactory
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db
S = Order.Status


@pytest.mark.parametrize(
    "payment, delivery, status, expected",
    [
        (
            "transfer",
            "courier",
            S.AWAITING_PAYMENT,
            {"can_cancel": True, "can_confirm": False, "can_complain": False, "cancel_needs_refund": False},
        ),
        # paid: she may still cancel before packing, confirming first as the village owes a refund
        (
            "transfer",
            "courier",
            S.PAID,
            {"can_cancel": True, "can_confirm": False, "can_complain": True, "cancel_needs_refund": True},
        ),
        (
            "transfer",
            "courier",
            S.SHIPPED,
            {"can_cancel": False, "can_confirm": True, "can_complain": True, "cancel_needs_refund": False},
        ),
        (
            "transfer",
            "pickup",
            S.READY_FOR_PICKUP,
            {"can_cancel": False, "can_confirm": False, "can_complain": True, "cancel_needs_refund": False},
        ),
        (
            "cod",
            "local",
            S.PROCESSING,
            {"can_cancel": True, "can_confirm": False, "can_complain": True, "cancel_needs_refund": False},
        ),
        (
            "cod",
            "local",
            S.SHIPPED,
            {"can_cancel": False, "can_confirm": False, "can_complain": True, "cancel_needs_refund": False},
        ),
        (
            "transfer",
            "courier",
            S.COMPLETED,
            {"can_cancel": False, "can_confirm": False, "can_complain": False, "cancel_needs_refund": False},
        ),
    ],
)
def test_buyer_steps_are_what_order_transition_lets_her_do(payment, delivery, status, expected):
    # Given an order in `status`
    product = ProductFactory(shop=configured_village(), stock=5)
    choice = {product.shop_id: ShopChoice(delivery, payment)}
    (order,) = place({product: 1}, choices=choice).orders.all()
    Order.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    # When the order page asks what she may do
    steps = services.buyer_steps(order=order)
    # Then it is exactly what the rules allow, step by step
    assert steps == expected
    buyer = services.Actor("buyer", services.BUYER, None)
    for step, to in (("can_confirm", S.COMPLETED), ("can_cancel", S.CANCELLED)):
        if steps[step]:
            continue
        with pytest.raises(services.InvalidTransition):
            services.order_transition(order=order, to=to, actor=buyer)
        order.refresh_from_db()
        assert order.status == status
