"""Two payouts recorded at once cannot both spend one balance: her profile row is locked (PostgreSQL)."""

import pytest
from django.utils import timezone

from ledger import services
from ledger.exceptions import PayoutError
from ledger.models import Payout
from orders.models import Order
from orders.services import Actor, order_transition
from tests.factories import MemberFactory, ProductFactory
from tests.orders.helpers import configured_village, place
from tests.orders.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres(postgres_only):
    pass


def test_four_payouts_of_her_whole_balance_at_once_only_one_is_recorded():
    shop = configured_village("sabrang")
    siti = MemberFactory(shop=shop)
    order = place({ProductFactory(shop=shop, made_by=siti, price=30000, stock=5): 1}).orders.get()
    order_transition(order=order, to=Order.Status.PAID, actor=Actor("village", "Bu Ketua"))

    results, errors = race(
        4,
        lambda i: services.payout_record(
            member=siti, amount=30000, method="cash", paid_on=timezone.localdate(), label=f"K{i}"
        ),
    )

    assert sum(1 for r in results if r is not None) == 1
    assert sum(1 for e in errors if isinstance(e, PayoutError)) == 3
    assert Payout.objects.count() == 1
    assert services.member_balance(member=siti) == 0
