"""The buyer's steps come from the order rules that order_transition applies."""

import pytest

from orders import services
from orders.models import Order
from orders.services import ShopChoice
from tests.factories import ProductFactory
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db
S = Order.Status

STEPS = ("can_cancel", "can_confirm", "can_complain", "cancel_needs_refund")
# payment, delivery, status, then what she may do, in STEPS' order (1: yes)
RULES = [
    ("transfer", "courier", S.AWAITING_PAYMENT, 1, 0, 0, 0),
    # paid: she may still cancel before packing, confirming first as the village owes a refund
    ("transfer", "courier", S.PAID, 1, 0, 1, 1),
    ("transfer", "courier", S.SHIPPED, 0, 1, 1, 0),
    ("transfer", "pickup", S.READY_FOR_PICKUP, 0, 0, 1, 0),
    ("cod", "local", S.PROCESSING, 1, 0, 1, 0),
    ("cod", "local", S.SHIPPED, 0, 0, 1, 0),
    ("transfer", "courier", S.COMPLETED, 0, 0, 0, 0),
]


@pytest.mark.parametrize(
    ("payment", "delivery", "status", "expected"),
    [
        (payment, delivery, status, dict(zip(STEPS, map(bool, yes), strict=True)))
        for payment, delivery, status, *yes in RULES
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
