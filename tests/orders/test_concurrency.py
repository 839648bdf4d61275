"""Real concurrency on PostgreSQL: threads, each with its own connection, racing for stock."""

import threading
import uuid

import pytest
from django.db import connections

from orders.exceptions import InsufficientStock
from orders.models import Checkout, Order
from products.models import Product
from tests.orders.helpers import configured_village, place, product, sized

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres(postgres_only):
    pass


def race(n, work):
    """Run work(i) in n threads released at the same instant; return (results, errors)."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, [None] * n

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the test
            errors[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    return results, errors


def test_twenty_buyers_race_for_the_last_five_units():
    shop = configured_village("sabrang")
    item = product(shop, stock=5, price=10000)

    results, errors = race(20, lambda i: place({item: 1}))

    placed = [r for r in results if r is not None]
    refused = [e for e in errors if e is not None]
    assert len(placed) == 5
    assert len(refused) == 15
    assert all(isinstance(e, InsufficientStock) for e in refused), refused
    assert {e.shortages[0].available for e in refused} == {0}
    item.refresh_from_db()
    assert item.stock == 0
    assert Order.objects.count() == 5
    assert sorted(Order.objects.values_list("number", flat=True)) == [f"SAB-0000{i}" for i in range(1, 6)]


def test_two_threads_completing_the_same_checkout_make_one_order_set():
    sabrang, wonoasri = configured_village("sabrang"), configured_village("wonoasri")
    a, b = product(sabrang, stock=10), product(wonoasri, stock=10)
    token = uuid.uuid4().hex

    results, errors = race(2, lambda i: place({a: 2, b: 1}, token=token))

    assert errors == [None, None]
    assert results[0].pk == results[1].pk
    assert Checkout.objects.count() == 1
    assert Order.objects.count() == 2
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (8, 9)


def test_buyers_taking_the_same_products_in_opposite_orders_do_not_deadlock():
    shop = configured_village("sabrang")
    x, y = product(shop, stock=100), product(shop, stock=100)

    # half the threads list y first: the service still locks in primary-key order
    _, errors = race(10, lambda i: place({x: 1, y: 1} if i % 2 else {y: 1, x: 1}))

    assert errors == [None] * 10
    x.refresh_from_db()
    y.refresh_from_db()
    assert (x.stock, y.stock) == (90, 90)
    assert len({code for code in Order.objects.values_list("unique_code", flat=True)}) == 10


def test_stock_never_goes_negative_even_bypassing_the_service():
    from django.db import IntegrityError, transaction

    item = product(configured_village("sabrang"), stock=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=item.pk).update(stock=-1)
    item.refresh_from_db()
    assert item.stock == 1


def test_twenty_buyers_placing_ten_transfer_orders_each_get_two_hundred_different_amounts():
    # Given one village and one product at one price: every order's base amount is the same
    shop = configured_village("sabrang")
    item = product(shop, stock=1000, price=8000)

    # When 20 buyers at once each place 10 transfer orders there
    def ten_orders(i):
        return [place({item: 1}).orders.get().total for _ in range(10)]

    results, errors = race(20, ten_orders)

    # Then all 200 are placed, each asks for a different amount, and the database agrees
    assert errors == [None] * 20
    amounts = [amount for batch in results for amount in batch]
    assert len(amounts) == 200
    assert len(set(amounts)) == 200
    open_orders = Order.objects.filter(shop=shop, status=Order.Status.AWAITING_PAYMENT)
    assert open_orders.count() == 200
    assert open_orders.values("total").distinct().count() == 200
    assert all(18001 <= amount <= 18999 for amount in amounts)  # 8.000 + 10.000 courier + kode unik


def test_twenty_buyers_race_for_the_last_three_units_of_one_size():
    # Given a gown in S, M, L with only 3 of L left
    shop = configured_village("sabrang")
    gown, sizes = sized(shop, {"S": (45000, 10), "M": (50000, 10), "L": (55000, 3)})

    # When 20 buyers press "Buat pesanan" for one L at the same instant
    results, errors = race(20, lambda i: place({sizes["L"]: 1}))

    # Then exactly 3 orders, the rest told it is sold out, and S and M untouched
    placed = [r for r in results if r is not None]
    refused = [e for e in errors if e is not None]
    assert len(placed) == 3
    assert len(refused) == 17
    assert all(isinstance(e, InsufficientStock) for e in refused), refused
    gown.refresh_from_db()
    assert dict(gown.variants.values_list("option1", "stock")) == {"S": 10, "M": 10, "L": 0}
    assert gown.stock == 20
    assert Order.objects.count() == 3
    assert sorted(Order.objects.values_list("items__variant_label", flat=True)) == ["L", "L", "L"]


def test_carts_with_several_sizes_of_several_products_in_any_order_do_not_deadlock():
    # Given two products in three sizes each, and a plain product, in two villages
    sabrang, wonoasri = configured_village("sabrang"), configured_village("wonoasri")
    gown, g = sized(sabrang, {"S": (1000, 100), "M": (1000, 100), "L": (1000, 100)})
    jamu, j = sized(wonoasri, {"250 ml": (1000, 100), "1 L": (1000, 100)}, option="Isi")
    plain = product(sabrang, stock=100)
    carts = [
        {g["L"]: 1, j["1 L"]: 1, g["S"]: 1, plain: 1},
        {j["250 ml"]: 1, g["S"]: 1, plain: 1, g["L"]: 1},
        {plain: 1, j["1 L"]: 1, g["M"]: 1, j["250 ml"]: 1},
        {g["M"]: 1, g["L"]: 1, j["1 L"]: 1},
    ]

    # When 16 buyers with those carts (each listing its lines in its own order) check out at once
    _, errors = race(16, lambda i: place(carts[i % 4]))

    # Then all are placed and every stock is exactly what was taken from it
    assert errors == [None] * 16
    gown.refresh_from_db()
    jamu.refresh_from_db()
    plain.refresh_from_db()
    assert dict(gown.variants.values_list("option1", "stock")) == {"S": 92, "M": 92, "L": 88}
    assert dict(jamu.variants.values_list("option1", "stock")) == {"250 ml": 92, "1 L": 88}
    assert (gown.stock, jamu.stock, plain.stock) == (272, 180, 88)
